"""The PDF reader against PDFs drawn with a UN layout (see `un_pdf`), and against bad input."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from pipeline.ingest.pdfplumber_engine import PdfReading, read_pdf
from pipeline.common.records import Line, Zone

from un_pdf import Drawn, build_un_pdf, expected_block_text, layout_un_document

SENTENCES = [
    "States parties are encouraged to strengthen international cooperation in criminal matters, "
    "including through the designation of central authorities with adequate resources.",
    "The Conference requests the Secretariat to continue to assist States, upon request, in the "
    "effective implementation of the Convention and the Protocols thereto.",
    "At its meeting held from 17 to 21 October 2022, the working group considered document "
    "CTOC/COP/WG.2/2022/4 and the recommendations contained therein.",
    "Many speakers highlighted the importance of “whole-of-government” and whole-of-society "
    "approaches, as well as of cooperation with academia and civil society.",
    "It was noted that mutual legal assistance, extradition and the exchange of information "
    "remained essential tools for preventing and combating transnational organized crime.",
    "One speaker reported on national measures (legislative, administrative and judicial) taken "
    "since 2020; another described a new platform for the secure transmission of requests.",
]


def _paragraph(start: int, count: int) -> str:
    return " ".join(SENTENCES[(start + k) % len(SENTENCES)] for k in range(count))


def _after(text: str, word: str) -> int:
    """The offset right after the first `word` in `text`: where a marker is drawn."""
    return text.index(word) + len(word)


NOTED = ("Noting that international cooperation has a prominent place within the overall context "
         "of the United Nations Convention against Transnational Organized Crime and that "
         "addressing related issues is part of the effective implementation of the Convention "
         "and the Protocols thereto, " + _paragraph(0, 3))
RECALLING = ("Recalling its resolution 10/4, entitled “Celebrating the twentieth anniversary of the "
             "adoption of the United Nations Convention against Transnational Organized Crime”. "
             + _paragraph(2, 4))
URGING = "Urges States parties to make the widest possible use of the Convention. " + _paragraph(4, 5)
BLOCKS = [
    {"kind": "heading", "text": "I. Resolutions and decisions adopted by the Conference"},
    {"kind": "heading", "text": "A. Resolutions"},
    {"kind": "paragraph", "text": NOTED,
     "refs": [(_after(NOTED, "Organized Crime"), 1), (_after(NOTED, "thereto,"), 2)]},
    {"kind": "paragraph", "text": _paragraph(1, 6)},
    {"kind": "paragraph", "text": RECALLING, "refs": [(_after(RECALLING, "Crime”."), 3)]},
    {"kind": "list_item", "text": "(a) " + _paragraph(3, 2)},
    {"kind": "list_item", "text": "(b) " + _paragraph(5, 1)},
    {"kind": "heading", "text": "B. Decisions"},
    {"kind": "paragraph", "text": _paragraph(2, 7)},
    {"kind": "paragraph", "text": URGING, "refs": [(_after(URGING, "Convention"), 4)]},
    {"kind": "paragraph", "text": _paragraph(0, 5)},
]
FOOTNOTES = [
    {"number": 1, "text": "United Nations, Treaty Series, vol. 2225, No. 39574."},
    {"number": 2, "text": "Ibid., vols. 2237, 2241 and 2326, No. 39574."},
    {"number": 3, "text": "Although the term “survivors” is not defined in the Trafficking in Persons "
                          "Protocol, it is often used to acknowledge that victims of trafficking in "
                          "persons can recover from the trauma that they have endured."},
    {"number": 4, "text": "General Assembly resolution 55/25, annex I."},
]
DOCUMENT = {
    "symbol": "CTOC/COP/2022/9",
    "job_number": "V.22-25156",
    "blocks": BLOCKS,
    "footnotes": FOOTNOTES,
    "cover": {"date": "2 November 2022",
              "title": ["Report of the Conference of the Parties to the United Nations",
                        "Convention against Transnational Organized Crime on its eleventh session"]},
    "toc": [("I. Resolutions and decisions adopted by the Conference", 3),
            ("A. Resolutions", 3), ("B. Decisions", 4)],
}


@pytest.fixture(scope="module")
def drawn() -> list[Drawn]:
    return [line for page in layout_un_document(**DOCUMENT) for line in page]


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> PdfReading:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pages = build_un_pdf(path, **DOCUMENT)
    result = read_pdf(path, "CTOC-COP-2022-9")
    assert result.page_count == pages
    return result


def _rows(lines: list[Line], zones: set[Zone]) -> list[Line]:
    return [ln for ln in lines if ln.zone in zones]


def _paragraphs(lines: list, zone: Zone) -> list[list]:
    """Lines of `zone` grouped into paragraphs, each opened by an indented line."""
    groups: list[list] = []
    for line in lines:
        if line.zone is zone:
            if line.indented or not groups:
                groups.append([])
            groups[-1].append(line)
    return groups


def test_every_line_has_the_zone_and_page_it_was_drawn_with(reading, drawn):
    assert [(ln.page, ln.zone, ln.text) for ln in reading.lines] == \
        [(d.page, d.zone, d.text) for d in drawn]
    assert {ln.zone for ln in reading.lines} == set(Zone) - {Zone.URL, Zone.BLANK}


def test_lines_are_numbered_over_the_document_and_within_pages(reading):
    assert [ln.line_no for ln in reading.lines] == list(range(1, len(reading.lines) + 1))
    for page in range(1, reading.page_count + 1):
        on_page = [ln for ln in reading.lines if ln.page == page]
        assert [ln.page_line for ln in on_page] == list(range(1, len(on_page) + 1))
        assert [ln.top for ln in on_page] == sorted(ln.top for ln in on_page)


def test_body_lines_joined_give_the_block_texts(reading):
    blocks = _paragraphs(reading.lines, Zone.BODY)
    assert [" ".join(ln.text for ln in block) for block in blocks] == \
        [expected_block_text(b) for b in BLOCKS]
    assert any(block[0].page != block[-1].page for block in blocks), "no block breaks across pages"


def test_indented_exactly_on_first_lines(reading, drawn):
    for zone in (Zone.BODY, Zone.FOOTNOTE):
        assert [ln.indented for ln in reading.lines if ln.zone is zone] == \
            [d.indented for d in drawn if d.zone is zone]
    assert not any(ln.indented for ln in reading.lines if ln.zone not in (Zone.BODY, Zone.FOOTNOTE))


def test_footnotes_start_with_their_number_on_the_page_of_their_marker(reading, drawn):
    notes = _paragraphs(reading.lines, Zone.FOOTNOTE)
    assert [" ".join(ln.text for ln in note) for note in notes] == \
        [f"{n['number']} {n['text']}" for n in FOOTNOTES]
    marker_pages = {n: d.page for d in drawn for n in d.markers}
    for note, footnote in zip(notes, FOOTNOTES):
        assert note[0].text.startswith(f"{footnote['number']} ")
        assert note[0].page == marker_pages[footnote["number"]]


def test_the_footnote_rule_sits_above_the_footnotes(reading):
    for page in range(1, reading.page_count + 1):
        on_page = [ln for ln in reading.lines if ln.page == page]
        rules = [ln for ln in on_page if ln.zone is Zone.FOOTNOTE_RULE]
        notes = [ln for ln in on_page if ln.zone is Zone.FOOTNOTE]
        assert len(rules) == (1 if notes else 0)
        if notes:
            rule = rules[0]
            assert rule.text == "_" * 18 and rule.x1 - rule.x0 < 200
            assert max(ln.bottom for ln in on_page if ln.zone is Zone.BODY) < rule.top
            assert rule.bottom < min(ln.top for ln in notes)


def test_font_size_and_bold(reading, drawn):
    kinds = [b["kind"] for b in BLOCKS]
    firsts = [block[0] for block in _paragraphs(reading.lines, Zone.BODY)]
    assert [ln.bold for ln in firsts] == [k == "heading" for k in kinds]
    assert {ln.font_size for ln in _rows(reading.lines, {Zone.BODY})} == {10.0}
    assert {ln.font_size for ln in _rows(reading.lines, {Zone.FOOTNOTE})} == {8.0}
    assert all(ln.bold for ln in _rows(reading.lines, {Zone.HEADER}))
    for ln in reading.lines:
        assert ln.x0 < ln.x1 and ln.top <= ln.bottom


def _split_merged_changed(expected: list[str], got: list[str]) -> tuple[int, int, int]:
    """Words split in two or more, words merged together, and other differences."""
    split = merged = changed = 0
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=expected, b=got, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if "".join(expected[a0:a1]) != "".join(got[b0:b1]):
            changed += 1
        elif b1 - b0 > a1 - a0:
            split += 1
        else:
            merged += 1
    return split, merged, changed


def test_words_are_neither_split_nor_merged(reading, drawn, capsys):
    totals = [0, 0, 0]
    words = 0
    for line, d in zip(reading.lines, drawn):
        words += len(d.text.split())
        for k, n in enumerate(_split_merged_changed(d.text.split(), line.text.split())):
            totals[k] += n
    with capsys.disabled():
        print(f"\nread_pdf words: {words} checked, {totals[0]} split, {totals[1]} merged, "
              f"{totals[2]} changed")
    assert totals == [0, 0, 0]


def test_blank_characters_word_spacing_and_higher_markers(tmp_path):
    """Another producer: blanks drawn and stretched (word spacing), markers 8 pt raised higher."""
    path = tmp_path / "platypus.pdf"
    style = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12,
                           alignment=TA_JUSTIFY, firstLineIndent=28)
    texts = [_paragraph(k, 4) for k in range(4)]
    SimpleDocTemplate(str(path)).build(
        [Paragraph(f"{t} Crime<super>1</super> and thereto,<super>2</super> more.", style)
         for t in texts])
    blocks = _paragraphs(read_pdf(path, "platypus").lines, Zone.BODY)
    assert [" ".join(ln.text for ln in block) for block in blocks] == \
        [f"{t} Crime 1 and thereto,2 more." for t in texts]


def _text_file(path: Path) -> None:
    path.write_text("Conference of the Parties, report of the eleventh session\n")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _encrypted_pdf(path: Path) -> None:
    build_un_pdf(path, **{**DOCUMENT, "blocks": BLOCKS[:3]}, encrypt_password="secret")


def _pdf_without_text(path: Path) -> None:
    canvas = Canvas(str(path))
    canvas.rect(100, 100, 200, 300)
    canvas.showPage()
    canvas.save()


def _truncated_pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")

# The bad-input cases above are run against both engines in test_pdfium.py.
