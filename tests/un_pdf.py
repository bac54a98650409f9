"""Build PDFs laid out like UN documents, for the tests of the PDF reader.

The layout imitates a UN report: A4, 10 pt Times-Roman body justified by spreading the
words (no space characters are drawn, so the reader must find words by their gaps), each
block's first line indented, headings in Times-Bold, a running header (the symbol, bold, left
on even pages, right on odd ones, not on the cover), a footer (job number and "n/N" on
alternating sides), footnotes in 8 pt under a short rule at the foot of the page where their
6 pt raised marker falls, an optional cover page and contents page.  Letter spacing cycles
through `CHAR_SPACES` so words are not drawn with their glyphs touching on every line.

`layout_un_document` returns what is drawn, line by line, with the text the reader should
read back; `build_un_pdf` draws it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pipeline.common.records import Zone

PAGE_W, PAGE_H = A4
EDGE_LEFT, EDGE_RIGHT = 72.0, PAGE_W - 72.0      # running header and footer
BODY_LEFT, BODY_RIGHT = 127.6, 502.0             # body text column
INDENT = 28.0                                    # first line of a block
HEADER_BASELINE, BODY_TOP, BODY_BOTTOM, FOOTER_BASELINE = 50.0, 86.0, 770.0, 808.0
ROMAN, BOLD = "Times-Roman", "Times-Bold"
BODY_SIZE, LEADING, BLOCK_SPACE, HEADING_SPACE = 10.0, 12.0, 6.0, 12.0
SUP_SIZE, SUP_RISE, NOTE_SUP_RISE = 6.0, 3.5, 2.5
NOTE_SIZE, NOTE_LEADING = 8.0, 9.5
NOTE_NUMBER_X, NOTE_TEXT_X = BODY_LEFT + 14.0, BODY_LEFT + 28.0
RULE_LENGTH, RULE_ABOVE_NOTES, BODY_ABOVE_RULE = 144.0, 12.0, 10.0
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
                 encrypt_password: str | None = None) -> int:
    """Write the document to `path`; return its page count."""
    pages = layout_un_document(symbol=symbol, job_number=job_number, blocks=blocks,
                               footnotes=footnotes, cover=cover, toc=toc)
    encrypt = (StandardEncryption(encrypt_password, ownerPassword=encrypt_password + "-owner")
               if encrypt_password else None)
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for page in pages:
        for drawn in page:
            _draw(canvas, drawn)
        canvas.showPage()
    canvas.save()
    return len(pages)


def layout_un_document(*, symbol: str, job_number: str, blocks: list[dict],
                       footnotes: list[dict], cover: dict | None = None,
                       toc: list[tuple[str, int]] | None = None) -> list[list[Drawn]]:
    """The lines of each page in reading order (header, body, rule, footnotes, footer).

    `cover` is {"date": str, "title": [str, ...]}; `toc` lists (entry, page number).
    """
    pages: list[list[Drawn]] = []
    if cover is not None:
        pages.append(_cover_page(symbol, cover))
    front = len(pages)
    if toc is not None:
        pages.append(_toc_page(toc))
    pages += _body_pages(blocks, [(n["number"], n["text"]) for n in footnotes])
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if number > front:
            page.insert(0, _header(symbol, number))
            page.append(_footer(job_number, number, total))
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


def _segment_width(text: str, sup: bool, font: str, size: float, char_space: float) -> float:
    return stringWidth(text, font, SUP_SIZE if sup else size) + char_space * len(text)


def _token_width(token: Token, font: str, size: float, char_space: float) -> float:
    return sum(_segment_width(t, sup, font, size, char_space) for t, sup in token)


def _set_lines(tokens: list[Token], font: str, size: float, first: tuple[float, float],
               rest: tuple[float, float], rise: float, justify: bool) -> list[Drawn]:
    """Break `tokens` into lines (first line from x `first[0]` to `first[1]`, then `rest`)."""
    space = stringWidth(" ", font, size)
    lines: list[Drawn] = []
    i = 0
    while i < len(tokens):
        left, right = first if not lines else rest
        char_space = CHAR_SPACES[len(lines) % len(CHAR_SPACES)]
        widths: list[float] = []
        while i + len(widths) < len(tokens):
            w = _token_width(tokens[i + len(widths)], font, size, char_space)
            if widths and sum(widths) + w + space * len(widths) > right - left:
                break
            widths.append(w)
        line_tokens = tokens[i:i + len(widths)]
        i += len(widths)
        gap = space
        if justify and i < len(tokens) and len(widths) > 1:
            gap = (right - left - sum(widths)) / (len(widths) - 1)
        lines.append(_place(line_tokens, widths, left, gap, font, size, rise, char_space))
    return lines


def _place(tokens: list[Token], widths: list[float], x: float, gap: float, font: str,
           size: float, rise: float, char_space: float) -> Drawn:
    runs: list[Run] = []
    for token, width in zip(tokens, widths):
        pos = x
        for text, sup in token:
            runs.append(Run(pos, text, font, SUP_SIZE if sup else size, rise if sup else 0.0,
                            char_space))
            pos += _segment_width(text, sup, font, size, char_space)
        x += width + gap
    markers = [int(t) for token in tokens for t, sup in token if sup]
    return Drawn(Zone.BODY, " ".join(_reading(t) for t in tokens), runs=runs, markers=markers)


def _block_lines(block: dict) -> list[Drawn]:
    """A block's lines; its first line is indented unless the block says `"indent": False`
    (a report paragraph, whose number stands at the margin)."""
    heading = block["kind"] == "heading"
    indent = block.get("indent", True)
    lines = _set_lines(_tokens(block["text"], block.get("refs", [])),
                       BOLD if heading else ROMAN, BODY_SIZE,
                       (BODY_LEFT + (INDENT if indent else 0.0), BODY_RIGHT), (BODY_LEFT, BODY_RIGHT),
                       SUP_RISE, justify=not heading)
    lines[0].indented = indent
    return lines


def _note_lines(number: int, text: str) -> list[Drawn]:
    """A footnote: its raised number, then the text; continuation lines flush left."""
    lines = _set_lines(_tokens(text, []), ROMAN, NOTE_SIZE, (NOTE_TEXT_X, BODY_RIGHT),
                       (BODY_LEFT, BODY_RIGHT), 0.0, justify=True)
    first = lines[0]
    first.runs.insert(0, Run(NOTE_NUMBER_X, str(number), ROMAN, SUP_SIZE, NOTE_SUP_RISE))
    first.text = f"{number} {first.text}"
    first.indented = True
    for line in lines:
        line.zone = Zone.FOOTNOTE
    return lines


def _body_pages(blocks: list[dict], notes: list[tuple[int, str]]) -> list[list[Drawn]]:
    """Flow the blocks over pages; a line goes to the next page with its footnotes when the
    line and the footnotes it marks do not fit above the footnotes already on the page.
    Markers take the footnotes in order (numbers may restart, as in an annex)."""
    queue = iter(notes)
    pages: list[list[Drawn]] = []
    body: list[Drawn] = []
    page_notes: list[Drawn] = []
    y = BODY_TOP
    for block in blocks:
        space = HEADING_SPACE if block["kind"] == "heading" else BLOCK_SPACE
        for i, line in enumerate(_block_lines(block)):
            new_notes = [ln for _ in line.markers for ln in _note_lines(*next(queue))]
            baseline = y + (space if i == 0 and body else 0.0)
            if baseline > _body_limit(len(page_notes) + len(new_notes)):
                if not body:
                    raise ValueError("a line and its footnotes do not fit on a page")
                pages.append(_close_page(body, page_notes))
                body, page_notes, baseline = [], [], BODY_TOP
            line.baseline = baseline
            body.append(line)
            page_notes += new_notes
            y = baseline + LEADING
    if body:
        pages.append(_close_page(body, page_notes))
    return pages


def _first_note_baseline(note_lines: int) -> float:
    return BODY_BOTTOM - (note_lines - 1) * NOTE_LEADING


def _body_limit(note_lines: int) -> float:
    """The lowest body baseline allowed above `note_lines` footnote lines."""
    if not note_lines:
        return BODY_BOTTOM
    return _first_note_baseline(note_lines) - RULE_ABOVE_NOTES - BODY_ABOVE_RULE


def _close_page(body: list[Drawn], notes: list[Drawn]) -> list[Drawn]:
    if not notes:
        return body
    first = _first_note_baseline(len(notes))
    rule = Drawn(Zone.FOOTNOTE_RULE, RULE_TEXT, rule=(BODY_LEFT, BODY_LEFT + RULE_LENGTH),
                 baseline=first - RULE_ABOVE_NOTES)
    for k, line in enumerate(notes):
        line.baseline = first + k * NOTE_LEADING
    return body + [rule] + notes


def _right(text: str, font: str, size: float, right: float = EDGE_RIGHT) -> Run:
    return Run(right - stringWidth(text, font, size), text, font, size)


def _header(symbol: str, page: int) -> Drawn:
    run = Run(EDGE_LEFT, symbol, BOLD, 10.0) if page % 2 == 0 else _right(symbol, BOLD, 10.0)
    return Drawn(Zone.HEADER, symbol, runs=[run], baseline=HEADER_BASELINE)


def _footer(job_number: str, page: int, total: int) -> Drawn:
    """Even pages: "12/56" left, job number right; odd pages the other way round."""
    folio = f"{page}/{total}"
    if page % 2 == 0:
        runs = [Run(EDGE_LEFT, folio, BOLD, 9.0), _right(job_number, ROMAN, 8.0)]
        text = f"{folio} {job_number}"
    else:
        runs = [Run(EDGE_LEFT, job_number, ROMAN, 8.0), _right(folio, BOLD, 9.0)]
        text = f"{job_number} {folio}"
    return Drawn(Zone.FOOTER, text, runs=runs, baseline=FOOTER_BASELINE)


def _cover_page(symbol: str, cover: dict) -> list[Drawn]:
    lines = [
        Drawn(Zone.COVER, f"United Nations {symbol}", baseline=60.0,
              runs=[Run(EDGE_LEFT, "United Nations", ROMAN, 12.0), _right(symbol, BOLD, 14.0)]),
        Drawn(Zone.COVER, "Distr.: General", baseline=100.0,
              runs=[Run(400.0, "Distr.: General", ROMAN, 10.0)]),
        Drawn(Zone.COVER, cover["date"], baseline=112.0, runs=[Run(400.0, cover["date"], ROMAN, 10.0)]),
        Drawn(Zone.COVER, "Original: English", baseline=136.0,
              runs=[Run(400.0, "Original: English", ROMAN, 10.0)]),
    ]
    for i, title in enumerate(cover["title"]):
        lines.append(Drawn(Zone.COVER, title, baseline=200.0 + 15.0 * i,
                           runs=[Run(BODY_LEFT, title, BOLD, 12.0)]))
    return lines


def _toc_page(entries: list[tuple[str, int]]) -> list[Drawn]:
    """The contents page: heading, a "Page" label, entries with dot leaders and page numbers."""
    lines = [
        Drawn(Zone.TOC, "Contents", baseline=BODY_TOP, runs=[Run(BODY_LEFT, "Contents", BOLD, 12.0)]),
        Drawn(Zone.TOC, "Page", baseline=BODY_TOP + 18.0, runs=[_right("Page", ROMAN, 8.0, BODY_RIGHT)]),
    ]
    dot = stringWidth(".", ROMAN, BODY_SIZE)
    for i, (title, page) in enumerate(entries):
        number = _right(str(page), ROMAN, BODY_SIZE, BODY_RIGHT)
        title_end = BODY_LEFT + stringWidth(title, ROMAN, BODY_SIZE)
        dots = "." * int((number.x - 3.0 - (title_end + 3.0)) // dot)
        lines.append(Drawn(Zone.TOC, f"{title} {dots} {page}", baseline=BODY_TOP + 32.0 + 14.0 * i,
                           runs=[Run(BODY_LEFT, title, ROMAN, BODY_SIZE),
                                 _right(dots, ROMAN, BODY_SIZE, number.x - 3.0), number]))
    return lines


def _draw(canvas: Canvas, drawn: Drawn) -> None:
    if drawn.rule is not None:
        canvas.setLineWidth(0.5)
        canvas.line(drawn.rule[0], PAGE_H - drawn.baseline, drawn.rule[1], PAGE_H - drawn.baseline)
    for run in drawn.runs:
        text = canvas.beginText(run.x, PAGE_H - drawn.baseline + run.rise)
        text.setFont(run.font, run.size)
        text.setCharSpace(run.char_space)
        text.textOut(run.text)
        canvas.drawText(text)
