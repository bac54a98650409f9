"""Segment stage: how the report's structure is printed.

The patterns of chapter, section, adopted-text and annex headings, of numbered, lettered and
roman labels, and the tests on one block's text that the segmenter (`structure`) decides
with: `is_heading`, `is_heading_like`, `split_label`, `is_roman`, `next_letter`, `annex_name`;
whether "(i)" is a roman sub-item or a letter (`is_roman_item`), and the number label of the
next block (`next_numbers`), which it looks ahead to.
A block that starts in lower case (`CONTINUATION_START`) continues the block before it.
"""
from __future__ import annotations

import regex as re

from pipeline.common import sequences

# A chapter heading: "I. Resolutions and decisions adopted by the Conference", "XI. Adoption ...".
CHAPTER = re.compile(r"^(?P<roman>[IVXL]+)\.\s+(?P<title>\S.*)$", re.S)
# A section heading: "A. Resolutions", "D. Participation".
SECTION = re.compile(r"^(?P<letter>[A-Z])\.\s+(?P<title>\S.*)$", re.S)
# The heading of an adopted text: "Resolution 11/1", "Decision 11/2".
TEXT_HEADING = re.compile(r"^(?P<kind>Resolution|Decision)\s+(?P<symbol>(?P<session>\d{1,3})/(?P<number>\d{1,3}))$")
# An annex heading: "Annex", "Annex I", "Annex II".
ANNEX_HEADING = re.compile(r"^Annex(?:\s+(?P<label>[IVXL]+))?$")
# A numbered paragraph or item: "15. The President referred ...", "1. Endorses ...", "1. Organizational matters:".
NUMBER_LABEL = re.compile(r"^(?P<label>\d{1,3})\.\s+(?P<rest>\S.*)$", re.S)
# A lettered or roman item, blanks inside tolerated: "(a) States parties ...", "( ii) pursuing ...".
LETTER_LABEL = re.compile(r"^\(\s?(?P<label>[a-z]{1,4})\)\s*(?P<rest>\S.*)$", re.S)
# A valid roman numeral (upper or lower case): "XIV", "iii".
ROMAN = re.compile(r"^(?=[ivxlIVXL])(?:l|L)?(?:x|X){0,3}(?:ix|IX|iv|IV|(?:v|V)?(?:i|I){0,3})$")
# Closing punctuation of a sentence or clause, before any closing brackets or quotes:
# "...the present resolution." / "...Organized Crime," / "...as follows:" (a heading has none).
CLAUSE_END = re.compile(r"[.;:,!?][)”’\"\]]*$")
# A draft text named in an annex: "Revised draft decision on ...", "draft resolution".
DRAFT_KIND = re.compile(r"\bdraft\s+(?P<kind>decision|resolution)\b", re.I)
# Words that cannot end a complete heading, so a heading that ends in one goes on in the next
# block: "Recommendations adopted by the Working Group at its twelfth meeting, held on 25 and".
OPEN_END = re.compile(r"\b(?:of|the|and|or|in|on|for|to|at|by|with|against|from|a|an)$", re.I)
# A block continuing the one before it starts in lower case or with a number that is not a label:
# "provisions on international ...", "19 October 2012, entitled ..." (but not "2. Requests").
CONTINUATION_START = re.compile(r"^(?:\p{Ll}|\d{1,4}\b(?!\.\s))")
HEADING_MAX_WORDS = 40
# A roman sub-item inside a block's text, blanks inside tolerated: "namely: (i) prevention; ( ii) pursuit".
INLINE_ROMAN = re.compile(r"(?<=[\s:;])\(\s?([ivxl]{1,5})\s?\)(?=\s)")


def is_heading_like(text: str) -> bool:
    """No closing punctuation: "Other matters", "Transfer of sentenced persons (article 17 ...)"."""
    return not CLAUSE_END.search(text.rstrip())


def is_heading(text: str) -> bool:
    """A complete heading: no closing punctuation, not ending in a word that needs more ("... of"),
    and short.  "Recalling its resolution 6/1 of" is the first half of a split paragraph."""
    return is_heading_like(text) and not OPEN_END.search(text.rstrip()) and len(text.split()) <= HEADING_MAX_WORDS


def is_roman(label: str) -> bool:
    return bool(ROMAN.match(label))


def split_label(text: str) -> tuple[str | None, str | None, str]:
    """("number", "15", rest) / ("letter", "a", rest) / (None, None, text)."""
    if m := NUMBER_LABEL.match(text):
        return "number", m["label"], m["rest"]
    if m := LETTER_LABEL.match(text):
        return "letter", m["label"], m["rest"]
    return None, None, text


def next_letter(label: str) -> str:
    return chr(ord(label[-1]) + 1) if len(label) == 1 else label


def annex_name(heading: str) -> str:
    """"Annex II" -> "annex II", "Annex" -> "annex"."""
    return "annex" + heading[len("Annex"):]


def roman_item_value(label: str) -> int:
    return sequences.value(label, sequences.ROMAN) or 0


def is_roman_item(label: str, roman_next: int | None, previous: str | None) -> bool:
    """A roman sub-item: "(i)" after a chapeau ("... as follows:"), or a numeral that goes on
    from the run begun, on lines of their own or inside the block before ("namely: (i) prevention;
    (ii) pursuit;" then "(iii) protection"); else "(i)" is the letter after "(h)"."""
    if not is_roman(label):
        return False
    if roman_next is None and (inline := INLINE_ROMAN.findall(previous or "")):
        roman_next = roman_item_value(inline[-1]) + 1
    if roman_next is None:
        return label == "i" and (previous or "").rstrip().endswith(":")
    return sequences.continues(roman_item_value(label), roman_next - 1)


def next_numbers(texts: list[str]) -> list[int | None]:
    """For each block, the number label of the next block that has one ("3." -> 3): what the
    segmenter looks ahead to, to tell a slip of a text's numbering from the report resuming."""
    out: list[int | None] = [None] * len(texts)
    following: int | None = None
    for i in range(len(texts) - 1, -1, -1):
        out[i] = following
        kind, label, _ = split_label(texts[i])
        if kind == "number" and label is not None:
            following = int(label)
    return out
