"""Meetings (table meetings): one row per meeting of the Conference the report names, with its
date (as a date, where the report states one), the agenda items taken up at it, the drafts
acted on, the recorded votes and the statements made — instead of the parallel lists
`agenda_items.meetings` / `agenda_items.meeting_dates`.

Built from the other records of the proceedings, so a meeting is only what the report says
of it; its provenance is the first paragraph that names it with its date (else the first
that names it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline.extract.actions import Action
from pipeline.extract.context import Context, Located, body, conference_mentions, provenance, sentences
from pipeline.extract.statements import Statement
from pipeline.extract.votes import Vote


@dataclass
class Meeting:
    doc_id: str
    meeting: int                   # its number: 11 for "the 11th meeting"
    date: str | None               # ISO, as the report states it for this meeting; None when it never does
    agenda_items: list[str]        # the items taken up (considered, acted or voted on), as numbered: "1 (f)"
    agenda_item_ids: list[int]     # the same, as agenda_items.agenda_item_id
    actions: list[str]             # symbols of the drafts acted on at it
    vote_ids: list[int]            # recorded votes taken at it
    statements: int                # statements the report places at it
    block_id: int
    line_start: int
    line_end: int
    page: int | None


def extract_meetings(ctx: Context, actions: list[Action], votes: list[Vote],
                     statements: list[Statement]) -> list[Meeting]:
    items: dict[int, set[int]] = defaultdict(set)     # meeting -> agenda_item_ids taken up at it
    for item in ctx.agenda:
        for number in item.meetings:
            items[number].add(item.agenda_item_id)
    taken_at: list[tuple[int | None, int | None]] = [(a.meeting, a.agenda_item_id) for a in actions]
    taken_at += [(v.meeting, v.agenda_item_id) for v in votes]
    for meeting, item_id in taken_at:                  # an item is also taken up to act or vote on it
        if meeting and item_id:
            items[meeting].add(item_id)
    numbers = set(ctx.dates) | set(items) | {a.meeting for a in actions if a.meeting} | {
        v.meeting for v in votes if v.meeting} | {s.meeting for s in statements if s.meeting}
    named = _first_mentions(ctx)
    out = []
    for number in sorted(numbers):
        where = named.get(number)
        if where is None:          # named only through a record: its provenance is that record's
            placed = [(a.meeting, a.block_id) for a in actions] + [(v.meeting, v.block_id) for v in votes]
            placed += [(s.meeting, s.block_id) for s in statements]
            where = ctx.locate(next(block_id for meeting, block_id in placed if meeting == number))
        taken = [item for item in ctx.agenda if item.agenda_item_id in items[number]]
        out.append(Meeting(ctx.doc_id, number, ctx.dates.get(number), [i.item for i in taken],
                           [i.agenda_item_id for i in taken],
                           [a.symbol for a in actions if a.meeting == number],
                           [v.vote_id for v in votes if v.meeting == number],
                           sum(s.meeting == number for s in statements), **provenance(where.block)))
    return out


def _first_mentions(ctx: Context) -> dict[int, Located]:
    """Meeting number -> the first paragraph naming it with a date (else the first naming it)."""
    dated: dict[int, Located] = {}
    named: dict[int, Located] = {}
    for loc in ctx.proceedings():
        for sentence in sentences(body(loc.block)):
            for mention in conference_mentions(sentence, ctx.session.year):
                for number in mention.numbers:
                    named.setdefault(number, loc)
                    if mention.dates:
                        dated.setdefault(number, loc)
    return {**named, **dated}
