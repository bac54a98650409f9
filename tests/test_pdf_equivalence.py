"""The PDF path and the text path give the same blocks.

The real report is rebuilt as a UN-layout PDF from what the text path read (blocks, footnote
markers, footnotes), then read back through pdfplumber and normalized.  Block texts, kinds,
footnote references and footnotes must come out the same.
"""
from __future__ import annotations

import regex as re
import pytest

from pipeline.ingest.pdfplumber_engine import read_pdf
from pipeline.ingest.metadata import read_metadata
from pipeline.normalize.blocks import normalize
from un_pdf import build_un_pdf

# A report paragraph ("3. The Conference ...") starts at the margin in a UN document.
REPORT_PARAGRAPH = re.compile(r"\d+\. ")


@pytest.fixture(scope="module")
def pdf_report(report, report_lines, tmp_path_factory):
    meta = read_metadata(report_lines)
    refs: dict[int, list[tuple[int, int]]] = {}
    for ref in report.refs:
        refs.setdefault(ref.block_id, []).append((ref.char_offset, ref.number))
    blocks = [{"kind": b.kind, "text": b.text, "refs": refs.get(b.block_id, []),
               "indent": not (b.kind == "paragraph" and REPORT_PARAGRAPH.match(b.text))}
              for b in report.blocks]
    footnotes = [{"number": n.number, "text": n.text} for n in report.footnotes]
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pages = build_un_pdf(path, symbol=meta.symbol, job_number=meta.job_number, blocks=blocks,
                         footnotes=footnotes,
                         cover={"date": "9 November 2022",
                                "title": ["Report of the Conference of the Parties to the United Nations",
                                          "Convention against Transnational Organized Crime on its",
                                          "eleventh session"]},
                         toc=[("I. Resolutions and decisions adopted by the Conference", 3)])
    reading = read_pdf(path, "pdf")
    return pages, reading, normalize(reading.lines)


def test_same_blocks(report, pdf_report):
    _, _, from_pdf = pdf_report
    assert [(b.kind, b.text) for b in from_pdf.blocks] == [(b.kind, b.text) for b in report.blocks]


def test_same_footnotes_and_references(report, pdf_report):
    _, _, from_pdf = pdf_report
    assert [(n.number, n.text) for n in from_pdf.footnotes] == [(n.number, n.text) for n in report.footnotes]
    assert [(r.block_id, r.number, r.char_offset) for r in from_pdf.refs] == \
        [(r.block_id, r.number, r.char_offset) for r in report.refs]


def test_pdf_metadata_and_pages(pdf_report):
    pages, reading, from_pdf = pdf_report
    meta = read_metadata(reading.lines)
    assert (meta.symbol, meta.job_number, meta.page_total, meta.session_number) == \
        ("CTOC/COP/2022/9", "V.22-25156", pages, 11)
    assert reading.page_count == pages
    assert all(b.page_start is not None and b.page_end >= b.page_start for b in from_pdf.blocks)
    assert from_pdf.blocks[0].page_start == 3   # after the cover and the contents page
