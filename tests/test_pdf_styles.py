"""The PDF reader against a randomised matrix of page styles.

Hypothesis draws a `Style` for the tests' builder (`un_pdf`): paper, margins, font and size,
leading, paragraph separation (indent, space, both, UN SingleTxt, hanging numbers), justified
or ragged right, footnote separator (short or full drawn rule, underscores, none), running
header of one to three lines at the top or the bottom, alternating sides or not.  For each,
a small report (headings, numbered paragraphs, lettered items, footnotes with markers) is
drawn, read with PDFium and normalized; its blocks and footnotes must come back as written.

Examples: PDF_STYLE_EXAMPLES (25 by default; `make test-styles` runs 300).  Derandomized,
without an example database: every run draws the same styles.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import regex as re
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from reportlab.lib.pagesizes import A4, LETTER

from pipeline.common.records import Zone
from pipeline.ingest.engines import read_pdf
from pipeline.normalize.blocks import normalize
from test_ingest_pdf import DOCUMENT, FOOTNOTES, NOTED, RECALLING, URGING, _after, _paragraph
from un_pdf import Drawn, build_un_pdf, layout_un_document
from un_pdf_style import RULES, SEPARATIONS, Style

EXAMPLES = int(os.environ.get("PDF_STYLE_EXAMPLES", "25"))
HEADER_TITLE = ("Report of the Conference of the Parties", "on its eleventh session")


def _block(kind: str, text: str, *marked: tuple[str, int]) -> dict:
    """A block whose footnote markers follow the words `marked` names."""
    return {"kind": kind, "text": text, "refs": [(_after(text, word), n) for word, n in marked]}


LAST = "The Conference adopted the following recommendations:"
# Marker 4 follows "Convention." here, not "Convention" as in test_ingest_pdf: "Convention 4"
# reads as a number of the text (normalize.footnotes), whatever the layout.
BLOCKS = [
    _block("heading", "I. Resolutions and decisions adopted by the Conference"),
    _block("heading", "A. Resolutions"),
    _block("paragraph", f"1. {NOTED}", ("Organized Crime", 1), ("thereto,", 2)),
    _block("paragraph", f"2. {_paragraph(1, 6)}"),
    _block("paragraph", f"3. {RECALLING} {LAST}", ("Crime”.", 3)),
    _block("list_item", f"(a) {_paragraph(3, 2)[:-1]};"),
    _block("list_item", f"(b) {_paragraph(5, 1)}"),
    _block("heading", "B. Decisions"),
    _block("paragraph", f"4. {_paragraph(2, 7)}"),
    _block("paragraph", f"5. {URGING}", ("Convention.", 4)),
    _block("paragraph", f"6. {_paragraph(0, 5)}"),
]


@st.composite
def styles(draw, separation: str) -> Style:
    """Every style of one kind of paragraph separation."""
    width, height = draw(st.sampled_from([A4, LETTER]))
    size = draw(st.integers(18, 24)) / 2                       # 9-12 pt
    indent = float(draw(st.integers(18, 36)))
    left = float(draw(st.integers(int(indent) + 40 if separation == "hanging" else 56, 140)))
    edge = float(draw(st.integers(36, 72)))
    header = float(draw(st.integers(36, 56)))
    footer = height - draw(st.integers(28, 40))
    if separation == "indent" or (separation == "hanging" and draw(st.booleans())):
        block_space = 0.0
    else:
        block_space = float(draw(st.integers(5, 12)))
    return Style(
        page=(width, height), body_left=left, body_right=width - draw(st.integers(56, 100)),
        edge_left=edge, edge_right=width - edge,
        header_baseline=header, body_top=header + 36.0, body_bottom=footer - 38.0, footer_baseline=footer,
        family=draw(st.sampled_from(["Times", "Helvetica"])), size=size,
        leading=round(size * draw(st.integers(115, 140)) / 100, 1),
        separation=separation, indent=indent, block_space=block_space,
        heading_space=float(draw(st.integers(max(6, int(block_space)), 18))),
        justify=draw(st.booleans()), rule=draw(st.sampled_from(RULES)),
        header_titles=HEADER_TITLE[:draw(st.integers(0, 2))], header_bottom=draw(st.booleans()),
        alternate=draw(st.booleans()),
    )


def _body(page: list[Drawn]) -> list[Drawn]:
    return [d for d in page if d.zone is Zone.BODY]


def _body_line_repeated_at_page_edge(pages: list[list[Drawn]]) -> bool:
    """Not a reader bug, an artefact of this document, whose paragraphs reuse six sentences:
    the same line at the same height among the first or last four lines of two pages is,
    by the reader's rule, a running header or footer (page_furniture)."""
    seen: dict[tuple, int] = {}
    for number, page in enumerate(pages):
        body = _body(page)
        for line in body[:4] + body[-4:]:
            key = (" ".join(sorted(re.sub(r"\d+", "#", line.text).split())), round(line.baseline / 3.0))
            if seen.setdefault(key, number) != number:
                return True
    return False


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("separation", SEPARATIONS)
@settings(max_examples=max(1, EXAMPLES // len(SEPARATIONS)), deadline=None, derandomize=True,
          database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_style_reads_back_its_blocks_and_footnotes(separation: str, data: st.DataObject):
    style, toc = data.draw(styles(separation), label="style"), data.draw(st.booleans(), label="toc")
    document = {**DOCUMENT, "blocks": BLOCKS, "toc": DOCUMENT["toc"] if toc else None, "style": style}
    drawn = layout_un_document(**document)
    assume(not _body_line_repeated_at_page_edge(drawn))              # the content's own repeats
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        pages = build_un_pdf(path, **document)
        reading = read_pdf(path, "CTOC-COP-2022-9", "pdfium")
    assert reading.page_count == pages
    result = normalize(reading.lines)
    assert [_ws(b.text) for b in result.blocks] == [_ws(b["text"]) for b in BLOCKS]
    # Headings only: an indented "1." is an operative paragraph, a list item, by the reader's rule.
    assert [b.kind == "heading" for b in result.blocks] == [b["kind"] == "heading" for b in BLOCKS]
    assert [(n.number, _ws(n.text)) for n in result.footnotes] == [(n["number"], n["text"]) for n in FOOTNOTES]
    assert [(r.block_id, r.number) for r in result.refs] == \
        [(i, n) for i, b in enumerate(BLOCKS, start=1) for _, n in b["refs"]]
