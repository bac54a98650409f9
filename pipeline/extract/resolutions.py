"""Extract stage: adopted texts, and the entry point for all four tables of adopted texts.

Records in (blocks, footnotes and the segments of `pipeline.segment`), records out:

* `Resolution`: one per adopted resolution or decision, and one per draft text quoted in the
  report's annex (kind "draft_decision", with the action taken on it as `status`), with the
  meeting, date and document of its adoption as the report's chapters tell it;
* `extract` builds all four tables of adopted texts for the blocks of one or more documents:
  these resolutions, their paragraphs (`pipeline.extract.paragraphs`), annex recommendations
  (`pipeline.extract.recommendations`) and citations (`pipeline.extract.citations`).

Blocks that `segment` marks as continuing the previous block are joined into one unit first
(`pipeline.extract.units`), so a paragraph split by a page or footnote break is one row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common.patterns import ORDINAL, SYMBOL, matched_ordinal
from pipeline.common.records import Block, Footnote
from pipeline.extract.citations import Citation, extract_citations
from pipeline.extract.context import locate, meeting_dates, session_of
from pipeline.extract.paragraphs import ResolutionParagraph, extract_paragraphs
from pipeline.extract.recommendations import AnnexRecommendation, extract_recommendations
from pipeline.extract.units import DATE, Unit, build_units, by_text, iso_date
from pipeline.segment.structure import Segment, by_document, segment

# The adoption of a text in the report's chapters: "At its 11th meeting, on 21 October 2022, the
# Conference adopted a revised draft resolution (CTOC/COP/2022/L.8/Rev.2) ... (For the text, see
# chapter I, section A, resolution 11/5.)"; "At the same meeting, ...".
# The cross-reference that ties such a paragraph to its text: "see chapter I, section A, resolution 11/5".
SEE_TEXT = re.compile(r"see\s+chapter\s+[IVXL]+,\s+section\s+[A-Z],\s+(?P<kind>resolution|decision)\s+(?P<symbol>\d+/\d+)")
# The draft's symbol in brackets: "(CTOC/COP/2022/L.8/Rev.2)".
PAREN_SYMBOL = re.compile(rf"\((?P<symbol>{SYMBOL.pattern})\)")
# The meeting: "At its 11th meeting", "At the 11th meeting of the Conference", "at its tenth meeting".
MEETING = re.compile(rf"\b[Aa]t\s+(?:its|the)\s+(?P<ordinal>\d{{1,3}}(?:st|nd|rd|th)|{ORDINAL})\s+meeting\b")
# A meeting named by reference to the paragraph before: "At the same meeting".
SAME_MEETING = re.compile(r"\b[Aa]t\s+the\s+same\s+meeting\b")
# The date after the meeting: "on 21 October 2022".
ON_DATE = re.compile(rf"\bon\s+(?P<date>{DATE})")
# What the sponsors or the Conference did with a draft: "decided to postpone its consideration".
STATUS_WORDS = (("postpone", "postponed"), ("withdr", "withdrawn"), ("rejected", "rejected"),
                ("not adopted", "rejected"))


# --- records --------------------------------------------------------------------------------

@dataclass
class Resolution:
    doc_id: str
    resolution_id: int
    kind: str                   # resolution, decision, draft_decision, draft_resolution
    status: str                 # adopted, postponed, withdrawn, rejected, not_considered
    text_key: str               # "resolution 11/1", "decision 11/1", "draft decision CTOC/COP/2022/L.9/Rev.1"
    symbol: str | None          # "11/1"
    session: int | None
    number: int | None
    document_symbol: str | None  # "CTOC/COP/2022/L.9/Rev.1"
    title: str | None             # None when no title is printed under the heading
    preamble_count: int
    operative_count: int
    annex_count: int
    action_meeting: int | None  # the meeting of the Conference that took the action
    action_date: str | None
    action_date_inferred: bool  # the date is stated for that meeting elsewhere, not where the action is
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int
    block_start: int
    block_end: int
    text: str


@dataclass
class ResolutionTables:
    resolutions: list[Resolution] = field(default_factory=list)
    resolution_paragraphs: list[ResolutionParagraph] = field(default_factory=list)
    annex_recommendations: list[AnnexRecommendation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


# --- the whole stage ------------------------------------------------------------------------

def extract(blocks: list[Block], footnotes: list[Footnote],
            segments: list[Segment] | None = None) -> ResolutionTables:
    """All four tables for the blocks of one or more documents."""
    segments = segment(blocks) if segments is None else segments
    notes = by_document(footnotes)
    segs = by_document(segments)
    out = ResolutionTables()
    for doc_id, doc_blocks in by_document(blocks).items():
        doc_notes = notes.get(doc_id, [])
        units = build_units(doc_blocks, segs[doc_id])
        paragraphs = extract_paragraphs(units)
        recommendations = extract_recommendations(units, doc_notes)
        dates = meeting_dates(locate(doc_blocks, segs[doc_id]), session_of(doc_blocks).year)
        texts = extract_resolutions(units, paragraphs, dates)
        keys = {t.resolution_id: t.text_key for t in texts}
        out.resolutions += texts
        out.resolution_paragraphs += paragraphs
        out.annex_recommendations += recommendations
        citations = extract_citations(paragraphs, recommendations, doc_notes, doc_blocks)
        for c in citations:
            c.from_text = keys[c.resolution_id]
        out.citations += citations
    return out


# --- resolutions ----------------------------------------------------------------------------

def extract_resolutions(units: list[Unit], paragraphs: list[ResolutionParagraph],
                        dates: dict[int, str] | None = None) -> list[Resolution]:
    """One row per adopted or draft text; `dates`: the date the proceedings state for each meeting
    of the Conference, for an action whose paragraph names its meeting but no date."""
    dates = dates or {}
    actions = _adoptions(units, dates)
    out = []
    for text_id, text_units in by_text(units).items():
        seg = text_units[0].segment
        kind = seg.text_kind
        assert kind is not None, "a segment of a text without the text's kind"    # set with its text_id
        rows = [p for p in paragraphs if p.resolution_id == text_id]
        symbol = seg.text_symbol
        session, number = (int(x) for x in symbol.split("/")) if symbol else (None, None)
        if kind.startswith("draft_"):
            narrative = _narrative(units, text_units[0])
            status, action = _draft_status(narrative), _action(narrative, dates=dates)
        else:
            status, action = "adopted", actions.get((kind, symbol), _Action())
        first, last = text_units[0].blocks[0], text_units[-1].blocks[-1]
        out.append(Resolution(
            doc_id=seg.doc_id, resolution_id=text_id, kind=kind, status=status,
            text_key=text_key(kind, symbol, action.document, text_id), symbol=symbol, session=session, number=number, document_symbol=action.document,
            title=" ".join(u.text for u in text_units if u.segment.part == "title") or None,
            preamble_count=sum(p.part == "preamble" for p in rows),
            operative_count=_operative_count(rows),
            annex_count=sum(u.segment.part == "annex_heading" for u in text_units),
            action_meeting=action.meeting, action_date=action.date, action_date_inferred=action.date_inferred,
            page_start=first.page_start, page_end=last.page_end,
            line_start=first.line_start, line_end=last.line_end,
            block_start=first.block_id, block_end=last.block_id,
            text="\n".join(u.text for u in text_units)))
    return out


def _operative_count(rows: list[ResolutionParagraph]) -> int:
    """Top-level operative paragraphs: numbered ones, unnumbered ones, or the lettered items a
    decision consists of (whose parent is the opening)."""
    openings = {p.paragraph_id for p in rows if p.part == "opening"}
    return sum(p.part == "operative" and (p.parent is None or p.parent in openings) for p in rows)


def text_key(kind: str, symbol: str | None, document: str | None, text_id: int) -> str:
    """A key for a text that no other text of its report shares and a reader understands: its kind
    and number ("resolution 11/1", "decision 11/1": the two share "11/1"), a draft by its document
    symbol ("draft decision CTOC/COP/2022/L.9/Rev.1"), else by its place among the texts."""
    name = kind.replace("_", " ")
    if symbol:
        return f"{name} {symbol}"
    return f"{name} {document}" if document else f"{name} (text {text_id})"


@dataclass
class _Action:
    document: str | None = None
    meeting: int | None = None
    date: str | None = None
    date_inferred: bool = False   # the date is not stated with the action but for its meeting elsewhere


def _adoptions(units: list[Unit], dates: dict[int, str]) -> dict[tuple[str, str | None], _Action]:
    """(kind, symbol) -> the adoption told in the report's chapters, from paragraphs like
    "At its 11th meeting, on 21 October 2022, the Conference adopted a revised draft resolution
    (CTOC/COP/2022/L.8/Rev.2) ... (For the text, see chapter I, section A, resolution 11/5.)"."""
    out: dict[tuple[str, str | None], _Action] = {}    # looked up with a text's symbol: a draft has none
    previous = _Action()
    for u in units:
        if u.segment.part != "paragraph" or u.segment.text_id is not None:
            continue
        text = u.text
        action = _action([text], previous, dates)
        if action.meeting is not None:
            previous = action
        for m in SEE_TEXT.finditer(text):
            symbols = [s["symbol"] for s in PAREN_SYMBOL.finditer(text, 0, m.start())]
            out[(m["kind"], m["symbol"])] = _Action(symbols[-1] if symbols else None, action.meeting, action.date,
                                                    action.date_inferred)
    return out


def _action(texts: list[str], previous: _Action | None = None, dates: dict[int, str] | None = None) -> _Action:
    """Document symbol, meeting and date named in a narrative paragraph.  "At the same meeting" is
    the meeting (and date) of the paragraph before; a meeting named without a date ("Also at its
    11th meeting, the Conference adopted ...") takes the date `dates` gives that meeting number
    (stated elsewhere in the report: `date_inferred`), else none."""
    previous = previous or _Action()
    text = " ".join(texts)
    symbol = PAREN_SYMBOL.search(text)
    document = symbol["symbol"] if symbol else None
    if SAME_MEETING.search(text):
        return _Action(document, previous.meeting, previous.date, previous.date_inferred)
    meeting = MEETING.search(text)
    if meeting is None:
        return _Action(document)
    number = matched_ordinal(meeting["ordinal"])
    date = ON_DATE.search(text, meeting.end(), meeting.end() + 40)
    if date:
        return _Action(document, number, iso_date(date["date"]))
    elsewhere = (dates or {}).get(number)
    return _Action(document, number, elsewhere, elsewhere is not None)


def _narrative(units: list[Unit], first: Unit) -> list[str]:
    """The paragraphs of the report's annex before the draft text it quotes."""
    i = units.index(first)
    out: list[str] = []
    for u in reversed(units[:i]):
        if u.segment.text_id is not None or u.segment.part == "annex_heading":
            break
        out.insert(0, u.text)
    return out


def _draft_status(narrative: list[str]) -> str:
    text = " ".join(narrative).lower()
    for word, status in STATUS_WORDS:
        if word in text:
            return status
    return "not_considered"
