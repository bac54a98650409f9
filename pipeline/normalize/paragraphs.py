"""Rebuild paragraph-level blocks from body lines, across line and page breaks.

For PDF input the page layout has decided where blocks start (`Line.starts_block`, see
`ingest.block_starts`): a line it does not open continues the block before it, and a line
it opens is a heading, a paragraph or a list item by its label and the numbered sequences.
For text input a block starts on an indented line, or on a line that opens the next item of
a numbered sequence even when its indentation was lost at a page break: the next report paragraph
("3. The Conference"), the next operative paragraph ("9. Encourages"), the next lettered
item ("(c) States"), the next chapter ("IV. Review") or section ("B. Decisions").
Sequences decide only the ambiguous case, a line that is not indented: a wrapped line that
happens to begin with "17. The" does not open a block, but a label the sequence does not
expect ("5." printed for 6, "(d)" twice) opens one after a line that ends a sentence or
clause, so that a slip of the numbering never folds a paragraph into the one before.
Lines of other zones (headers, footers, footnotes) are not part of the body, so a paragraph that a footnote block or a page break interrupts continues.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common.records import Line, Zone

# A numbered paragraph or item: "3. The Conference", "  12. Encourages".
NUMBERED = re.compile(r"^\s*(?P<n>\d{1,3})\.\s+(?P<first>\S)")
# How many numbers a report paragraph may skip (a gap in the source's own numbering, which
# the QA reports) and still open a block, when it starts like a sentence: "52. The".
MAX_SKIPPED = 2
# The end of a sentence or clause on the line before, maybe with a footnote marker after it:
# "... the following resolutions:", "... thereto.2", "... Organized Crime;". A label that the
# numbering does not expect opens a block only after one (a wrapped line may begin "17. The").
SENTENCE_END = re.compile(r"[.;:!?][)”’\"\]]*(?:\s?\d{1,3})?\s*$")
# A lettered item: "(a) States parties", "  (b) Requested".
LETTERED = re.compile(r"^\s*\((?P<letter>[a-z])\)\s+\S")
# A chapter heading: "  I. Resolutions and decisions", " IX. Other matters".
CHAPTER = re.compile(r"^\s*(?P<roman>[IVXL]+)\.\s+\S")
# A section heading: " A. Resolutions", " B. Election of officers".
SECTION = re.compile(r"^\s*(?P<letter>[A-Z])\.\s+\S")
# A heading that names an adopted text or an annex: "Resolution 11/1", "Decision 11/2", "Annex II".
TEXT_HEADING = re.compile(r"^\s*(?:(?:Resolution|Decision)\s+\d+/\d+|Annex(?:\s+[IVXL]+)?)\s*$")
# A fixed sub-heading of the report, maybe numbered: "Action taken by the Conference",
# "1. Deliberations", "2. Action taken by the Conference".
SUBHEADING = re.compile(r"^\s*(?:\d{1,2}\.\s+)?(?:Action taken by the Conference|Deliberations)\s*$")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    """'XIV' -> 14."""
    total = 0
    for ch, nxt in zip(numeral, numeral[1:] + " "):
        v = _ROMAN[ch]
        total += -v if nxt != " " and _ROMAN[nxt] > v else v
    return total


@dataclass
class RawBlock:
    kind: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Sequences:
    """The next expected number of each numbered sequence."""

    report: int = 1
    items: int = 1
    in_items: bool = False   # the last numbered block was an item and no heading came since
    letter: str = "a"
    chapter: int = 1
    section: str = "A"
    sentence_ended: bool = True     # the body line before ends a sentence or clause, or is a heading
    after_heading: bool = False     # the body line before is (in) a heading


def group_blocks(lines: list[Line]) -> list[RawBlock]:
    """Group body lines into blocks with a kind: heading, paragraph or list_item."""
    seq = _Sequences()
    blocks: list[RawBlock] = []
    title_expected = False
    for line in lines:
        if line.zone is not Zone.BODY:
            continue
        kind = _block_start(line, seq)
        if kind is None and title_expected and len(blocks[-1].lines) == 1:
            kind = "heading"        # "Resolution 11/1", "Annex I" stand alone: the title follows
        if kind is None and blocks:
            blocks[-1].lines.append(line)
        else:
            kind = kind or "paragraph"
            if title_expected and kind == "paragraph":
                kind = "heading"
            title_expected = bool(TEXT_HEADING.match(line.text))
            blocks.append(RawBlock(kind, [line]))
        seq.after_heading = blocks[-1].kind == "heading"
        seq.sentence_ended = seq.after_heading or bool(SENTENCE_END.search(line.text))
    return blocks


def _block_start(line: Line, seq: _Sequences) -> str | None:
    """The kind of block `line` opens, or None when it continues the current block."""
    text = line.text
    if line.starts_block is False:
        return None                 # the page layout says this line continues a block
    opens = line.indented if line.starts_block is None else line.starts_block
    offset = opens or text[:1].isspace()
    if offset and (m := CHAPTER.match(text)) and _is_roman(m["roman"]):
        value = roman_value(m["roman"])
        if value in (1, seq.chapter):
            seq.chapter, seq.section = value + 1, "A"
            return _heading(seq)
    if offset and (m := SECTION.match(text)) and m["letter"] in ("A", seq.section):
        seq.section = chr(ord(m["letter"]) + 1)
        return _heading(seq)
    if TEXT_HEADING.match(text) or SUBHEADING.match(text):
        return _heading(seq)
    if m := NUMBERED.match(text):
        n = int(m["n"])
        items_first = line.indented or seq.in_items
        for name in (("items", "report") if items_first else ("report", "items")):
            if n == getattr(seq, name):
                setattr(seq, name, n + 1)
                seq.in_items = name == "items"
                return "list_item" if seq.in_items else "paragraph"
        if n == 1:
            seq.items, seq.in_items = 2, True
            return "list_item"
        if not line.indented and m["first"].isupper() and seq.report < n <= seq.report + MAX_SKIPPED:
            seq.report, seq.in_items = n + 1, False
            return "paragraph"
        # a slip of the numbering ("5." printed for 6, "2." for the 1 a part restarts at, "3."
        # for an item's 2) still opens its paragraph or item
        slip = not line.indented and m["first"].isupper() and seq.sentence_ended
        if (opens or slip) and seq.in_items and abs(n - seq.items) <= MAX_SKIPPED:
            seq.items = n + 1
            return "list_item"
        if slip and (abs(n - seq.report) <= MAX_SKIPPED or (seq.after_heading and n <= 1 + MAX_SKIPPED)):
            seq.report, seq.in_items = n + 1, False
            return "paragraph"
        if opens and seq.in_items:
            seq.items = n + 1
            return "list_item"
    if m := LETTERED.match(text):
        letter = m["letter"]
        if letter in ("a", seq.letter) or seq.sentence_ended or opens:
            seq.letter = chr(ord(letter) + 1)
            return "list_item"
    if opens:
        return "paragraph"
    return None


def _heading(seq: _Sequences) -> str:
    """A heading closes the numbered and lettered lists before it."""
    seq.items, seq.in_items, seq.letter = 1, False, "a"
    return "heading"


def _is_roman(numeral: str) -> bool:
    return re.fullmatch(r"L?X{0,3}(?:IX|IV|V?I{0,3})", numeral) is not None and numeral != ""
