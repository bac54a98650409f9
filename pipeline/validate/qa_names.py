"""QA: names — speakers and sponsors the entity normalizer could not resolve (info), and
those close to a State name (a likely misspelling of the source: warning)."""
from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Iterator

from pipeline.validate.qa import WARNING, QaIssue, Rows, check, row_issue


@check("unresolved", "info")
def unresolved_names(rows: Rows) -> Iterator[QaIssue]:
    """Names the entity normalizer could not resolve: kept as written, with no code."""
    for table, kind_field, name_field, key_fields in (
            ("statements", "speaker_kind", "speaker_as_written", ("statement_id",)),
            ("sponsors", "kind", "sponsor_as_written", ("symbol", "source", "position"))):
        for row in rows.get(table, []):
            if row[kind_field] == "unresolved":
                key = ", ".join(f"{k}={row[k]}" for k in key_fields)
                hint = close_country(row[name_field])
                if hint:
                    yield row_issue(row, table, key, "misspelt_state_name",
                                    f"{row[name_field]!r} is no State name; close to {hint!r}: a misspelling "
                                    f"in the source? (kept as written, with no code)",
                                    severity=WARNING, category="spelling")
                else:
                    yield row_issue(row, table, key, "unresolved_name",
                                    f"name not resolved, kept as written: {row[name_field]!r}")


@lru_cache(maxsize=1)
def _country_names() -> list[str]:
    import pycountry

    return [c.name for c in pycountry.countries]


def close_country(name: str) -> str | None:
    """A hint for the QA reader only; the tables never take it."""
    match = difflib.get_close_matches(name.removeprefix("the "), _country_names(), n=1, cutoff=0.8)
    return match[0] if match else None
