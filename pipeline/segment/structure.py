"""Segment stage: give every block its place in the report's structure.

Blocks in, one `Segment` per block out.  The structure path names the chapter, the section
and then either the report's own numbered paragraph ("II/D/para 15") or the adopted text the
block belongs to and the part of that text:

    I/A/resolution 11/1                      the heading "Resolution 11/1"
    I/A/resolution 11/1/title                its title (one or more blocks)
    I/A/resolution 11/1/opening              "The Conference of the Parties ...,"
    I/A/resolution 11/1/preamble             a preambular paragraph
    I/A/resolution 11/5/operative 4          an operative paragraph ...
    I/A/resolution 11/5/operative 4 (a)      ... and its lettered sub-item
    I/B/decision 11/1/list 1 (a)             an item of a list the decision embeds (an agenda)
    I/A/resolution 11/1/annex I              an annex: heading, title, introduction
    I/A/resolution 11/1/annex I/<topic>      a topic heading of an annex and its recommendations
    annex, annex/para 1                      the report's own annex and its paragraphs
    annex/draft decision/opening             a draft text quoted in that annex

Everything is decided from the text of the blocks and the order of the numbered sequences
(chapters, sections, paragraphs, letters), never from the session, year or names of one report.
A block that starts in lower case continues the block before it (a paragraph the extraction
split at a page or footnote break); it gets the same path with `continued` set.

The heading and label patterns and the tests on a block's text it decides with are in
`pipeline.segment.labels`; what it keeps track of while reading, in `pipeline.segment.state`.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.common.records import Block
from pipeline.common.sequences import MAX_SLIP, continues
from pipeline.normalize.paragraphs import roman_value
from pipeline.segment.labels import (ANNEX_HEADING, CHAPTER, CONTINUATION_START, DRAFT_KIND, OPEN_END, SECTION,
                                     TEXT_HEADING, annex_name, is_heading, is_heading_like, is_roman, is_roman_item,
                                     next_letter, next_numbers, roman_item_value, split_label)
from pipeline.segment.sequences import label_slips
from pipeline.segment.state import Annex, State, Text

REPORT_ANNEX = "report_annex"



@dataclass
class Segment:
    """Where one block sits in the report."""

    doc_id: str
    block_id: int
    structure: str                 # "I/A/resolution 11/1/operative 4 (a)"
    chapter: str | None = None     # "I"
    section: str | None = None     # "A"
    text_symbol: str | None = None  # "11/1"
    part: str = "front"            # see PARTS
    text_id: int | None = None     # order of the adopted or draft text in the document, from 1
    text_kind: str | None = None   # "resolution", "decision", "draft_decision", "draft_resolution"
    annex: str | None = None       # the annex heading as printed: "Annex I", "Annex"
    topic: str | None = None       # the topic heading inside an annex
    label: str | None = None       # the block's own label: "15", "4", "a"
    continued: bool = False        # continues the previous block (split at a page or footnote break)
    label_expected: str | None = None   # the label its sequence expected, when the printed one is a slip


PARTS = (
    "front", "chapter_heading", "section_heading", "subheading", "paragraph", "item",
    "text_heading", "title", "opening", "preamble", "operative", "list_heading", "list",
    "annex_heading", "annex_title", "annex_intro", "topic", "recommendation", "annex_paragraph",
)


def by_document(records: list) -> dict[str, list]:
    """Records grouped by doc_id, in order of first appearance."""
    out: dict[str, list] = {}
    for r in records:
        out.setdefault(r.doc_id, []).append(r)
    return out


def segment(blocks: list[Block]) -> list[Segment]:
    """One Segment per block, in block order (each document read on its own)."""
    return [seg for doc_blocks in by_document(blocks).values() for seg in _segment_document(doc_blocks)]


def _segment_document(blocks: list[Block]) -> list[Segment]:
    state = State()
    out: list[Segment] = []
    texts = _unit_texts(blocks)
    numbers = next_numbers(texts)
    for block, text, next_number in zip(blocks, texts, numbers):
        state.doc_id, state.next_number_label = block.doc_id, next_number
        seg = _place(state, block, text)
        out.append(seg)
        state.previous, state.previous_text = seg, text
    for i, slip in label_slips([seg.__dict__ for seg in out]):
        out[i].label_expected = slip.expected
    return out


def _unit_texts(blocks: list[Block]) -> list[str]:
    """Each block's text with the blocks that continue it, so that the first half of a split
    paragraph ("Recalling its resolution 6/1 of") is not taken for a heading."""
    texts = [b.text.strip() for b in blocks]
    out = list(texts)
    for i in range(len(texts) - 2, -1, -1):
        if CONTINUATION_START.match(texts[i + 1]):
            out[i] = f"{texts[i]} {out[i + 1]}"
    return out


def _place(state: State, block: Block, text: str) -> Segment:
    if state.previous is not None and CONTINUATION_START.match(text):
        return _continuation(state.previous, block)
    if (seg := _report_heading(state, block, text)) is not None:
        return seg
    if m := TEXT_HEADING.match(text):
        return _open_text(state, block, m)
    if m := ANNEX_HEADING.match(text):
        return _open_annex(state, block, m)
    if state.zone in ("text", "annex") and _resumes_report(state, text):
        _close_text(state)
    if state.zone == "text":
        return _in_text(state, block, text)
    if state.zone == "annex":
        return _in_annex(state, block, text)
    if state.zone == REPORT_ANNEX:
        return _in_report_annex(state, block, text)
    return _in_report(state, block, text)


def _seg(state: State, block: Block, structure: str, part: str, label: str | None = None) -> Segment:
    text = state.text if state.zone in ("text", "annex") else None
    annex: str | None
    if state.zone in ("annex", REPORT_ANNEX):
        annex = state.open_annex().heading
    else:
        annex = text.quoted_in if text else None
    return Segment(
        doc_id=block.doc_id, block_id=block.block_id, structure=structure,
        chapter=state.chapter, section=state.section,
        text_symbol=text.symbol if text else None, part=part,
        text_id=text.text_id if text else None, text_kind=text.kind if text else None,
        annex=annex,
        topic=state.open_annex().topic if state.zone == "annex" and part in ("topic", "recommendation") else None,
        label=label,
    )


def _continuation(previous: Segment, block: Block) -> Segment:
    return Segment(**{**previous.__dict__, "block_id": block.block_id, "label": None, "continued": True})


def _report_heading(state: State, block: Block, text: str) -> Segment | None:
    """A chapter or section heading of the report, when it is the next one of its sequence and
    not the next part of an annex that numbers its own parts ("I. General provisions", "II. ...")."""
    if not is_heading(text):
        return None
    inner = state.open_annex() if state.zone == "annex" else Annex("", "")
    m = CHAPTER.match(text)
    if (m and is_roman(m["roman"]) and roman_value(m["roman"]) == state.next_chapter
            and roman_value(m["roman"]) != inner.next_roman):
        _close_text(state)
        state.chapter, state.section = m["roman"], None
        state.next_chapter, state.next_section = roman_value(m["roman"]) + 1, "A"
        state.para_path = None
        return _seg(state, block, state.chapter, "chapter_heading")
    m = SECTION.match(text)
    if m and state.chapter and m["letter"] == state.next_section and m["letter"] != inner.next_section:
        _close_text(state)
        state.section = m["letter"]
        state.next_section = next_letter(m["letter"])
        state.para_path = None
        return _seg(state, block, _report_path(state), "section_heading")
    return None


def _report_path(state: State) -> str:
    return "/".join(p for p in (state.chapter, state.section) if p) or "front"


def _resumes_report(state: State, text: str) -> bool:
    """The report's next numbered paragraph right after a text ("2. At its eleventh session ...")
    when the text's own numbering (operative paragraphs, list items) would not go on with it.
    A slip of the text's numbering is the text's: a number before any operative paragraph while
    the text has not closed a sentence (after "... Organized Crime,"); the number the text would
    be at had nothing slipped; one of its last numbers printed again ("2." twice, "3. 2." swapped)
    unless it introduces what follows ("... the following decisions:"); or a number the next
    numbered block goes on from ("2." printed for 1, then "2.")."""
    kind, label, _ = split_label(text)
    if kind != "number" or label is None or state.next_para is None or int(label) != state.next_para:
        return False
    if state.zone == "annex":
        return state.open_annex().letter is not None
    t = state.open_text()
    n, counted = int(label), t.numbered + 1         # counted: the number if none had slipped
    recent = t.next_number - 1 - MAX_SLIP <= n < t.next_number and not text.rstrip().endswith(":")
    goes_on = state.next_number_label in (t.next_number, t.next_number + 1, counted + 1)
    unopened = t.parent is None and t.last_end != "."
    return t.stage == "body" and n not in (t.next_number, counted) and not (recent or goes_on or unopened)


def _close_text(state: State) -> None:
    state.text, state.annex, state.zone = None, None, "report"
    state.para_open_list = False        # a list a report paragraph opened ends with a heading or text


def _open_text(state: State, block: Block, m: re.Match) -> Segment:
    state.texts += 1
    kind = m["kind"].lower()
    path = f"{_report_path(state)}/{kind} {m['symbol']}"
    state.text = Text(state.texts, kind, m["symbol"], path)
    state.annex, state.zone, state.para_open_list = None, "text", False
    return _seg(state, block, path, "text_heading")


def _open_annex(state: State, block: Block, m: re.Match) -> Segment:
    heading = "Annex" + (f" {m['label']}" if m["label"] else "")
    if state.zone in ("text", "annex") and state.text is not None:
        state.annex = Annex(heading, f"{state.text.path}/{annex_name(heading)}")
        state.zone = "annex"
    else:
        state.text = None
        state.annex = Annex(heading, annex_name(heading))
        state.zone = REPORT_ANNEX
        state.chapter = state.section = None
    return _seg(state, block, state.annex.path, "annex_heading")


# --- the body of an adopted or draft text ---------------------------------------------------

def _in_text(state: State, block: Block, text: str) -> Segment:
    t = state.open_text()
    kind, label, rest = split_label(text)
    if t.stage == "title" and kind is None and is_heading_like(text):
        return _seg(state, block, f"{t.path}/title", "title")
    if t.stage == "title":
        t.stage = "body"
        t.last_end = text[-1:]
        return _seg(state, block, f"{t.path}/opening", "opening")
    seg = _text_body(state, block, text, kind, label)
    t.last_end = text[-1:]
    return seg


def _text_body(state: State, block: Block, text: str, kind: str | None, label: str | None) -> Segment:
    t = state.open_text()
    if kind == "number" and label is not None:
        part = "list" if t.list_mode else "operative"
        t.operative_numbered |= part == "operative"
        t.next_number, t.numbered = int(label) + 1, t.numbered + 1
        path = f"{t.path}/{part} {label}"
        t.parent, t.parent_letter, t.sub = (path, part), "a", None
        return _seg(state, block, path, part, label)
    if kind == "letter" and label is not None:
        return _lettered(state, block, label)
    if is_heading(text):
        if t.last_end in (".", ":"):
            # "Provisional agenda for the twelfth session ..." after "... set out below."
            t.list_mode, t.parent, t.sub, t.next_number, t.numbered = True, None, None, 1, 0
            return _seg(state, block, f"{t.path}/list", "list_heading")
        return _seg(state, block, f"{t.path}/{text}", "subheading")
    if not text.endswith((".", ";", ":")) and not t.operative_numbered and t.parent is None:
        return _seg(state, block, f"{t.path}/preamble", "preamble")
    if not t.operative_numbered:
        # a single unnumbered operative paragraph: "Endorses the recommendations ... annex ..."
        t.parent, t.parent_letter, t.sub = (f"{t.path}/operative", "operative"), "a", None
        return _seg(state, block, f"{t.path}/operative", "operative")
    return _continuation(state.previous_segment(), block)


def _lettered(state: State, block: Block, label: str) -> Segment:
    """(a), (b) ... under the last numbered paragraph, or under the opening when there is none
    (a decision made of lettered items); a roman (i), (ii) ... under the last lettered item.
    Every label opens its own item: one out of sequence ("(d)" twice) keeps its printed label,
    and the sequence only decides whether "(i)" or "(v)" is a letter or a roman numeral."""
    t = state.open_text()
    if t.parent is None:
        t.parent, t.parent_letter = (f"{t.path}/operative", "operative"), "a"
    expected = t.parent_letter or "a"
    if t.sub is not None and label != expected and is_roman_item(label, t.roman_next, state.previous_text):
        t.roman_next = roman_item_value(label) + 1
        return _seg(state, block, f"{t.sub[0]} ({label})", t.sub[1], label)
    t.parent_letter, t.roman_next = next_letter(label), None
    path = f"{t.parent[0]} ({label})"
    t.sub = (path, t.parent[1])
    return _seg(state, block, path, t.parent[1], label)


# --- an annex of an adopted text ------------------------------------------------------------

def _in_annex(state: State, block: Block, text: str) -> Segment:
    a = state.open_annex()
    kind, label, _ = split_label(text)
    if kind is None and a.stage == "title" and is_heading_like(text):
        if a.last_part == "annex_title" and not OPEN_END.search(state.previous_text or ""):
            a.stage = "body"
        else:
            return _annex_seg(state, block, a.path, "annex_title")
    if kind is None and a.stage == "title":
        a.stage = "body"
        return _annex_seg(state, block, a.path, "annex_intro")
    a.stage = "body"
    if kind == "letter" and label is not None and a.letter is not None and label != a.letter \
            and a.last_part == "recommendation" and is_roman_item(label, a.roman_next, state.previous_text):
        # "(ii) pursuing organized criminal groups ..." on a line of its own: still the same recommendation
        a.roman_next = roman_item_value(label) + 1
        return _continuation(state.previous_segment(), block)
    if kind == "letter" and label is not None:
        # every letter opens a recommendation, in sequence or not ("(d)" printed for "(e)")
        a.letter, a.roman_next = next_letter(label), None
        return _annex_seg(state, block, _topic_path(a), "recommendation", label)
    if kind is None and not is_heading(text) and a.last_part == "recommendation":
        return _continuation(state.previous_segment(), block)
    if kind == "number":
        return _annex_seg(state, block, f"{a.path}/para {label}", "annex_paragraph", label)
    if is_heading(text):
        a.topic = text
        _note_annex_part(a, text)
        return _annex_seg(state, block, _topic_path(a), "topic")
    return _annex_seg(state, block, a.path, "annex_paragraph")


def _note_annex_part(a: Annex, text: str) -> None:
    """Follow the annex's own numbering of its parts, so that "II. ..." after "I. ..." inside an
    annex is not taken for the report's next chapter."""
    if (m := CHAPTER.match(text)) and is_roman(m["roman"]) and roman_value(m["roman"]) in (1, a.next_roman):
        a.next_roman = roman_value(m["roman"]) + 1
    elif (m := SECTION.match(text)) and m["letter"] in ("A", a.next_section):
        a.next_section = next_letter(m["letter"])


def _topic_path(a: Annex) -> str:
    return f"{a.path}/{a.topic}" if a.topic else a.path


def _annex_seg(state: State, block: Block, path: str, part: str, label: str | None = None) -> Segment:
    state.open_annex().last_part = part
    return _seg(state, block, path, part, label)


# --- the report's own annex, which may quote a draft text -----------------------------------

def _in_report_annex(state: State, block: Block, text: str) -> Segment:
    a = state.open_annex()
    if state.text is not None:
        state.zone = "text"
        seg = _in_text(state, block, text)
        state.zone = REPORT_ANNEX
        return seg
    kind, label, _ = split_label(text)
    if kind is None and a.stage == "title" and is_heading_like(text):
        a.narrative.append(text)
        return _annex_seg(state, block, a.path, "annex_title")
    a.stage = "body"
    if kind is None and a.last_part == "paragraph" and (state.previous_text or "").endswith(":"):
        return _open_quoted_text(state, block, text)
    if kind == "number":
        a.narrative.append(text)
        return _annex_seg(state, block, f"{a.path}/para {label}", "paragraph", label)
    return _annex_seg(state, block, a.path, "annex_paragraph", label)


def _open_quoted_text(state: State, block: Block, text: str) -> Segment:
    """"2. The revised draft decision read as follows:" — the draft text starts here."""
    annex = state.open_annex()
    m = DRAFT_KIND.search(" ".join(annex.narrative))
    kind = f"draft_{m['kind'].lower()}" if m else "draft_decision"
    state.texts += 1
    state.text = Text(state.texts, kind, None, f"{annex.path}/{kind.replace('_', ' ')}", quoted_in=annex.heading)
    state.zone = "text"
    seg = _in_text(state, block, text)
    state.zone = REPORT_ANNEX
    return seg


# --- the report's own paragraphs ------------------------------------------------------------

def _list_item(state: State, number: int) -> bool:
    """An item of the list a report paragraph opens ("... as follows:" then "1. Opening of the
    session"): a number that goes on from the list's items and is not the report's next
    paragraph."""
    return state.para_open_list and number != state.next_para and continues(number, state.item_last)


def _in_report(state: State, block: Block, text: str) -> Segment:
    kind, label, rest = split_label(text)
    base = _report_path(state)
    if kind == "number" and label is not None and not is_heading_like(text) and not _list_item(state, int(label)):
        # every numbered paragraph opens its own, in sequence or not ("5." printed for 6)
        state.next_para = int(label) + 1
        state.para_path = f"{base}/para {label}"
        state.para_open_list, state.item_last = text.endswith(":"), 0
        return _seg(state, block, state.para_path, "paragraph", label)
    if kind == "number" and label is not None and state.para_open_list:
        state.item_last = int(label)
    if kind == "letter" and state.para_path:
        if state.item_last == 0:
            state.para_open_list = False    # a lettered list: a number after it is no item of it
        return _seg(state, block, f"{state.para_path} ({label})", "item", label)
    if is_heading(text) and not state.para_open_list:
        # "Deliberations", "Action taken by the Conference", "1. Deliberations"
        state.para_path = None
        return _seg(state, block, f"{base}/{rest}", "subheading", label)
    if state.para_path is None:
        return _seg(state, block, base, "front" if base == "front" else "item", label)
    return _seg(state, block, state.para_path, "item", label)
