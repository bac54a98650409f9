"""Build PDFs laid out like UN documents, for the tests of the PDF reader.

The layout imitates a UN report: A4, 10 pt Times-Roman body justified by spreading the
words (no space characters are drawn, so the reader must find words by their gaps), each
block's first line indented, headings in Times-Bold, a running header (the symbol, bold, left
on even pages, right on odd ones, not on the cover), a footer (job number and "n/N" on
alternating sides), footnotes in 8 pt under a short rule at the foot of the page where their
6 pt raised marker falls, an optional cover page and contents page.  Letter spacing cycles
through `CHAR_SPACES` so words are not drawn with their glyphs touching on every line.

`layout_un_document` returns what is drawn, line by line, with the text the reader should
read back; `build_un_pdf` draws it.  Both take an optional `Style` (see `un_pdf_style`) that
varies paper, margins, type, paragraph separation, alignment, footnote separator and running
header; its defaults draw the layout above.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pipeline.common.records import Zone
from un_pdf_style import (BODY_ABOVE_RULE, NOTE_NUMBER_DX, NOTE_TEXT_DX, RULE_ABOVE_NOTES, RULE_LENGTH,
                          Style, block_geometry, body_area, header_baselines)

DEFAULT = Style()
CHAR_SPACES = (0.0, 0.15, 0.3)
RULE_TEXT = "_" * 18

Segment = tuple[str, bool]   # (text, is a superscript footnote marker)
Token = list[Segment]        # one word as drawn, markers included


@dataclass(frozen=True)
class Run:
    """A piece of text drawn at one position; `rise` lifts it above the line's baseline."""

    x: float
    text: str
    font: str
    size: float
    rise: float = 0.0
    char_space: float = 0.0


@dataclass
class Drawn:
    """One physical line as drawn, and what the reader should read back."""

    zone: Zone
    text: str
    indented: bool = False
    runs: list[Run] = field(default_factory=list)
    rule: tuple[float, float] | None = None   # x0, x1 of a footnote rule
    baseline: float = 0.0
    page: int = 0
    markers: list[int] = field(default_factory=list)  # footnote numbers marked on the line


def build_un_pdf(path: Path, *, symbol: str, job_number: str, blocks: list[dict],
                 footnotes: list[dict], cover: dict | None = None,
                 toc: list[tuple[str, int]] | None = None,
                 encrypt_password: str | None = None, style: Style = DEFAULT) -> int:
    """Write the document to `path`; return its page count."""
    pages = layout_un_document(symbol=symbol, job_number=job_number, blocks=blocks,
                               footnotes=footnotes, cover=cover, toc=toc, style=style)
    encrypt = (StandardEncryption(encrypt_password, ownerPassword=encrypt_password + "-owner")
               if encrypt_password else None)
    canvas = Canvas(str(path), pagesize=style.page, encrypt=encrypt)
    for page in pages:
        for drawn in page:
            _draw(canvas, drawn, style.page[1])
        canvas.showPage()
    canvas.save()
    return len(pages)


def layout_un_document(*, symbol: str, job_number: str, blocks: list[dict],
                       footnotes: list[dict], cover: dict | None = None,
                       toc: list[tuple[str, int]] | None = None,
                       style: Style = DEFAULT) -> list[list[Drawn]]:
    """The lines of each page in reading order (header, body, rule, footnotes, footer).

    `cover` is {"date": str, "title": [str, ...]}; `toc` lists (entry, page number).
    """
    pages: list[list[Drawn]] = []
    if cover is not None:
        pages.append(_cover_page(symbol, cover, style))
    front = len(pages)
    if toc is not None:
        pages.append(_toc_page(toc, style))
    pages += _body_pages(blocks, [(n["number"], n["text"]) for n in footnotes], style)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if number > front:
            header = _header(symbol, number, style)
            if style.header_bottom:
                page += header
            else:
                page[:0] = header
            page.append(_footer(job_number, number, total, style))
        for drawn in page:
            drawn.page = number
    return pages


def expected_block_text(block: dict) -> str:
    """The block's text as the reader should rebuild it: markers as " 1" or ",2"."""
    return " ".join(_reading(t) for t in _tokens(block["text"], block.get("refs", [])))


def _tokens(text: str, refs: list[tuple[int, int]]) -> list[Token]:
    """The words of `text` (single-spaced); a marker joins the word it follows."""
    pieces: list[Segment] = []
    start = 0
    for offset, number in sorted(refs):
        pieces += [(text[start:offset], False), (str(number), True)]
        start = offset
    pieces.append((text[start:], False))
    tokens: list[Token] = [[]]
    for piece, sup in pieces:
        if sup:
            tokens[-1].append((piece, True))
            continue
        for i, part in enumerate(piece.split(" ")):
            if i:
                tokens.append([])
            if part:
                tokens[-1].append((part, False))
    return [t for t in tokens if t]


def _reading(token: Token) -> str:
    """A marker is read " 1" after a letter or digit, glued after punctuation."""
    out = ""
    for text, sup in token:
        out += (" " if sup and out[-1:].isalnum() else "") + text
    return out


def _segment_width(text: str, size: float, char_space: float, font: str) -> float:
    return stringWidth(text, font, size) + char_space * len(text)


def _token_width(token: Token, font: str, size: float, sup_size: float, char_space: float) -> float:
    return sum(_segment_width(t, sup_size if sup else size, char_space, font) for t, sup in token)


def _set_lines(tokens: list[Token], font: str, size: float, first: tuple[float, float],
               rest: tuple[float, float], rise: float, justify: bool, style: Style) -> list[Drawn]:
    """Break `tokens` into lines (first line from x `first[0]` to `first[1]`, then `rest`)."""
    space = stringWidth(" ", font, size)
    lines: list[Drawn] = []
    i = 0
    while i < len(tokens):
        left, right = first if not lines else rest
        char_space = CHAR_SPACES[len(lines) % len(CHAR_SPACES)]
        widths: list[float] = []
        while i + len(widths) < len(tokens):
            w = _token_width(tokens[i + len(widths)], font, size, style.sup_size, char_space)
            if widths and sum(widths) + w + space * len(widths) > right - left:
                break
            widths.append(w)
        line_tokens = tokens[i:i + len(widths)]
        i += len(widths)
        gap = space
        if justify and i < len(tokens) and len(widths) > 1:
            gap = (right - left - sum(widths)) / (len(widths) - 1)
        runs: list[Run] = []
        x = left
        for token, width in zip(line_tokens, widths):
            pos = x
            for text, sup in token:
                seg_size = style.sup_size if sup else size
                runs.append(Run(pos, text, font, seg_size, rise if sup else 0.0, char_space))
                pos += _segment_width(text, seg_size, char_space, font)
            x += width + gap
        markers = [int(t) for token in line_tokens for t, sup in token if sup]
        lines.append(Drawn(Zone.BODY, " ".join(_reading(t) for t in line_tokens), runs=runs,
                           markers=markers))
    return lines


def _block_lines(block: dict, style: Style) -> list[Drawn]:
    """A block's lines, placed by `block_geometry`; its first line is indented unless the block
    says `"indent": False` (a report paragraph, whose number stands at the margin)."""
    heading = block["kind"] == "heading"
    font = style.bold if heading else style.roman
    tokens = _tokens(block["text"], block.get("refs", []))
    label_x, first, rest = block_geometry(style, block)
    label = tokens.pop(0)[0][0] if label_x is not None else None
    lines = _set_lines(tokens, font, style.size, (first, style.body_right), (rest, style.body_right),
                       style.sup_rise, not heading and style.justify, style)
    if label is not None:
        lines[0].runs.insert(0, Run(label_x, label, font, style.size))
        lines[0].text = f"{label} {lines[0].text}"
    lines[0].indented = lines[0].runs[0].x > style.body_left + 4.0
    return lines


def _note_lines(number: int, text: str, style: Style) -> list[Drawn]:
    """A footnote: its raised number, then the text; continuation lines flush left."""
    left = style.body_left
    lines = _set_lines(_tokens(text, []), style.roman, style.note_size,
                       (left + NOTE_TEXT_DX, style.body_right), (left, style.body_right), 0.0,
                       style.justify, style)
    first = lines[0]
    first.runs.insert(0, Run(left + NOTE_NUMBER_DX, str(number), style.roman, style.sup_size,
                             style.note_sup_rise))
    first.text = f"{number} {first.text}"
    first.indented = True
    for line in lines:
        line.zone = Zone.FOOTNOTE
    return lines


def _body_pages(blocks: list[dict], notes: list[tuple[int, str]], style: Style) -> list[list[Drawn]]:
    """Flow the blocks over pages; a line goes to the next page with its footnotes when the
    line and the footnotes it marks do not fit above the footnotes already on the page.
    Markers take the footnotes in order (numbers may restart, as in an annex)."""
    queue = iter(notes)
    top, bottom = body_area(style)
    pages: list[list[Drawn]] = []
    body: list[Drawn] = []
    page_notes: list[Drawn] = []
    y = top
    for block in blocks:
        space = style.heading_space if block["kind"] == "heading" else style.block_space
        for i, line in enumerate(_block_lines(block, style)):
            new_notes = [ln for _ in line.markers for ln in _note_lines(*next(queue), style)]
            baseline = y + (space if i == 0 and body else 0.0)
            if baseline > _body_limit(len(page_notes) + len(new_notes), bottom, style):
                if not body:
                    raise ValueError("a line and its footnotes do not fit on a page")
                pages.append(_close_page(body, page_notes, bottom, style))
                body, page_notes, baseline = [], [], top
            line.baseline = baseline
            body.append(line)
            page_notes += new_notes
            y = baseline + style.leading
    if body:
        pages.append(_close_page(body, page_notes, bottom, style))
    return pages


def _first_note_baseline(note_lines: int, bottom: float, style: Style) -> float:
    return bottom - (note_lines - 1) * style.note_leading


def _body_limit(note_lines: int, bottom: float, style: Style) -> float:
    """The lowest body baseline allowed above `note_lines` footnote lines."""
    if not note_lines:
        return bottom
    return _first_note_baseline(note_lines, bottom, style) - RULE_ABOVE_NOTES - BODY_ABOVE_RULE


def _close_page(body: list[Drawn], notes: list[Drawn], bottom: float, style: Style) -> list[Drawn]:
    if not notes:
        return body
    first = _first_note_baseline(len(notes), bottom, style)
    for k, line in enumerate(notes):
        line.baseline = first + k * style.note_leading
    if style.rule == "none":
        return body + notes
    left, baseline = style.body_left, first - RULE_ABOVE_NOTES
    if style.rule == "text":
        rule = Drawn(Zone.FOOTNOTE_RULE, RULE_TEXT, baseline=baseline,
                     runs=[Run(left, RULE_TEXT, style.roman, style.size)])
    else:
        right = left + RULE_LENGTH if style.rule == "short" else style.body_right
        rule = Drawn(Zone.FOOTNOTE_RULE, RULE_TEXT, rule=(left, right), baseline=baseline)
    return body + [rule] + notes


def _right(text: str, font: str, size: float, right: float) -> Run:
    return Run(right - stringWidth(text, font, size), text, font, size)


def _header(symbol: str, page: int, style: Style) -> list[Drawn]:
    """The symbol (bold) and the title lines, left on even pages and right on odd ones
    (always right when the style does not alternate)."""
    left = style.alternate and page % 2 == 0
    zone = Zone.FOOTER if style.header_bottom else Zone.HEADER
    out = []
    for k, (text, baseline) in enumerate(zip((symbol, *style.header_titles), header_baselines(style))):
        font, size = (style.bold, 10.0) if k == 0 else (style.roman, 9.0)
        run = Run(style.edge_left, text, font, size) if left else _right(text, font, size, style.edge_right)
        out.append(Drawn(zone, text, runs=[run], baseline=baseline))
    return out


def _footer(job_number: str, page: int, total: int, style: Style) -> Drawn:
    """Even pages: "12/56" left, job number right; odd pages (all when the style does not
    alternate) the other way round."""
    folio = f"{page}/{total}"
    left, right = style.edge_left, style.edge_right
    if style.alternate and page % 2 == 0:
        runs = [Run(left, folio, style.bold, 9.0), _right(job_number, style.roman, 8.0, right)]
        text = f"{folio} {job_number}"
    else:
        runs = [Run(left, job_number, style.roman, 8.0), _right(folio, style.bold, 9.0, right)]
        text = f"{job_number} {folio}"
    return Drawn(Zone.FOOTER, text, runs=runs, baseline=style.footer_baseline)


def _cover_page(symbol: str, cover: dict, style: Style) -> list[Drawn]:
    roman, bold = style.roman, style.bold
    lines = [
        Drawn(Zone.COVER, f"United Nations {symbol}", baseline=60.0,
              runs=[Run(style.edge_left, "United Nations", roman, 12.0),
                    _right(symbol, bold, 14.0, style.edge_right)]),
        Drawn(Zone.COVER, "Distr.: General", baseline=100.0,
              runs=[Run(400.0, "Distr.: General", roman, 10.0)]),
        Drawn(Zone.COVER, cover["date"], baseline=112.0, runs=[Run(400.0, cover["date"], roman, 10.0)]),
        Drawn(Zone.COVER, "Original: English", baseline=136.0,
              runs=[Run(400.0, "Original: English", roman, 10.0)]),
    ]
    for i, title in enumerate(cover["title"]):
        lines.append(Drawn(Zone.COVER, title, baseline=200.0 + 15.0 * i,
                           runs=[Run(style.body_left, title, bold, 12.0)]))
    return lines


def _toc_page(entries: list[tuple[str, int]], style: Style) -> list[Drawn]:
    """The contents page: heading, a "Page" label, entries with dot leaders and page numbers."""
    left, right, top, size = style.body_left, style.body_right, style.body_top, style.size
    roman = style.roman
    lines = [
        Drawn(Zone.TOC, "Contents", baseline=top, runs=[Run(left, "Contents", style.bold, 12.0)]),
        Drawn(Zone.TOC, "Page", baseline=top + 18.0, runs=[_right("Page", roman, 8.0, right)]),
    ]
    dot = stringWidth(".", roman, size)
    for i, (title, page) in enumerate(entries):
        number = _right(str(page), roman, size, right)
        title_end = left + stringWidth(title, roman, size)
        dots = "." * int((number.x - 3.0 - (title_end + 3.0)) // dot)
        lines.append(Drawn(Zone.TOC, f"{title} {dots} {page}", baseline=top + 32.0 + 14.0 * i,
                           runs=[Run(left, title, roman, size),
                                 _right(dots, roman, size, number.x - 3.0), number]))
    return lines


def _draw(canvas: Canvas, drawn: Drawn, page_height: float) -> None:
    if drawn.rule is not None:
        canvas.setLineWidth(0.5)
        canvas.line(drawn.rule[0], page_height - drawn.baseline, drawn.rule[1], page_height - drawn.baseline)
    for run in drawn.runs:
        text = canvas.beginText(run.x, page_height - drawn.baseline + run.rise)
        text.setFont(run.font, run.size)
        text.setCharSpace(run.char_space)
        text.textOut(run.text)
        canvas.drawText(text)
