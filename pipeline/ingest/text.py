"""Read a report already extracted to text into `Line` records.

Text extraction loses the page geometry, so zones are recovered from the text itself:
running headers and footers that survived ("CTOC/COP/2022/9", "V.22-25156 12/56"),
footnote blocks (a line of underscores, then numbered notes and their URL lines),
stray URL lines, a cover page and a table of contents.  Page numbers come from form feeds
when the extractor kept them, otherwise from the footers that survived (see `assign_pages`).
"""
from __future__ import annotations

import regex as re

from pipeline.common.patterns import (FOOTER_LINE, FOOTNOTE_RULE_LINE, FOOTNOTE_START, HEADER_LINE,
                       URL_LINE)
from pipeline.common.records import Line, Zone
from pipeline.common.sequences import Numbering

# The cover page's distribution line: "Distr.: General".
COVER_MARK = re.compile(r"^\s*(?:Distr\.:|Original:)")
# The heading of a table of contents: "Contents".
CONTENTS_HEADING = re.compile(r"^\s*Contents\s*$")
# A contents entry ends with a page number, often after dot leaders: "I. Resolutions ....... 3".
CONTENTS_ENTRY = re.compile(r"(?:\.{2,}|\s)\s*\d{1,3}\s*$")
# The first chapter heading of the body: "I. Resolutions and decisions adopted by the Conference".
FIRST_CHAPTER = re.compile(r"^\s*I\.\s+\S")

# A header line counts as a running header only this close (in non-blank lines) to a footer.
_HEADER_FOOTER_DISTANCE = 3


def read_text_lines(text: str, doc_id: str) -> list[Line]:
    """Non-blank lines of `text` with zones, indentation and (where known) pages.

    `line_no` is the line's number in the source file, so provenance points at the input.
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    form_feeds = "\f" in text
    lines, page = [], 1
    for i, t in enumerate(raw):
        page += t.count("\f")
        t = t.replace("\f", "")
        if t.strip():
            lines.append(Line(doc_id=doc_id, line_no=i + 1, text=t.rstrip(), indented=_indent(t) >= 2,
                              page=page if form_feeds else None))
    _mark_front_matter(lines)
    _mark_footers_and_headers(lines)
    _mark_footnote_blocks(lines)
    for line in lines:
        if line.zone is Zone.BODY and URL_LINE.match(line.text):
            line.zone = Zone.URL
    if form_feeds:
        _number_within_pages(lines)
    else:
        assign_pages(lines)
    return lines


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t\u00a0"))


def _mark_front_matter(lines: list[Line]) -> None:
    """Zone a cover page (before "Contents" or the first chapter, holding "Distr.:") and a
    table of contents ("Contents" and its entries, up to the first chapter heading that is
    not itself an entry)."""
    body_start = next((i for i, ln in enumerate(lines) if FIRST_CHAPTER.match(ln.text)
                       and not CONTENTS_ENTRY.search(ln.text)), None)
    if body_start is None:
        return
    contents = next((i for i, ln in enumerate(lines[:body_start]) if CONTENTS_HEADING.match(ln.text)), None)
    cover_end = body_start if contents is None else contents
    if any(COVER_MARK.match(ln.text) for ln in lines[:cover_end]):
        for ln in lines[:cover_end]:
            ln.zone = Zone.COVER
    if contents is not None:
        for ln in lines[contents:body_start]:
            ln.zone = Zone.TOC


def _mark_footers_and_headers(lines: list[Line]) -> None:
    footer_idx = [i for i, ln in enumerate(lines) if FOOTER_LINE.match(ln.text)]
    for i in footer_idx:
        lines[i].zone = Zone.FOOTER
        for j in range(max(0, i - _HEADER_FOOTER_DISTANCE), min(len(lines), i + _HEADER_FOOTER_DISTANCE + 1)):
            if j != i and lines[j].zone is Zone.BODY and HEADER_LINE.match(lines[j].text):
                lines[j].zone = Zone.HEADER


def _mark_footnote_blocks(lines: list[Line]) -> None:
    """Zone the lines of each footnote block.

    A block opens with a rule of underscores.  It holds footnotes (" 12 Ibid., vol. 249 ..."),
    their continuation lines (flush left) and URL lines.  It ends at the first line that is
    indented but is not the next footnote: the body resuming on the next page.
    """
    numbering = Numbering()
    i = 0
    while i < len(lines):
        if not FOOTNOTE_RULE_LINE.match(lines[i].text):
            i += 1
            continue
        lines[i].zone = Zone.FOOTNOTE_RULE
        i += 1
        in_note = False
        while i < len(lines):
            line = lines[i]
            if line.zone in (Zone.HEADER, Zone.FOOTER):
                break
            start = FOOTNOTE_START.match(line.text)
            if start and line.text[:1].isspace() and numbering.accepts(int(start["number"])):
                numbering.take(int(start["number"]))
                in_note = True
            elif URL_LINE.match(line.text):
                pass
            elif not (in_note and not line.text[:1].isspace()):
                break
            line.zone = Zone.FOOTNOTE
            i += 1


def assign_pages(lines: list[Line]) -> None:
    """Give lines a page number where the surviving footers make it certain.

    A footer line "V.22-25156 12/56" closes page 12 (headers and footers come after
    the page's body and footnotes in extracted text).  Page breaks without a footer
    are only visible where a footnote block ends.  Between two footers p and q, the
    breaks are trusted only when there are exactly q - p of them; otherwise only the
    page right after p and the page right before q are certain.  Elsewhere: None.
    """
    footers = [(i, int(m["page"] or m["page2"])) for i, ln in enumerate(lines)
               if ln.zone is Zone.FOOTER and (m := FOOTER_LINE.match(ln.text))]
    if not footers:
        return
    breaks = _page_breaks(lines)
    anchors = [(-1, None)] + footers + [(len(lines), None)]
    for (start, p), (end, q) in zip(anchors, anchors[1:]):
        inner = [b for b in breaks if start < b < end]
        bounds = [start + 1] + inner + [end]
        segments = list(zip(bounds, bounds[1:]))
        pages: list[int | None] = [None] * len(segments)
        if p is not None and q is not None and q - p == len(segments):
            pages = list(range(p + 1, q + 1))
        else:
            if p is not None:
                pages[0] = p + 1
            if q is not None:
                pages[-1] = q
        for (a, b), page in zip(segments, pages):
            for k in range(a, b):
                lines[k].page = page
    for i, page in footers:
        lines[i].page = page
    _number_within_pages(lines)


def _page_breaks(lines: list[Line]) -> list[int]:
    """Indices of the first body line after each footnote block (a page ends there)."""
    out = []
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1].zone, lines[i].zone
        if prev is Zone.FOOTNOTE and cur not in (Zone.FOOTNOTE, Zone.HEADER, Zone.FOOTER):
            out.append(i)
    return out


def _number_within_pages(lines: list[Line]) -> None:
    count = 0
    prev_page = None
    for line in lines:
        if line.page is None:
            count = 0
        elif line.page != prev_page:
            count = 1
        else:
            count += 1
        line.page_line = count or None
        prev_page = line.page
