"""Agenda items and the documents before the Conference under each (tables agenda_items and
agenda_documents), and `context()`, which builds the `Context` every proceedings extractor
shares, the agenda included.

The agenda items are the session's own agenda (stated as "considered agenda item 2 (a),
entitled “...”", or inferred from the chapter order where the report does not state them, which
`item_stated` tells) and the provisional agenda for a later session that a decision set out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import regex as re

from pipeline.common.patterns import ORDINAL, SYMBOL, ordinal_value
from pipeline.common.records import Block
from pipeline.extract.context import (Context, Located, Scope, body, conference_mentions, locate, meeting_dates,
                                      provenance, sentences, session_of)
from pipeline.segment.structure import Segment, segment

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
    agenda_item: str | None = field(default=None, kw_only=True)   # its number as printed, "1 (a)" (set by the registry)
    position: int
    letter: str | None
    symbol: str
    description: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


# ---------------------------------------------------------------------------------------
# The context every extractor shares


def context(blocks: list[Block], segments: list[Segment] | None = None) -> Context:
    """What every extractor shares; the segments are `pipeline.segment.segment(blocks)` when not given."""
    located = locate(blocks, segment(blocks) if segments is None else segments)
    session = session_of(blocks)
    dates = meeting_dates(located, session.year)
    doc_id = blocks[0].doc_id if blocks else ""
    ctx = Context(doc_id, located, session, dates, [], {}, [])
    current, scope_items = _current_agenda(ctx)
    ctx.agenda = current + _provisional_agenda(ctx, start=len(current) + 1)
    ctx.scope_items = scope_items
    return ctx


# ---------------------------------------------------------------------------------------
# Agenda items

# "the Conference considered agenda item 2 (a), entitled “Review of ...: United Nations ...”".
CONSIDERED = re.compile(r"considered\s+agenda\s+item\s+(?P<number>\d{1,3})(?:\s*\((?P<sub>[a-z])\))?,?"
                        r"\s+entitled\s+[“\"](?P<title>[^”\"]+)[”\"]")
# The heading of a provisional agenda: "Provisional agenda for the twelfth session of the ...".
PROVISIONAL_HEADING = re.compile(rf"^Provisional\s+agenda\s+for\s+the\s+(?P<ordinal>{ORDINAL})\s+session\b")
# An item of a printed agenda: "1. Organizational matters:", "(a) Election of officers;".
AGENDA_LINE = re.compile(r"^(?:(?P<number>\d{1,3})\.|\((?P<sub>[a-z])\))\s+(?P<title>.+?)[.;:]?$")


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


def _heading(title: str | None) -> str:
    """The title of a chapter or section of the proceedings, which `context.locate` read from its
    heading: the chapter and section of a segment are set by their headings, so each has one."""
    return cast(str, title)


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
            out.append(_Found(number, letter.lower(), _heading(section_locs[0].scope.section_title),
                              section_locs[0].block.text, meetings, dates, False, False,
                              section_locs[0].scope, section_locs[0].block))
        return out
    meetings, dates = _mentioned_meetings(ctx, locs)
    return [_Found(number, None, _heading(heading.scope.chapter_title), heading.block.text, meetings, dates,
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
                ctx.note("chapter_without_agenda_item", f"chapter {roman}: no agenda item stated or inferable; "
                         f"its statements and documents have no agenda item", locs[0].block)
            elif any(f.sub for f in items):
                chapter_heads[items[0].number] = (_heading(locs[0].scope.chapter_title), locs[0].block)
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
            printed = f"{f.number} ({f.sub})" if f.sub else str(f.number)
            ctx.note("agenda_item_twice", f"agenda item {printed} is stated twice; the first is kept "
                     f"(block {by_key[(f.number, f.sub)].block.block_id})", f.block, category="duplicate")
        by_key.setdefault((f.number, f.sub), f)
    for number in sorted({f.number for f in found if f.sub and (f.number, None) not in by_key}):
        by_key[(number, None)] = _parent(ctx, number, [f for f in found if f.number == number], chapter_heads)
    rows, scope_items, ids = [], {}, {}
    for agenda_item_id, key in enumerate(sorted(by_key, key=lambda k: (k[0], k[1] or "")), start=1):
        f, ids[key] = by_key[key], agenda_item_id
        rows.append(_agenda_row(ctx, agenda_item_id, f, CURRENT, ctx.session.number, None))
        if f.scope.chapter:
            scope_items[_scope_key(f)] = agenda_item_id
    for f in found:
        if f.scope.chapter:     # an item found twice is the first one's in the second chapter too
            item = scope_items.setdefault(_scope_key(f), ids[(f.number, f.sub)])
            # a chapter whose sub-items sit in sections has them as its default too
            scope_items.setdefault((f.scope.chapter, None), item)
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
    title, block = (head if head else (quoted or _heading(first.scope.chapter_title), chapter_locs[0].block))
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
    rows: list[AgendaItem] = []
    decision: str | None = None
    located = ctx.located
    for i, loc in enumerate(located):
        text = loc.block.text.strip()
        if loc.segment.part == "text_heading":
            decision = loc.segment.text_symbol if loc.segment.text_kind == "decision" else None
        m = PROVISIONAL_HEADING.match(text)
        if loc.block.kind != "heading" or not m or i + 1 >= len(located) or not _listed(located[i + 1]):
            continue
        for f in _agenda_lines(located[i + 1:]):
            rows.append(_agenda_row(ctx, start + len(rows), f, PROVISIONAL, ordinal_value(m["ordinal"]), decision))
    return rows


def _listed(loc: Located) -> bool:
    """An entry of a list: by the layout (a list item), or by its place in the text's structure
    (an entry whose label the numbering did not expect)."""
    return loc.block.kind == "list_item" or loc.segment.part == "list"


def _agenda_lines(located: list[Located]) -> list[_Found]:
    out, number = [], None
    for loc in located:
        m = AGENDA_LINE.match(loc.block.text.strip())
        if not _listed(loc) or not m:
            break
        number = int(m["number"]) if m["number"] else number
        if number is None:
            break               # a sub-item before any item
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
                ctx.note("documents_without_agenda_item",
                         "documents before the Conference under no agenda item: not recorded", loc.block)
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
        ctx.note("document_without_symbol", f"a document listed without a symbol, not recorded: {text[:80]!r}",
                 block)
        return None
    description = re.sub(r"^(?:a|an|the)\s+", "", text[:m.start()].strip())
    description = description[:1].upper() + description[1:]
    return AgendaDocument(ctx.doc_id, item_id, position, letter, m["symbol"], description, **provenance(block))


def name_agenda_items(agenda: list[AgendaItem], records: list) -> None:
    """Give each record its agenda item's number as printed (`agenda_item`: "1 (a)") beside
    the row number `agenda_item_id` the extractors set."""
    numbers = {item.agenda_item_id: item.item for item in agenda}
    for record in records:
        record.agenda_item = numbers.get(record.agenda_item_id)
