"""The engine-independent half of reading a report PDF: from the words and rules of each page
to zoned, numbered `Line` records.

A PDF engine (`pdfplumber_engine`, `pdfium_engine`) describes each page
as a `PageContent`: its size, its upright words (a word ends at a blank character, at a gap
wider than `X_TOLERANCE_RATIO` times the font size, and at a change of font or size, so a
superscript marker is a word of its own) and the straight lines and rectangles drawn on it.
`build_reading` does the rest, the same for every engine.

Words are grouped into physical lines by vertical overlap and joined with one blank where the
gap between them is wider than that tolerance.

The zones and the block starts are decided over the whole document, in this order:
running headers and footers by repetition (`page_furniture`), the footnote area of each page
in any of its forms (`footnote_area`), contents, page 1's masthead and title (cover), and
where each block starts (`block_starts`), measured on the document's own geometry.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple


from pipeline.common.errors import InputError
from pipeline.common.records import Line, PdfLine, Zone
from pipeline.ingest.block_starts import body_type_size, mark_block_starts
from pipeline.ingest.footnote_area import mark_footnote_areas
from pipeline.ingest.page_furniture import mark_contents, mark_furniture, mark_masthead

X_TOLERANCE_RATIO = 0.15   # of the font size: 1.5 pt in 10 pt text, under a blank (2.5 pt)
MIN_VISIBLE_SIZE = 2.0     # points: smaller text cannot be read on the page (Word leaves a 1 pt "3" in
                            # the masthead of GA resolutions); its lines are zoned blank
SUPERSCRIPT_SIZE = 0.8      # of the line's font size, at most
SUPERSCRIPT_RISE = 0.15     # of the line's font size: how far a marker's bottom sits above the text's
INDENT_MIN = 6.0            # points right of the left margin


class Word(NamedTuple):
    """An upright word as an engine read it; geometry in points from the page's top-left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float                # the font size (times the text matrix's scale), as pdfminer's
    bold: bool                 # "Bold" in the font's name


class Rule(NamedTuple):
    """A straight line or rectangle drawn on the page: a footnote rule, maybe."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageContent:
    """One page as an engine read it."""

    number: int                # 1-based
    width: float
    height: float
    words: list[Word]
    rules: list[Rule]


@dataclass
class PdfReading:
    lines: list[Line]
    page_count: int


def check_is_pdf(path: Path) -> None:
    """Raise InputError unless `path` can be read and holds a %PDF- header."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not head:
        raise InputError(f"{path}: empty file")
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF (no %PDF- header)")


def build_reading(path: Path, doc_id: str, pages: list[PageContent]) -> PdfReading:
    """The non-blank lines of the pages, in reading order, with zones and geometry.

    Raises InputError when no page has text.
    """
    page_lines = [[_make_line(group, doc_id, page.number) for group in _group_lines(page.words)]
                  for page in pages]
    if not any(page_lines):
        raise InputError(f"{path}: the PDF has no text (a scan without a text layer?)")
    for line in (line for lines in page_lines for line in lines):
        if line.font_size < MIN_VISIBLE_SIZE:
            line.zone = Zone.BLANK      # kept, but out of every zone that is read
    mark_furniture(page_lines, [page.height for page in pages])
    body_size = body_type_size(page_lines)
    with_rules = mark_footnote_areas(page_lines, [page.rules for page in pages],
                                     [(page.width, page.height) for page in pages], body_size)
    for marked in with_rules:
        mark_contents(marked)
    # A footnote rule drawn on a page joins its lines as a `PlacedLine` (no type, zoned
    # footnote_rule): the masthead, the indents and the block starts are read on the lines of words.
    page_lines = [[line for line in marked if isinstance(line, PdfLine)] for marked in with_rules]
    mark_masthead(page_lines[0], body_size)
    kinds = [(page.number % 2, round(page.width)) for page in pages]
    _mark_indents(page_lines, kinds)
    mark_block_starts(page_lines, kinds, body_size)
    lines = _number([line for page in with_rules for line in page])
    return PdfReading(lines=lines, page_count=len(pages))


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Words in physical lines: a word joins the line when they overlap by half the height of
    the shorter of the two (a raised marker may come first and set a short line)."""
    groups: list[list[Word]] = []
    top = bottom = 0.0
    for word in sorted(words, key=attrgetter("top", "x0")):   # so a line's top is its first word's
        overlap = min(bottom, word.bottom) - word.top
        if groups and overlap >= 0.5 * min(word.bottom - word.top, bottom - top):
            groups[-1].append(word)
            bottom = max(bottom, word.bottom)
        else:
            groups.append([word])
            top, bottom = word.top, word.bottom
    return [sorted(g, key=attrgetter("x0")) for g in groups]


def _make_line(words: list[Word], doc_id: str, page: int) -> PdfLine:
    texts, x0s, x1s, tops, bottoms, sizes, bolds = zip(*words)
    lengths = [len(text) for text in texts]
    size = _weighted_median(list(zip(sizes, lengths)))
    bold_chars = sum(n for n, bold in zip(lengths, bolds) if bold)
    text, raised = _join_words(words, size)
    return PdfLine(
        doc_id=doc_id, line_no=0, text=text, page=page,
        x0=round(min(x0s), 2), top=round(min(tops), 2), x1=round(max(x1s), 2),
        bottom=round(max(bottoms), 2), font_size=round(size, 2), bold=2 * bold_chars > sum(lengths),
        superscript_offsets=raised,
    )


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    """The median of values given as (value, count) pairs."""
    ordered = sorted(pairs)
    half = sum(count for _, count in ordered) / 2
    seen = 0
    for value, count in ordered:
        seen += count
        if seen >= half:
            return value
    return ordered[-1][0]


def _join_words(words: list[Word], size: float) -> tuple[str, list[int]]:
    """Words joined by a blank where a gap separates them, and where each raised digit run (a
    footnote marker) starts in the text.  A marker is read " 1" after a letter or digit and
    glued after anything else ("thereto,2"); a word after it is always set apart
    ("Change 6 that", where the typesetter's gap is narrower than the marker's size)."""
    base = max(w.bottom for w in words if w.size > SUPERSCRIPT_SIZE * size)
    text = words[0].text
    raised = [0] if _is_marker(words[0], size, base) else []
    for prev, word in zip(words, words[1:]):
        if _is_marker(word, size, base):
            text += " " if text[-1].isalnum() else ""
            raised.append(len(text))
        elif raised and raised[-1] + len(prev.text) == len(text) and word.text[0].isalnum():
            text += " "
        elif word.x0 - prev.x1 > X_TOLERANCE_RATIO * prev.size:
            text += " "
        text += word.text
    return text, raised


def _is_marker(word: Word, size: float, base: float) -> bool:
    return (word.text.isdigit() and word.size <= SUPERSCRIPT_SIZE * size
            and word.bottom < base - SUPERSCRIPT_RISE * size)


def _mark_indents(pages: list[list[PdfLine]], keys: list[tuple[int, int]]) -> None:
    """Body and footnote lines starting clearly right of the left margin are indented.

    The margin is the modal x0 of body lines over all pages of the same parity and width, so
    that a page of one-line items, mostly indented, does not shift it.
    """
    starts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for key, page in zip(keys, pages):
        starts[key].update(round(ln.x0) for ln in page if ln.zone is Zone.BODY)
    for key, page in zip(keys, pages):
        if not starts[key]:
            continue
        margin = min(x for x, n in starts[key].items() if n == max(starts[key].values()))
        for line in page:
            if line.zone in (Zone.BODY, Zone.FOOTNOTE):
                line.indented = line.x0 > margin + INDENT_MIN


def _number(lines: list[Line]) -> list[Line]:
    """Number the lines over the document and within each page, both from 1."""
    per_page: Counter = Counter()
    for i, line in enumerate(lines, start=1):
        per_page[line.page] += 1
        line.line_no, line.page_line = i, per_page[line.page]
    return lines
