"""QA: the same action recorded twice — a draft acted on twice with the same outcome, an
officer elected twice to the same office, or one object adopted or approved by the
Conference in two different paragraphs ("adopted the report of the Bureau on credentials",
then "approved the report of the Bureau on credentials")."""
from __future__ import annotations

from typing import Iterator

import regex as re

from pipeline.validate.qa import QaIssue, Rows, block_issue, check, row_issue

# The Conference adopting or approving a definite object: "the Conference adopted the report
# of the Bureau on credentials at its 11th meeting" -> "the report of the Bureau on credentials"
# (the object ends before the meeting, date, manner or a clause).
ADOPTED_OBJECT = re.compile(
    r"\bConference\s+(?:also\s+)?(?P<verb>adopted|approved)\s+(?P<object>the\s+(?!following\b)[^,.;:()]+?)"
    r"(?=\s+(?:at\s+(?:its|the)|on\s+\d|in\s+accordance|contained|set\s+out|as\s+orally|by|as|which|without)\b|[,.;:(]|$)")


@check("duplicate", "warning")
def adopted_twice(rows: Rows) -> Iterator[QaIssue]:
    """One object adopted or approved in two different paragraphs."""
    seen: dict[tuple[str, str], tuple[dict, str, int]] = {}
    for block in sorted(rows.get("blocks", []), key=lambda b: (b["doc_id"], b["line_start"])):
        for m in ADOPTED_OBJECT.finditer(block["text"]):
            key = (block["doc_id"], re.sub(r"\s+", " ", m["object"]).lower())
            if key in seen and seen[key][0]["block_id"] != block["block_id"]:
                first, verb, _ = seen[key]
                yield block_issue(block, "adopted_twice",
                                  f"“{m['object']}” is {m['verb']} here and was {verb} already at lines "
                                  f"{first['line_start']}–{first['line_end']}: the same action recorded twice?",
                                  m.start())
            seen.setdefault(key, (block, m["verb"], m.start()))


@check("duplicate", "warning")
def acted_on_twice(rows: Rows) -> Iterator[QaIssue]:
    """A draft acted on twice with the same outcome, an officer elected twice to one office."""
    for table, fields, what in (("actions", ("symbol", "outcome"), "acted on"),
                                ("officers", ("name", "role"), "elected")):
        seen: dict[tuple, dict] = {}
        for row in rows.get(table, []):
            if any(row.get(f) is None for f in fields):
                continue
            key = (row["doc_id"],) + tuple(row[f] for f in fields)
            if key in seen:
                first = seen[key]
                yield row_issue(row, table, ", ".join(f"{f}={row[f]}" for f in fields), f"{table}_twice",
                                f"{' '.join(str(row[f]) for f in fields)}: {what} here and at lines "
                                f"{first['line_start']}–{first['line_end']}: the same action recorded twice?")
            seen.setdefault(key, row)
