"""Normalize stage: repair the extraction and rebuild the body as blocks.

Lines in, records out: footnotes go to their own table, their markers are taken out of
the body and linked, headers, footers and URL lines leave the body flow, split words and
line-end hyphenation are repaired, and paragraphs are rebuilt across line and page breaks.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .footnotes import Marker, find_markers, parse_footnotes
from .lexicon import Lexicon
from .paragraphs import RawBlock, group_blocks
from .records import Block, Footnote, FootnoteRef, Line, Repair, Zone
from .splitwords import repair_split_words, should_merge

# Stands for a footnote marker while lines are joined and repaired (not a letter, not a space).
PLACEHOLDER = "\ue000"

# A line ending in a word and a hyphen that joins it to the next line: "non-" + "governmental".
LINE_END_WORD = re.compile(r"(\p{L}+)-$")

# A suspended hyphen before a conjunction must keep its space: "gender- and age-sensitive".
SUSPENDED_HYPHEN_NEXT = re.compile(r"^(?:and|or|to|nor)\b")

# A removed marker with the blank before it: "Crime \ue000 and" -> "Crime and".
PLACEHOLDER_WITH_SPACE = re.compile(rf" ?{PLACEHOLDER}")


# A paragraph ends with punctuation; a heading does not: "...in criminal matters;" vs "Other matters".
UNPUNCTUATED_END = re.compile(r"[.;:,!?”’\")]$")
HEADING_MAX_WORDS = 40


@dataclass
class Normalized:
    blocks: list[Block]
    footnotes: list[Footnote]
    refs: list[FootnoteRef]
    repairs: list[Repair]


def normalize(lines: list[Line]) -> Normalized:
    lexicon = Lexicon(ln.text for ln in lines if ln.zone is Zone.BODY)
    footnotes = parse_footnotes(lines)
    markers = find_markers(lines, footnotes)
    by_line: dict[int, list[Marker]] = {}
    for marker in markers:
        by_line.setdefault(marker.line_no, []).append(marker)
    blocks, refs, repairs = [], [], []
    for block_id, raw in enumerate(group_blocks(lines), start=1):
        block, block_refs, block_repairs = _build_block(block_id, raw, by_line, lexicon)
        blocks.append(block)
        refs.extend(block_refs)
        repairs.extend(block_repairs)
    return Normalized(blocks, footnotes, refs, repairs)


def _build_block(block_id: int, raw: RawBlock, markers: dict[int, list[Marker]],
                 lexicon: Lexicon) -> tuple[Block, list[FootnoteRef], list[Repair]]:
    doc_id = raw.lines[0].doc_id
    pieces: list[str] = []
    line_starts: list[tuple[int, int]] = []   # (offset in joined text, line_no)
    order: list[Marker] = []
    repairs: list[Repair] = []
    for line in raw.lines:
        text = line.text
        for m in sorted(markers.get(line.line_no, []), key=lambda m: m.start, reverse=True):
            text = text[:m.start] + " " + PLACEHOLDER + text[m.end:]
        order.extend(sorted(markers.get(line.line_no, []), key=lambda m: m.start))
        text = re.sub(r"\s+", " ", text).strip()
        if pieces:
            hyphen = _line_end_hyphen(pieces[-1], text, lexicon)
            if hyphen:
                before, after = hyphen
                repairs.append(Repair(doc_id, block_id, line_starts[-1][1], before, after, "line_end_hyphen"))
                if "-" not in after:
                    pieces[-1] = pieces[-1][:-1]
            else:
                pieces.append(" ")
        line_starts.append((sum(map(len, pieces)), line.line_no))
        pieces.append(text)
    text = "".join(pieces)
    text, split_repairs = repair_split_words(text, lexicon)
    for r in split_repairs:
        line_no = max((ln for off, ln in line_starts if off <= r.offset), default=raw.lines[0].line_no)
        repairs.append(Repair(doc_id, block_id, line_no, r.before, r.after, r.rule))
    text, refs = _take_out_markers(text, order, doc_id, block_id)
    block = Block(doc_id=doc_id, block_id=block_id, kind=_kind(raw.kind, text), text=text,
                  page_start=raw.lines[0].page, page_end=raw.lines[-1].page,
                  line_start=raw.lines[0].line_no, line_end=raw.lines[-1].line_no,
                  footnote_numbers=[r.number for r in refs])
    return block, refs, repairs


def _kind(kind: str, text: str) -> str:
    """A short paragraph with no closing punctuation is a heading: an annex's topic
    ("Transfer of sentenced persons (article 17 of the Organized Crime Convention)")."""
    if kind == "paragraph" and not UNPUNCTUATED_END.search(text) and len(text.split()) <= HEADING_MAX_WORDS:
        return "heading"
    return kind


def _line_end_hyphen(previous: str, text: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The repair when `previous` ends in a hyphen that `text` continues, else None.

    "organi-" + "zation" -> "organization" (the hyphen only broke the word);
    "non-" + "governmental" -> "non-governmental" (a real compound);
    "gender-" + "and" is a suspended hyphen and keeps its space (None).
    """
    left = LINE_END_WORD.search(previous)
    right = re.match(r"\p{L}+", text)
    if left is None or right is None or SUSPENDED_HYPHEN_NEXT.match(text):
        return None
    left, right = left.group(1), right.group()
    before = f"{left}- {right}"
    if should_merge(left, right, lexicon):
        return before, left + right
    return before, f"{left}-{right}"


def _take_out_markers(text: str, order: list[Marker], doc_id: str,
                      block_id: int) -> tuple[str, list[FootnoteRef]]:
    refs: list[FootnoteRef] = []
    out: list[str] = []
    last = 0
    for marker, m in zip(order, PLACEHOLDER_WITH_SPACE.finditer(text)):
        out.append(text[last:m.start()])
        last = m.end()
        offset = sum(map(len, out))
        refs.append(FootnoteRef(doc_id, block_id, marker.footnote_id, marker.number, offset))
    out.append(text[last:])
    return "".join(out).strip(), refs
