"""The PDFium engine reads the `lines` the pdfplumber engine reads, many times faster.

Both engines read the UN-layout report of test_ingest_pdf, paragraphs set by another producer
(platypus: blanks drawn, word spacing, higher markers), a PDF of a third kind (embedded
TrueType fonts, italics, a line-end hyphen, markers inside a line's text object, a footnote
rule drawn as a filled rectangle inside a form, a rotated page, control characters) and the
real report rebuilt as a UN-layout PDF, as tests/test_pdf_equivalence.py rebuilds it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import regex as re
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from conftest import ROOT
from pipeline.ingest import pdfplumber_engine as ingest_pdf
from pipeline.ingest import pdfium_engine as ingest_pdfium
from pipeline.common.errors import InputError
from pipeline.ingest.engines import ENGINE_MODULES, read_pdf
from pipeline.ingest.metadata import read_metadata
from pipeline.normalize.blocks import normalize
from pipeline.ingest.layout import PdfReading
from pipeline.common.records import Line
from test_ingest_pdf import (DOCUMENT, _empty_file, _encrypted_pdf, _paragraph, _pdf_without_text,
                             _text_file, _truncated_pdf)
from un_pdf import build_un_pdf

LINE_FACTS = ("line_no", "page", "page_line", "zone", "indented", "text", "font_size", "bold")
# Where PDFium's geometry differs from pdfminer's, in points (largest difference seen here):
# - x1: PDFium keeps glyph widths in whole thousandths of an em, so along a text object of a
#   font with fractional /Widths its positions drift from pdfminer's (0.39 pt at the end of a
#   line of 10 pt Vera; none with integer /Widths, as the standard fonts' here);
# - top, bottom: PDFium reads the descent of the standard 14 fonts, when not embedded, from its
#   own fonts (Times: 0.249 em, pdfminer's AFM: 0.217 em), so their lines lie up to 0.032 em
#   lower (0.45 pt at 14 pt); an embedded font's descent comes from its descriptor for both.
GEOMETRY_TOLERANCE = {"x0": 0.01, "x1": 0.4, "top": 0.45, "bottom": 0.45}
# A report paragraph ("3. The Conference ...") starts at the margin in a UN document.
REPORT_PARAGRAPH = re.compile(r"\d+\. ")
RAISED = 3.5   # points: how far a footnote marker is raised


def _un_layout_pdf(path: Path) -> None:
    build_un_pdf(path, **DOCUMENT)


def _platypus_pdf(path: Path) -> None:
    style = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12,
                           alignment=TA_JUSTIFY, firstLineIndent=28)
    SimpleDocTemplate(str(path)).build(
        [Paragraph(f"{_paragraph(k, 4)} Crime<super>1</super> and thereto,<super>2</super> more.", style)
         for k in range(4)])


def _register_vera() -> None:
    """Bitstream Vera, shipped with reportlab, embedded as TrueType subsets."""
    for name in ("Vera", "VeraIt", "VeraBd"):
        pdfmetrics.registerFont(TTFont(name, f"{name}.ttf"))


def _text(canvas: Canvas, x: float, y: float, rows: list[list[tuple[str, str, float]]], leading: float) -> None:
    """Rows of runs (text, font, size) drawn as one text object per run; a 6 pt run is raised."""
    text = canvas.beginText(x, y)
    for row in rows:
        for run, font, size in row:
            text.setFont(font, size)
            text.setRise(RAISED if size == 6 else 0)
            text.textOut(run)
        text.setRise(0)
        text.setLeading(leading)
        text.textLine("")
    canvas.drawText(text)


def _third_producer_pdf(path: Path) -> None:
    _register_vera()
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("VeraBd", 10)
    canvas.drawString(72, height - 50, "CTOC/COP/2022/9")
    _text(canvas, 100, height - 100, [
        [("The Conference of the Parties, noting the ", "Vera", 10), ("Protocol of", "VeraIt", 10),
         (" the Convention", "Vera", 10), ("1", "Vera", 6)],
        [("recalls the cross-", "Vera", 10)],
        [("border cooperation of States and the staff of", "Vera", 10)],
        [("the ", "Vera", 10), ("Trafficking in Persons Protocol", "VeraIt", 10), (",", "Vera", 10),
         ("2", "Vera", 6), (" as well as \x93quoted\x94 words", "Vera", 10)],
    ], leading=13)
    spaced = canvas.beginText(100, height - 170)
    spaced.setFont("Vera", 10)
    spaced.setWordSpace(3)
    spaced.textLine("Spread words with word spacing set on the line.")
    spaced.setWordSpace(-1.2)
    spaced.textLine("Tight words with negative word spacing here.")
    canvas.drawText(spaced)
    canvas.beginForm("rule")
    canvas.rect(100, 140, 144, 0.6, stroke=0, fill=1)
    canvas.endForm()
    canvas.doForm("rule")
    _text(canvas, 100, 125, [[("1 United Nations, Treaty Series, vol. 2225, No. 39574.", "Vera", 8)],
                             [("2 Ibid., vol. 2237, No. 39574.", "Vera", 8)]], leading=9.5)
    canvas.setFont("Vera", 8)
    canvas.drawString(72, 40, "V.22-25156")
    canvas.drawRightString(width - 72, 40, "1/2")
    canvas.showPage()
    canvas.setPageRotation(90)            # a landscape MediaBox shown upright: draw turned
    canvas.translate(height, 0)
    canvas.rotate(90)
    canvas.setFont("VeraBd", 10)
    canvas.drawString(72, height - 50, "CTOC/COP/2022/9")
    _text(canvas, 100, height - 100, [[("A page turned by its /Rotate entry, read upright", "Vera", 10)],
                                      [("as pdfminer turns the page before reading it.", "Vera", 10)]],
          leading=12)
    canvas.setLineWidth(0.5)
    canvas.line(100, 150, 244, 150)
    _text(canvas, 100, 135, [[("3 A footnote under a stroked rule.", "Vera", 8)]], leading=9.5)
    canvas.setFont("Vera", 8)
    canvas.drawString(72, 40, "2/2")
    canvas.showPage()
    canvas.save()


def _facts(line: Line) -> tuple:
    return tuple(getattr(line, name) for name in LINE_FACTS)


def _assert_same_lines(plumber: PdfReading, pdfium: PdfReading) -> None:
    assert pdfium.page_count == plumber.page_count
    assert [_facts(ln) for ln in pdfium.lines] == [_facts(ln) for ln in plumber.lines]
    for name, tolerance in GEOMETRY_TOLERANCE.items():
        worst = max(abs(getattr(a, name) - getattr(b, name)) for a, b in zip(plumber.lines, pdfium.lines))
        assert worst <= tolerance + 1e-9, name


@pytest.mark.parametrize("build", [_un_layout_pdf, _platypus_pdf, _third_producer_pdf])
def test_both_engines_read_the_same_lines(tmp_path, build):
    path = tmp_path / "input.pdf"
    build(path)
    _assert_same_lines(ingest_pdf.read_pdf(path, "doc"), ingest_pdfium.read_pdf(path, "doc"))


def test_the_third_producer_pdf_reads_as_drawn(tmp_path):
    """What the engines agree on is right: zones of both pages, italics, hyphen, markers."""
    path = tmp_path / "input.pdf"
    _third_producer_pdf(path)
    lines = ingest_pdfium.read_pdf(path, "doc").lines
    assert [(ln.page, ln.zone.value) for ln in lines] == \
        [(1, "header")] + [(1, "body")] * 6 + [(1, "footnote_rule")] + [(1, "footnote")] * 2 + \
        [(1, "footer"), (2, "header"), (2, "body"), (2, "body"), (2, "footnote_rule"), (2, "footnote"),
         (2, "footer")]
    assert [ln.text for ln in lines[1:5]] == [
        "The Conference of the Parties, noting the Protocol of the Convention 1",
        "recalls the cross-",
        "border cooperation of States and the staff of",
        # Vera has no glyph for U+0093: reportlab draws .notdef, which its ToUnicode maps to U+0000
        "the Trafficking in Persons Protocol,2 as well as \x00quoted\x00 words",
    ]


# Differences that cannot be helped: (what is drawn, what pdfplumber reads, what PDFium reads).
KNOWN_DIFFERENCES = [
    ("a word drawn twice at one place (bold by overprinting): PDFium drops the copy",
     [("Word", 0.0), ("Word", 0.2)], "WWoorrdd", "Word"),
    ("a soft hyphen (WinAnsi 0xAD): pdfminer reads a blank, PDFium a hyphen",
     [("co\xadoperation", 0.0)], "co operation", "co-operation"),
]


@pytest.mark.parametrize("drawn, plumber_text, pdfium_text",
                         [case[1:] for case in KNOWN_DIFFERENCES], ids=[case[0] for case in KNOWN_DIFFERENCES])
def test_known_differences(tmp_path, drawn, plumber_text, pdfium_text):
    path = tmp_path / "input.pdf"
    canvas = Canvas(str(path))
    for text, shift in drawn:
        canvas.setFont("Times-Roman", 10)
        canvas.drawString(72 + shift, 700, text)
    canvas.showPage()
    canvas.save()
    assert [ln.text for ln in ingest_pdf.read_pdf(path, "doc").lines] == [plumber_text]
    assert [ln.text for ln in ingest_pdfium.read_pdf(path, "doc").lines] == [pdfium_text]


@pytest.fixture(scope="module")
def report_readings(report, report_lines, tmp_path_factory) -> dict:
    """The real report rebuilt as a UN-layout PDF (with a cover and a contents page, as
    tests/test_pdf_equivalence.py builds it), read by both engines, each timed."""
    refs: dict[int, list[tuple[int, int]]] = {}
    for ref in report.refs:
        refs.setdefault(ref.block_id, []).append((ref.char_offset, ref.number))
    meta = read_metadata(report_lines)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    build_un_pdf(path, symbol=meta.symbol, job_number=meta.job_number,
                 blocks=[{"kind": b.kind, "text": b.text, "refs": refs.get(b.block_id, []),
                          "indent": not (b.kind == "paragraph" and REPORT_PARAGRAPH.match(b.text))}
                         for b in report.blocks],
                 footnotes=[{"number": n.number, "text": n.text} for n in report.footnotes],
                 cover={"date": "9 November 2022",
                        "title": ["Report of the Conference of the Parties to the United Nations",
                                  "Convention against Transnational Organized Crime on its",
                                  "eleventh session"]},
                 toc=[("I. Resolutions and decisions adopted by the Conference", 3)])
    readings = {}
    for engine in ENGINE_MODULES:
        start = time.perf_counter()
        reading = read_pdf(path, "report", engine)
        readings[engine] = (reading, time.perf_counter() - start)
    return readings


def test_the_rebuilt_report_gives_the_same_lines_and_blocks(report_readings):
    (plumber, _), (pdfium, _) = report_readings["pdfplumber"], report_readings["pdfium"]
    _assert_same_lines(plumber, pdfium)
    from_plumber, from_pdfium = normalize(plumber.lines), normalize(pdfium.lines)
    assert from_pdfium.blocks == from_plumber.blocks
    assert from_pdfium.footnotes == from_plumber.footnotes
    assert from_pdfium.refs == from_plumber.refs
    assert from_pdfium.repairs == from_plumber.repairs


def test_speed_of_both_engines(report_readings, capsys):
    """Printed, not asserted: timings depend on the machine."""
    with capsys.disabled():
        for engine, (reading, seconds) in report_readings.items():
            print(f"\n{engine}: {reading.page_count} pages in {seconds:.2f} s, "
                  f"{reading.page_count / seconds:.1f} pages/s")


@pytest.mark.parametrize("make, message", [
    (_text_file, "not a PDF"),
    (_empty_file, "empty file"),
    (_encrypted_pdf, "encrypted"),
    (_pdf_without_text, "no text"),
    (_truncated_pdf, "damaged"),
])
@pytest.mark.parametrize("engine", list(ENGINE_MODULES))
def test_bad_input_is_the_same_input_error(tmp_path, make, message, engine):
    path = tmp_path / "input.pdf"
    make(path)
    with pytest.raises(InputError, match=message) as error:
        read_pdf(path, "bad", engine)
    assert "\n" not in str(error.value)


def test_an_unknown_engine_is_an_input_error(tmp_path):
    path = tmp_path / "input.pdf"
    _un_layout_pdf(path)
    with pytest.raises(InputError, match="unknown PDF engine 'mupdf'"):
        read_pdf(path, "doc", "mupdf")


def test_a_pdfium_run_does_not_import_pdfplumber(tmp_path):
    path = tmp_path / "input.pdf"
    _un_layout_pdf(path)
    script = ("import sys; from pathlib import Path; from pipeline.ingest.engines import read_pdf; "
              f"lines = read_pdf(Path({str(path)!r}), 'doc', 'pdfium').lines; "
              "print(len(lines), sorted({'pdfplumber', 'pdfminer'} & set(sys.modules)))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert run.stdout.split(maxsplit=1) == [str(len(ingest_pdf.read_pdf(path, "doc").lines)), "[]\n"]
