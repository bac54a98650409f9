"""Statements (table statements): who spoke, for whom, on which agenda item and occasion
(opening, general discussion, item debate, presentation, on a vote or an action, right of
reply), read from the lists of speakers in the proceedings."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common import entities as ent
from pipeline.common.patterns import NUMBER
from pipeline.common.records import Block
from pipeline.extract.actions import Action, extract_actions
from pipeline.extract.agenda import context
from pipeline.extract.context import (Context, Located, body, conference_mentions, depth, provenance, same_scope,
                                      sentences)
from pipeline.extract.votes import Vote, extract_votes


# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


@dataclass
class Statement:
    doc_id: str
    statement_id: int
    agenda_item_id: int | None
    agenda_item: str | None = field(default=None, kw_only=True)   # its number as printed, "1 (a)" (set by the registry)
    occasion: str
    meeting: int | None
    vote_id: int | None
    role: str | None
    speaker_as_written: str
    speaker: str | None
    speaker_kind: str
    speaker_kind_inferred: bool
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
# A verb of speaking: "explained", "thanked", "made", "read out".
SPEECH_VERBS = (r"(?:made|explained|stated|thanked|highlighted|remarked|welcomed|expressed|presented|said|noted|"
                r"emphasized|underlined|reiterated|introduced|delivered|gave|recalled|confirmed|clarified|spoke|"
                r"read\s+out)\b")
# The verb that ends such a subject: " explained", " also thanked", " made".
SPEECH_VERB = re.compile(rf"\s+(?:also\s+)?(?P<verb>{SPEECH_VERBS})")
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
# ", on behalf of X," opening a second predicate of a speaker named as subject: "The Chair ... presented the
# report on the eighth meeting ... and, on behalf of the Chair of the ninth meeting, presented the report ...".
PREDICATE_ON_BEHALF = re.compile(rf"\band,\s+(?P<clause>on\s+behalf\s+of\s+[^,()]+?),\s+(?:also\s+)?{SPEECH_VERBS}")
# An officer named by title, as one officer speaks for another: "the Chair of the ninth meeting",
# "her fellow Co-Chair and the Chair of the Working Group at its eleventh meeting".
OFFICER_TITLE = re.compile(r"^(?:[Tt]he|[Hh]er|[Hh]is|[Ii]ts|[Tt]heir)\s+(?:fellow\s+)?(?:(?:Co-|Vice-)?Chairs?|"
                           r"(?:Vice-)?Presidents?|Rapporteurs?|Executive\s+Director)\b")
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
                   and same_scope(ctx, a.block_id, loc)), None)
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


def _speaker_list(sentence: str) -> tuple[str, str, str | None] | None:
    """(the list of speakers, the form it was found in, a remark) for a sentence recording
    statements, else None."""
    if (m := STATEMENTS_BY.search(sentence)) or (m := RIGHT_OF_REPLY.search(sentence)):
        form = "reply" if m.re is RIGHT_OF_REPLY else ("under" if m.groupdict().get("under") else "object")
        return _trim_list(sentence[m.end():], form)
    if SUBJECT_SPEAKER.match(sentence):
        verb = next((v for v in SPEECH_VERB.finditer(sentence) if not depth(sentence, v.start())), None)
        if verb:
            subject, form, remark = _trim_list(sentence[:verb.start()], "subject")
            return subject + _second_predicate_on_behalf(sentence, verb.end()), form, remark
    return None


def _second_predicate_on_behalf(sentence: str, after: int) -> str:
    """" (also on behalf of X)" for a speaker who made a statement in its own right and then, "on behalf
    of X", another ("presented A and, on behalf of X, presented B"), to be read as a remark; else ""."""
    m = next((m for m in PREDICATE_ON_BEHALF.finditer(sentence, after) if not depth(sentence, m.start())), None)
    return f" (also {m['clause']})" if m else ""


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
    who = _who(m, learned)          # a speaker not resolved is the QA check `unresolved_name`
    group = _on_behalf(m.item, who)
    aligned = [ent.resolve(n) for n in m.item.aligned]
    for a in aligned:
        if a.kind == ent.UNRESOLVED:
            ctx.note("unresolved_name", f"name not resolved, kept as written: {a.name_as_written!r} "
                     f"(aligned with a statement)", m.loc.block, category="unresolved", severity="info")
    vote = _vote_of(m, votes)
    item_id = ctx.item_of(m.loc.scope)
    return Statement(ctx.doc_id, statement_id, item_id, m.occasion,
                     _statement_meeting(ctx, m, vote, item_id), vote.vote_id if vote else None,
                     who.role, m.item.name, who.canonical, who.kind, who.inferred, who.iso3,
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
    inferred: bool = False     # the kind is the one another sentence of the report gives the name


def _who(m: _Mention, learned: dict) -> _Who:
    """Who spoke, and of what kind: from the name normalizer, else from the type the sentence
    recording the statement gives ("the non-governmental organizations X and Y", "X, an
    intergovernmental organization"), else from the type another sentence of the report gives
    the same name (then `inferred`); a name none of them types stays unresolved."""
    name = m.item.name
    if OFFICER.match(name) and not (m.role and ent.resolve(name).kind != ent.UNRESOLVED):
        return _Who(_singular(OFFICER.match(name)["role"]), None, OFFICER_KIND, None)
    if head := HEAD_OF_STATE.match(name):
        state = ent.resolve(head["state"])
        if state.kind == ent.STATE:
            return _Who(head["role"], state.canonical, ent.STATE, state.iso3)
    entity = ent.resolve(name, m.hint)
    inferred = False
    if entity.kind == ent.UNRESOLVED and not m.hint and (elsewhere := learned.get(ent.fold(name))):
        entity, inferred = ent.resolve(name, elsewhere), True
    kind = entity.kind
    if entity.canonical == "Secretariat":
        kind = OFFICER_KIND
    elif kind == ent.STATE and m.hint == "signatory_state":
        kind = "signatory_state"
    return _Who(m.role, entity.canonical, kind, entity.iso3, inferred and kind != ent.UNRESOLVED)


def _on_behalf(item: ent.NameItem, who: _Who) -> ent.Entity | None:
    """The group a speaker spoke for: "the Group of 77 and China"; "its member States" are
    the speaker's; "the European Union and its member States" is the Union's; an officer named by
    title ("the Chair of the ninth meeting") is an officer, with no canonical name."""
    if not item.on_behalf_of:
        return None
    text = item.on_behalf_of
    if OFFICER_TITLE.match(text) or OFFICER.match(text):
        return ent.Entity(text, None, OFFICER_KIND, None)
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
    statement was made on, else the item's only one.  A statement the report only says is
    contained in a paper ("Statements made under the item by ... are contained in conference room
    paper X") was not reported at a meeting: it takes the meeting its paragraph names, or none."""
    numbers = {n for s in sentences(body(m.loc.block)) for mt in conference_mentions(s, ctx.session.year)
               for n in mt.numbers}
    if len(numbers) == 1:
        return numbers.pop()
    if m.remark:
        return None
    if vote or m.action_meeting:
        return vote.meeting if vote else m.action_meeting
    item = ctx.agenda_item(item_id)
    return item.meetings[0] if item and len(item.meetings) == 1 else None
