"""Footnote areas in their three forms, and a note that goes on to the next page, on lines
made by hand (the geometry a PDF engine would give)."""
from __future__ import annotations

from pipeline.common.records import Line, Zone
from pipeline.ingest.footnote_area import mark_footnote_areas
from pipeline.normalize.footnotes import parse_footnotes

WIDTH, HEIGHT, BODY = 595.0, 842.0, 10.0


def _line(page: int, top: float, text: str, size: float = BODY, x0: float = 72.0, x1: float = 520.0) -> Line:
    return Line("d", 0, text, Zone.BODY, page=page, x0=x0, top=top, x1=x1, bottom=top + size, font_size=size)


def _body(page: int) -> list[Line]:
    return [_line(page, 80 + 12 * i, f"Body text line {i} of page {page}.") for i in range(40)]


def _zones(pages: list[list[Line]], rules: list[list[tuple]]) -> list[list[str]]:
    marked = mark_footnote_areas(pages, rules, [(WIDTH, HEIGHT)] * len(pages), BODY)
    return [[ln.zone.value for ln in page if ln.top > 560] for page in marked]


def _numbered(lines: list[list[Line]]) -> list[Line]:
    flat = [ln for page in lines for ln in page]
    for number, line in enumerate(flat, start=1):
        line.line_no = number
    return flat


def test_no_rule_smaller_type_after_a_gap_with_a_note_going_on_to_the_next_page():
    first = _body(1) + [_line(1, 700, "1 A first note that goes", 8.0)]
    second = _body(2) + [_line(2, 700, "on to the next page.", 8.0), _line(2, 710, "2 A second note.", 8.0)]
    assert _zones([first, second], [[], []]) == [["footnote"], ["footnote", "footnote"]]
    notes = parse_footnotes(_numbered([first, second]))
    assert [(n.number, n.text, n.page) for n in notes] == [
        (1, "A first note that goes on to the next page.", 1), (2, "A second note.", 2)]


def test_small_type_that_does_not_continue_the_numbering_is_no_footnote():
    page = _body(1) + [_line(1, 700, "7 Table row in small type", 8.0)]
    assert _zones([page], [[]]) == [["body"]]


def test_drawn_rule_of_any_length_but_not_a_border_above_body_text():
    full = _body(1) + [_line(1, 700, "1 Under a full-width rule.", 8.0)]
    # a table border low on the page, with body-size text under it
    border = _body(2) + [_line(2, 610 + 12 * i, f"Row {i} of a table, in body type.") for i in range(3)]
    assert _zones([full, border], [[(72.0, 690.0, 520.0, 690.5)], [(72.0, 600.0, 520.0, 600.5)]]) == [
        ["footnote_rule", "footnote"], ["body"] * 3]


def test_text_rule_of_underscores():
    page = _body(1)[:30] + [_line(1, 600, "_" * 18, 8.0), _line(1, 612, "1 Word prints its rule as text.", 8.0)]
    assert _zones([page], [[]]) == [["footnote_rule", "footnote"]]
