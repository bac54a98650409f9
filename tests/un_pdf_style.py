"""How `un_pdf` typesets a document: paper, margins, type, paragraph separation, alignment,
footnote separator and running header.  The defaults of `Style` are the UN layout that
`un_pdf` describes; tests/test_pdf_styles.py draws others at random.

Geometry is in points from the page's top-left corner, as the reader measures it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re
from reportlab.lib.pagesizes import A4

# How blocks are told apart:
# "indent"     first-line indent, no space between blocks;
# "space"      space between blocks, no indent;
# "both"       both (the default: 28 pt indent, 6 pt space);
# "singletxt"  UN SingleTxt: a label ("12.", "I.") at the column edge and the text at a tab,
#              continuation lines back at the column edge ("(a)" items one tab further in);
#              space between blocks;
# "hanging"    the label of a paragraph or heading in a gutter left of the column, its text at
#              the column edge; "(a)" items one tab in, their text and continuation lines under
#              one another two tabs in.
SEPARATIONS = ("indent", "space", "both", "singletxt", "hanging")
# The footnote separator: a drawn rule 144 pt long, a drawn rule across the column, a text
# line of underscores, or nothing (the footnotes' smaller type after a gap).
RULES = ("short", "full", "text", "none")

HEADER_STEP = 11.0           # between the lines of a running header
RULE_LENGTH, RULE_ABOVE_NOTES, BODY_ABOVE_RULE = 144.0, 12.0, 10.0
NOTE_NUMBER_DX, NOTE_TEXT_DX = 14.0, 28.0    # right of the column edge

# The label that opens a block: "12. ", "(c) ", "IV. ", "B. ".
LABEL = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,2}\)|[IVXL]{1,6}\.|[A-Z]\.) ")


@dataclass(frozen=True)
class Style:
    page: tuple[float, float] = A4
    body_left: float = 127.6          # the text column
    body_right: float = 502.0
    edge_left: float = 72.0           # running header and footer
    edge_right: float = A4[0] - 72.0
    header_baseline: float = 50.0     # the first line of a header at the top
    body_top: float = 86.0            # the first body baseline under a one-line header
    body_bottom: float = 770.0        # the lowest body or footnote baseline above the footer
    footer_baseline: float = 808.0
    family: str = "Times"             # or "Helvetica": regular and bold
    size: float = 10.0                # body type; markers, footnotes scale with it
    leading: float = 12.0
    separation: str = "both"          # one of SEPARATIONS
    indent: float = 28.0              # first-line indent, tab after a label, gutter
    block_space: float = 6.0          # between blocks
    heading_space: float = 12.0       # before a heading
    justify: bool = True              # or ragged right (headings are always ragged)
    rule: str = "short"               # one of RULES
    header_titles: tuple[str, ...] = ()   # a short title under the symbol, 0-2 lines
    header_bottom: bool = False       # the header block above the footer instead of at the top
    alternate: bool = True            # header and footer change sides on even pages

    def __post_init__(self) -> None:
        assert self.separation in SEPARATIONS and self.rule in RULES, self

    @property
    def roman(self) -> str:
        return "Times-Roman" if self.family == "Times" else self.family

    @property
    def bold(self) -> str:
        return f"{self.family}-Bold"

    @property
    def sup_size(self) -> float:
        return 0.6 * self.size

    @property
    def sup_rise(self) -> float:
        return 0.35 * self.size

    @property
    def note_size(self) -> float:
        return 0.8 * self.size

    @property
    def note_leading(self) -> float:
        return 0.95 * self.size

    @property
    def note_sup_rise(self) -> float:
        return 0.25 * self.size


def body_area(style: Style) -> tuple[float, float]:
    """The first and the lowest body baselines, room made for the header's extra lines."""
    titles = len(style.header_titles) * HEADER_STEP
    if style.header_bottom:
        return style.body_top - HEADER_STEP, style.body_bottom - HEADER_STEP - titles
    return style.body_top + titles, style.body_bottom


def header_baselines(style: Style) -> list[float]:
    """The baseline of each header line: the symbol, then the title lines."""
    count = 1 + len(style.header_titles)
    if style.header_bottom:
        last = style.footer_baseline - 2 * HEADER_STEP
        return [last - HEADER_STEP * (count - 1 - k) for k in range(count)]
    return [style.header_baseline + HEADER_STEP * k for k in range(count)]


def block_geometry(style: Style, block: dict) -> tuple[float | None, float, float]:
    """Where a block is set: the x of its label drawn apart (None: the label runs in the
    text), of its first line's text and of its other lines."""
    left, tab = style.body_left, style.indent
    heading, item = block["kind"] == "heading", block["kind"] == "list_item"
    if style.separation in ("indent", "both"):
        return None, left + tab if block.get("indent", True) else left, left
    if style.separation == "space" or not LABEL.match(block["text"]):
        return None, left, left
    if style.separation == "singletxt":
        if item:
            return left + tab, left + 2 * tab, left
        return left, left + tab, left + tab if heading else left
    if item:
        return left + tab, left + 2 * tab, left + 2 * tab
    return left - tab, left, left
