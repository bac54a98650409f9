"""Page furniture of a PDF: running headers and footers, the masthead of page 1, contents.

Running headers and footers are found by repetition, not by one page's geometry: they are
the lines among the outermost `EDGE_LINES` of each page, at the top or the bottom, whose
text recurs on other pages at the same height once digits are masked ("3/49 CTOC/COP/2022/9"
and "4/49 CTOC/COP/2022/9" are one furniture line; a header that alternates sides is still
found, since only the height is compared).  A header may be one or several lines (a GA
resolution prints its symbol and a short title); a page-1 footer is not repeated (it holds
the job number, a date code and a barcode) and is found by its job number instead.  A
document of one page has nothing to repeat: there the old rule holds, a gap-separated block
in the top or bottom band of the page.

Page 1's masthead (organ, symbol, "Distr.:", date, "Original:", session and agenda lines) is
the cover; the title and the body after it are body.  A page with a "Contents" heading
holds a table of contents down to its last entry.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import regex as re

from pipeline.common.patterns import FOOTNOTE_AREA_START, FOOTNOTE_RULE_LINE, HEADER_LINE, JOB_NUMBER, SYMBOL
from pipeline.common.records import Line, PdfLine, Zone

EDGE_LINES = 4              # how many lines at each edge of a page may be furniture
EDGE_BAND = 0.2             # of the page height: furniture sits in the top or bottom fifth
SAME_HEIGHT = 3.0           # points: a recurring line sits at the same height on each page
MIN_SHARE = 0.3             # of the other pages: how often a furniture line recurs (alternating sides: half)
MARGIN_BAND = 0.12          # of the page height: one-page documents, header and footer band
SEPARATING_GAP = 1.5        # of the font size: the gap between the body and a header/footer

# Digits, masked so that page numbers do not hide a repeated line: "3/49" -> "#/#".
DIGITS = re.compile(r"\d+")
# The distribution line of a masthead: "Distr.: General", "Distr.: Limited", or "Distr." alone
# over "LIMITED" (typewritten mastheads).
DISTRIBUTION = re.compile(r"\bDistr\.(?::\s*\w|\s*$)", re.I)
# The language line of a masthead: "Original: English", "ORIGINAL: ENGLISH".
ORIGINAL = re.compile(r"\bOriginal:\s*\w", re.I)
# Masthead lines after "Original:": "Eleventh session", "Seventy-eighth session",
# "Agenda item 106", "Agenda items 4 and 5", "Item 7 of the provisional agenda",
# "Vienna, 17–21 October 2022", "Third Committee", "Resolution adopted by the General Assembly",
# "on 22 December 2023", "[on the report of the Third Committee (A/78/480)]".
MASTHEAD_TAIL = re.compile(
    r"^(?:[\p{L}-]+\s+(?:special\s+)?session\b.{0,40}$|Agenda\s+items?\b|Items?\s+\d|[A-Z][\p{L}]+,\s+\d{1,2}"
    r"|(?:First|Second|Third|Fourth|Fifth|Sixth)\s+Committee$|Resolution\s+adopted\s+by\b"
    r"|Decision\s+adopted\s+by\b|on\s+\d{1,2}\s+\p{L}+\s+\d{4}$|\[on\s+the\s+report\b|\[without\s+reference\b)", re.I)
# The sponsor line of a draft: "Italy: draft resolution", "Austria and Brazil: revised draft decision".
SPONSOR_LINE = re.compile(r"^[\p{L}][\p{L} ,'’()-]*:\s+(?:revised\s+)?draft\s+(?:resolution|decision)$")
# An agenda item line, whose title follows it: "Agenda item 107", "Agenda item 16 (f)".
AGENDA_ITEM = re.compile(r"^Agenda\s+items?\s+\d")
# The heading of a table of contents: "Contents", "Contents Page".
CONTENTS_HEADING = re.compile(r"^Contents\b")
# A contents entry: a title, dot leaders or blanks, a page number: "A. Resolutions ....... 3".
CONTENTS_ENTRY = re.compile(r"^\S.*?(?:\s*(?:\.\s?){2,}\s*|\s+)\d{1,4}$")
# A page number of a total: "3/49".
PAGE_OF = re.compile(r"(?<![\w/.])\d{1,4}/\d{1,4}(?![\w/.])")
# A barcode printed as text under a page-1 footer: "*2325976*".
BARCODE = re.compile(r"^\*\d{5,}\*$")


def mark_furniture(pages: list[list[PdfLine]], heights: list[float]) -> None:
    """Zone running headers and footers on every page (lines top to bottom)."""
    if len(pages) < 2:
        for lines, height in zip(pages, heights):
            _mark_by_distance(lines, height)
        return
    keys = [_edge_keys(lines, height) for lines, height in zip(pages, heights)]
    seen: dict[tuple, set[int]] = defaultdict(set)
    for page_no, page_keys in enumerate(keys):
        for key in page_keys.values():
            seen[key].add(page_no)
    needed = max(2, math.ceil(MIN_SHARE * (len(pages) - 1)))
    for page_no, (lines, page_keys) in enumerate(zip(pages, keys)):
        for i, key in page_keys.items():
            if _recurs(seen, key, page_no, needed):
                lines[i].zone = Zone.HEADER if key[0] == "top" else Zone.FOOTER
        _close_gaps(lines)
    symbol = own_symbol(pages[0])
    for lines, height in zip(pages[1:], heights[1:]):
        _mark_by_content(lines, height, symbol)
    _mark_first_page_footer(pages[0], heights[0])


def _edge_keys(lines: list[PdfLine], height: float) -> dict[int, tuple]:
    """Index of each of the outermost lines -> (edge, masked text, height)."""
    out = {}
    visible = [i for i, line in enumerate(lines) if line.zone is Zone.BODY]
    for i in visible[:EDGE_LINES]:
        line = lines[i]
        if line.bottom <= EDGE_BAND * height:
            out[i] = ("top", _masked(line.text), round(line.top / SAME_HEIGHT))
    for i in reversed(visible[-EDGE_LINES:]):
        line = lines[i]
        if line.top < (1 - EDGE_BAND) * height or _footnote_like(line.text):
            break           # footnotes end where the footer begins; short ones recur at one height too
        out[i] = ("bottom", _masked(line.text), round((height - line.bottom) / SAME_HEIGHT))
    return out


def _footnote_like(text: str) -> bool:
    """A footnote rule of underscores, or a line opening a footnote: "3 A/78/89."."""
    return bool(FOOTNOTE_RULE_LINE.match(text) or FOOTNOTE_AREA_START.match(text))


def _recurs(seen: dict[tuple, set[int]], key: tuple, page_no: int, needed: int) -> bool:
    """Whether the line is on `needed` pages, this one included, at its height or one rounding
    step higher or lower (a height on the rounding boundary)."""
    pages = set()
    for step in (-1, 0, 1):
        pages |= seen.get((key[0], key[1], key[2] + step), set())
    return len(pages - {page_no}) + 1 >= needed


def _masked(text: str) -> str:
    """Digits masked, words in order of their spelling: a header whose symbol changes sides
    ("A/RES/80/203 importance of ..." and "importance of ... A/RES/80/203") is one line."""
    return " ".join(sorted(DIGITS.sub("#", text).split()))


def _close_gaps(lines: list[PdfLine]) -> None:
    """A header is the lines from the page top down to its last furniture line; a footer from
    its first furniture line down (a title line between a symbol and a rule is header too)."""
    heads = [i for i, ln in enumerate(lines[:EDGE_LINES]) if ln.zone is Zone.HEADER]
    if heads:
        for line in lines[:heads[-1]]:
            line.zone = Zone.HEADER
    feet = [i for i in range(max(0, len(lines) - EDGE_LINES), len(lines)) if lines[i].zone is Zone.FOOTER]
    if feet:
        for line in lines[feet[0] + 1:]:
            line.zone = Zone.FOOTER


def _mark_by_content(lines: list[PdfLine], height: float, own_symbol: str | None) -> None:
    """Where repetition found no furniture on a page (a document of two pages): the blocks at
    the top of the page that hold the document's own symbol are its header; the blocks at the
    bottom that hold the symbol, a page number "n/N" or a job number are its footer.  A block
    is a run of lines in one style without a gap wider than `SEPARATING_GAP` lines, inside
    the edge band."""
    blocks = _gap_blocks([ln for ln in lines if ln.zone is Zone.BODY], by_style=True)
    if not any(ln.zone is Zone.HEADER for ln in lines):
        for block in blocks[:-1]:
            if max(ln.bottom for ln in block) > EDGE_BAND * height or not any(
                    _is_own_symbol(ln.text, own_symbol) for ln in block):
                break
            for line in block:
                line.zone = Zone.HEADER
    if not any(ln.zone is Zone.FOOTER for ln in lines):
        for depth, block in enumerate(reversed(blocks[1:])):
            if min(ln.top for ln in block) < (1 - EDGE_BAND) * height or not any(
                    _is_own_symbol(ln.text, own_symbol)
                    or depth == 0 and (PAGE_OF.search(ln.text) or JOB_NUMBER.search(ln.text)) for ln in block):
                break       # above the lowest block, only a header set at the foot (the symbol) goes on
            for line in block:
                line.zone = Zone.FOOTER


def _is_own_symbol(text: str, own_symbol: str | None) -> bool:
    """Whether the line holds the document's own symbol (or, when page 1 named none, is a
    symbol alone: "CTOC/COP/2022/9")."""
    if own_symbol is None:
        return HEADER_LINE.match(text) is not None
    return any(m.group() == own_symbol for m in SYMBOL.finditer(text))


def own_symbol(first_page: Sequence[Line]) -> str | None:
    """The symbol in the first lines of page 1: the masthead's "United Nations CTOC/COP/2022/9"."""
    return next((m.group() for ln in first_page[:EDGE_LINES] if (m := SYMBOL.search(ln.text))), None)


def _gap_blocks(lines: list[PdfLine], by_style: bool = False) -> list[list[PdfLine]]:
    """The lines in runs separated by gaps wider than `SEPARATING_GAP` times the type size
    (and, `by_style`, where the type size or weight changes: a small bold header set close
    above the body)."""
    if not lines:
        return []
    blocks: list[list[PdfLine]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if (line.top - prev.bottom > SEPARATING_GAP * max(prev.font_size, line.font_size)
                or by_style and (abs(line.font_size - prev.font_size) > 0.6 or line.bold != prev.bold)):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _mark_first_page_footer(lines: list[PdfLine], height: float) -> None:
    """Page 1's footer: from the lowest line holding a job number to the page foot."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 1 - EDGE_LINES), -1):
        line = lines[i]
        if line.top < (1 - EDGE_BAND) * height:
            break
        if JOB_NUMBER.search(line.text):
            for after in lines[i:]:
                if after.zone is Zone.BODY or BARCODE.match(after.text):
                    after.zone = Zone.FOOTER
            return


def _mark_by_distance(lines: list[PdfLine], height: float) -> None:
    """One page: the first gap-separated block in the top band is the header, the last in
    the bottom band the footer."""
    blocks = _gap_blocks(lines)
    if len(blocks) < 2:
        return
    if max(ln.bottom for ln in blocks[0]) <= MARGIN_BAND * height:
        for line in blocks[0]:
            line.zone = Zone.HEADER
    if min(ln.top for ln in blocks[-1]) >= (1 - MARGIN_BAND) * height:
        for line in blocks[-1]:
            line.zone = Zone.FOOTER


def mark_masthead(lines: list[PdfLine], body_size: float) -> None:
    """Page 1's masthead and title are cover; the body after them is body.

    The masthead runs from the page top down to its "Distr.:" / "Original:" block (with the
    date and organ lines beside it), then the session, committee and agenda lines, an agenda
    item's title, the adoption or sponsor line.  The title is the run of heading-styled lines
    (bold, or larger than the body's `body_size`) right after it.  A page without "Distr.:"
    has no masthead.
    """
    body = [ln for ln in lines if ln.zone is Zone.BODY]
    marks = [i for i, ln in enumerate(body) if DISTRIBUTION.search(ln.text) or ORIGINAL.search(ln.text)]
    if not any(DISTRIBUTION.search(body[i].text) for i in marks):
        return
    end = marks[-1]
    deepest = max(body[i].bottom for i in marks)
    while end + 1 < len(body) and body[end + 1].top < deepest + body[end].font_size:
        end += 1            # the date under "Distr.:", the organ name beside it
    end = _masthead_tail(body, end)
    end = _title_run(body, end, body_size)
    for line in body[:end + 1]:
        line.zone = Zone.COVER


def _masthead_tail(body: list[PdfLine], end: int) -> int:
    """The last line of the session, agenda and adoption lines after line `end`; the title of
    an agenda item is the lines in the style of the first one after "Agenda item N"."""
    while end + 1 < len(body):
        line = body[end + 1]
        if MASTHEAD_TAIL.match(line.text.strip()) or SPONSOR_LINE.match(line.text.strip()):
            end += 1
            if AGENDA_ITEM.match(line.text.strip()):
                end = _same_style_run(body, end + 1) if end + 1 < len(body) else end
            while "[" in body[end].text and "]" not in body[end].text and end + 1 < len(body):
                end += 1    # "[on the report of the Special Political and Decolonization Committee" wraps
            continue
        break
    return end


def _title_run(body: list[PdfLine], end: int, body_size: float) -> int:
    """The title: the heading-styled lines right after line `end`, in one style."""
    start = end + 1
    if start >= len(body) or body[start].zone is not Zone.BODY:
        return end
    first = body[start]
    if not (first.bold or first.font_size > body_size + 0.5):
        return end
    return _same_style_run(body, start)


def _same_style_run(body: list[PdfLine], start: int) -> int:
    """The last line of the run from `start` in the style (size, weight) of line `start`,
    without a gap wider than one and a half of its lines."""
    first = body[start]
    end = start
    while (end + 1 < len(body) and abs(body[end + 1].font_size - first.font_size) < 0.3
           and body[end + 1].bold == first.bold
           and body[end + 1].top - body[end].bottom < 1.5 * first.font_size):
        end += 1
    return end


def mark_contents(lines: Sequence[Line]) -> None:
    """Body lines from a "Contents" heading down to the last contents entry are TOC."""
    body = [ln for ln in lines if ln.zone is Zone.BODY]
    start = next((i for i, ln in enumerate(body) if CONTENTS_HEADING.match(ln.text)), None)
    if start is None:
        return
    ends = [i for i in range(start + 1, len(body)) if CONTENTS_ENTRY.match(body[i].text)]
    if not ends:
        return
    for line in body[start:ends[-1] + 1]:
        line.zone = Zone.TOC
