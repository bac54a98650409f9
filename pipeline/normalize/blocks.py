"""Normalize stage: repair the extraction and rebuild the body as blocks.

Lines in, records out: footnotes go to their own table, their markers are taken out of
the body and linked, headers, footers and URL lines leave the body flow, split words and
line-end hyphenation are repaired, and paragraphs are rebuilt across line and page breaks.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.normalize.footnotes import Marker, find_markers, parse_footnotes
from pipeline.normalize.lexicon import Lexicon
from pipeline.normalize.paragraphs import RawBlock, group_blocks
from pipeline.common.records import Block, Footnote, FootnoteRef, Line, Repair, Zone
from pipeline.normalize.spacing import SpaceRepair, repair_spacing
from pipeline.normalize.split_words import repair_split_words, should_merge

# Stands for a footnote marker while lines are joined and repaired (not a letter, not a space).
PLACEHOLDER = "\ue000"

# A line ending in a word and a hyphen that joins it to the next line: "non-" + "governmental".
LINE_END_WORD = re.compile(r"(\p{L}+)-$")

# A line ending in a slash after a word or symbol part, which the next line continues without
# a blank: "(CTOC/COP/" + "2022/CRP.1)", "and/" + "or"; a symbol broken after a component's
# period continues too: "CTOC/COP/WG." + "6/2022/4".
LINE_END_SLASH = re.compile(r"(?:\w/|\b[A-Z]{1,6}/(?:[A-Za-z0-9.]+/)*[A-Za-z]{1,5}\.)$")
# A next line that continues it, starting with a letter or digit: "2022/CRP.1)", "COP/2022/4)", "or".
WORD_START = re.compile(r"^\w")

# A suspended hyphen before a conjunction must keep its space: "gender- and age-sensitive".
SUSPENDED_HYPHEN_NEXT = re.compile(r"^(?:and|or|to|nor)\s")

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


# Repairs change the document's own word counts ("traffick ing" mended makes "ing" rarer), so
# repair passes run until nothing changes, at most this many times.
MAX_REPAIR_PASSES = 3


@dataclass
class _Draft:
    """A block being rebuilt: joined text with marker placeholders, and where lines start."""

    block_id: int
    raw: RawBlock
    text: str
    line_starts: list[tuple[int, int]]   # (offset in text, line_no), in order
    markers: list[Marker]
    repairs: list[Repair]

    def line_at(self, offset: int) -> int:
        return max((ln for off, ln in self.line_starts if off <= offset), default=self.raw.lines[0].line_no)

    def drop(self, offset: int) -> None:
        """The character at `offset` was removed: later lines start one character earlier."""
        self.line_starts = [(off - 1 if off > offset else off, ln) for off, ln in self.line_starts]


def normalize(lines: list[Line]) -> Normalized:
    lexicon = Lexicon(ln.text for ln in lines if ln.zone is Zone.BODY)
    footnotes = parse_footnotes(lines)
    by_line: dict[int, list[Marker]] = {}
    for marker in find_markers(lines, footnotes):
        by_line.setdefault(marker.line_no, []).append(marker)
    drafts = [_draft(block_id, raw, by_line, lexicon)
              for block_id, raw in enumerate(group_blocks(lines), start=1)]
    for _ in range(MAX_REPAIR_PASSES):
        if not sum(_repair_pass(d, lexicon) for d in drafts):
            break
        lexicon = Lexicon(d.text for d in drafts)
    blocks, refs, repairs = [], [], []
    for d in drafts:
        block, block_refs = _finish(d)
        blocks.append(block)
        refs.extend(block_refs)
        repairs.extend(sorted(d.repairs, key=lambda r: r.line_no))
    return Normalized(blocks, footnotes, refs, repairs)


def _draft(block_id: int, raw: RawBlock, markers: dict[int, list[Marker]], lexicon: Lexicon) -> _Draft:
    """Join the block's lines: markers become placeholders, line-end hyphens are resolved."""
    doc_id = raw.lines[0].doc_id
    draft = _Draft(block_id, raw, "", [], [], [])
    pieces: list[str] = []
    length = 0
    for line in raw.lines:
        line_markers = sorted(markers.get(line.line_no, []), key=lambda m: m.start)
        text = line.text
        for m in reversed(line_markers):
            text = text[:m.start] + " " + PLACEHOLDER + text[m.end:]
        draft.markers.extend(line_markers)
        text = re.sub(r"\s+", " ", text).strip()
        if pieces:
            hyphen = _line_end_hyphen(pieces[-1], text, lexicon)
            if (slash := LINE_END_SLASH.search(pieces[-1])) and WORD_START.match(text):
                draft.repairs.append(Repair(doc_id, block_id, draft.line_starts[-1][1],
                                            f"{slash.group()} {text.split()[0]}", f"{slash.group()}{text.split()[0]}",
                                            "line_end_slash"))
            elif hyphen is None:
                pieces.append(" ")
                length += 1
            else:
                before, after = hyphen
                draft.repairs.append(Repair(doc_id, block_id, draft.line_starts[-1][1], before, after,
                                            "line_end_hyphen"))
                if "-" not in after:
                    pieces[-1] = pieces[-1][:-1]
                    length -= 1
        draft.line_starts.append((length, line.line_no))
        pieces.append(text)
        length += len(text)
    draft.text = "".join(pieces)
    return draft


def _repair_pass(draft: _Draft, lexicon: Lexicon) -> int:
    """Stray blanks of every shape (spacing), then words split in two (split_words)."""
    line_starts = frozenset(offset for offset, _ in draft.line_starts)
    spacing = repair_spacing(draft.text, lexicon, line_starts)
    draft.text = spacing[0]
    _record_repairs(draft, spacing[1])
    split = repair_split_words(draft.text, lexicon)
    draft.text = split[0]
    _record_repairs(draft, split[1])
    return len(spacing[1]) + len(split[1])


def _record_repairs(draft: _Draft, found: list[SpaceRepair]) -> None:
    """Keep the repairs (at the line of their first blank) and shift the line starts after
    the blanks they removed."""
    for r in found:
        draft.repairs.append(Repair(draft.raw.lines[0].doc_id, draft.block_id, draft.line_at(r.offsets[0]),
                                    r.before, r.after, r.rule))
    for offset in sorted((o for r in found for o in r.offsets), reverse=True):
        draft.drop(offset)


def _finish(draft: _Draft) -> tuple[Block, list[FootnoteRef]]:
    raw = draft.raw
    doc_id = raw.lines[0].doc_id
    text, refs = _take_out_markers(draft.text, draft.markers, doc_id, draft.block_id)
    block = Block(doc_id=doc_id, block_id=draft.block_id, kind=_kind(raw.kind, text), text=text,
                  page_start=raw.lines[0].page, page_end=raw.lines[-1].page,
                  line_start=raw.lines[0].line_no, line_end=raw.lines[-1].line_no,
                  footnote_numbers=[r.number for r in refs])
    return block, refs


def _kind(kind: str, text: str) -> str:
    """A short paragraph with no closing punctuation is a heading: an annex's topic
    ("Transfer of sentenced persons (article 17 of the Organized Crime Convention)")."""
    if kind == "paragraph" and not UNPUNCTUATED_END.search(text) and len(text.split()) <= HEADING_MAX_WORDS:
        return "heading"
    return kind


def _line_end_hyphen(previous: str, text: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The repair when `previous` ends in a hyphen that `text` continues, else None.

    "non-" + "governmental" -> "non-governmental" (a compound the document prints elsewhere);
    "organi-" + "zation" -> "organization", "frame-" + "work" -> "framework", "human-" +
    "itarian" -> "humanitarian", "Cortocir-" + "cuito" -> "Cortocircuito" (an automatic
    hyphenation: the joined word is one the document uses, or a known word with a part that
    is no word of its own, or a name whose parts are in no dictionary);
    "gender-" + "and" is a suspended hyphen and keeps its space (None).
    """
    left = LINE_END_WORD.search(previous)
    right = re.match(r"\p{L}+", text)
    if left is None or right is None or SUSPENDED_HYPHEN_NEXT.match(text):
        return None
    left, right = left.group(1), right.group()
    before = f"{left}- {right}"
    if lexicon.has_compound(f"{left}-{right}"):
        return before, f"{left}-{right}"
    if (should_merge(left, right, lexicon) or lexicon.count(left + right) > 0
            or ((not lexicon.in_dictionary(left) or not lexicon.in_dictionary(right)) and lexicon.is_known(left + right))
            or (right.islower() and not lexicon.in_dictionary(left) and not lexicon.in_dictionary(right))):
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
