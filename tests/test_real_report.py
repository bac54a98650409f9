"""Regression on the real COP11 report (raw/CTOC-COP-2022-9.txt), figures verified by reading it."""
from collections import Counter

import regex as re

from pipeline.validate import qa_artifacts
from pipeline.ingest.metadata import read_metadata
from pipeline.common.patterns import FOOTER_LINE, URL

FOOTNOTE_URLS = {
    3: ["http://www.undocs.org/ctoc/cop/wg.3/2021/3"],
    4: ["http://www.undocs.org/ctoc/cop/wg.3/2022/4"],
    7: ["http://undocs.org/CTOC/COP/WG.2/2022/4"],
    8: ["http://undocs.org/CTOC/COP/WG.2/2022/4"],
    10: ["http://undocs.org/CTOC/COP/WG.2/2022/4"],
    13: ["http://undocs.org/61/295"],
    16: ["http://undocs.org/A/RES/65/230"],
    17: ["http://undocs.org/70/174"],
    18: ["http://undocs.org/76/181"],
    19: ["http://undocs.org/A/RES/69/196"],
    23: ["http://undocs.org/E/2022/27"],
}


def test_metadata(report_lines):
    meta = read_metadata(report_lines)
    assert (meta.symbol, meta.job_number, meta.page_total) == ("CTOC/COP/2022/9", "V.22-25156", 56)
    assert (meta.session_number, meta.session_ordinal, meta.city) == (11, "eleventh", "Vienna")
    assert (meta.start_date, meta.end_date) == ("2022-10-17", "2022-10-21")


def test_footnotes(report):
    notes = report.footnotes
    assert len(notes) == 30
    assert [n.number for n in notes] == list(range(1, 30)) + [1]   # the final annex starts again at 1
    assert {n.number: n.urls for n in notes[:29] if n.urls} == FOOTNOTE_URLS
    assert notes[2].text == "CTOC/COP/WG.3/2021/3, paras. 2–4."
    assert notes[26].text == ("Report of the United Nations Conference on the Illicit Trade in Small Arms and "
                              "Light Weapons in All Its Aspects, New York, 9–20 July 2001 (A/CONF.192/15), "
                              "chap. IV, para. 24.")
    assert notes[29].text.startswith("The sponsors of the revised draft decision (CTOC/COP/2022/L.9/Rev.1) were")


def test_every_footnote_is_referenced_once_in_order(report):
    assert [r.footnote_id for r in report.refs] == list(range(1, 31))
    block = {b.block_id: b for b in report.blocks}
    first = block[report.refs[0].block_id]
    assert first.text.startswith("Noting that international cooperation")
    assert first.footnote_numbers == [1, 2]
    at = report.refs[0].char_offset
    assert first.text[:at].endswith("Transnational Organized Crime")
    last = block[report.refs[-1].block_id]
    assert last.text.startswith("1. At the 11th meeting of the Conference, on 21 October 2022, the sponsors of a")


def test_repairs(report):
    rules = Counter(r.rule for r in report.repairs)
    assert rules == {"split_word": 43, "space_before_hyphen": 6, "line_end_hyphen": 4, "spaced_hyphen": 3,
                     "space_after_opener": 2, "space_before_punctuation": 1}
    pairs = {(r.before, r.after) for r in report.repairs}
    for pair in [("cooperat ion", "cooperation"), ("Slo venia", "Slovenia"), ("capacity -building", "capacity-building"),
                 ("COVID -19", "COVID-19"), ("thi s", "this"), ("al l", "all"), ("o n", "on"), ("address ing", "addressing"), ("near- universal", "near-universal"),
                 ("information - sharing", "information-sharing"), ("capacity - building", "capacity-building"),
                 ("( ii)", "(ii)"), ("( iii)", "(iii)"), ("Protocol ,", "Protocol,")]:
        assert pair in pairs


def test_blocks_hold_no_footnote_url_header_or_footer(report, report_lines):
    text = "\n".join(b.text for b in report.blocks)
    assert not URL.search(text)
    assert "__" not in text
    removed = [ln.text.strip() for ln in report_lines if ln.zone.value != "body"]
    assert len(removed) == 82
    for line in removed:
        assert line not in text, line
    symbol = read_metadata(report_lines).symbol
    for ln in report_lines:
        if ln.zone.value == "body":
            assert ln.text.strip() != symbol and not FOOTER_LINE.match(ln.text), ln


def test_report_paragraphs_are_consecutive(report):
    numbers = [int(m[1]) for b in report.blocks if b.kind == "paragraph" and (m := re.match(r"(\d+)\. ", b.text))]
    assert numbers == list(range(1, 145))


def split_words_left(texts: list[str]) -> list[str]:
    text = " ".join(texts)
    return qa_artifacts.split_words_left(text, Counter(w.lower() for w in re.findall(r"\p{L}+", text)))


def test_no_split_word_left(report):
    assert split_words_left([b.text for b in report.blocks]) == []


def test_the_vocabulary_test_finds_split_words_in_the_raw_text(report_lines):
    found = split_words_left([re.sub(r"\s+", " ", ln.text) for ln in report_lines if ln.zone.value == "body"])
    assert {"cooperat ion", "Slo venia", "thi s", "appropri ate"} <= set(found)
