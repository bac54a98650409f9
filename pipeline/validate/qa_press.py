"""QA: figures a press release states that the report of the same session contradicts."""
from __future__ import annotations

from typing import Iterator

from pipeline.validate.qa import QaIssue, Rows, check


@check("contradiction", "warning")
def press_releases_against_reports(rows: Rows) -> Iterator[QaIssue]:
    """A figure a press release states that the report of the same session contradicts (a
    warning: the two are different documents, and the release may count differently)."""
    from pipeline.extract.session_facts import SessionFact
    from pipeline.validate.press_check import cross_check, report_counts

    facts = rows.get("session_facts", [])
    if not facts or not rows.get("documents"):
        return
    counts = report_counts(rows["documents"], rows.get("resolutions", []), rows.get("participation", []))
    for d in cross_check([SessionFact(**f) for f in facts], counts):
        yield QaIssue(d.doc_id, "press_release_vs_report",
                      f"session {d.session_number} {d.fact_type}: the press release says {d.stated!r}, "
                      f"the report's tables give {d.report_value}", "session_facts",
                      f"fact_id={d.fact_id}", None, None, None, quote=d.sentence)
