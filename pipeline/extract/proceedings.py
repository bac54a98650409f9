"""Proceedings of a session: agenda items, documents, statements, actions and sponsors,
recorded votes, officers and participation, read from the blocks of a report.

Pure functions: blocks, footnotes and the segments of `pipeline.segment` in, records out.
The segments say where each block is: its chapter and section, and so the chapters that
record the proceedings (those after the first, up to the report's closing annex).  The rest
is read from the text: the session number, the year, the agenda items (stated as
"considered agenda item 2 (a), entitled “...”", or inferred from the chapter order where the
report does not state them, which `item_stated` tells), the meetings and their dates.  Names
of States and organizations go through `pipeline.common.entities`; a name it cannot resolve is kept
as written and reported in `Proceedings.warnings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common import entities as ent
from pipeline.ingest.metadata import SESSION_SENTENCE, parse_date_range
from pipeline.common.patterns import MONTH, MONTHS, NUMBER, ORDINAL, SYMBOL, number_value, ordinal_value
from pipeline.common.records import Block, Footnote
from pipeline.segment.structure import CHAPTER, SECTION, Segment, segment

CURRENT, PROVISIONAL = "current", "provisional"

# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


@dataclass
class AgendaItem:
    doc_id: str
    agenda_item_id: int
    agenda: str                    # "current" or "provisional"
    for_session: int | None
    item: str                      # "1 (f)", "3"
    item_number: int
    sub_item: str | None           # "f"
    title: str
    title_as_written: str | None   # the quoted title or heading it was read from
    meetings: list[int]
    meeting_dates: list[str]
    item_stated: bool              # the report states the item number; False: inferred
    meetings_stated: bool          # the meetings come from "considered agenda item ..."
    chapter: str | None
    section: str | None
    decision: str | None           # for a provisional agenda: the decision that adopted it
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class AgendaDocument:
    doc_id: str
    agenda_item_id: int
    position: int
    letter: str | None
    symbol: str
    description: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Statement:
    doc_id: str
    statement_id: int
    agenda_item_id: int | None
    occasion: str
    meeting: int | None
    vote_id: int | None
    role: str | None
    speaker_as_written: str
    speaker: str | None
    speaker_kind: str
    iso3: str | None
    on_behalf_of: str | None
    on_behalf_of_canonical: str | None
    on_behalf_of_kind: str | None
    also_on_behalf: bool
    aligned_states: list[str]
    aligned_iso3: list[str | None]
    online: bool
    remark: str | None
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Action:
    doc_id: str
    symbol: str
    base_symbol: str
    revision: int | None
    draft_kind: str | None
    title: str | None
    agenda_item_id: int | None
    outcome: str
    result_kind: str | None
    result_number: str | None
    result_reference: str | None
    result_block_id: int | None
    orally_amended: bool
    meeting: int | None
    date: str | None
    submitted_by: str | None
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Sponsor:
    doc_id: str
    symbol: str
    source: str                    # "action", "footnote" or "statement"
    position: int
    sponsor_as_written: str
    sponsor: str | None
    kind: str
    iso3: str | None
    member_of: str | None
    remarks: list[str]
    block_id: int | None
    footnote_id: int | None
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Vote:
    doc_id: str
    vote_id: int
    agenda_item_id: int | None
    meeting: int | None
    meeting_stated: bool
    date: str | None
    question: str | None
    yes: int
    no: int | None
    abstentions: int | None
    present_and_voting: int | None
    present_and_voting_computed: int | None
    majority: str | None
    threshold_stated: int | None
    threshold_computed: int | None
    threshold_relation: str | None
    passed_as_stated: bool | None
    passed_by_rule: bool | None
    outcome: str | None
    rules_cited: list[int]
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Officer:
    doc_id: str
    officer_id: int
    role: str
    role_as_written: str
    name: str
    country_as_written: str
    country: str | None
    iso3: str | None
    meeting: int | None
    date: str | None
    elected_by: str | None
    rules_cited: list[int]
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Participation:
    doc_id: str
    measure: str
    count: int
    count_as_written: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class Proceedings:
    agenda_items: list[AgendaItem] = field(default_factory=list)
    agenda_documents: list[AgendaDocument] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    participation: list[Participation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
        if _depth(text, m.start()) or ABBREVIATION.search(text[:m.start() + 1]):
            continue
        out.append(before.strip())
        last = m.end()
    out.append(text[last:].strip())
    return [s for s in out if s]


def _depth(text: str, pos: int) -> int:
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
    """'17, 18 and 19 October 2022' -> three ISO dates; a missing year is `default_year`."""
    parts = [m for m in _ONE_DATE.finditer(text)]
    out, month, year = [], None, None
    for m in reversed(parts):
        month = m["month"] or month
        year = int(m["year"]) if m["year"] else (year or default_year)
        if month is None or year is None:
            return []
        out.append(f"{year:04d}-{MONTHS.index(month) + 1:02d}-{int(m['day']):02d}")
    return sorted(out)


def meeting_mentions(sentence: str, year: int | None) -> list[MeetingMention]:
    out = []
    for m in MEETING_MENTION.finditer(sentence):
        numbers = [ordinal_value(w) for w in re.findall(ORDINAL, m["numbers"])]
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


def meeting_dates(located: list[Located], year: int | None) -> tuple[dict[int, str], list[str]]:
    """The date of each meeting of the Conference, where the text allows only one reading:
    one date for all meetings named, or as many dates as meetings (in order)."""
    dates: dict[int, str] = {}
    warnings: list[str] = []
    for loc in located:
        if not loc.in_proceedings:
            continue
        for sentence in sentences(body(loc.block)):
            for mention in conference_mentions(sentence, year):
                for number, date in _pairs(mention):
                    if dates.setdefault(number, date) != date:
                        warnings.append(f"meeting {number}: dated {dates[number]} and {date} "
                                        f"(block {loc.block.block_id})")
    return dates, warnings


def _pairs(mention: MeetingMention) -> list[tuple[int, str]]:
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
            dates = parse_date_range(m["dates"])
            return Session(ordinal_value(m["ordinal"]), int(dates[0][:4]) if dates else None)
    return Session(None, None)


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
    warnings: list[str]
    _by_block: dict[int, Located] = field(default_factory=dict)

    def proceedings(self) -> list[Located]:
        return [loc for loc in self.located if loc.in_proceedings]

    def item_of(self, scope: Scope) -> int | None:
        return self.scope_items.get((scope.chapter, scope.section),
                                    self.scope_items.get((scope.chapter, None)))

    def agenda_item(self, agenda_item_id: int | None) -> AgendaItem | None:
        return next((a for a in self.agenda if a.agenda_item_id == agenda_item_id), None)

    def locate(self, block_id: int) -> Located:
        if len(self._by_block) != len(self.located):
            self._by_block = {loc.block.block_id: loc for loc in self.located}
        return self._by_block[block_id]


def context(blocks: list[Block], segments: list[Segment] | None = None) -> Context:
    """What every extractor shares; the segments are `pipeline.segment.segment(blocks)` when not given."""
    located = locate(blocks, segment(blocks) if segments is None else segments)
    session = session_of(blocks)
    dates, warnings = meeting_dates(located, session.year)
    doc_id = blocks[0].doc_id if blocks else ""
    ctx = Context(doc_id, located, session, dates, [], {}, warnings)
    current, scope_items = _current_agenda(ctx)
    ctx.agenda = current + _provisional_agenda(ctx, start=len(current) + 1)
    ctx.scope_items = scope_items
    return ctx


# ---------------------------------------------------------------------------------------
# Agenda items

# "the Conference considered agenda item 2 (a), entitled “Review of ...: United Nations ...”".
CONSIDERED = re.compile(r"considered\s+agenda\s+item\s+(?P<number>\d+)(?:\s*\((?P<sub>[a-z])\))?,?"
                        r"\s+entitled\s+[“\"](?P<title>[^”\"]+)[”\"]")
# The heading of a provisional agenda: "Provisional agenda for the twelfth session of the ...".
PROVISIONAL_HEADING = re.compile(rf"^Provisional\s+agenda\s+for\s+the\s+(?P<ordinal>{ORDINAL})\s+session\b")
# An item of a printed agenda: "1. Organizational matters:", "(a) Election of officers;".
AGENDA_LINE = re.compile(r"^(?:(?P<number>\d+)\.|\((?P<sub>[a-z])\))\s+(?P<title>.+?)[.;:]?$")


@dataclass
class _Found:
    """An agenda item as found in the proceedings, before numbering."""

    number: int
    sub: str | None
    title: str
    title_as_written: str | None
    meetings: list[int]
    dates: list[str]
    item_stated: bool
    meetings_stated: bool
    scope: Scope
    block: Block


def _chapters(ctx: Context) -> list[tuple[str, list[Located]]]:
    chapters: dict[str, list[Located]] = {}
    for loc in ctx.proceedings():
        if loc.scope.chapter:
            chapters.setdefault(loc.scope.chapter, []).append(loc)
    return list(chapters.items())


def _stated_items(ctx: Context, locs: list[Located]) -> list[_Found]:
    found = []
    for loc in locs:
        for sentence in sentences(body(loc.block)):
            m = CONSIDERED.search(sentence)
            if not m:
                continue
            mentions = conference_mentions(sentence[:m.start()], ctx.session.year)
            meetings = sorted({n for mt in mentions for n in mt.numbers})
            dates = sorted({d for mt in mentions for d in mt.dates})
            title = m["title"].split(": ", 1)[1] if m["sub"] and ": " in m["title"] else m["title"]
            found.append(_Found(int(m["number"]), m["sub"], title, m["title"], meetings, dates,
                                True, True, loc.scope, loc.block))
    return found


def _mentioned_meetings(ctx: Context, locs: list[Located]) -> tuple[list[int], list[str]]:
    numbers, dates = set(), set()
    for loc in locs:
        for sentence in sentences(body(loc.block)):
            for mention in conference_mentions(sentence, ctx.session.year):
                numbers.update(mention.numbers)
                dates.update(mention.dates or [ctx.dates[n] for n in mention.numbers if n in ctx.dates])
    return sorted(numbers), sorted(dates)


def _inferred_items(ctx: Context, locs: list[Located], number: int, sub_letters_after: str | None) -> list[_Found]:
    """Items of a chapter that does not state its item number: the chapter is item `number`;
    its lettered sections are sub-items when the item's later sub-items are stated elsewhere
    ("1 (f)" after sections A to E)."""
    heading = locs[0]
    sections: dict[str, list[Located]] = {}
    for loc in locs:
        if loc.scope.section:
            sections.setdefault(loc.scope.section, []).append(loc)
    if sub_letters_after and sections and all(s.lower() < sub_letters_after for s in sections):
        out = []
        for letter, section_locs in sections.items():
            meetings, dates = _mentioned_meetings(ctx, section_locs)
            out.append(_Found(number, letter.lower(), section_locs[0].scope.section_title,
                              section_locs[0].block.text, meetings, dates, False, False,
                              section_locs[0].scope, section_locs[0].block))
        return out
    meetings, dates = _mentioned_meetings(ctx, locs)
    return [_Found(number, None, heading.scope.chapter_title, heading.block.text, meetings, dates,
                   False, False, Scope(heading.scope.chapter, heading.scope.chapter_title), heading.block)]


def _current_agenda(ctx: Context) -> tuple[list[AgendaItem], dict]:
    chapters = _chapters(ctx)
    stated = [(roman, locs, _stated_items(ctx, locs)) for roman, locs in chapters]
    found: list[_Found] = []
    chapter_heads: dict[int, tuple[str, Block]] = {}
    for i, (roman, locs, items) in enumerate(stated):
        if not items:
            items = _infer_chapter(ctx, stated, i)
            if not items:
                ctx.warnings.append(f"chapter {roman}: no agenda item stated or inferable")
            elif any(f.sub for f in items):
                chapter_heads[items[0].number] = (locs[0].scope.chapter_title, locs[0].block)
        found.extend(items)
    return _number_items(ctx, found, chapter_heads)


def _infer_chapter(ctx: Context, stated: list, i: int) -> list[_Found]:
    previous = [f.number for _, _, items in stated[:i] for f in items]
    number = max(previous, default=0) + 1
    later = [f for _, _, items in stated[i + 1:] for f in items]
    if any(f.number == number and f.sub is None for f in later):
        return []
    subs = sorted(f.sub for f in later if f.number == number and f.sub)
    return _inferred_items(ctx, stated[i][1], number, subs[0] if subs else None)


def _number_items(ctx: Context, found: list[_Found], chapter_heads: dict) -> tuple[list[AgendaItem], dict]:
    by_key: dict[tuple[int, str | None], _Found] = {}
    for f in found:
        if (f.number, f.sub) in by_key:
            ctx.warnings.append(f"agenda item {f.number} ({f.sub}) found twice (block {f.block.block_id})")
        by_key.setdefault((f.number, f.sub), f)
    for number in sorted({f.number for f in found if f.sub and (f.number, None) not in by_key}):
        by_key[(number, None)] = _parent(ctx, number, [f for f in found if f.number == number], chapter_heads)
    rows, scope_items = [], {}
    for agenda_item_id, key in enumerate(sorted(by_key, key=lambda k: (k[0], k[1] or "")), start=1):
        f = by_key[key]
        rows.append(_agenda_row(ctx, agenda_item_id, f, CURRENT, ctx.session.number, None))
        if f.scope.chapter:
            scope_items[_scope_key(f)] = agenda_item_id
    for f in found:        # a chapter whose sub-items sit in sections has them as its default too
        scope_items.setdefault((f.scope.chapter, None), scope_items[_scope_key(f)])
    return rows, scope_items


def _scope_key(f: _Found) -> tuple[str | None, str | None]:
    """Where an item's text is: its section for a sub-item read from one, else its chapter."""
    return f.scope.chapter, (f.scope.section if f.sub else None)


def _parent(ctx: Context, number: int, children: list[_Found], chapter_heads: dict) -> _Found:
    """The row of an item known only through its sub-items: its title is the heading of the
    chapter that holds them, or the part before ": " of a sub-item's quoted title."""
    head = chapter_heads.get(number)
    quoted = next((c.title_as_written.split(": ", 1)[0] for c in children
                   if c.item_stated and c.title_as_written and ": " in c.title_as_written), None)
    first = children[0]
    chapter_locs = [loc for loc in ctx.proceedings() if loc.scope.chapter == first.scope.chapter]
    title, block = (head if head else (quoted or first.scope.chapter_title, chapter_locs[0].block))
    return _Found(number, None, title, block.text, sorted({m for c in children for m in c.meetings}),
                  sorted({d for c in children for d in c.dates}), any(c.item_stated for c in children),
                  False, Scope(first.scope.chapter, first.scope.chapter_title), block)


def _agenda_row(ctx: Context, agenda_item_id: int, f: _Found, agenda: str, for_session: int | None,
                decision: str | None) -> AgendaItem:
    item = f"{f.number} ({f.sub})" if f.sub else str(f.number)
    return AgendaItem(ctx.doc_id, agenda_item_id, agenda, for_session, item, f.number, f.sub, f.title,
                      f.title_as_written, f.meetings, f.dates, f.item_stated, f.meetings_stated,
                      f.scope.chapter, f.scope.section, decision, **provenance(f.block))


def _provisional_agenda(ctx: Context, start: int) -> list[AgendaItem]:
    """The agenda for a later session that a decision of this one set out."""
    rows, decision, located = [], None, ctx.located
    for i, loc in enumerate(located):
        text = loc.block.text.strip()
        if loc.segment.part == "text_heading":
            decision = loc.segment.text_symbol if loc.segment.text_kind == "decision" else None
        m = PROVISIONAL_HEADING.match(text)
        if loc.block.kind != "heading" or not m or i + 1 >= len(located) \
                or located[i + 1].block.kind != "list_item":
            continue
        for f in _agenda_lines(located[i + 1:]):
            rows.append(_agenda_row(ctx, start + len(rows), f, PROVISIONAL, ordinal_value(m["ordinal"]), decision))
    return rows


def _agenda_lines(located: list[Located]) -> list[_Found]:
    out, number = [], None
    for loc in located:
        m = AGENDA_LINE.match(loc.block.text.strip())
        if loc.block.kind != "list_item" or not m or (m["sub"] and number is None):
            break
        number = int(m["number"]) if m["number"] else number
        out.append(_Found(number, m["sub"], m["title"], loc.block.text.strip(), [], [], True, False,
                          loc.scope, loc.block))
    return out


# ---------------------------------------------------------------------------------------
# Documents before the Conference

# "For its consideration of the item, the Conference had before it the following:" or
# "... had before it a note by the Secretariat ... (CTOC/COP/2022/5)."
HAD_BEFORE_IT = re.compile(r"\bhad\s+before\s+it\s+(?P<rest>.+)$")
THE_FOLLOWING = re.compile(r"^the\s+following\s*:?$")
# A listed document: "(a) Conference room paper on ... (CTOC/COP/2022/CRP.1);".
LETTERED = re.compile(r"^\((?P<letter>[a-z])\)\s+(?P<text>.+?)[.;]?$")
# The symbol in the last parentheses: "... as at 3 October 2022 (CTOC/COP/2022/CRP.1)".
SYMBOL_IN_PARENS = re.compile(rf"\s*\((?P<symbol>{SYMBOL.pattern})\)\s*$")


def extract_agenda_documents(blocks: list[Block], ctx: Context | None = None) -> list[AgendaDocument]:
    ctx = ctx or context(blocks)
    out: list[AgendaDocument] = []
    located = ctx.proceedings()
    for i, loc in enumerate(located):
        for sentence in sentences(body(loc.block)):
            m = HAD_BEFORE_IT.search(sentence)
            if not m:
                continue
            item_id = ctx.item_of(loc.scope)
            if item_id is None:
                ctx.warnings.append(f"documents in block {loc.block.block_id}: no agenda item")
                continue
            listed = _listed_documents(located[i + 1:]) if THE_FOLLOWING.match(m["rest"].rstrip(".")) \
                else [(None, m["rest"], loc.block)]
            for letter, text, block in listed:
                doc = _document(ctx, item_id, len([d for d in out if d.agenda_item_id == item_id]) + 1,
                                letter, text, block)
                if doc:
                    out.append(doc)
    return out


def _listed_documents(located: list[Located]) -> list[tuple[str, str, Block]]:
    out = []
    for loc in located:
        m = LETTERED.match(loc.block.text.strip())
        if loc.block.kind != "list_item" or not m:
            break
        out.append((m["letter"], m["text"], loc.block))
    return out


def _document(ctx: Context, item_id: int, position: int, letter: str | None, text: str,
              block: Block) -> AgendaDocument | None:
    text = text.strip().rstrip(".;")
    m = SYMBOL_IN_PARENS.search(text)
    if not m:
        ctx.warnings.append(f"document without a symbol in block {block.block_id}: {text[:60]!r}")
        return None
    description = re.sub(r"^(?:a|an|the)\s+", "", text[:m.start()].strip())
    description = description[:1].upper() + description[1:]
    return AgendaDocument(ctx.doc_id, item_id, position, letter, m["symbol"], description, **provenance(block))


# ---------------------------------------------------------------------------------------
# Votes

_WHO = r"(?:(?:States\s+parties|States|Parties|members|delegations|representatives|votes?)\s+)?"
_HOW = r"(?:(?:were\s+)?(?:recorded|cast)\s+|voted\s+)?"
# "63 States parties voted in favour", "Fifty-eight ... voted in favour", "40 votes were recorded in favour".
IN_FAVOUR = re.compile(rf"(?P<yes>{NUMBER})\s+{_WHO}{_HOW}in\s+favour")
# "15 voted against", "10 votes against", "none against".
AGAINST = re.compile(rf"(?P<no>{NUMBER}|none|no)\s+{_WHO}{_HOW}against")
# "25 abstained", "5 abstentions", "with no abstentions", "none abstained".
ABSTAINED = re.compile(rf"(?P<abstentions>{NUMBER}|no|none)\s+{_WHO}(?:abstained|abstentions?|abstaining)")
# The United Nations form: "by a recorded vote of 40 to 10, with 5 abstentions", "by 40 votes to 10".
VOTES_TO = re.compile(rf"\bby\s+(?:a\s+(?:recorded\s+)?vote\s+of\s+)?(?P<yes>{NUMBER})\s+(?:votes\s+)?to\s+"
                      rf"(?P<no>{NUMBER})(?:,?\s+with\s+(?P<abstentions>{NUMBER}|no)\s+abstentions?)?")
# "Of the 78 States parties therefore present and voting".
PRESENT_AND_VOTING = re.compile(rf"(?P<n>{NUMBER})\s+{_WHO}(?:therefore\s+)?present\s+and\s+voting")
# "the two-thirds majority of 53", "the required simple majority was 36", "a majority of 33".
MAJORITY = re.compile(rf"(?P<type>two-thirds|simple)?\s*majority(?:\s+(?:required|needed))?\s+"
                      rf"(?:of|was|being|is)\s+(?P<n>{NUMBER})")
# "was exceeded", "was not reached".
RELATION = re.compile(r"\b(?:was|had\s+been)\s+(?P<relation>not\s+(?:reached|attained|obtained|met)"
                      r"|exceeded|reached|attained|obtained|met)\b(?:,?\s+and\s+(?P<outcome>.+?))?\.?$")
# "On the question of whether the matter could be considered a matter of procedure, 63 ...".
QUESTION = re.compile(rf"\b[Oo]n\s+the\s+question\s+of\s+(?P<question>.+?),\s+(?={NUMBER}\s)")
# The sentence before a tally that puts the question: "the Conference decided on the according of ...".
INTRO_QUESTION = re.compile(r"\b(?:voted|decided|vote\s+was\s+taken)(?:\s+first)?(?:,[^,]*,)?\s+on\s+"
                            r"(?:the\s+question\s+of\s+)?(?P<question>.+?)\.?$")
# The subject of the United Nations form: "The draft resolution was adopted by a recorded vote ...".
VOTED_SUBJECT = re.compile(r"^(?P<question>.+?)\s+was\s+(?:adopted|rejected|approved)\s+by\b")
# A mention of voting in a sentence that introduces a vote.
VOTING_WORD = re.compile(r"\bvot(?:e|ed|ing)\b|\bdecided\s+on\b")
# "rule 63", "rules 57, 61, 63, 64 and 65", "rules 14 to 17".
RULES = re.compile(r"\b[Rr]ules?\s+(?P<list>\d+(?:(?:,\s*|,?\s+and\s+|\s+to\s+)\d+)*)")


def rules_cited(text: str) -> list[int]:
    out: list[int] = []
    for m in RULES.finditer(text):
        for a, b in re.findall(r"(\d+)(?:\s+to\s+(\d+))?", m["list"]):
            out.extend(range(int(a), int(b) + 1) if b else [int(a)])
    return sorted(set(out))


def two_thirds(n: int) -> int:
    """Two thirds of n, rounded up: 78 -> 52, 65 -> 44."""
    return -(-2 * n // 3)


def simple_majority(n: int) -> int:
    """More than half of n: 71 -> 36, 65 -> 33."""
    return n // 2 + 1


@dataclass
class _Tally:
    yes: int
    no: int | None
    abstentions: int | None


def tally(sentence: str) -> _Tally | None:
    """The figures of a recorded vote in one sentence, or None when it records none."""
    m = VOTES_TO.search(sentence)
    if m:
        return _Tally(number_value(m["yes"]), number_value(m["no"]), _count(m["abstentions"], 0))
    m = IN_FAVOUR.search(sentence)
    if not m:
        return None
    rest = sentence[m.end():]
    no, abst = AGAINST.search(rest), ABSTAINED.search(rest)
    return _Tally(number_value(m["yes"]), _count(no and no["no"], None), _count(abst and abst["abstentions"], None))


def _count(word: str | None, missing: int | None) -> int | None:
    if word is None:
        return missing
    return 0 if word.lower() in ("no", "none") else number_value(word)


def extract_votes(blocks: list[Block], ctx: Context | None = None) -> list[Vote]:
    ctx = ctx or context(blocks)
    votes: list[Vote] = []
    for loc in ctx.proceedings():
        sents = sentences(body(loc.block))
        for i, sentence in enumerate(sents):
            figures = tally(sentence)
            if figures:
                span = _vote_span(sents, i)
                votes.append(_vote(ctx, len(votes) + 1, loc, span, sentence, figures, votes))
    return votes


def _vote_span(sents: list[str], i: int) -> list[str]:
    """The sentences of one vote: the one that puts the question (if just before), the tally,
    and the ones after it that count the majority."""
    intro = [sents[i - 1]] if i and VOTING_WORD.search(sents[i - 1]) and not tally(sents[i - 1]) else []
    after = []
    for s in sents[i + 1:]:
        if tally(s) or not (PRESENT_AND_VOTING.search(s) or MAJORITY.search(s) or RELATION.search(s)):
            break
        after.append(s)
    return intro + [sents[i]] + after


def _vote(ctx: Context, vote_id: int, loc: Located, span: list[str], sentence: str,
          figures: _Tally, earlier: list[Vote]) -> Vote:
    text = " ".join(span)
    mentions = [mt for s in span for mt in conference_mentions(s, ctx.session.year)]
    previous = next((v for v in reversed(earlier) if v.block_id <= loc.block.block_id), None)
    meeting = mentions[-1].numbers[-1] if mentions else (previous.meeting if previous else None)
    pv, maj, rel = PRESENT_AND_VOTING.search(text), MAJORITY.search(text), None
    for s in span:
        rel = RELATION.search(s) or rel
    present = number_value(pv["n"]) if pv else None
    computed = figures.yes + figures.no if figures.no is not None else None
    majority = maj["type"] if maj and maj["type"] else None
    threshold = _threshold(majority, present if present is not None else computed)
    return Vote(ctx.doc_id, vote_id, ctx.item_of(loc.scope), meeting, bool(mentions),
                ctx.dates.get(meeting), _question(span, sentence), figures.yes, figures.no,
                figures.abstentions, present, computed, majority,
                number_value(maj["n"]) if maj else None, threshold,
                rel["relation"] if rel else None,
                (not rel["relation"].startswith("not")) if rel else None,
                figures.yes >= threshold if threshold is not None else None,
                rel["outcome"].strip() if rel and rel["outcome"] else None,
                rules_cited(text), **provenance(loc.block))


def _threshold(majority: str | None, present: int | None) -> int | None:
    if present is None or majority is None:
        return None
    return two_thirds(present) if majority == "two-thirds" else simple_majority(present)


def _question(span: list[str], sentence: str) -> str | None:
    m = QUESTION.search(sentence)
    if m:
        return m["question"]
    for s in span:
        if s is not sentence and (m := INTRO_QUESTION.search(s)):
            return m["question"]
    m = VOTED_SUBJECT.search(sentence)
    return re.sub(r"^(?:The|the)\s+", "", m["question"]) if m else None


# ---------------------------------------------------------------------------------------
# Statements

# A list of speakers after "by": "The Conference heard statements by the representatives of",
# "Statements were made by", "A statement was also made by", "Statements made under the item by".
STATEMENTS_BY = re.compile(r"\bheard\s+(?:a\s+)?statements?\s+by\s+|\b[Ss]tatements?\s+(?:was|were)\s+(?:also\s+)?"
                           r"made\s+by\s+|^Statements\s+made(?P<under>\s+under\s+the\s+item)?\s+by\s+")
# "accorded the right to reply to the representatives of Slovakia and the Russian Federation".
RIGHT_OF_REPLY = re.compile(r"\bright\s+(?:of|to)\s+reply\s+to\s+")
# A sentence whose subject is the speaker: "The representative of Chile explained",
# "Observers for INTERPOL ... also made statements", "The Chair of the Working Group ... presented".
SUBJECT_SPEAKER = re.compile(r"^(?:(?:The|An?)\s+)?(?=(?:[Rr]epresentatives?|[Oo]bservers?|(?:Co-)?Chair|"
                             r"Executive\s+Director|Vice-President)\s+(?:of|for)\s+(?!" + NUMBER + r"\s))")
# The verb that ends such a subject: "explained", "also thanked", "made".
SPEECH_VERB = re.compile(r"\s+(?:also\s+)?(?P<verb>made|explained|stated|thanked|highlighted|remarked|welcomed|"
                         r"expressed|presented|said|noted|emphasized|underlined|reiterated|introduced|delivered|"
                         r"gave|recalled|confirmed|clarified|spoke|read\s+out)\b")
# The end of a list of speakers: ", in which she noted", " are contained in conference room paper X".
LIST_END = re.compile(r",\s+(?:in\s+which|who|which)\b.*$|\s+(?:are|is|were|was)\s+contained\s+in\s+(?P<where>.+?)\.?$")
# Who is speaking for whom in a list: "the representatives of", "observers for the following".
ROLE_MARKER = re.compile(r"(?:^|,?\s+and\s+|,\s+)(?:[Tt]he\s+|[Aa]n?\s+)?(?P<role>[Rr]epresentatives?|[Oo]bservers?)"
                         r"\s+(?:of|for)\s+")
# The kind of what follows: "the following intergovernmental organizations:", "the non-governmental organizations".
KIND_MARKER = re.compile(r"(?:^|,?\s+and\s+|,\s+)(?:the\s+)?(?:following\s+)?(?P<kind>intergovernmental|"
                         r"non-governmental)\s+organizations?\s*:?\s+")
# A kind said after a name: "INTERPOL, an intergovernmental organization,", "Iran, a signatory State".
APPOSITIVE = re.compile(r",\s+(?:an?|the)\s+(?P<kind>intergovernmental\s+organization|non-governmental\s+organization|"
                        r"signatory\s+State|regional\s+economic\s+integration\s+organization)(?=,|$)")
APPOSITIVE_REMARK = re.compile(r"^(?:an?|the)\s+(?P<kind>intergovernmental\s+organization|non-governmental\s+"
                               r"organization|signatory\s+State|regional\s+economic\s+integration\s+organization)$")
# An officer or member of the secretariat: "the Executive Director of the United Nations Office on Drugs
# and Crime", "a representative of the secretariat", "the Co-Chair of the Working Group on ...".
OFFICER = re.compile(r"^(?:[Tt]he\s+|[Aa]n?\s+)?(?P<role>(?:Co-)?Chairs?|Executive\s+Director|(?:Vice-)?[Pp]residents?|"
                     r"Rapporteur|Secretary|[Rr]epresentatives?|[Mm]embers?)\s+of\s+the\s+(?:[Ss]ecretariat|"
                     r"Conference|Working\s+Group|Committee|Bureau|United\s+Nations)\b")
# A head of State or Government named with the State: "President Taneti Maamau of Kiribati".
HEAD_OF_STATE = re.compile(r"^(?P<role>President|Vice-President|Prime\s+Minister|King|Queen|Emir|Minister\s+"
                           r"for\s+Foreign\s+Affairs)\s+(?P<person>\p{Lu}.+?)\s+of\s+(?P<state>.+)$")
# ", on behalf of X" after an officer, taken as a remark: "the Co-Chair ..., on behalf of her fellow Co-Chair".
ON_BEHALF_CLAUSE = re.compile(r",\s+(?P<clause>on\s+behalf\s+of\s+[^,()]+?)(?=,|$)")
# "made a statement on the vote", "a statement in explanation of vote".
ON_THE_VOTE = re.compile(r"\bon\s+the\s+vote\b|\bexplanation\s+of\s+(?:the\s+)?vote\b")
# "Opening statements were also made by".
OPENING = re.compile(r"\bopening\s+statements?\b", re.I)
# "An introductory statement was made by a representative of the secretariat".
INTRODUCTORY = re.compile(r"\bintroductory\s+statement\b", re.I)
# The title of the agenda item of the general discussion: "General discussion".
GENERAL_DISCUSSION = re.compile(r"^General\s+discussion\b", re.I)

KIND_WORDS = {"intergovernmental": ent.IGO, "non-governmental": ent.NGO,
              "intergovernmental organization": ent.IGO, "non-governmental organization": ent.NGO,
              "signatory State": "signatory_state",
              "regional economic integration organization": ent.REIO}
OFFICER_KIND = "secretariat_or_officer"


@dataclass
class _Mention:
    """A speaker as found, before names are resolved."""

    item: ent.NameItem
    role: str | None
    hint: str | None               # the kind the text gives
    occasion: str
    remark: str | None
    loc: Located
    sentence: str
    action_meeting: int | None = None   # the meeting of the action a statement follows


def extract_statements(blocks: list[Block], ctx: Context | None = None,
                       votes: list[Vote] | None = None,
                       actions: list[Action] | None = None) -> list[Statement]:
    ctx = ctx or context(blocks)
    votes = extract_votes(blocks, ctx) if votes is None else votes
    actions = extract_actions(blocks, [], ctx)[0] if actions is None else actions
    mentions = [m for loc in ctx.proceedings() for m in _block_mentions(ctx, loc, actions)]
    learned = {ent.fold(m.item.name): m.hint for m in mentions if m.hint and m.hint != "signatory_state"}
    return [_statement(ctx, i, m, learned, votes) for i, m in enumerate(mentions, start=1)]


def _block_mentions(ctx: Context, loc: Located, actions: list[Action]) -> list[_Mention]:
    out = []
    action = next((a for a in reversed(actions) if a.block_id < loc.block.block_id
                   and _same_scope(ctx, a.block_id, loc)), None)
    for sentence in sentences(body(loc.block)):
        found = _speaker_list(sentence)
        if found is None:
            continue
        list_text, kind_of_form, remark = found
        occasion = _occasion(ctx, loc, sentence, kind_of_form, action is not None)
        for item, role, hint in _speakers(list_text):
            out.append(_Mention(item, role, hint, occasion, remark, loc, sentence,
                                action.meeting if action and occasion == "statement_on_action" else None))
    return out


def _same_scope(ctx: Context, block_id: int, loc: Located) -> bool:
    other = ctx.locate(block_id)
    return (other.scope.chapter, other.scope.section) == (loc.scope.chapter, loc.scope.section)


def _speaker_list(sentence: str) -> tuple[str, str, str | None] | None:
    """(the list of speakers, the form it was found in, a remark) for a sentence recording
    statements, else None."""
    if (m := STATEMENTS_BY.search(sentence)) or (m := RIGHT_OF_REPLY.search(sentence)):
        form = "reply" if m.re is RIGHT_OF_REPLY else ("under" if m.groupdict().get("under") else "object")
        return _trim_list(sentence[m.end():], form)
    if SUBJECT_SPEAKER.match(sentence):
        verb = next((v for v in SPEECH_VERB.finditer(sentence) if not _depth(sentence, v.start())), None)
        if verb:
            return _trim_list(sentence[:verb.start()], "subject")
    return None


def _trim_list(text: str, form: str) -> tuple[str, str, str | None]:
    text = text.strip().rstrip(".")
    end = LIST_END.search(ent.shield(text))
    remark = None
    if end:
        remark = f"contained in {text[end.start('where'):end.end('where')]}" if end["where"] else None
        text = text[:end.start()]
    return text.strip().rstrip(","), form, remark


def _speakers(text: str) -> list[tuple[ent.NameItem, str | None, str | None]]:
    """(item, role, kind hint) for each speaker of a list, following the markers that say
    who speaks ("the representatives of", "observers for") and of what kind."""
    text = APPOSITIVE.sub(lambda m: f" ({m.group()[2:]})", text)
    text = ON_BEHALF_CLAUSE.sub(lambda m: f" ({m['clause']})", text)
    out = []
    for role, role_text in _segments(text, ROLE_MARKER, "role"):
        for kind, kind_text in _segments(role_text, KIND_MARKER, "kind"):
            for entry in _entries(kind_text):
                item = ent.parse_item(entry)
                hint = KIND_WORDS.get(kind) if kind else None
                for remark in item.remarks:
                    if m := APPOSITIVE_REMARK.match(remark):
                        hint = KIND_WORDS[re.sub(r"\s+", " ", m["kind"])]
                out.append((item, _singular(role), hint))
    return out


def _entries(text: str) -> list[str]:
    """The names of a list; a piece that names no speaker continues the officer before it:
    "the Chair of the Working Group on X and the Working Group on Y", "the Chair ..., held ..."."""
    out: list[tuple[int, int]] = []
    cursor = 0
    for piece in ent.split_names(text):
        start = text.find(piece, cursor)
        end = start + len(piece)
        cursor = end
        if out and OFFICER.match(text[out[-1][0]:out[-1][1]]) and not _names_speaker(piece):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return [text[a:b] for a, b in out]


def _names_speaker(piece: str) -> bool:
    name = ent.name_and_remarks(piece)[0]
    return bool(OFFICER.match(name) or HEAD_OF_STATE.match(name) or ROLE_MARKER.match(name)
                or ent.resolve(name).kind != ent.UNRESOLVED)


def _segments(text: str, marker: re.Pattern, group: str) -> list[tuple[str | None, str]]:
    """`text` cut at the markers found outside parentheses, each piece with its marker's value."""
    marks = list(marker.finditer(ent.shield(text)))
    pieces = ent.cut(text, [(m.start(), m.end()) for m in marks])
    values = [None] + [m[group] for m in marks]
    return [(v, p.strip()) for v, p in zip(values, pieces) if p.strip()]


def _singular(role: str | None) -> str | None:
    """'Representatives' -> 'representative', 'Co-Chairs' -> 'Co-Chair'."""
    if not role:
        return None
    role = re.sub(r"(?<=[a-z])s$", "", role)
    return role.lower() if role.lower() in ("representative", "observer") else role


def _occasion(ctx: Context, loc: Located, sentence: str, form: str, after_action: bool) -> str:
    item = ctx.agenda_item(ctx.item_of(loc.scope))
    if form == "reply":
        return "right_of_reply"
    if ON_THE_VOTE.search(sentence):
        return "statement_on_vote"
    if OPENING.search(sentence):
        return "opening_statement"
    if INTRODUCTORY.search(sentence):
        return "introductory_statement"
    if re.search(r"\bpresented\b", sentence) and form == "subject":
        return "presentation"
    if item and GENERAL_DISCUSSION.match(item.title):
        return "general_discussion"
    if after_action and form == "subject":
        return "statement_on_action"
    return "item_debate"


def _statement(ctx: Context, statement_id: int, m: _Mention, learned: dict, votes: list[Vote]) -> Statement:
    who = _who(m, learned)
    if who.kind == ent.UNRESOLVED:
        ctx.warnings.append(f"unresolved name {m.item.name!r} (statements, block {m.loc.block.block_id})")
    group = _on_behalf(m.item, who)
    aligned = [ent.resolve(n) for n in m.item.aligned]
    ctx.warnings.extend(f"unresolved name {a.name_as_written!r} (aligned, block {m.loc.block.block_id})"
                        for a in aligned if a.kind == ent.UNRESOLVED)
    vote = _vote_of(m, votes)
    item_id = ctx.item_of(m.loc.scope)
    return Statement(ctx.doc_id, statement_id, item_id, m.occasion,
                     _statement_meeting(ctx, m, vote, item_id), vote.vote_id if vote else None,
                     who.role, m.item.name, who.canonical, who.kind, who.iso3,
                     m.item.on_behalf_of, group.canonical if group else None,
                     group.kind if group else None, m.item.also_on_behalf,
                     [a.name_as_written for a in aligned], [a.iso3 for a in aligned],
                     m.item.online, m.remark, **provenance(m.loc.block))


@dataclass
class _Who:
    role: str | None
    canonical: str | None
    kind: str
    iso3: str | None


def _who(m: _Mention, learned: dict) -> _Who:
    name = m.item.name
    if OFFICER.match(name) and not (m.role and ent.resolve(name).kind != ent.UNRESOLVED):
        return _Who(_singular(OFFICER.match(name)["role"]), None, OFFICER_KIND, None)
    if head := HEAD_OF_STATE.match(name):
        state = ent.resolve(head["state"])
        if state.kind == ent.STATE:
            return _Who(head["role"], state.canonical, ent.STATE, state.iso3)
    entity = ent.resolve(name, m.hint or learned.get(ent.fold(name)))
    kind = entity.kind
    if entity.canonical == "Secretariat":
        kind = OFFICER_KIND
    elif kind == ent.STATE and m.hint == "signatory_state":
        kind = "signatory_state"
    return _Who(m.role, entity.canonical, kind, entity.iso3)


def _on_behalf(item: ent.NameItem, who: _Who) -> ent.Entity | None:
    """The group a speaker spoke for: "the Group of 77 and China"; "its member States" are
    the speaker's; "the European Union and its member States" is the Union's."""
    if not item.on_behalf_of:
        return None
    text = item.on_behalf_of
    if re.fullmatch(r"its\s+member\s+States", text) and who.canonical:
        return ent.Entity(text, f"{who.canonical} and its member States", who.kind, None)
    m = re.fullmatch(r"(?P<head>.+?)\s+and\s+its\s+member\s+States", text)
    if m and ent.resolve(m["head"]).kind != ent.UNRESOLVED:
        head = ent.resolve(m["head"])
        return ent.Entity(text, f"{head.canonical} and its member States", head.kind, None)
    return ent.resolve(text)


def _vote_of(m: _Mention, votes: list[Vote]) -> Vote | None:
    if m.occasion != "statement_on_vote":
        return None
    return next((v for v in reversed(votes) if v.block_id <= m.loc.block.block_id), None)


def _statement_meeting(ctx: Context, m: _Mention, vote: Vote | None, item_id: int | None) -> int | None:
    """The meeting: the one named in the paragraph, else the vote's or the action's the
    statement was made on, else the item's only one."""
    numbers = {n for s in sentences(body(m.loc.block)) for mt in conference_mentions(s, ctx.session.year)
               for n in mt.numbers}
    if len(numbers) == 1:
        return numbers.pop()
    if vote or m.action_meeting:
        return vote.meeting if vote else m.action_meeting
    item = ctx.agenda_item(item_id)
    return item.meetings[0] if item and len(item.meetings) == 1 else None


# ---------------------------------------------------------------------------------------
# Actions and sponsors

_SYMBOLS = rf"{SYMBOL.pattern}(?:(?:,\s*|,?\s+and\s+){SYMBOL.pattern})*"
# "the Conference adopted a revised draft resolution (CTOC/COP/2022/L.8/Rev.2)", "the sponsors of
# a revised draft decision on ... (CTOC/COP/2022/L.9/Rev.1) decided to postpone", "the Conference
# adopted the provisional agenda contained in document CTOC/COP/2022/1".
ACTION = re.compile(
    rf"\b[Tt]he\s+(?P<actor>Conference|sponsors)\s+(?P<object_before>of\s+(?P<before>[^()]*?)\s*\((?P<symbols_before>{_SYMBOLS})\)\s+)?"
    rf"(?:(?:also|thereafter|then|first|subsequently)\s+)?"
    rf"(?P<verb>adopted|approved|rejected|withdrew|decided\s+to\s+postpone|decided\s+not\s+to\s+take\s+action\s+on)\b"
    rf"(?(object_before)|\s+(?P<after>[^()]*?)\s*(?:\((?P<symbols_after>{_SYMBOLS})\)|contained\s+in\s+document\s+"
    rf"(?P<symbol_doc>{SYMBOL.pattern})))")
# What kind of draft: "revised draft resolution", "provisional agenda", "report".
DRAFT_KIND = re.compile(r"\b(?P<kind>(?:revised\s+)?draft\s+(?:resolution|decision)|provisional\s+agenda|"
                        r"organization\s+of\s+(?:the\s+)?work|report)\b")
# "(For the text, see chapter I, section A, resolution 11/1.)".
RESULT = re.compile(r"\(For\s+the\s+text,\s+see\s+(?P<where>chapter\s+[IVXLC]+(?:,\s+section\s+[A-Z])?),\s+"
                    r"(?P<kind>resolution|decision)\s+(?P<number>\d+/\d+)\.?\)")
# "submitted by the Chair of the Working Group on International Cooperation".
SUBMITTED_BY = re.compile(r"\bsubmitted\s+by\s+(?P<by>.+?)(?=\s+and\s+sponsored\s+by|,\s+sponsored|,\s+as\s+orally|$)")
# "sponsored by Andorra, Australia, ... and the United States".
SPONSORED_BY = re.compile(r"\bsponsored\s+by\s+(?P<list>.+?)\.?$")
ORALLY_AMENDED = re.compile(r"\bas\s+orally\s+(?:amended|revised)\b")
# A footnote listing sponsors: "The sponsors of the revised draft decision (CTOC/COP/2022/L.9/Rev.1) were ...".
SPONSORS_WERE = re.compile(rf"\bsponsors\s+of\s+(?:the|a)\s+[^()]*?\((?P<symbol>{SYMBOL.pattern})\)\s+were\s+(?P<list>.+?)\.?$")
# Co-sponsors named in a statement: "he thanked the 42 other co-sponsors, naming each: Australia, ...".
COSPONSORS_NAMED = re.compile(rf"\b(?:(?P<count>{NUMBER})\s+(?:other\s+)?)?co-?sponsors\b[^:.]*:\s*(?P<list>.+?)\.?$")
# A draft symbol and its revision: "CTOC/COP/2022/L.9/Rev.1".
REVISION = re.compile(r"^(?P<base>.+?)(?:/Rev\.(?P<rev>\d+))?$")

OUTCOMES = {"adopted": "adopted", "approved": "adopted", "rejected": "rejected", "withdrew": "withdrawn",
            "decided to postpone": "postponed", "decided not to take action on": "no_action"}


def extract_actions(blocks: list[Block], footnotes: list[Footnote],
                    ctx: Context | None = None) -> tuple[list[Action], list[Sponsor]]:
    ctx = ctx or context(blocks)
    actions: list[Action] = []
    sponsors: list[Sponsor] = []
    for loc in ctx.proceedings():
        text = body(loc.block)
        for sentence in sentences(text):
            for action, sponsor_list in _actions_in(ctx, loc, sentence, text, actions):
                actions.append(action)
                sponsors += _sponsors(ctx, action.symbol, "action", sponsor_list, loc.block, None, sponsors)
            if (named := COSPONSORS_NAMED.search(sentence)) and (draft := _latest(actions, loc, ctx)):
                sponsors += _sponsors(ctx, draft.symbol, "statement", named["list"], loc.block, None, sponsors)
    for note in footnotes:
        m = SPONSORS_WERE.search(re.sub(r"\s+", " ", note.text))
        if m and any(a.symbol == m["symbol"] for a in actions):
            sponsors += _sponsors(ctx, m["symbol"], "footnote", m["list"], None, note, sponsors)
        elif m:
            ctx.warnings.append(f"footnote {note.footnote_id}: sponsors of {m['symbol']}, which no action names")
    return actions, sponsors


def _latest(actions: list[Action], loc: Located, ctx: Context) -> Action | None:
    return next((a for a in reversed(actions) if a.block_id <= loc.block.block_id
                 and _same_scope(ctx, a.block_id, loc)), None)


def _actions_in(ctx: Context, loc: Located, sentence: str, text: str,
                earlier: list[Action]) -> list[tuple[Action, str | None]]:
    m = ACTION.search(sentence)
    if not m:
        return []
    symbols = re.findall(SYMBOL.pattern, m["symbols_before"] or m["symbols_after"] or m["symbol_doc"])
    known = {a.symbol for a in earlier}
    meeting, date = _action_meeting(ctx, sentence, earlier)
    result = _result(ctx, text, sentence)
    obj = (m["before"] or m["after"] or "").strip()
    kind = DRAFT_KIND.search(obj)
    title = re.sub(r"^(?:a|an|the)\s+", "", obj)
    title = None if not title or (kind and title == kind["kind"]) else title
    submitted = SUBMITTED_BY.search(sentence[m.end():])
    sponsored = SPONSORED_BY.search(sentence[m.end():])
    out = []
    for symbol in symbols:
        if symbol in known:
            continue
        rev = REVISION.match(symbol)
        out.append((Action(ctx.doc_id, symbol, rev["base"], int(rev["rev"]) if rev["rev"] else None,
                           kind["kind"] if kind else None, title, ctx.item_of(loc.scope),
                           OUTCOMES[re.sub(r"\s+", " ", m["verb"])], *result,
                           bool(ORALLY_AMENDED.search(sentence)), meeting, date,
                           submitted["by"].strip() if submitted else None, **provenance(loc.block)),
                    sponsored["list"] if sponsored else None))
    return out


def _action_meeting(ctx: Context, sentence: str, earlier: list[Action]) -> tuple[int | None, str | None]:
    mentions = conference_mentions(sentence, ctx.session.year)
    if mentions:
        number = mentions[-1].numbers[-1]
        return number, (mentions[-1].dates[-1] if mentions[-1].dates else ctx.dates.get(number))
    if SAME_MEETING.search(sentence) and earlier:
        return earlier[-1].meeting, earlier[-1].date
    return None, None


def _result(ctx: Context, text: str, sentence: str) -> tuple:
    """(kind, number, where, block_id) of the resolution or decision a draft became, from the
    "(For the text, see ...)" right after the sentence."""
    rest = text[text.find(sentence) + len(sentence):].lstrip()
    m = RESULT.match(rest)
    if not m:
        return None, None, None, None
    heading = next((loc.block.block_id for loc in ctx.located if loc.segment.part == "text_heading"
                    and (loc.segment.text_kind, loc.segment.text_symbol) == (m["kind"], m["number"])), None)
    if heading is None:
        ctx.warnings.append(f"{m['kind']} {m['number']} is cited but its text was not found")
    return m["kind"], m["number"], m["where"], heading


def _sponsors(ctx: Context, symbol: str, source: str, text: str | None, block: Block | None,
              note: Footnote | None, existing: list[Sponsor]) -> list[Sponsor]:
    if not text:
        return []
    where = provenance(block) if block else {"block_id": None, "line_start": note.line_start,
                                             "line_end": note.line_end, "page": note.page}
    start = sum(1 for s in existing if s.symbol == symbol and s.source == source)
    out: list[Sponsor] = []
    for entry in ent.split_names(text):
        item = ent.parse_item(entry)
        named = [(item.name, None, item.remarks)] + [(n, _canonical(item.name), []) for n in item.members]
        for name, member_of, remarks in named:
            entity = ent.resolve(name)
            if entity.kind == ent.UNRESOLVED:
                ctx.warnings.append(f"unresolved name {name!r} (sponsors of {symbol}, line {where['line_start']})")
            out.append(Sponsor(ctx.doc_id, symbol, source, start + len(out) + 1, name, entity.canonical,
                               entity.kind, entity.iso3, member_of, remarks,
                               footnote_id=note.footnote_id if note else None, **where))
    return out


def _canonical(name: str) -> str:
    return ent.resolve(name).canonical or name


# ---------------------------------------------------------------------------------------
# Officers

# "the Conference elected the following officers by acclamation:".
ELECTED = re.compile(r"\belected\s+the\s+following\s+officers(?:\s+(?P<how>by\s+\w+))?\s*:?$")
# "President: Baker Fattah Hussen (Iraq)", "Arun Kanth Manhoran (India)",
# "Ana Pérez (Bolivia (Plurinational State of))".
OFFICER_LINE = re.compile(r"^(?:(?P<role>\p{Lu}[\p{L}\- ]*?):\s+)?(?P<name>[^():]+?)\s+"
                          r"\((?P<country>(?:[^()]|\((?&country)\))+)\)$")


def extract_officers(blocks: list[Block], ctx: Context | None = None) -> list[Officer]:
    ctx = ctx or context(blocks)
    out: list[Officer] = []
    located = ctx.proceedings()
    for i, loc in enumerate(located):
        text = body(loc.block)
        m = ELECTED.search(text)
        if not m:
            continue
        mentions = conference_mentions(text, ctx.session.year)
        meeting = mentions[0].numbers[0] if mentions else None
        role = None
        for nxt in located[i + 1:]:
            line = OFFICER_LINE.match(nxt.block.text.strip())
            if nxt.block.kind == "heading" or not line:
                break
            role = line["role"] or role
            out.append(_officer(ctx, len(out) + 1, role, line, meeting, m["how"], rules_cited(text), nxt.block))
    return out


def _officer(ctx: Context, officer_id: int, role: str | None, line: re.Match, meeting: int | None,
             how: str | None, rules: list[int], block: Block) -> Officer:
    country = ent.resolve(line["country"])
    if country.kind == ent.UNRESOLVED:
        ctx.warnings.append(f"unresolved name {line['country']!r} (officers, block {block.block_id})")
    role = role or ""
    return Officer(ctx.doc_id, officer_id, re.sub(r"(?<=[a-z])s$", "", role), role, line["name"].strip(),
                   line["country"], country.canonical, country.iso3, meeting, ctx.dates.get(meeting),
                   how, rules, **provenance(block))


# ---------------------------------------------------------------------------------------
# Participation

# "attended by representatives of 121 States parties to the Convention".
STATES_PARTIES = re.compile(rf"\battended\s+by\s+representatives\s+of\s+(?P<n>{NUMBER})\s+States\s+parties")
# "and a regional economic integration organization party to the Convention".
REIO_PARTIES = re.compile(rf"\b(?P<n>{NUMBER}|an?)\s+regional\s+economic\s+integration\s+organizations?\s+part(?:y|ies)\b")
# "the observer for one State signatory to the Convention", "observers for 2 signatory States".
SIGNATORIES = re.compile(rf"\bobservers?\s+for\s+(?P<n>{NUMBER})\s+(?:States?\s+signator(?:y|ies)|signatory\s+States?)\b")
# "of the 133 parties represented at the eleventh session, 122 parties had complied with the
# credentials requirements and 11 parties had not".
CREDENTIALS = re.compile(rf"\bof\s+the\s+(?P<represented>{NUMBER})\s+parties\s+represented\b.*?"
                         rf"(?P<complied>{NUMBER})\s+parties\s+had\s+complied\b.*?(?P<not_complied>{NUMBER})\s+"
                         rf"parties\s+had\s+not\b")
# "During the session, 11 meetings were held, including 4 meetings of the Committee of the Whole".
MEETINGS_HELD = re.compile(rf"\b(?P<held>{NUMBER})\s+(?:plenary\s+)?meetings\s+were\s+held(?:,\s+including\s+"
                           rf"(?P<committee>{NUMBER})\s+meetings\s+of\s+the\s+Committee\s+of\s+the\s+Whole)?")

PARTICIPATION_MEASURES = [
    (STATES_PARTIES, {"n": "states_parties_attending"}),
    (REIO_PARTIES, {"n": "reio_parties_attending"}),
    (SIGNATORIES, {"n": "signatory_states_attending"}),
    (CREDENTIALS, {"represented": "parties_represented", "complied": "credentials_complied",
                   "not_complied": "credentials_not_complied"}),
    (MEETINGS_HELD, {"held": "meetings_held", "committee": "committee_of_the_whole_meetings"}),
]


def extract_participation(blocks: list[Block], ctx: Context | None = None) -> list[Participation]:
    ctx = ctx or context(blocks)
    out: dict[str, Participation] = {}
    for loc in ctx.proceedings():
        text = body(loc.block)
        for pattern, groups in PARTICIPATION_MEASURES:
            m = pattern.search(text)
            for group, measure in (groups.items() if m else []):
                if m[group] and measure not in out:
                    out[measure] = Participation(ctx.doc_id, measure, number_value(m[group]), m[group],
                                                 **provenance(loc.block))
    return list(out.values())


# ---------------------------------------------------------------------------------------
# All tables at once


def extract_proceedings(blocks: list[Block], footnotes: list[Footnote], segments: list[Segment]) -> Proceedings:
    """Every proceedings table of one document, and the warnings (unresolved names, ...).
    `segments` place the blocks in chapters and sections (`pipeline.segment.segment(blocks)`)."""
    ctx = context(blocks, segments)
    votes = extract_votes(blocks, ctx)
    actions, sponsors = extract_actions(blocks, footnotes, ctx)
    return Proceedings(
        agenda_items=ctx.agenda,
        agenda_documents=extract_agenda_documents(blocks, ctx),
        statements=extract_statements(blocks, ctx, votes, actions),
        actions=actions, sponsors=sponsors, votes=votes,
        officers=extract_officers(blocks, ctx),
        participation=extract_participation(blocks, ctx),
        warnings=list(dict.fromkeys(ctx.warnings)))
