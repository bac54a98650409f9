"""Typed records passed between stages.

Every stage takes and returns these dataclasses; each one maps 1:1 to a row of
a table whose schema lives in ``schemas/<table>.json``.  Field names here are
the column names there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Zone(str, Enum):
    """Where a line sits on its page."""

    BODY = "body"
    HEADER = "header"          # running header: the document symbol
    FOOTER = "footer"          # job number and "n/N"
    FOOTNOTE_RULE = "footnote_rule"  # the short rule (or line of underscores) above footnotes
    FOOTNOTE = "footnote"      # footnote text and footnote URL lines
    URL = "url"                # a stray hyperlink line outside a footnote block
    BLANK = "blank"
    COVER = "cover"            # cover page (symbol, distribution, date, title)
    TOC = "toc"                # table of contents


@dataclass
class Line:
    """One physical line of the source, as read (before any repair)."""

    doc_id: str
    line_no: int               # 1-based, over the whole document
    text: str                  # as extracted, trailing blanks removed
    zone: Zone = Zone.BODY
    page: int | None = None    # 1-based page number, None when unknown (text input)
    page_line: int | None = None  # 1-based line number on the page
    indented: bool = False     # first-line indent: a paragraph or heading may start here
    x0: float | None = None    # PDF geometry, points from the page's top-left corner
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    font_size: float | None = None
    bold: bool | None = None
    starts_block: bool | None = None  # PDF only: the layout opens a block here (see ingest.block_starts)
    superscript_offsets: list[int] | None = None  # PDF only: where a raised number starts in `text`

    def __post_init__(self) -> None:
        self.zone = Zone(self.zone)


@dataclass(kw_only=True)
class PlacedLine(Line):
    """A line on a PDF page, whose page and place are always known: a footnote rule drawn on
    the page (`ingest.footnote_area`) is one; every other line of a PDF is a `PdfLine`.
    The same columns as `Line`, in the same order (lines read back from a table are `Line`)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(kw_only=True)
class PdfLine(PlacedLine):
    """A line of words read from a PDF page (`ingest.layout`): its type is known too."""

    font_size: float
    bold: bool


@dataclass
class Document:
    """One input document and what its own text says about itself."""

    doc_id: str
    source_name: str           # file name of the input, without its folder
    source_sha256: str
    source_format: str         # "pdf" or "text"
    document_kind: str         # "cop_report" (extracted) or "un_document" (layout tables only)
    page_count: int | None
    line_count: int
    symbol: str | None = None          # "CTOC/COP/2022/9"
    job_number: str | None = None      # "V.22-25156"
    session_number: int | None = None  # 11
    session_ordinal: str | None = None  # "eleventh"
    city: str | None = None
    start_date: str | None = None      # ISO dates
    end_date: str | None = None
    title: str | None = None
    has_cover: bool = False
    has_toc: bool = False


@dataclass
class Footnote:
    doc_id: str
    footnote_id: int           # 1-based order of appearance in the document
    number: int                # as printed (numbering may restart, e.g. in an annex)
    text: str
    urls: list[str] = field(default_factory=list)
    page: int | None = None
    line_start: int = 0
    line_end: int = 0
    number_expected: int | None = None   # the number the sequence expected, when the printed one is a slip


@dataclass
class FootnoteRef:
    """A footnote marker found in the body, taken out of the block text."""

    doc_id: str
    block_id: int
    footnote_id: int
    number: int
    char_offset: int           # position in the block's repaired text where the marker stood


@dataclass
class Block:
    """A paragraph-level unit of body text, rebuilt across lines and pages."""

    doc_id: str
    block_id: int              # 1-based order in the document
    kind: str                  # "heading", "paragraph" or "list_item"
    text: str
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int
    footnote_numbers: list[int] = field(default_factory=list)


@dataclass
class Repair:
    """One split-word artifact mended by the normalizer."""

    doc_id: str
    block_id: int
    line_no: int
    before: str                # "cooperat ion"
    after: str                 # "cooperation"
    rule: str                  # "split_word", "line_end_hyphen", "line_end_slash" or a spacing shape (normalize.spacing)


@dataclass
class QaIssue:
    """A finding on the source or its extraction: a row of qa_issues.  The QA checks make them
    from the published tables; the extractors make them for what they notice while reading
    (an agenda item found twice, a document listed without a symbol)."""

    doc_id: str
    check: str
    message: str
    table: str
    row_key: str
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    severity: str = ""          # error, warning or info; the check's own when left empty
    category: str = ""          # one of validate.qa.CATEGORIES; the check's own when left empty
    quote: str | None = None    # the sentence concerned, as printed
