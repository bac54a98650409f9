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

from pipeline.normalize.lexicon import dictionary, zipf

Rows = dict[str, list[dict]]
ERROR, WARNING = "error", "warning"
# Of a COP report's body text, the share that may lie before its first chapter (a stray title or
# note) before the structure is taken as not found: a report read right has none there, one
# whose headings were not recognised has most of its text there.
MAX_UNPLACED_SHARE = 0.05


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
    severity: str = WARNING     # ERROR: the extraction of the document is not to be trusted


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


def _row_issue(row: dict, table: str, key: str, check_name: str, message: str) -> QaIssue:
    return QaIssue(row["doc_id"], check_name, message, table, key, row.get("page") or row.get("page_start"),
                   row.get("line_start"), row.get("line_end"))


@check
def vote_arithmetic(rows: Rows) -> Iterator[QaIssue]:
    """Votes: yes + no against "present and voting", the stated majority against the rule."""
    for vote in rows.get("votes", []):
        key = f"vote_id={vote['vote_id']}"
        stated = vote["present_and_voting"]
        counted = None if vote["yes"] is None or vote["no"] is None else vote["yes"] + vote["no"]
        if stated is not None and counted is not None and stated != counted:
            yield _row_issue(vote, "votes", key, "vote_present_and_voting",
                             f"{stated} stated as present and voting, but {vote['yes']} in favour + "
                             f"{vote['no']} against = {counted}")
        if vote["threshold_stated"] is not None and vote["threshold_stated"] != vote["threshold_computed"]:
            yield _row_issue(vote, "votes", key, "vote_threshold",
                             f"the report states a {vote['majority']} majority of {vote['threshold_stated']}, "
                             f"but the rule gives {vote['threshold_computed']} for {stated} present and voting")
        if vote["passed_as_stated"] is not None and vote["passed_as_stated"] != vote["passed_by_rule"]:
            yield _row_issue(vote, "votes", key, "vote_outcome",
                             "the outcome stated differs from the outcome the figures give under the rule")


@check
def unresolved_names(rows: Rows) -> Iterator[QaIssue]:
    """Names the entity normalizer could not resolve: kept as written, with no code."""
    for table, kind_field, name_field, key_fields in (
            ("statements", "speaker_kind", "speaker_as_written", ("statement_id",)),
            ("sponsors", "kind", "sponsor_as_written", ("symbol", "source", "position"))):
        for row in rows.get(table, []):
            if row[kind_field] == "unresolved":
                key = ", ".join(f"{k}={row[k]}" for k in key_fields)
                hint = _close_country(row[name_field])
                yield _row_issue(row, table, key, "unresolved_name",
                                 f"name not resolved, kept as written: {row[name_field]!r}"
                                 + (f" (close to the State name {hint!r}: a misspelling in the source?)" if hint else ""))


def _close_country(name: str) -> str | None:
    """A hint for the QA reader only; the tables never take it."""
    import difflib

    import pycountry

    names = [c.name for c in pycountry.countries]
    match = difflib.get_close_matches(name.removeprefix("the "), names, n=1, cutoff=0.8)
    return match[0] if match else None


@check
def operative_numbering(rows: Rows) -> Iterator[QaIssue]:
    """Operative paragraphs of each text run 1, 2, 3 ..."""
    by_text: dict[tuple, list[dict]] = defaultdict(list)
    for p in rows.get("resolution_paragraphs", []):
        if p["part"] == "operative" and p["level"] == 1 and p["number"] is not None:
            by_text[(p["doc_id"], p["resolution_id"])].append(p)
    for paragraphs in by_text.values():
        for expected, p in enumerate(paragraphs, start=1):
            if p["number"] != expected:
                yield _row_issue(p, "resolution_paragraphs", f"paragraph_id={p['paragraph_id']}",
                                 "operative_numbering",
                                 f"{p['symbol']}: operative paragraph {p['number']} where {expected} was expected")
                break


@check
def recommendation_letters(rows: Rows) -> Iterator[QaIssue]:
    """Recommendations of each annex run (a), (b), (c) ..."""
    by_annex: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows.get("annex_recommendations", []):
        by_annex[(r["doc_id"], r["resolution_id"], r["annex_number"])].append(r)
    for recs in by_annex.values():
        for expected, r in zip(_letters(), recs):
            if r["letter"] != expected:
                yield _row_issue(r, "annex_recommendations", f"position={r['position']}", "recommendation_letters",
                                 f"{r['symbol']} annex {r['annex_label'] or ''}: recommendation ({r['letter']}) "
                                 f"where ({expected}) was expected")
                break


def _letters() -> Iterator[str]:
    """a ... z, then aa, bb ... as UN documents continue a lettered list."""
    for repeat in range(1, 4):
        for code in range(ord("a"), ord("z") + 1):
            yield chr(code) * repeat


@check
def texts_and_actions(rows: Rows) -> Iterator[QaIssue]:
    """Chapter I prints the adopted texts and the proceedings say when each was adopted: each
    adopted text needs an action, and each action's text must be printed.  (A source that
    contradicts itself here is reported, not refused.)"""
    printed = {(t["doc_id"], t["kind"], t["symbol"]) for t in rows.get("resolutions", []) if t["status"] == "adopted"}
    acted = {(a["doc_id"], a["result_kind"], a["result_number"]) for a in rows.get("actions", [])
             if a["result_number"]}
    for text in rows.get("resolutions", []):
        if (text["doc_id"], text["kind"], text["symbol"]) in printed - acted:
            yield _row_issue(text, "resolutions", f"resolution_id={text['resolution_id']}", "text_without_action",
                             f"{text['kind']} {text['symbol']} is printed in the report, but no action in the "
                             f"proceedings adopted it")
    for action in rows.get("actions", []):
        if action["result_number"] and (action["doc_id"], action["result_kind"], action["result_number"]) not in printed:
            yield _row_issue(action, "actions", f"symbol={action['symbol']}", "action_without_text",
                             f"{action['symbol']} became {action['result_kind']} {action['result_number']}, "
                             f"which chapter I does not print")


# A count of co-sponsors a speaker states before naming them: "the 42 other co-sponsors, naming each".
STATED_COSPONSORS = re.compile(r"\b(?P<n>\d+)\s+(?:other\s+)?co-sponsors\b")


@check
def stated_sponsor_counts(rows: Rows) -> Iterator[QaIssue]:
    """A count of sponsors stated in the text against the sponsors listed there."""
    listed = Counter((s["doc_id"], s["block_id"]) for s in rows.get("sponsors", []) if s["block_id"] is not None)
    for block in rows.get("blocks", []):
        for m in STATED_COSPONSORS.finditer(block["text"]):
            n, found = int(m["n"]), listed.get((block["doc_id"], block["block_id"]), 0)
            if found and n != found:
                yield _block_issue(block, "stated_count", f"the text states {n} co-sponsors; {found} are listed")


@check
def press_releases_against_reports(rows: Rows) -> Iterator[QaIssue]:
    """A figure a press release states that the report of the same session contradicts."""
    from pipeline.extract.session_facts import SessionFact
    from pipeline.validate.press_check import cross_check, report_counts

    facts = rows.get("session_facts", [])
    if not facts or not rows.get("documents"):
        return
    counts = report_counts(rows["documents"], rows.get("resolutions", []), rows.get("participation", []))
    for d in cross_check([SessionFact(**f) for f in facts], counts):
        yield QaIssue(d.doc_id, "press_release_vs_report",
                      f"session {d.session_number} {d.fact_type}: the press release says {d.stated!r} "
                      f"(“{d.sentence}”), the report's tables give {d.report_value}", "session_facts",
                      f"fact_id={d.fact_id}", None, None, None)


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


@check
def extraction_incomplete(rows: Rows) -> Iterator[QaIssue]:
    """A COP report in which no adopted text or no agenda item was found, whose session is
    never stated, or whose body text lies largely outside any chapter: its tables are not to
    be trusted (the run exits 3)."""
    for doc in rows.get("documents", []):
        if doc["document_kind"] != "cop_report":
            continue
        doc_id = doc["doc_id"]
        problems = [f"no {what} found" for what, table in (("adopted text", "resolutions"),
                                                              ("agenda item", "agenda_items"))
                    if not any(r["doc_id"] == doc_id for r in rows.get(table, []))]
        if doc["session_number"] is None:
            problems.append("no sentence says which session it reports on")
        share = _unplaced_share(rows, doc_id)
        if share > MAX_UNPLACED_SHARE:
            problems.append(f"{share:.0%} of the body text lies before any chapter")
        if problems:
            yield QaIssue(doc_id, "extraction_incomplete", "; ".join(problems), "documents",
                          f"doc_id={doc_id}", severity=ERROR)


def _unplaced_share(rows: Rows, doc_id: str) -> float:
    """The share of the document's block text that the segments place before any chapter."""
    front = {s["block_id"] for s in rows.get("segments", []) if s["doc_id"] == doc_id and s["part"] == "front"}
    sizes = [(b["block_id"], len(b["text"])) for b in rows.get("blocks", []) if b["doc_id"] == doc_id]
    total = sum(n for _, n in sizes)
    return sum(n for block_id, n in sizes if block_id in front) / total if total else 1.0


def incomplete_documents(issues: list[QaIssue]) -> list[str]:
    """The doc_ids whose extraction QA found incomplete."""
    return sorted({i.doc_id for i in issues if i.severity == ERROR})


@check
def text_without_title(rows: Rows) -> Iterator[QaIssue]:
    """An adopted text whose heading is followed by no title."""
    for text in rows.get("resolutions", []):
        if "title" in text and text["title"] is None:
            yield QaIssue(text["doc_id"], "text_without_title", f"{text['kind']} {text['symbol']} has no title",
                          "resolutions", f"resolution_id={text['resolution_id']}", text["page_start"],
                          text["line_start"], text["line_end"])


from pipeline.validate import qa_dates  # noqa: E402,F401  (its checks register themselves)
