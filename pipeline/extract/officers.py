"""Officers (table officers): the officers of the session the Conference elected, each with
role, name and country, read from the list that follows "elected the following officers"."""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.common import entities as ent
from pipeline.common.records import Block
from pipeline.extract.agenda import context
from pipeline.extract.context import Context, body, conference_mentions, provenance, rules_cited


# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


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
        ctx.note("unresolved_name", f"name not resolved, kept as written: {line['country']!r} (officer's "
                 f"country)", block, category="unresolved", severity="info")
    role = role or ""
    return Officer(ctx.doc_id, officer_id, re.sub(r"(?<=[a-z])s$", "", role), role, line["name"].strip(),
                   line["country"], country.canonical, country.iso3, meeting, ctx.date_of(meeting),
                   how, rules, **provenance(block))
