"""Extract stage: the paragraphs of adopted texts (a row of resolution_paragraphs each).

Every paragraph of a resolution, decision or quoted draft in order: opening, preamble,
operative paragraphs and their lettered sub-items, subheadings, items of an embedded list;
with the paragraph a sub-item hangs off and the lead phrase a paragraph opens with.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.extract.units import Unit, by_text
from pipeline.segment.structure import Segment

# A lead phrase: "Recalling also", "Bearing in mind", "Strongly encourages", "Also requests",
# "Taking note with appreciation", "Remaining deeply concerned", "Calls upon", "Expressing concern".
LEAD_ADVERB = r"(?:[Aa]lso|[Ff]urther(?:more)?|(?:[Oo]nce\s+)?[Aa]gain|\p{L}{3,}ly)"
LEAD_HEAD = r"(?:\p{L}+(?:ing|ed|es|s)|[Mm]indful|[Aa]ware|[Cc]onscious|[Cc]ognizant|[Dd]esirous)"
LEAD_TAIL = (rf"(?:\s+(?:{LEAD_ADVERB}(?:\s+\p{{Ll}}+ed\b)?|in\s+mind|into\s+(?:account|consideration)|note|upon"
             r"|with\s+(?:\p{Ll}+\s+)?(?:appreciation|satisfaction|concern|interest|regret)|alarm|concern))*")
LEAD = re.compile(rf"^(?=\p{{Lu}})(?:{LEAD_ADVERB}\s+)*{LEAD_HEAD}{LEAD_TAIL}(?=[\s,;:.]|$)")
# The first word of a sub-item that continues a chapeau, unless a function word:
# "Implement" (after "... to:"), "Improve" (after "... the following actions below:"), not "That".
FIRST_WORD = re.compile(r"^(?!(?:The|A|An|That|This|These|Those|In|On|For|With|By|At|Of|As|Where|When|If|Any|All"
                        r"|Each|Its|Their|Such)\b)\p{Lu}\p{Ll}+\b")


# --- records --------------------------------------------------------------------------------

@dataclass
class ResolutionParagraph:
    doc_id: str
    resolution_id: int
    paragraph_id: int
    symbol: str | None
    part: str                   # opening, preamble, operative, subheading, list_heading, list
    level: int
    number: int | None
    label: str | None
    label_expected: str | None      # the label the numbering expected, when the printed one is a slip
    parent: int | None
    lead_phrase: str | None
    text: str
    footnote_numbers: list[int]
    block_id: int
    block_end: int
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int


# --- paragraphs -----------------------------------------------------------------------------

TEXT_PARTS = ("opening", "preamble", "operative", "subheading", "list_heading", "list")


def extract_paragraphs(units: list[Unit]) -> list[ResolutionParagraph]:
    out: list[ResolutionParagraph] = []
    for text_id, text_units in by_text(units).items():
        rows: list[ResolutionParagraph] = []
        paths: dict[str, int] = {}        # structure path -> paragraph_id
        opening: int | None = None
        for u in (u for u in text_units if u.segment.part in TEXT_PARTS):
            seg = u.segment
            parent = _parent(seg, paths, opening)
            parent_row = rows[parent - 1] if parent else None
            rows.append(ResolutionParagraph(
                doc_id=seg.doc_id, resolution_id=text_id, paragraph_id=len(rows) + 1, symbol=seg.text_symbol,
                part=seg.part, level=parent_row.level + 1 if parent_row else 1,
                number=int(seg.label) if seg.label and seg.label.isdigit() else None,
                label=seg.label, label_expected=seg.label_expected, parent=parent,
                lead_phrase=lead_phrase(u.body, parent_row.text if parent_row else None)
                if seg.part in ("preamble", "operative") else None,
                text=u.body, footnote_numbers=u.footnote_numbers, **u.span()))
            paths[seg.structure] = len(rows)
            opening = len(rows) if seg.part == "opening" else opening
        out.extend(rows)
    return out


def _parent(seg: Segment, paths: dict[str, int], opening: int | None) -> int | None:
    """A lettered item hangs off the path it extends ("operative 4 (a)" -> "operative 4"), or off
    the opening when that path has no paragraph of its own (a decision made of lettered items)."""
    if not seg.label or seg.label.isdigit() or not seg.structure.endswith(f"({seg.label})"):
        return None
    base = seg.structure[: -len(f" ({seg.label})")]
    return paths.get(base, opening)


def lead_phrase(text: str, parent_text: str | None = None) -> str | None:
    """The capitalised verb phrase a paragraph opens with: "Recalling also", "Bearing in mind",
    "Strongly encourages"; for a sub-item that continues a chapeau ending in a colon ("... to:"),
    its first word ("Implement")."""
    if m := LEAD.match(text):
        return m.group(0)
    if parent_text and parent_text.rstrip().endswith(":") and (m := FIRST_WORD.match(text)):
        return m.group(0)
    return None
