"""Extract stage: what the extractors of adopted texts share.

A `Unit` is one or more blocks that `segment` marks as continuing each other, joined, so a
paragraph split by a page or footnote break is one row; `build_units` makes them and `by_text`
groups them by adopted (or draft) text.  Also shared: the patterns of a printed date and a
document symbol, `iso_date`, and `footnote_for`, the footnote a marker refers to.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.common.dates import iso_date as calendar_date
from pipeline.common.patterns import MONTH, SYMBOL
from pipeline.common.records import Block, Footnote
from pipeline.segment.labels import split_label
from pipeline.segment.structure import Segment

# A date as printed: "19 October 2005".
DATE = rf"\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
# A document symbol, or two joined into one for a joint report:
# "CTOC/COP/WG.3/2021/3", "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4".
DOCUMENT = rf"{SYMBOL.pattern}(?:-{SYMBOL.pattern})?"


# --- units: blocks joined across the breaks that split them ----------------------------------

@dataclass
class Unit:
    segment: Segment
    blocks: list[Block]

    @property
    def text(self) -> str:
        return " ".join(b.text.strip() for b in self.blocks)

    @property
    def body(self) -> str:
        """The text without its label: "Endorses ..." for "1. Endorses ..."."""
        return split_label(self.text)[2] if self.segment.label else self.text

    @property
    def footnote_numbers(self) -> list[int]:
        return [n for b in self.blocks for n in b.footnote_numbers]

    def span(self) -> dict:
        first, last = self.blocks[0], self.blocks[-1]
        return dict(block_id=first.block_id, block_end=last.block_id, page_start=first.page_start,
                    page_end=last.page_end, line_start=first.line_start, line_end=last.line_end)


def build_units(blocks: list[Block], segments: list[Segment]) -> list[Unit]:
    units: list[Unit] = []
    for block, seg in zip(blocks, segments):
        if seg.continued and units:
            units[-1].blocks.append(block)
        else:
            units.append(Unit(seg, [block]))
    return units


def by_text(units: list[Unit]) -> dict[int, list[Unit]]:
    """The units of each adopted or draft text, by its text_id, in document order."""
    out: dict[int, list[Unit]] = {}
    for u in units:
        if u.segment.text_id is not None:
            out.setdefault(u.segment.text_id, []).append(u)
    return out


# --- footnotes and dates --------------------------------------------------------------------

def footnote_for(block: Block, number: int, footnotes: list[Footnote]) -> Footnote | None:
    """The footnote a marker refers to: the first with that number printed after the block starts
    (numbering may restart, so the number alone is not enough), else the last one before."""
    same = [f for f in footnotes if f.number == number and f.doc_id == block.doc_id]
    after = [f for f in same if f.line_start >= block.line_start]
    return after[0] if after else (same[-1] if same else None)


def iso_date(text: str) -> str | None:
    """'19 October 2005' -> '2005-10-19'; None for no date, or one no calendar has ('31 April
    2005': the QA check `impossible_date` reports it)."""
    m = re.search(rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})", text)
    return calendar_date(m["y"], m["m"], m["d"]) if m else None
