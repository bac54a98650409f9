"""What every proceedings extractor shares: where each block of a report is, its sentences,
the session, the meetings and their dates, and the `Context` that holds them with the agenda.

Pure functions: blocks and the segments of `pipeline.segment` in.  The segments say where each
block is: its chapter and section, and so the chapters that record the proceedings (those after
the first, up to the report's closing annex).  The rest is read from the text: the session
number, the year, the meetings and their dates.  The agenda is read by `pipeline.extract.agenda`,
whose `context()` builds the `Context` of a document.  What an extractor notices and cannot
resolve (an agenda item found twice, a document listed without a symbol) it notes with
`Context.note`: a finding that goes into `qa_issues` with its class, severity and lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex as re

from pipeline.ingest.metadata import SESSION_SENTENCE, parse_date_range
from pipeline.common.dates import iso_date
from pipeline.common.patterns import MONTH, ORDINAL, matched_ordinal, ordinal_value
from pipeline.common.records import Block, Footnote, QaIssue
from pipeline.segment.structure import CHAPTER, SECTION, Segment

if TYPE_CHECKING:
    from pipeline.extract.agenda import AgendaItem


# ---------------------------------------------------------------------------------------
# Structure (from the segments of `pipeline.segment`) and sentences

# The number of a paragraph: "15. " at the start of a block.
PARA_NUMBER = re.compile(r"^\d{1,3}\.\s+")
# Abbreviations whose period never ends a sentence: "No. 39574", "paras. 2–4".
ABBREVIATION = re.compile(r"\b(?:No|Nos|para|paras|vol|vols|art|arts|chap|e\.g|i\.e|Mr|Ms|Mrs|Dr|St|cf)\.$")
# A possible sentence end: "... of procedure. 63 States", "... resolution 11/1.) The".
SENTENCE_END = re.compile(r"[.!?]\)?(?=\s+[\p{Lu}(“\d])")


@dataclass
class Scope:
    chapter: str | None = None
    chapter_title: str | None = None
    section: str | None = None
    section_title: str | None = None


@dataclass
class Located:
    """A block with its place in the report."""

    block: Block
    scope: Scope
    in_proceedings: bool          # chapters after the first, before the closing annex
    segment: Segment


def locate(blocks: list[Block], segments: list[Segment]) -> list[Located]:
    """Every block with the chapter and section its segment places it in.  The proceedings are
    the blocks of the chapters after the first one, outside the report's closing annex."""
    placed = {(s.doc_id, s.block_id): s for s in segments}
    missing = [b.block_id for b in blocks if (b.doc_id, b.block_id) not in placed]
    if missing:
        raise ValueError(f"no segment for blocks {missing[:5]} (segments of another document?)")
    segs = [placed[(b.doc_id, b.block_id)] for b in blocks]
    titles = _heading_titles(blocks, segs)
    first = next((s.chapter for s in segs if s.chapter), None)
    out = []
    for block, seg in zip(blocks, segs):
        scope = Scope(seg.chapter, titles.get((seg.chapter, None)),
                      seg.section, titles.get((seg.chapter, seg.section)) if seg.section else None)
        in_proceedings = (seg.chapter is not None and seg.chapter != first
                          and not seg.structure.startswith("annex"))
        out.append(Located(block, scope, in_proceedings, seg))
    return out


def _heading_titles(blocks: list[Block], segs: list[Segment]) -> dict[tuple[str | None, str | None], str]:
    """(chapter, None) -> the chapter's title, (chapter, section) -> the section's: the text of
    its heading (with any block continuing it) without the label "II. " or "A. "."""
    texts: dict[tuple[str | None, str | None], list[str]] = {}
    for block, seg in zip(blocks, segs):
        if seg.part in ("chapter_heading", "section_heading"):
            key = (seg.chapter, seg.section if seg.part == "section_heading" else None)
            texts.setdefault(key, []).append(block.text.strip())
    out = {}
    for key, parts in texts.items():
        text = " ".join(parts)
        m = (SECTION if key[1] else CHAPTER).match(text)
        out[key] = m["title"] if m else text
    return out


def body(block: Block) -> str:
    """The block's text without its paragraph number."""
    return PARA_NUMBER.sub("", block.text.strip(), count=1)


def sentences(text: str) -> list[str]:
    """Sentences at the top level (a period inside parentheses ends none)."""
    out, last = [], 0
    for m in SENTENCE_END.finditer(text):
        before = text[last:m.end()]
        if depth(text, m.start()) or ABBREVIATION.search(text[:m.start() + 1]):
            continue
        out.append(before.strip())
        last = m.end()
    out.append(text[last:].strip())
    return [s for s in out if s]


def depth(text: str, pos: int) -> int:
    """How many parentheses are open at `pos`."""
    return max(0, text.count("(", 0, pos) - text.count(")", 0, pos))


def provenance(block: Block) -> dict:
    return {"block_id": block.block_id, "line_start": block.line_start,
            "line_end": block.line_end, "page": block.page_start}


# ---------------------------------------------------------------------------------------
# Session, meetings and dates

# A list of dates: "17 October 2022", "17 and 18 October 2022", "17, 20 and 21 October",
# "30 September and 1 October 2024".
_DAY = rf"\d{{1,2}}(?:\s+{MONTH})?(?:\s+\d{{4}})?"
DATE_LIST = rf"{_DAY}(?:(?:,\s*|,?\s+and\s+){_DAY})*"
_ONE_DATE = re.compile(rf"(?P<day>\d{{1,2}})(?:\s+(?P<month>{MONTH}))?(?:\s+(?P<year>\d{{4}}))?")

# A mention of meetings: "At its 4th and 5th meetings, on 18 and 19 October 2022",
# "at the 1st meeting of the session, on 17 October 2022", "Also at its 11th meeting".
MEETING_MENTION = re.compile(
    rf"\b(?:[Aa]t|[Ii]n)\s+(?:its|the)\s+(?P<numbers>{ORDINAL}(?:(?:,\s*|,?\s+and\s+){ORDINAL})*)"
    rf"\s+meetings?(?P<of>\s+of\s+the\s+(?:session|Conference))?"
    rf"(?:,?\s+on\s+(?P<dates>{DATE_LIST}))?(?P<respectively>,\s+respectively)?")
# "At the same meeting,".
SAME_MEETING = re.compile(r"\b[Aa]t\s+the\s+same\s+meeting\b")
# A body that holds meetings, or acts at the Conference's: "the extended Bureau", "the President".
BODY = re.compile(r"\b(?P<body>extended\s+Bureau|Bureau|Committee\s+of\s+the\s+Whole|Credentials\s+Committee"
                  r"|Working\s+Group|General\s+Assembly|Commission|Conference|President|sponsors)\b")
# What follows a sentence-initial mention: ", the Bureau had discussed".
BODY_AFTER = re.compile(rf"^,?\s+(?:the\s+)?{BODY.pattern}")
# The subject a sentence starts with: "The Bureau of the Conference considered".
BODY_FIRST = re.compile(rf"^(?:The|the)\s+{BODY.pattern}")
CONFERENCE_BODIES = {"Conference", "President", "sponsors"}


@dataclass
class MeetingMention:
    numbers: list[int]
    dates: list[str]
    respectively: bool
    owner: str                     # "Conference", "Bureau", "Working Group", ...
    start: int
    end: int


def parse_dates(text: str, default_year: int | None) -> list[str]:
    """'17, 18 and 19 October 2022' -> three ISO dates; a missing year is `default_year`.  A list
    holding a day no calendar has ('17 and 31 April') gives none: which meeting each date is of
    goes by their order, which that day leaves unknown (the QA reports it: `impossible_date`)."""
    parts = [m for m in _ONE_DATE.finditer(text)]
    out, month, year = [], None, None
    for m in reversed(parts):
        month = m["month"] or month
        year = int(m["year"]) if m["year"] else (year or default_year)
        if month is None or year is None or (date := iso_date(year, month, m["day"])) is None:
            return []
        out.append(date)
    return sorted(out)


def meeting_mentions(sentence: str, year: int | None) -> list[MeetingMention]:
    out = []
    for m in MEETING_MENTION.finditer(sentence):
        numbers = [matched_ordinal(w) for w in re.findall(ORDINAL, m["numbers"])]
        dates = parse_dates(m["dates"], year) if m["dates"] else []
        out.append(MeetingMention(numbers, dates, bool(m["respectively"]),
                                  _owner(sentence, m), m.start(), m.end()))
    return out


def _owner(sentence: str, m: re.Match) -> str:
    """Whose meeting: "of the Conference" said, the body named right after a mention that
    opens a clause, else the subject of the sentence, else the nearest body named before."""
    if m["of"]:
        return "Conference"
    before = sentence[:m.start()]
    opens_clause = not before.strip() or re.search(r"(?:^|,|\bthat)\s*(?:Also\s+|also\s+)?$", before)
    if opens_clause:
        after = BODY_AFTER.match(sentence[m.end():])
        return _canonical_body(after["body"]) if after else "Conference"
    first = BODY_FIRST.match(sentence)
    if first:
        return _canonical_body(first["body"])
    bodies = list(BODY.finditer(before))
    return _canonical_body(bodies[-1]["body"]) if bodies else "Conference"


def _canonical_body(body: str) -> str:
    body = re.sub(r"\s+", " ", body)
    return "Conference" if body in CONFERENCE_BODIES else body


def conference_mentions(sentence: str, year: int | None) -> list[MeetingMention]:
    return [m for m in meeting_mentions(sentence, year) if m.owner == "Conference"]


def meeting_dates(located: list[Located], year: int | None) -> dict[int, str]:
    """The date of each meeting of the Conference, where the text allows only one reading:
    one date for all meetings named, or as many dates as meetings (in order); the first date
    stated wins (a meeting dated twice is the QA check `meeting_dates`, on the same rule)."""
    dates: dict[int, str] = {}
    for loc in located:
        if not loc.in_proceedings:
            continue
        for sentence in sentences(body(loc.block)):
            for mention in conference_mentions(sentence, year):
                for number, date in dated_meetings(mention):
                    dates.setdefault(number, date)
    return dates


def dated_meetings(mention: MeetingMention) -> list[tuple[int, str]]:
    """(meeting, date) a mention allows: one date for all the meetings named, or one each, in order."""
    if len(mention.dates) == 1:
        return [(n, mention.dates[0]) for n in mention.numbers]
    if mention.dates and len(mention.dates) == len(mention.numbers):
        return list(zip(mention.numbers, mention.dates))
    return []


@dataclass
class Session:
    number: int | None
    year: int | None


def session_of(blocks: list[Block]) -> Session:
    """The session the report is about, from its first sentence saying "At its eleventh session,
    held in Vienna from 17 to 21 October 2022"."""
    for block in blocks:
        m = SESSION_SENTENCE.search(re.sub(r"\s+", " ", block.text))
        if m:
            day = next((d for d in parse_date_range(m["dates"]) or () if d), None)   # None: no such date
            return Session(ordinal_value(m["ordinal"]), int(day[:4]) if day else None)
    return Session(None, None)


# ---------------------------------------------------------------------------------------
# Rules of procedure

# "rule 63", "rules 57, 61, 63, 64 and 65", "rules 14 to 17" (a rule's number has at most three
# digits: "rules 14 to 82312355659213373" would otherwise be a span of 10^16 rules).
RULES = re.compile(r"\b[Rr]ules?\s+(?P<list>\d{1,3}\b(?:(?:,\s*|,?\s+and\s+|\s+to\s+)\d{1,3}\b)*)")


def rules_cited(text: str) -> list[int]:
    out: list[int] = []
    for m in RULES.finditer(text):
        for a, b in re.findall(r"(\d+)(?:\s+to\s+(\d+))?", m["list"]):
            out.extend(range(int(a), int(b) + 1) if b else [int(a)])
    return sorted(set(out))


# ---------------------------------------------------------------------------------------
# The context every extractor shares


@dataclass
class Context:
    doc_id: str
    located: list[Located]
    session: Session
    dates: dict[int, str]
    agenda: list[AgendaItem]
    scope_items: dict[tuple[str | None, str | None], int]   # (chapter, section) -> agenda_item_id
    findings: list[QaIssue]         # what the extractors noticed (`note`), rows of qa_issues
    _by_block: dict[int, Located] = field(default_factory=dict)

    def note(self, check: str, message: str, at: Block | Footnote, category: str = "extraction",
             severity: str = "warning") -> None:
        """A finding at a block or footnote: what an extractor noticed and could not resolve."""
        if isinstance(at, Block):
            where = ("blocks", f"block_id={at.block_id}", at.page_start, at.line_start, at.line_end)
        else:
            where = ("footnotes", f"footnote_id={at.footnote_id}", at.page, at.line_start, at.line_end)
        finding = QaIssue(self.doc_id, check, message, *where, severity=severity, category=category)
        if finding not in self.findings:
            self.findings.append(finding)

    def proceedings(self) -> list[Located]:
        return [loc for loc in self.located if loc.in_proceedings]

    def item_of(self, scope: Scope) -> int | None:
        return self.scope_items.get((scope.chapter, scope.section),
                                    self.scope_items.get((scope.chapter, None)))

    def date_of(self, meeting: int | None) -> str | None:
        """The date the proceedings state for a meeting (None for no meeting)."""
        return self.dates.get(meeting) if meeting is not None else None

    def agenda_item(self, agenda_item_id: int | None) -> AgendaItem | None:
        return next((a for a in self.agenda if a.agenda_item_id == agenda_item_id), None)

    def locate(self, block_id: int) -> Located:
        if len(self._by_block) != len(self.located):
            self._by_block = {loc.block.block_id: loc for loc in self.located}
        return self._by_block[block_id]


def same_scope(ctx: Context, block_id: int, loc: Located) -> bool:
    """Whether block `block_id` is in the chapter and section of `loc`."""
    other = ctx.locate(block_id)
    return (other.scope.chapter, other.scope.section) == (loc.scope.chapter, loc.scope.section)
