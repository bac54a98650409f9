"""Validate stage: the figures press releases state (session_facts) against the reports' tables.

`report_counts` counts what the report tables say of each session (resolutions and decisions
adopted, States parties attending); `cross_check` returns the facts of the same session and
type that those counts contradict, as `Disagreement`s, taking the qualifier of an approximate
figure into account (`agrees`).  The QA check `press_releases_against_reports`
(`pipeline.validate.qa`) reports them.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.press_nlp import QUALIFIERS
from pipeline.extract.session_facts import SessionFact

# How far an approximate figure may be from the report's and still agree: "some 50" is 45-55,
# "nearly 100" is 90-100.
TOLERANCE = 0.1


@dataclass
class Disagreement:
    """A press-release figure the report of the same session contradicts."""

    doc_id: str
    fact_id: int
    session_number: int
    fact_type: str
    subject: str
    stated: str                # "more than 500", "six"
    value: int
    qualifier: str | None
    report_value: int
    sentence: str

    def __str__(self) -> str:
        return (f"session {self.session_number} {self.fact_type}: press release {self.doc_id} says "
                f"{self.stated!r} ({self.subject}), the report {self.report_value}")


# ---------------------------------------------------------------------------------------
# Cross-check with the reports

ReportCounts = dict[tuple[int, str], int]


def _rows(table) -> list[dict]:
    return table.to_pylist() if hasattr(table, "to_pylist") else list(table)


def report_counts(documents, resolutions, participation) -> ReportCounts:
    """{(session_number, fact_type): value} from the report tables (Arrow tables or lists of
    row dicts): resolutions_adopted and decisions_adopted count the distinct adopted
    resolutions and decisions of the `resolutions` table, by the session of their symbol
    ("11/1"); resolutions_and_decisions_adopted their sum; states_parties_attending is the
    `participation` measure of that name (the largest, if two reports of a session differ)."""
    session_of = {d["doc_id"]: d["session_number"] for d in _rows(documents)}
    adopted: dict[tuple[int, str], set] = {}
    for r in _rows(resolutions):
        session = r.get("session") or session_of.get(r["doc_id"])
        if r["status"] == "adopted" and r["kind"] in ("resolution", "decision") and session:
            adopted.setdefault((session, f"{r['kind']}s_adopted"), set()).add(r.get("symbol") or r["resolution_id"])
    counts: ReportCounts = {key: len(symbols) for key, symbols in adopted.items()}
    for session in {s for s, _ in counts}:
        counts[(session, "resolutions_and_decisions_adopted")] = (counts.get((session, "resolutions_adopted"), 0)
                                                                   + counts.get((session, "decisions_adopted"), 0))
    for p in _rows(participation):
        session = session_of.get(p["doc_id"])
        if p["measure"] == "states_parties_attending" and session and p["count"] is not None:
            key = (session, "states_parties_attending")
            counts[key] = max(counts.get(key, 0), p["count"])
    return counts


def agrees(value: int, qualifier: str | None, actual: int) -> bool:
    """Whether the true figure `actual` is what "qualifier value" says: exactly `value` when
    there is no qualifier; see QUALIFIERS and TOLERANCE otherwise."""
    relation = QUALIFIERS.get(qualifier, "=") if qualifier else "="
    return {
        "=": actual == value,
        ">": actual > value,
        ">=": actual >= value,
        "<": actual < value,
        "<=": actual <= value,
        "~": abs(actual - value) <= TOLERANCE * value,
        "~<": value * (1 - TOLERANCE) <= actual <= value,
    }[relation]


def cross_check(facts: list[SessionFact], counts: ReportCounts) -> list[Disagreement]:
    """The facts that the report of the same session contradicts, with both values; facts the
    reports do not count are not checked."""
    out = []
    for f in facts:
        actual = counts.get((f.session_number, f.fact_type))
        if actual is None or agrees(f.value, f.qualifier, actual):
            continue
        stated = f"{f.qualifier} {f.value_as_written}" if f.qualifier else f.value_as_written
        out.append(Disagreement(f.doc_id, f.fact_id, f.session_number, f.fact_type, f.subject, stated,
                                f.value, f.qualifier, actual, f.sentence))
    return out
