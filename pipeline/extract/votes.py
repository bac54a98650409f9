"""Recorded votes (table votes): the tally, the majority required and whether it was reached,
as stated and as computed from the rules of procedure."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from pipeline.common.patterns import NUMBER, matched_number, number_value
from pipeline.common.records import Block
from pipeline.extract.agenda import context
from pipeline.extract.context import (Context, Located, body, conference_mentions, provenance, rules_cited,
                                      sentences)


# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


@dataclass
class Vote:
    doc_id: str
    vote_id: int
    agenda_item_id: int | None
    agenda_item: str | None = field(default=None, kw_only=True)   # its number as printed, "1 (a)" (set by the registry)
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
        return _Tally(matched_number(m["yes"]), number_value(m["no"]), _count(m["abstentions"], 0))
    m = IN_FAVOUR.search(sentence)
    if not m:
        return None
    rest = sentence[m.end():]
    no, abst = AGAINST.search(rest), ABSTAINED.search(rest)
    return _Tally(matched_number(m["yes"]), _count(no and no["no"], None), _count(abst and abst["abstentions"], None))


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
                ctx.date_of(meeting), _question(span, sentence), figures.yes, figures.no,
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
