"""Content QA: where the source contradicts itself, slips, or the extraction looks wrong.

Each check reads the validated tables (as lists of row dicts) and yields `QaIssue`s with the
place they concern.  A check registers itself with the class of finding it makes and its
usual severity (`@check(category, severity)`); an issue may set its own severity.  The issues
become the `qa_issues` table and `qa_report.md`.  Checks report; they never fail a run
(schema violations do that), but an `extraction` error marks the document incomplete (exit 3).

Severities, as the report reads them:
  error    the source contradicts itself, or the extraction of the document is incomplete;
  warning  likely a slip of the source (a misspelling, a garbled name, a sequence out of order)
           or an artifact of the extraction left in a table;
  info     a fact not stated, a name not resolved, an organization not classified.

The checks live in the `qa_*` modules beside this one, one module per family.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import regex as re

from pipeline.common.records import QaIssue

Rows = dict[str, list[dict]]
ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
# The classes of finding (the `category` column), in the order the report lists them.
CATEGORIES = ("extraction", "contradiction", "count", "sequence", "duplicate", "reference", "date", "name",
              "spelling", "grammar", "typography", "artifact", "sibling", "unresolved")
# How much of a block a finding quotes when its check names no sentence.
QUOTE_CHARS = 240


@dataclass(frozen=True)
class Check:
    fn: Callable[[Rows], Iterator[QaIssue]]
    category: str
    severity: str


CHECKS: list[Check] = []


def check(category: str, severity: str) -> Callable:
    """Register a check that makes findings of `category`, usually of `severity`."""
    assert category in CATEGORIES and severity in SEVERITIES, (category, severity)

    def register(fn: Callable[[Rows], Iterator[QaIssue]]) -> Callable[[Rows], Iterator[QaIssue]]:
        CHECKS.append(Check(fn, category, severity))
        return fn
    return register


def run_checks(rows: Rows, noted: Iterable[QaIssue] = ()) -> list[QaIssue]:
    """Every check's findings on `rows`, with the findings the extractors `noted` while reading
    (pipeline.extract.context.Context.note), each quoted and in the report's order."""
    quotes = _Quotes(rows.get("blocks", []) + rows.get("footnotes", []))
    issues = list(noted)
    for chk in CHECKS:
        for issue in chk.fn(rows):
            issue.severity = issue.severity or chk.severity
            issue.category = issue.category or chk.category
            issues.append(issue)
    for issue in issues:
        if issue.quote is None:
            issue.quote = quotes.at(issue.doc_id, issue.line_start, _quoted(issue.message))
    issues.sort(key=lambda i: (i.doc_id, SEVERITIES.index(i.severity), CATEGORIES.index(i.category),
                               i.line_start or 0, i.check, i.row_key, i.message))
    return issues


# The first name or phrase a message quotes: 'Hungry' in "'Hungry' is no State name", “Netherlands”.
QUOTED = re.compile(r"'([^']{2,})'|“([^”]{2,})”")


def _quoted(message: str) -> str | None:
    m = QUOTED.search(message)
    return (m[1] or m[2]) if m else None


class _Quotes:
    """The sentence of the block or footnote at a line that holds a phrase (else the start of its
    text): the quote of a finding whose check gives none."""

    def __init__(self, texts: list[dict]):
        self.by_doc: dict[str, list[dict]] = {}
        for t in sorted(texts, key=lambda t: (t["doc_id"], t["line_start"])):
            self.by_doc.setdefault(t["doc_id"], []).append(t)
        self.starts = {doc: [t["line_start"] for t in ts] for doc, ts in self.by_doc.items()}

    def at(self, doc_id: str, line: int | None, phrase: str | None = None) -> str | None:
        if line is None or doc_id not in self.by_doc:
            return None
        i = bisect.bisect_right(self.starts[doc_id], line) - 1
        if i < 0 or self.by_doc[doc_id][i]["line_end"] < line:
            return None
        text = self.by_doc[doc_id][i]["text"]
        offset = text.find(phrase) if phrase else -1
        return sentence_at(text, offset) if offset >= 0 else shorten(text)


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


# A sentence's end: a full stop, semicolon or colon followed by a blank ("… 2022. The", "…(a); (b)").
SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[\p{Lu}(“\d])")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` around `offset`, for quoting a finding."""
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, offset)), default=0)
    end = next((m.start() for m in SENTENCE_END.finditer(text, offset)), len(text))
    if end - start > QUOTE_CHARS:     # a long sentence: the part around the offset
        lo = max(start, offset - QUOTE_CHARS // 3)
        hi = min(end, lo + QUOTE_CHARS)
        lo = text.find(" ", lo) + 1 if lo > start else lo
        hi = text.rfind(" ", lo, hi) if hi < end else hi
        return ("… " if lo > start else "") + text[lo:hi].strip() + (" …" if hi < end else "")
    return text[start:end].strip()


def block_issue(block: dict, check_name: str, message: str, offset: int | None = None, **kw) -> QaIssue:
    """A finding in a block, quoting the sentence at `offset` when given."""
    quote = sentence_at(block["text"], offset) if offset is not None else None
    return QaIssue(block["doc_id"], check_name, message, "blocks", f"block_id={block['block_id']}",
                   block["page_start"], block["line_start"], block["line_end"], quote=quote, **kw)


def row_issue(row: dict, table: str, key: str, check_name: str, message: str, **kw) -> QaIssue:
    return QaIssue(row["doc_id"], check_name, message, table, key, row.get("page") or row.get("page_start"),
                   row.get("line_start"), row.get("line_end"), **kw)


def severity_counts(issues: list[QaIssue]) -> str:
    """": 2 errors, 5 warnings, 9 info" for the log (empty when there are no findings)."""
    counts = [(sum(i.severity == s for i in issues), s) for s in SEVERITIES]
    words = {ERROR: "error(s)", WARNING: "warning(s)", INFO: "info"}
    return ": " + ", ".join(f"{n} {words[s]}" for n, s in counts) if issues else ""


def incomplete_documents(issues: list[QaIssue]) -> list[str]:
    """The doc_ids whose extraction QA found incomplete."""
    return sorted({i.doc_id for i in issues if is_incomplete(i)})


def is_incomplete(issue: QaIssue) -> bool:
    return issue.category == "extraction" and issue.severity == ERROR


# The check families register themselves on import.
from pipeline.validate import (qa_artifacts, qa_dates, qa_duplicates, qa_language, qa_links, qa_meetings,  # noqa: E402,F401
                               qa_names, qa_numbers, qa_press, qa_sequences, qa_siblings, qa_structure)
