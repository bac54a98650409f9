"""Segment stage: what the segmenter (`structure`) keeps track of while it reads a document.

`State` is the reader's place in the report: chapter, section, the report paragraph, the zone
(report, adopted text, its annex, the report's own annex) and the numbering each sequence is
expected to go on with; `Text` is the adopted or draft text being read, `Annex` the annex.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.segment.structure import Segment


@dataclass
class Text:
    """An adopted text (or a draft quoted in an annex) being read."""

    text_id: int
    kind: str
    symbol: str | None
    path: str
    stage: str = "title"            # title -> body
    list_mode: bool = False         # numbered blocks are items of an embedded list, not operative paragraphs
    last_end: str = ""              # closing character of the last body block
    parent: tuple[str, str] | None = None   # (path, part) of the last numbered paragraph or list item
    parent_letter: str | None = None        # expected next letter under that parent
    sub: tuple[str, str] | None = None      # (path, part) of the last lettered item
    roman_next: int | None = None           # the next roman sub-item under it, once a run has begun
    operative_numbered: bool = False
    next_number: int = 1                    # the number the text's own numbering goes on with
    numbered: int = 0                       # numbered paragraphs (or list entries) read so far
    quoted_in: str | None = None            # the report annex a draft text is quoted in: "Annex"


@dataclass
class Annex:
    heading: str
    path: str
    stage: str = "title"            # title -> intro -> body
    topic: str | None = None
    letter: str | None = None       # expected next recommendation letter
    roman_next: int | None = None   # the next roman sub-item inside the recommendation, once a run has begun
    last_part: str = "annex_heading"
    next_roman: int | None = None   # the annex's own parts: "I. General provisions", then 2, 3 ...
    next_section: str | None = None  # the annex's own sections: "A. Scope", then "B", "C" ...
    narrative: list[str] = field(default_factory=list)  # title and paragraphs of a report annex


@dataclass
class State:
    doc_id: str = ""
    chapter: str | None = None
    section: str | None = None
    next_chapter: int = 1
    next_section: str = "A"
    para_path: str | None = None    # path of the current report paragraph
    para_open_list: bool = False    # the current report paragraph ends with a colon: items follow
    item_last: int = 0              # the last number of the items of that list
    next_number_label: int | None = None    # the number label of the next block that has one
    next_para: int | None = None
    item_letter: str | None = None
    text: Text | None = None
    annex: Annex | None = None
    zone: str = "report"            # report | text | annex | report_annex
    texts: int = 0
    previous: Segment | None = None
    previous_text: str | None = None

    # The zones are kept in step with what is open: "text" has a text, "annex" an annex of a text,
    # "report_annex" an annex (and a text while a quoted draft is read); any block after the first
    # has a previous segment.  These give what a zone has, and fail loudly if that ever slips.

    def open_text(self) -> Text:
        assert self.text is not None, f"no adopted text open in zone {self.zone!r}"
        return self.text

    def open_annex(self) -> Annex:
        assert self.annex is not None, f"no annex open in zone {self.zone!r}"
        return self.annex

    def previous_segment(self) -> Segment:
        assert self.previous is not None, "no block before this one"
        return self.previous
