"""QA: the meetings of the session as the report's proceedings name and date them.

Everything is read from the report's own paragraphs (the mentions "At its 4th and 5th
meetings, on 18 and 19 October 2022" that the extractors read too) and from its documents row
(the session's dates): a meeting dated twice differently, a meeting dated outside the session
or before a meeting numbered lower, a stated number of meetings held below a meeting the
report cites, and a meeting the report names but never dates while it dates the others.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator


from pipeline.extract.context import conference_mentions, dated_meetings, sentences
from pipeline.validate.qa import INFO, QaIssue, Rows, block_issue, check, row_issue, sentence_at

# Of the meetings the report names, the share it must date for an undated one to be a gap.
DATED_SHARE = 2 / 3


@dataclass
class _Mention:
    number: int
    date: str | None
    block: dict
    offset: int
    alone: bool          # the only meeting its mention names ("At its 3rd meeting, ...")


def _mentions(rows: Rows) -> dict[str, list[_Mention]]:
    """Each doc's mentions of the Conference's meetings in its report paragraphs, in order."""
    years = {d["doc_id"]: int(str(d["start_date"])[:4]) for d in rows.get("documents", []) if d.get("start_date")}
    paragraphs = {(s["doc_id"], s["block_id"]) for s in rows.get("segments", []) if s["part"] == "paragraph"}
    found: dict[str, list[_Mention]] = defaultdict(list)
    for block in rows.get("blocks", []):
        if (block["doc_id"], block["block_id"]) not in paragraphs:
            continue
        for sentence in sentences(block["text"]):
            offset = block["text"].find(sentence)
            for m in conference_mentions(sentence, years.get(block["doc_id"])):
                dated = dict(dated_meetings(m))
                for number in m.numbers:
                    found[block["doc_id"]].append(_Mention(number, dated.get(number), block, offset + m.start,
                                                           len(m.numbers) == 1))
    return found


def _session(rows: Rows, doc_id: str) -> tuple[str | None, str | None]:
    doc = next((d for d in rows.get("documents", []) if d["doc_id"] == doc_id), {})
    start, end = doc.get("start_date"), doc.get("end_date")
    return (str(start) if start else None), (str(end) if end else None)    # ISO, as the mentions' dates


@check("contradiction", "error")
def meeting_dates(rows: Rows) -> Iterator[QaIssue]:
    """A meeting dated differently in two places, dated outside the session, or dated before a
    meeting with a lower number."""
    for doc_id, mentions in _mentions(rows).items():
        start, end = _session(rows, doc_id)
        first_date: dict[int, _Mention] = {}
        for m in mentions:
            if m.date is None:
                continue
            if m.number in first_date and first_date[m.number].date != m.date:
                earlier = first_date[m.number]
                yield _issue(m, "meeting_dated_twice",
                             f"the {_ordinal(m.number)} meeting is dated {m.date} here and {earlier.date} at "
                             f"lines {earlier.block['line_start']}–{earlier.block['line_end']}")
            first_date.setdefault(m.number, m)
            if start and end and not start <= m.date <= end:
                yield _issue(m, "meeting_outside_session",
                             f"the {_ordinal(m.number)} meeting is dated {m.date}, outside the session "
                             f"({start} to {end})")
        ordered = sorted(first_date.values(), key=lambda m: m.number)
        for lower, higher in zip(ordered, ordered[1:]):
            if higher.date and lower.date and higher.date < lower.date:
                yield _issue(higher, "meeting_order",
                             f"the {_ordinal(higher.number)} meeting is dated {higher.date}, before the "
                             f"{_ordinal(lower.number)} meeting ({lower.date})")


@check("count", "error")
def meetings_held(rows: Rows) -> Iterator[QaIssue]:
    """The number of meetings the report says were held (participation.meetings_held), below the
    highest meeting it cites."""
    mentions = _mentions(rows)
    for row in rows.get("participation", []):
        cited = [m for m in mentions.get(row["doc_id"], [])]
        if row["measure"] == "meetings_held" and cited and row["count"] < (top := max(cited, key=lambda m: m.number)).number:
            yield row_issue(row, "participation", f"measure={row['measure']}", "meetings_held",
                            f"{row['count']} meetings said to have been held, but the report cites the "
                            f"{_ordinal(top.number)} meeting (lines {top.block['line_start']}–{top.block['line_end']})")


@check("sibling", "info")
def undated_meeting(rows: Rows) -> Iterator[QaIssue]:
    """A meeting the report names but dates nowhere, while it dates (nearly) all the others."""
    for mentions in _mentions(rows).values():
        numbers = sorted({m.number for m in mentions})
        dated = sorted({m.number for m in mentions if m.date})
        if len(dated) < 2 or len(dated) < DATED_SHARE * len(numbers):
            continue
        for number in sorted(set(numbers) - set(dated)):
            named = [m for m in mentions if m.number == number]
            first = next((m for m in named if m.alone), named[0])
            yield _issue(first, "undated_meeting",
                         f"no sentence gives the {_ordinal(number)} meeting a date of its own, while the "
                         f"meetings {', '.join(map(str, dated))} each have one", severity=INFO)


def _issue(m: _Mention, check_name: str, message: str, **kw) -> QaIssue:
    issue = block_issue(m.block, check_name, message, m.offset, **kw)
    issue.quote = sentence_at(m.block["text"], m.offset)
    return issue


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
