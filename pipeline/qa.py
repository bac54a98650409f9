"""Content QA: where the source contradicts itself or the extraction looks wrong.

Each check reads the validated tables (as lists of row dicts) and yields `QaIssue`s with
the location they concern.  The issues become the `qa_issues` table and `qa_report.md`.
Checks warn; they never fail a run (schema violations do that).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

import regex as re

from .lexicon import dictionary, zipf

Rows = dict[str, list[dict]]


@dataclass
class QaIssue:
    doc_id: str
    check: str
    message: str
    table: str
    row_key: str
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None


CHECKS: list[Callable[[Rows], Iterator[QaIssue]]] = []


def check(fn: Callable[[Rows], Iterator[QaIssue]]) -> Callable[[Rows], Iterator[QaIssue]]:
    CHECKS.append(fn)
    return fn


def run_checks(rows: Rows) -> list[QaIssue]:
    issues = [issue for fn in CHECKS for issue in fn(rows)]
    issues.sort(key=lambda i: (i.doc_id, i.line_start or 0, i.check, i.row_key))
    return issues


def _block_issue(block: dict, check_name: str, message: str) -> QaIssue:
    return QaIssue(block["doc_id"], check_name, message, "blocks", f"block_id={block['block_id']}",
                   block["page_start"], block["line_start"], block["line_end"])


@check
def footnotes_without_marker(rows: Rows) -> Iterator[QaIssue]:
    referenced = {(r["doc_id"], r["footnote_id"]) for r in rows.get("footnote_refs", [])}
    for note in rows.get("footnotes", []):
        if (note["doc_id"], note["footnote_id"]) not in referenced:
            yield QaIssue(note["doc_id"], "footnote_never_referenced",
                          f"footnote {note['number']} has no marker found in the body", "footnotes",
                          f"footnote_id={note['footnote_id']}", note["page"], note["line_start"], note["line_end"])


# A footnote-like number glued to a word that no footnote explains: "Crime7 and".
_GLUED_NUMBER = re.compile(r"(?<=\p{Ll})\d{1,2}(?=[\s,;.]|$)")


@check
def markers_without_footnote(rows: Rows) -> Iterator[QaIssue]:
    for block in rows.get("blocks", []):
        for m in _GLUED_NUMBER.finditer(block["text"]):
            yield _block_issue(block, "marker_without_footnote",
                               f"number {m.group()} glued to a word at offset {m.start()}: a footnote marker "
                               f"with no footnote?")


@check
def numbered_paragraph_sequence(rows: Rows) -> Iterator[QaIssue]:
    """The report's own paragraphs run 1, 2, 3 ... without gaps or repeats."""
    by_doc: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for block in rows.get("blocks", []):
        if block["kind"] == "paragraph" and (m := re.match(r"(\d{1,3})\. ", block["text"])):
            by_doc[block["doc_id"]].append((int(m[1]), block))
    for numbered in by_doc.values():
        for (a, _), (b, block) in zip(numbered, numbered[1:]):
            if b != a + 1 and b != 1:
                yield _block_issue(block, "paragraph_numbering",
                                   f"paragraph {b} follows paragraph {a}" + (" (repeat)" if b <= a else " (gap)"))


def split_words_left(text: str, counts: Counter) -> list[str]:
    """Neighbouring letter runs where one is not a word of the language or of the document
    and their join is: a word split by a stray space that the normalizer left."""
    words = dictionary()

    def known(w: str) -> bool:
        if len(w) == 1:
            return w in "aAI"
        return w.lower() in words or counts[w.lower()] >= 2 or zipf(w.lower()) >= 3.0

    def joined(w: str) -> bool:
        return counts[w.lower()] > 0 or w.lower() in words or zipf(w.lower()) >= 3.0

    return [f"{a} {b}" for a, b in re.findall(r"(?<!\p{L})(\p{L}+) (?=(\p{L}+)(?!\p{L}))", text, overlapped=True)
            if (not known(a) or not known(b)) and joined(a + b)]


@check
def split_word_artifacts(rows: Rows) -> Iterator[QaIssue]:
    blocks = rows.get("blocks", [])
    counts = Counter(w.lower() for b in blocks for w in re.findall(r"\p{L}+", b["text"]))
    for block in blocks:
        for pair in split_words_left(block["text"], counts):
            yield _block_issue(block, "split_word_left", f"possible split word left: {pair!r}")


def render_report(issues: list[QaIssue], documents: list[dict]) -> str:
    names = {d["doc_id"]: d["source_name"] for d in documents}
    out = ["# QA report", "", f"{len(issues)} finding(s) in {len(documents)} document(s).", ""]
    by_check = Counter(i.check for i in issues)
    if by_check:
        out += ["| check | findings |", "| --- | --- |"]
        out += [f"| {name} | {n} |" for name, n in sorted(by_check.items())]
        out.append("")
    for doc_id in sorted({i.doc_id for i in issues}):
        out += [f"## {names.get(doc_id, doc_id)} (`{doc_id}`)", ""]
        for i in (i for i in issues if i.doc_id == doc_id):
            where = f"page {i.page if i.page is not None else '?'}, lines {i.line_start}–{i.line_end}"
            out.append(f"- **{i.check}** ({where}; {i.table} {i.row_key}): {i.message}")
        out.append("")
    return "\n".join(out)
