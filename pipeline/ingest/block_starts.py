"""Where the page layout opens a new block: learned from each document, never assumed.

Typesetters separate paragraphs in different ways: a vertical gap wider than the line pitch
(UN "SingleTxt", 6 pt after), a first-line indent, a number hanging in a gutter left of the
column, or nothing but a short last line.  This module measures the document first — its
body type size, the line pitch of each type size, the left edge and the right edge of the
text column of each kind of page (odd or even, by width) — and
then opens a block on a body line when any cue says so:

* **style**: its type size or weight differs from the line before (a heading, a title);
* **gap**: the distance from the line before is wider than the pitch of its type size by
  more than a quarter of a line;
* **indent**: it starts right of the line before by more than `INDENT_MIN` (a first-line
  indent; a continuation line starts at the column edge, or under the text of a label);
* **hanging**: it starts left of the column edge (a number in a gutter);
* **label after a sentence**: it starts with a label ("12.", "(c)", "IV.", "B.") and the line
  before ends a sentence or clause, and it is indented or at the top of a page (where no gap
  can be measured); a label at the column edge alone proves nothing: "(iii)" of an inline
  enumeration may wrap to the start of a line;
* **forced break**: the line before ends a sentence, a clause or a bracket (not a comma: a
  heading wraps after one) and the first word
  of this line would have fitted after it (the last line of a paragraph, a line of a list);
  headings are set in narrower measures and wrap without punctuation.

The first body line of a page has no line before it on the page: the gap, style and
relative-indent cues wait for the second line; the others compare with the last body line of
the page before.  The result is `Line.starts_block`; grouping lines into blocks and telling
headings, paragraphs and list items apart happens in `normalize.paragraphs`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import regex as re

from pipeline.common.records import PdfLine, Zone

INDENT_MIN = 4.0            # points: a first-line indent or a hanging number moves at least this far
SAME_EDGE = 2.0             # points: lines starting within this of the column edge start at the edge
GAP_EXTRA = 0.25            # of the type size: a gap this much wider than the pitch separates blocks
WORD_WIDTH_MARGIN = 1.3     # a word's width is estimated from the line's mean character width: this much wider
RIGHT_EDGE_SHARE = 0.99    # of the body lines: the right edge is where all but the longest 1% end

# A label that opens a paragraph or item: "12. ", "(c) ", "(iv) ", "IV. ", "B. ".
LABEL = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxl]{1,5})\)|[IVXL]{1,6}\.|[A-Z]\.)\s")
# The end of a sentence, clause or bracket, maybe behind a closing quote and a footnote marker:
# "on the matter.", "as follows:", "in criminal matters;", "2022.”", "(Iraq)", "thereto.2".
_END = r"(?:[{marks}][”’\")\]]*|\))(?:\s?\d{{1,3}})?$"
CLAUSE_END = re.compile(_END.format(marks=".;:!?"))
# The same or a comma ("thereto,2"), which ends a preambular paragraph but may also wrap a heading.
PHRASE_END = re.compile(_END.format(marks=".;:,!?"))
SAME_SIZE = 0.6             # points: type sizes closer than this are one size

@dataclass
class Column:
    left: float
    right: float


def mark_block_starts(pages: list[list[PdfLine]], kinds: list[tuple[int, int]], body_size: float) -> None:
    """Set `starts_block` on every body line of the pages; `kinds` names each page's kind of
    layout (parity and width), whose column edges are measured together."""
    pitch = _pitches(pages)
    columns = _columns(pages, kinds, body_size)
    previous: PdfLine | None = None
    for page, kind in zip(pages, kinds):
        column = columns.get(kind)
        on_page: PdfLine | None = None
        for line in page:
            if line.zone is not Zone.BODY:
                continue
            line.starts_block = previous is None or column is None or _opens(line, on_page, previous,
                                                                             column, pitch, body_size)
            previous = on_page = line


def body_type_size(pages: list[list[PdfLine]]) -> float:
    """The type size of most body characters."""
    sizes: Counter = Counter()
    for page in pages:
        for line in page:
            if line.zone is Zone.BODY and line.font_size:
                sizes[round(line.font_size * 4) / 4] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _opens(line: PdfLine, before: PdfLine | None, last: PdfLine, column: Column, pitch: dict[float, float],
           body_size: float) -> bool:
    """Whether `line` opens a block; `before` is the body line above it on its page (None
    at the page top), `last` the body line read before it (maybe on the page before)."""
    if before is not None:
        if _restyled(before, line):
            return True
        expected = pitch.get(_size_key(line.font_size))
        if expected and line.bottom - before.bottom > expected + GAP_EXTRA * line.font_size:
            return True
        if (line.x0 > before.x0 + INDENT_MIN and before.x0 >= column.left - SAME_EDGE
                and not _under_label(before, line, column)):
            return True             # an indent, not the continuation of a label's text
    elif _restyled(last, line):
        return True                 # a heading at the foot of the page before
    elif (line.x0 > column.left + INDENT_MIN and last.x0 <= line.x0 - INDENT_MIN
          and PHRASE_END.search(last.text.rstrip()) and not _under_label(last, line, column)):
        return True                 # an indent, not the continuation of a label's text
    if line.x0 < column.left - INDENT_MIN:
        return True
    ended = PHRASE_END.search(last.text.rstrip()) is not None
    if ended and LABEL.match(line.text) and (before is None or line.x0 > column.left + INDENT_MIN):
        return True
    return CLAUSE_END.search(last.text.rstrip()) is not None and _forced_break(last, line, column, body_size)


def _forced_break(last: PdfLine, line: PdfLine, column: Column, body_size: float) -> bool:
    """The line before is a body line that ended although the first word of this line would
    have fitted after it: the break was forced (the end of a paragraph, a line of a list)."""
    if last.bold or abs(last.font_size - body_size) > SAME_SIZE:
        return False
    return _room_left(last, line, column)


def _under_label(above: PdfLine, line: PdfLine, column: Column) -> bool:
    """Whether `line` continues, under its text, the label line `above` ("(b) One speaker
    reported on national measures (legislative," / "taken since 2020; ..."): `above` opens
    with a label and was full."""
    return LABEL.match(above.text) is not None and not _room_left(above, line, column)


def _restyled(above: PdfLine, line: PdfLine) -> bool:
    """Whether the type size or weight changes from `above` to `line`."""
    return abs(line.font_size - above.font_size) > SAME_SIZE or line.bold != above.bold


def _room_left(last: PdfLine, line: PdfLine, column: Column) -> bool:
    """Whether the first word of `line` would clearly have fitted at the end of `last` (the
    estimate of its width errs on the wide side: capitals and wide letters)."""
    if not line.text.strip():
        return False
    char_width = (last.x1 - last.x0) / max(1, len(last.text))
    first_word = (len(line.text.split()[0]) + 1) * char_width * WORD_WIDTH_MARGIN
    return last.x1 + first_word < column.right - SAME_EDGE


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _pitches(pages: list[list[PdfLine]]) -> dict[float, float]:
    """The most common baseline-to-baseline distance between consecutive body lines of each
    type size: the document's line pitch."""
    seen: dict[float, Counter] = defaultdict(Counter)
    for page in pages:
        body = [ln for ln in page if ln.zone is Zone.BODY]
        for above, line in zip(body, body[1:]):
            if _size_key(above.font_size) == _size_key(line.font_size) and line.bottom > above.bottom:
                seen[_size_key(line.font_size)][round(line.bottom - above.bottom, 1)] += 1
    return {size: _mode(counts) for size, counts in seen.items()}


def _columns(pages: list[list[PdfLine]], kinds: list[tuple[int, int]], body_size: float) -> dict[tuple, Column]:
    """The text column of each kind of page: its left edge (where most body-size lines start)
    and its right edge (where the longest lines end, justified or ragged)."""
    starts: dict[tuple, Counter] = defaultdict(Counter)
    ends: dict[tuple, list[float]] = defaultdict(list)
    for page, kind in zip(pages, kinds):
        for line in page:
            if line.zone is Zone.BODY and abs(line.font_size - body_size) <= SAME_SIZE:
                starts[kind][round(line.x0)] += 1
                ends[kind].append(line.x1)
    out = {}
    for kind, x1s in ends.items():
        x1s.sort()
        out[kind] = Column(left=_mode(starts[kind]), right=x1s[int(RIGHT_EDGE_SHARE * (len(x1s) - 1))])
    return out


def _mode(counts: Counter) -> float:
    """The most common value; the smallest of equally common ones."""
    top = max(counts.values())
    return min(value for value, n in counts.items() if n == top)
