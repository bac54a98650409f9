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
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.normalize.paragraphs import roman_value
from pipeline.common.records import Block

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

REPORT_ANNEX = "report_annex"
HEADING_MAX_WORDS = 40


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


PARTS = (
    "front", "chapter_heading", "section_heading", "subheading", "paragraph", "item",
    "text_heading", "title", "opening", "preamble", "operative", "list_heading", "list",
    "annex_heading", "annex_title", "annex_intro", "topic", "recommendation", "annex_paragraph",
)


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


@dataclass
class _Text:
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
    operative_numbered: bool = False
    next_number: int = 1                    # the number the text's own numbering goes on with
    quoted_in: str | None = None            # the report annex a draft text is quoted in: "Annex"


@dataclass
class _Annex:
    heading: str
    path: str
    stage: str = "title"            # title -> intro -> body
    topic: str | None = None
    letter: str | None = None       # expected next recommendation letter
    last_part: str = "annex_heading"
    next_roman: int | None = None   # the annex's own parts: "I. General provisions", then 2, 3 ...
    next_section: str | None = None  # the annex's own sections: "A. Scope", then "B", "C" ...
    narrative: list[str] = field(default_factory=list)  # title and paragraphs of a report annex


@dataclass
class _State:
    doc_id: str = ""
    chapter: str | None = None
    section: str | None = None
    next_chapter: int = 1
    next_section: str = "A"
    para_path: str | None = None    # path of the current report paragraph
    para_open_list: bool = False    # the current report paragraph ends with a colon: items follow
    next_para: int | None = None
    item_letter: str | None = None
    text: _Text | None = None
    annex: _Annex | None = None
    zone: str = "report"            # report | text | annex | report_annex
    texts: int = 0
    previous: Segment | None = None
    previous_text: str | None = None


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
    state = _State()
    out: list[Segment] = []
    texts = _unit_texts(blocks)
    for block, text in zip(blocks, texts):
        state.doc_id = block.doc_id
        seg = _place(state, block, text)
        out.append(seg)
        state.previous, state.previous_text = seg, text
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


def _place(state: _State, block: Block, text: str) -> Segment:
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


def _seg(state: _State, block: Block, structure: str, part: str, label: str | None = None) -> Segment:
    text = state.text if state.zone in ("text", "annex") else None
    if state.zone in ("annex", REPORT_ANNEX):
        annex = state.annex.heading
    else:
        annex = text.quoted_in if text else None
    return Segment(
        doc_id=block.doc_id, block_id=block.block_id, structure=structure,
        chapter=state.chapter, section=state.section,
        text_symbol=text.symbol if text else None, part=part,
        text_id=text.text_id if text else None, text_kind=text.kind if text else None,
        annex=annex,
        topic=state.annex.topic if state.zone == "annex" and part in ("topic", "recommendation") else None,
        label=label,
    )


def _continuation(previous: Segment, block: Block) -> Segment:
    return Segment(**{**previous.__dict__, "block_id": block.block_id, "label": None, "continued": True})


def _report_heading(state: _State, block: Block, text: str) -> Segment | None:
    """A chapter or section heading of the report, when it is the next one of its sequence and
    not the next part of an annex that numbers its own parts ("I. General provisions", "II. ...")."""
    if not is_heading(text):
        return None
    inner = state.annex if state.zone == "annex" else _Annex("", "")
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


def _report_path(state: _State) -> str:
    return "/".join(p for p in (state.chapter, state.section) if p) or "front"


def _resumes_report(state: _State, text: str) -> bool:
    """The report's next numbered paragraph right after a text ("2. At its eleventh session ...")
    when the text's own numbering (operative paragraphs, list items) would not go on with it."""
    kind, label, _ = split_label(text)
    if kind != "number" or state.next_para is None or int(label) != state.next_para:
        return False
    if state.zone == "annex":
        return state.annex.letter is not None
    return state.text.stage == "body" and int(label) != state.text.next_number


def _close_text(state: _State) -> None:
    state.text, state.annex, state.zone = None, None, "report"


def _open_text(state: _State, block: Block, m: re.Match) -> Segment:
    state.texts += 1
    kind = m["kind"].lower()
    path = f"{_report_path(state)}/{kind} {m['symbol']}"
    state.text = _Text(state.texts, kind, m["symbol"], path)
    state.annex, state.zone = None, "text"
    return _seg(state, block, path, "text_heading")


def _open_annex(state: _State, block: Block, m: re.Match) -> Segment:
    heading = "Annex" + (f" {m['label']}" if m["label"] else "")
    if state.zone in ("text", "annex") and state.text is not None:
        state.annex = _Annex(heading, f"{state.text.path}/{_annex_name(heading)}")
        state.zone = "annex"
    else:
        state.text = None
        state.annex = _Annex(heading, _annex_name(heading))
        state.zone = REPORT_ANNEX
        state.chapter = state.section = None
    return _seg(state, block, state.annex.path, "annex_heading")


# --- the body of an adopted or draft text ---------------------------------------------------

def _in_text(state: _State, block: Block, text: str) -> Segment:
    t = state.text
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


def _text_body(state: _State, block: Block, text: str, kind: str | None, label: str | None) -> Segment:
    t = state.text
    if kind == "number":
        part = "list" if t.list_mode else "operative"
        t.operative_numbered |= part == "operative"
        t.next_number = int(label) + 1
        path = f"{t.path}/{part} {label}"
        t.parent, t.parent_letter, t.sub = (path, part), "a", None
        return _seg(state, block, path, part, label)
    if kind == "letter":
        return _lettered(state, block, label)
    if is_heading(text):
        if t.last_end in (".", ":"):
            # "Provisional agenda for the twelfth session ..." after "... set out below."
            t.list_mode, t.parent, t.sub, t.next_number = True, None, None, 1
            return _seg(state, block, f"{t.path}/list", "list_heading")
        return _seg(state, block, f"{t.path}/{text}", "subheading")
    if not text.endswith((".", ";", ":")) and not t.operative_numbered and t.parent is None:
        return _seg(state, block, f"{t.path}/preamble", "preamble")
    if not t.operative_numbered:
        # a single unnumbered operative paragraph: "Endorses the recommendations ... annex ..."
        t.parent, t.parent_letter, t.sub = (f"{t.path}/operative", "operative"), "a", None
        return _seg(state, block, f"{t.path}/operative", "operative")
    return _continuation(state.previous, block)


def _lettered(state: _State, block: Block, label: str) -> Segment:
    """(a), (b) ... under the last numbered paragraph, or under the opening when there is none
    (a decision made of lettered items); a roman (i), (ii) ... under the last lettered item."""
    t = state.text
    if t.parent is None:
        t.parent, t.parent_letter = (f"{t.path}/operative", "operative"), "a"
    expected = t.parent_letter or "a"
    if label == expected or (label == "a" and t.sub is None):
        t.parent_letter = next_letter(label)
        path = f"{t.parent[0]} ({label})"
        t.sub = (path, t.parent[1])
        return _seg(state, block, path, t.parent[1], label)
    if is_roman(label) and t.sub is not None:
        return _seg(state, block, f"{t.sub[0]} ({label})", t.sub[1], label)
    return _continuation(state.previous, block)


# --- an annex of an adopted text ------------------------------------------------------------

def _in_annex(state: _State, block: Block, text: str) -> Segment:
    a = state.annex
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
    if kind == "letter" and (label == (a.letter or "a") or label == "a"):
        a.letter = next_letter(label)
        return _annex_seg(state, block, _topic_path(a), "recommendation", label)
    if kind == "letter" or (kind is None and not is_heading(text) and a.last_part == "recommendation"):
        # "(ii) pursuing organized criminal groups ..." on a line of its own: still the same recommendation
        return _continuation(state.previous, block)
    if kind == "number":
        return _annex_seg(state, block, f"{a.path}/para {label}", "annex_paragraph", label)
    if is_heading(text):
        a.topic = text
        _note_annex_part(a, text)
        return _annex_seg(state, block, _topic_path(a), "topic")
    return _annex_seg(state, block, a.path, "annex_paragraph")


def _note_annex_part(a: _Annex, text: str) -> None:
    """Follow the annex's own numbering of its parts, so that "II. ..." after "I. ..." inside an
    annex is not taken for the report's next chapter."""
    if (m := CHAPTER.match(text)) and is_roman(m["roman"]) and roman_value(m["roman"]) in (1, a.next_roman):
        a.next_roman = roman_value(m["roman"]) + 1
    elif (m := SECTION.match(text)) and m["letter"] in ("A", a.next_section):
        a.next_section = next_letter(m["letter"])


def _topic_path(a: _Annex) -> str:
    return f"{a.path}/{a.topic}" if a.topic else a.path


def _annex_seg(state: _State, block: Block, path: str, part: str, label: str | None = None) -> Segment:
    state.annex.last_part = part
    return _seg(state, block, path, part, label)


# --- the report's own annex, which may quote a draft text -----------------------------------

def _in_report_annex(state: _State, block: Block, text: str) -> Segment:
    a = state.annex
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


def _open_quoted_text(state: _State, block: Block, text: str) -> Segment:
    """"2. The revised draft decision read as follows:" — the draft text starts here."""
    m = DRAFT_KIND.search(" ".join(state.annex.narrative))
    kind = f"draft_{m['kind'].lower()}" if m else "draft_decision"
    state.texts += 1
    state.text = _Text(state.texts, kind, None, f"{state.annex.path}/{kind.replace('_', ' ')}",
                       quoted_in=state.annex.heading)
    state.zone = "text"
    seg = _in_text(state, block, text)
    state.zone = REPORT_ANNEX
    return seg


# --- the report's own paragraphs ------------------------------------------------------------

def _in_report(state: _State, block: Block, text: str) -> Segment:
    kind, label, rest = split_label(text)
    base = _report_path(state)
    if kind == "number" and int(label) == (state.next_para or int(label)) and not is_heading_like(text):
        state.next_para = int(label) + 1
        state.para_path = f"{base}/para {label}"
        state.para_open_list = text.endswith(":")
        return _seg(state, block, state.para_path, "paragraph", label)
    if kind == "letter" and state.para_path:
        return _seg(state, block, f"{state.para_path} ({label})", "item", label)
    if is_heading(text) and not state.para_open_list:
        # "Deliberations", "Action taken by the Conference", "1. Deliberations"
        state.para_path = None
        return _seg(state, block, f"{base}/{rest}", "subheading", label)
    if state.para_path is None:
        return _seg(state, block, base, "front" if base == "front" else "item", label)
    return _seg(state, block, state.para_path, "item", label)


def _annex_name(heading: str) -> str:
    """"Annex II" -> "annex II", "Annex" -> "annex"."""
    return "annex" + heading[len("Annex"):]
