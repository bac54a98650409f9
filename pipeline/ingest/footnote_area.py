"""The footnote area of each PDF page, in whichever form the typesetter printed it.

Three forms are read, tried in this order on every page:

* a **text rule**: a line of underscores (what Microsoft Word prints, and what the UN's own
  PDFs hold): "__________________";
* a **drawn rule** of any length, short or full width: a thin horizontal line in the lower
  part of the page with only smaller type below it (a table border has body text below it,
  or text of the body's size, so it is not taken);
* **no rule**: the bottom run of lines in smaller type than the body, after a gap, in which
  a line starts with the next footnote number (or 1, where numbering restarts, or a slip near
  the next: `sequences.Numbering`); lines above
  it continue the last note of the page before.

Everything below the rule (or the run itself) is footnote text; headers and footers were
zoned before and stay as they are.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence

from pipeline.common.patterns import FOOTNOTE_AREA_START, FOOTNOTE_RULE_LINE
from pipeline.common.records import PdfLine, PlacedLine, Zone
from pipeline.common.sequences import Numbering

RULE_MAX_THICKNESS = 1.5    # points
RULE_MIN_WIDTH = 0.05       # of the page width: a footnote rule is at least this long
LOWER_PART = 0.4            # of the page height: a footnote area starts below this
SMALLER = 0.5               # points: footnote type is at least this much smaller than the body's
RULE_TEXT = "_" * 18

RuleBox = tuple[float, float, float, float]     # a drawing's (x0, top, x1, bottom), as `layout.Rule`


def mark_footnote_areas(pages: list[list[PdfLine]], rules: Sequence[Sequence[RuleBox]],
                        sizes: list[tuple[float, float]], body_size: float) -> list[Sequence[PlacedLine]]:
    """Zone the footnote rule and footnote lines of each page; return the pages' lines with a
    rule line added where the rule was drawn.  `rules` are each page's (x0, top, x1, bottom)
    drawings, `sizes` each page's (width, height)."""
    numbering = Numbering()
    out = []
    for lines, page_rules, (width, height) in zip(pages, rules, sizes):
        marked = _mark_page(lines, page_rules, width, height, body_size, numbering)
        for line in marked:
            if line.zone is Zone.FOOTNOTE and (m := FOOTNOTE_AREA_START.match(line.text)):
                if numbering.accepts(int(m["number"])):
                    numbering.take(int(m["number"]))
        out.append(marked)
    return out


def _mark_page(lines: list[PdfLine], rules: Sequence[RuleBox], width: float, height: float, body_size: float,
               numbering: Numbering) -> Sequence[PlacedLine]:
    body = [ln for ln in lines if ln.zone is Zone.BODY]
    lower = [ln for ln in body if ln.top >= LOWER_PART * height]
    text_rule = next((ln for ln in lower if FOOTNOTE_RULE_LINE.match(ln.text)), None)
    if text_rule is not None:
        text_rule.zone = Zone.FOOTNOTE_RULE
        _below(body, text_rule.top)
        return lines
    drawn = _drawn_rule(body, rules, width, height, body_size)
    if drawn is not None:
        x0, top, x1, bottom = drawn
        _below(body, top)
        rule = PlacedLine(doc_id=body[0].doc_id, line_no=0, text=RULE_TEXT, zone=Zone.FOOTNOTE_RULE,
                          page=body[0].page, x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2),
                          bottom=round(bottom, 2))
        return sorted(lines + [rule], key=lambda ln: ln.top)
    run = _small_run(body, body_size, numbering)
    for line in run:
        line.zone = Zone.FOOTNOTE
    return lines


def _below(body: list[PdfLine], top: float) -> None:
    for line in body:
        if line.top > top:
            line.zone = Zone.FOOTNOTE


def _drawn_rule(body: list[PdfLine], rules: Sequence[RuleBox], width: float, height: float,
                body_size: float) -> RuleBox | None:
    """The topmost thin horizontal rule in the lower part of the page with body lines below
    it, all of them in smaller type than the body."""
    for rule in sorted(rules, key=lambda r: r[1]):
        x0, top, x1, bottom = rule
        if bottom - top > RULE_MAX_THICKNESS or x1 - x0 < RULE_MIN_WIDTH * width or top < LOWER_PART * height:
            continue
        below = [ln.font_size for ln in body if ln.top > top]
        above = [ln.font_size for ln in body if ln.bottom <= top]
        if below and max(below) <= body_size - SMALLER and (
                not above or statistics.median(below) < statistics.median(above)):
            return rule
    return None


def _small_run(body: list[PdfLine], body_size: float, numbering: Numbering) -> list[PdfLine]:
    """The lines at the foot of the page in smaller type, after a gap, when one of them starts
    with a number that goes on from the last footnote (`sequences.Numbering`): the lines above it continue the last note of the
    page before."""
    start = len(body)
    while start > 0 and body[start - 1].font_size <= body_size - SMALLER:
        start -= 1
    run = body[start:]
    numbers = [int(m["number"]) for line in run if (m := FOOTNOTE_AREA_START.match(line.text))]
    if not run or not any(numbering.accepts(n) for n in numbers):
        return []
    if start > 0 and run[0].top - body[start - 1].bottom < 0.5 * body_size:
        return []
    return run
