"""Actions and sponsors (tables actions and sponsors): what the Conference did with each draft
(adopted, rejected, withdrawn, postponed) and what it became, and who sponsored it, as named in
the proceedings, their footnotes and the statements."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common import entities as ent
from pipeline.common.patterns import NUMBER, SYMBOL
from pipeline.common.records import Block, Footnote
from pipeline.extract.agenda import context
from pipeline.extract.context import (SAME_MEETING, Context, Located, body, conference_mentions, provenance,
                                      same_scope, sentences)


# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


@dataclass
class Action:
    doc_id: str
    symbol: str
    base_symbol: str
    revision: int | None
    draft_kind: str | None
    title: str | None
    agenda_item_id: int | None
    agenda_item: str | None = field(default=None, kw_only=True)   # its number as printed, "1 (a)" (set by the registry)
    outcome: str
    result_kind: str | None
    result_number: str | None
    result_reference: str | None
    result_block_id: int | None
    orally_amended: bool
    meeting: int | None
    date: str | None
    date_inferred: bool            # the date is stated for that meeting elsewhere, not with the action
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
REVISION = re.compile(r"^(?P<base>.+?)(?:/Rev\.(?P<rev>\d{1,3}))?$")

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
                sponsors += _sponsors(ctx, action.symbol, "action", sponsor_list, loc.block, sponsors)
            if (named := COSPONSORS_NAMED.search(sentence)) and (draft := _latest(actions, loc, ctx)):
                sponsors += _sponsors(ctx, draft.symbol, "statement", named["list"], loc.block, sponsors)
    for note in footnotes:
        m = SPONSORS_WERE.search(re.sub(r"\s+", " ", note.text))
        if m and any(a.symbol == m["symbol"] for a in actions):
            sponsors += _sponsors(ctx, m["symbol"], "footnote", m["list"], note, sponsors)
        elif m:
            ctx.note("sponsors_without_action", f"footnote {note.number} lists sponsors of {m['symbol']}, "
                     f"which no action names: not recorded", note, category="reference")
    return actions, sponsors


def _latest(actions: list[Action], loc: Located, ctx: Context) -> Action | None:
    return next((a for a in reversed(actions) if a.block_id <= loc.block.block_id
                 and same_scope(ctx, a.block_id, loc)), None)


def _actions_in(ctx: Context, loc: Located, sentence: str, text: str,
                earlier: list[Action]) -> list[tuple[Action, str | None]]:
    m = ACTION.search(sentence)
    if not m:
        return []
    symbols = re.findall(SYMBOL.pattern, m["symbols_before"] or m["symbols_after"] or m["symbol_doc"])
    known = {a.symbol for a in earlier}
    meeting, date, inferred = _action_meeting(ctx, sentence, earlier)
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
                           bool(ORALLY_AMENDED.search(sentence)), meeting, date, inferred,
                           submitted["by"].strip() if submitted else None, **provenance(loc.block)),
                    sponsored["list"] if sponsored else None))
    return out


def _action_meeting(ctx: Context, sentence: str, earlier: list[Action]) -> tuple[int | None, str | None, bool]:
    """(meeting, date, whether the date is the one stated for that meeting elsewhere)."""
    mentions = conference_mentions(sentence, ctx.session.year)
    if mentions:
        number = mentions[-1].numbers[-1]
        if mentions[-1].dates:
            return number, mentions[-1].dates[-1], False
        return number, ctx.dates.get(number), number in ctx.dates
    if SAME_MEETING.search(sentence) and earlier:
        return earlier[-1].meeting, earlier[-1].date, earlier[-1].date_inferred
    return None, None, False


def _result(ctx: Context, text: str, sentence: str) -> tuple[str | None, str | None, str | None, int | None]:
    """(kind, number, where, block_id) of the resolution or decision a draft became, from the
    "(For the text, see ...)" right after the sentence."""
    rest = text[text.find(sentence) + len(sentence):].lstrip()
    m = RESULT.match(rest)
    if not m:
        return None, None, None, None
    heading = next((loc.block.block_id for loc in ctx.located if loc.segment.part == "text_heading"
                    and (loc.segment.text_kind, loc.segment.text_symbol) == (m["kind"], m["number"])), None)
    # a text not printed is the QA check `action_without_text`
    return m["kind"], m["number"], m["where"], heading


def _sponsors(ctx: Context, symbol: str, source: str, text: str | None, at: Block | Footnote,
              existing: list[Sponsor]) -> list[Sponsor]:
    """The sponsors a list names, read in a block or in a footnote (`at`)."""
    if not text:
        return []
    note = at if isinstance(at, Footnote) else None
    where = provenance(at) if isinstance(at, Block) else {"block_id": None, "line_start": at.line_start,
                                                           "line_end": at.line_end, "page": at.page}
    start = sum(1 for s in existing if s.symbol == symbol and s.source == source)
    out: list[Sponsor] = []
    for entry in ent.split_names(text):
        item = ent.parse_item(entry)
        named: list[tuple[str, str | None, list[str]]] = [(item.name, None, item.remarks)]
        named += [(n, _canonical(item.name), []) for n in item.members]
        for name, member_of, remarks in named:
            entity = ent.resolve(name)      # a name not resolved is the QA check `unresolved_name`
            out.append(Sponsor(ctx.doc_id, symbol, source, start + len(out) + 1, name, entity.canonical,
                               entity.kind, entity.iso3, member_of, remarks,
                               footnote_id=note.footnote_id if note else None, **where))
    return out


def _canonical(name: str) -> str:
    return ent.resolve(name).canonical or name
