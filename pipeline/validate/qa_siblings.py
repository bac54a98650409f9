"""QA: a fact that (nearly) all records of a kind state, missing from some — a vote whose
majority cites no rule of procedure where the others do, an action with no meeting or date.
Not an error of the source (it may not apply), but a gap a user of the table should know
about: info, with the siblings that state it named."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from pipeline.validate.qa import QaIssue, Rows, check, row_issue

# (table, column, the fact in words, the row's key column): a record states the fact when the
# column is not null and not an empty list.
SIBLING_FACTS = (
    ("votes", "rules_cited", "a rule of procedure", "vote_id"),
    ("votes", "date", "a date", "vote_id"),
    ("actions", "meeting", "a meeting", "symbol"),
    ("actions", "date", "a date", "symbol"),
    ("officers", "rules_cited", "a rule of procedure", "officer_id"),
    ("officers", "meeting", "a meeting", "officer_id"),
)
# At least this many siblings, and this share of them, must state the fact.
MIN_STATING = 2
STATING_SHARE = 2 / 3


def _states(value) -> bool:
    return value is not None and value != []


@check("sibling", "info")
def fact_missing_among_siblings(rows: Rows) -> Iterator[QaIssue]:
    for table, column, fact, key in SIBLING_FACTS:
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for row in rows.get(table, []):
            if column in row:
                by_doc[row["doc_id"]].append(row)
        for siblings in by_doc.values():
            stating = [r for r in siblings if _states(r[column])]
            if len(stating) < MIN_STATING or len(stating) < STATING_SHARE * len(siblings):
                continue
            names = ", ".join(str(r[key]) for r in stating)
            for row in siblings:
                if not _states(row[column]):
                    yield row_issue(row, table, f"{key}={row[key]}", f"{table}_{column}_missing",
                                    f"{table} {key}={row[key]} states no {fact.removeprefix('a ')} ({column}), "
                                    f"while {len(stating)} of its {len(siblings) - 1} siblings do ({key} {names})")
