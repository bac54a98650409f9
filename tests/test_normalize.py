"""Normalizer units on small report-like texts: zones, pages, footnotes, markers, paragraphs."""
import regex as re

from pipeline.normalize.footnotes import find_markers, parse_footnotes
from pipeline.ingest.text import read_text_lines
from pipeline.normalize.blocks import normalize
from pipeline.normalize.paragraphs import roman_value
from pipeline.common.records import Zone

# Two pages of a report as a text extractor leaves it: a paragraph interrupted by a footnote
# block, the running header and the footer "n/N" between the pages, a stray URL line.
SAMPLE = """\
  I. Resolutions adopted by the Conference
1. At its ninth session, held in Vienna from 15 to 19 October 2018, the
Conference of the Parties adopted the following:
  Recalling the United Nations Convention against Transnational Organized Crime 1
and the Protocols thereto,2 and its resolution 5/8 of 22 October 2010 and article 16,
__________________
 1  United Nations, Treaty Series, vol. 2225, No. 39574.
 2  General Assembly resolution 55/25, annex, see
A/RES/55/25.
http://undocs.org/A/RES/55/25
http://undocs.org/A/RES/99/1
CTOC/COP/2018/13
V.18-07614 4/40
 which remain the main instruments (CTOC/COP/2018/CRP.1), 3
  1. Requests the secretariat to report;
 2. Also requests the secretariat to continue its work;
__________________
 3  CTOC/COP/WG.2/2018/4, para. 8.
CTOC/COP/2018/13
5/40 V.18-07614
  (a) States are encouraged to make use of the Convention;
  (b) States should consider non-
governmental input and organi-
zation of work, through gender-
and age-sensitive policies.
"""


def lines():
    return read_text_lines(SAMPLE, "d")


def test_zones():
    by_text = {ln.text.strip(): ln.zone for ln in lines()}
    assert by_text["CTOC/COP/2018/13"] is Zone.HEADER
    assert by_text["V.18-07614 4/40"] is Zone.FOOTER
    assert by_text["5/40 V.18-07614"] is Zone.FOOTER
    assert by_text["__________________"] is Zone.FOOTNOTE_RULE
    assert by_text["A/RES/55/25."] is Zone.FOOTNOTE
    assert by_text["http://undocs.org/A/RES/55/25"] is Zone.FOOTNOTE
    assert by_text["which remain the main instruments (CTOC/COP/2018/CRP.1), 3"] is Zone.BODY


def test_pages_from_footers():
    page = {ln.text.strip()[:20]: ln.page for ln in lines()}
    assert page["which remain the mai"] == 5      # after footer 4/40, before the break
    assert page["(a) States are encou"] == 6      # the page after the last footer
    assert page["I. Resolutions adopt"] == 4      # the last page before footer 4/40


def test_footnotes_and_their_urls():
    notes = parse_footnotes(lines())
    assert [(n.number, n.text) for n in notes] == [
        (1, "United Nations, Treaty Series, vol. 2225, No. 39574."),
        (2, "General Assembly resolution 55/25, annex, see A/RES/55/25."),
        (3, "CTOC/COP/WG.2/2018/4, para. 8."),
    ]
    assert notes[1].urls == ["http://undocs.org/A/RES/55/25"]
    assert notes[0].urls == [] and notes[2].urls == []


def test_markers_skip_numbers_of_the_text():
    ls = lines()
    markers = find_markers(ls, parse_footnotes(ls))
    texts = {ln.line_no: ln.text for ln in ls}
    found = [(m.number, texts[m.line_no][m.start:m.end]) for m in markers]
    assert found == [(1, " 1"), (2, "2"), (3, " 3")]   # not "CRP.1", "article 16", "15 to"


def test_blocks_rebuilt_across_footnote_block_and_page_break():
    result = normalize(lines())
    texts = [b.text for b in result.blocks]
    assert texts[2] == ("Recalling the United Nations Convention against Transnational Organized Crime "
                        "and the Protocols thereto, and its resolution 5/8 of 22 October 2010 and article 16, "
                        "which remain the main instruments (CTOC/COP/2018/CRP.1),")
    assert [b.kind for b in result.blocks] == ["heading", "paragraph", "paragraph", "list_item",
                                               "list_item", "list_item", "list_item"]
    assert texts[4] == "2. Also requests the secretariat to continue its work;"   # lost indent, same sequence
    assert texts[6] == ("(b) States should consider non-governmental input and organization of work, "
                        "through gender- and age-sensitive policies.")
    refs = [(r.block_id, r.number, r.char_offset) for r in result.refs]
    crime = texts[2].index("Crime") + len("Crime")
    thereto = texts[2].index("thereto,") + len("thereto,")
    assert refs == [(3, 1, crime), (3, 2, thereto), (3, 3, len(texts[2]))]
    assert result.blocks[2].footnote_numbers == [1, 2, 3]
    assert result.blocks[2].line_start == 4 and result.blocks[2].line_end == 14


def test_line_end_hyphens():
    rules = {(r.before, r.after) for r in normalize(lines()).repairs if r.rule == "line_end_hyphen"}
    assert rules == {("non- governmental", "non-governmental"), ("organi- zation", "organization")}


def test_roman_values():
    assert [roman_value(r) for r in ("I", "IV", "IX", "XI", "XIV", "XL")] == [1, 4, 9, 11, 14, 40]


FRONT = """\
United Nations CTOC/COP/2018/13
Distr.: General
20 November 2018
Original: English
Report of the Conference of the Parties to the United Nations Convention against
Transnational Organized Crime on its ninth session, held in Vienna from 15 to 19 October 2018
\fContents
  I. Resolutions adopted by the Conference .......... 3
  II. Organizational matters .......... 9
\f  I. Resolutions adopted by the Conference
1. At its ninth session, held in Vienna from 15 to 19 October 2018, the Conference
of the Parties adopted the following resolutions:
"""


def test_cover_contents_and_form_feed_pages():
    from pipeline.ingest.metadata import read_metadata

    ls = read_text_lines(FRONT, "d")
    zones = [(ln.page, ln.zone.value) for ln in ls]
    assert zones == [(1, "cover")] * 6 + [(2, "toc")] * 3 + [(3, "body")] * 3
    meta = read_metadata(ls)
    assert meta.title == ("Report of the Conference of the Parties to the United Nations Convention against "
                          "Transnational Organized Crime on its ninth session")
    assert (meta.symbol, meta.session_number, meta.start_date) == ("CTOC/COP/2018/13", 9, "2018-10-15")


def test_a_gap_in_the_report_numbering_still_opens_paragraphs(report_text):
    """A report whose paragraph 50 is missing: 51 and what follows are still paragraphs."""
    start = report_text.index("50. At the 11th meeting of the Conference")
    end = report_text.index("51. The representative of Chile")
    blocks = normalize(read_text_lines(report_text[:start] + report_text[end:], "d")).blocks
    numbers = [int(m[1]) for b in blocks if b.kind == "paragraph" and (m := re.match(r"(\d+)\. ", b.text))]
    assert numbers == list(range(1, 50)) + list(range(51, 145))
