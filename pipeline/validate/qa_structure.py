"""QA: is the document's structure all there — footnotes and their markers, adopted texts and
the actions that adopted them, a title for each text, and enough structure found at all."""
from __future__ import annotations

from typing import Iterator

import regex as re

from pipeline.validate.qa import ERROR, QaIssue, Rows, block_issue, check, row_issue

# Of a COP report's body text, the share that may lie before its first chapter (a stray title or
# note) before the structure is taken as not found: a report read right has none there, one
# whose headings were not recognised has most of its text there.
MAX_UNPLACED_SHARE = 0.05


@check("reference", "warning")
def footnotes_without_marker(rows: Rows) -> Iterator[QaIssue]:
    referenced = {(r["doc_id"], r["footnote_id"]) for r in rows.get("footnote_refs", [])}
    for note in rows.get("footnotes", []):
        if (note["doc_id"], note["footnote_id"]) not in referenced:
            yield QaIssue(note["doc_id"], "footnote_never_referenced",
                          f"footnote {note['number']} has no marker found in the body", "footnotes",
                          f"footnote_id={note['footnote_id']}", note["page"], note["line_start"], note["line_end"],
                          quote=note["text"])


# A footnote-like number glued to a word that no footnote explains: "Crime7 and".
GLUED_NUMBER = re.compile(r"(?<=\p{Ll})\d{1,2}(?=[\s,;.]|$)")


@check("reference", "warning")
def markers_without_footnote(rows: Rows) -> Iterator[QaIssue]:
    for block in rows.get("blocks", []):
        for m in GLUED_NUMBER.finditer(block["text"]):
            yield block_issue(block, "marker_without_footnote",
                              f"number {m.group()} glued to a word at offset {m.start()}: a footnote marker "
                              f"with no footnote?", m.start())


@check("contradiction", "error")
def texts_and_actions(rows: Rows) -> Iterator[QaIssue]:
    """Chapter I prints the adopted texts and the proceedings say when each was adopted: each
    adopted text needs an action, and each action's text must be printed.  (A source that
    contradicts itself here is reported, not refused.)"""
    printed = {(t["doc_id"], t["kind"], t["symbol"]) for t in rows.get("resolutions", []) if t["status"] == "adopted"}
    acted = {(a["doc_id"], a["result_kind"], a["result_number"]) for a in rows.get("actions", [])
             if a["result_number"]}
    for text in rows.get("resolutions", []):
        if (text["doc_id"], text["kind"], text["symbol"]) in printed - acted:
            yield row_issue(text, "resolutions", f"resolution_id={text['resolution_id']}", "text_without_action",
                            f"{text['kind']} {text['symbol']} is printed in the report, but no action in the "
                            f"proceedings adopted it")
    for action in rows.get("actions", []):
        if action["result_number"] and (action["doc_id"], action["result_kind"], action["result_number"]) not in printed:
            yield row_issue(action, "actions", f"symbol={action['symbol']}", "action_without_text",
                            f"{action['symbol']} became {action['result_kind']} {action['result_number']}, "
                            f"which chapter I does not print")


@check("extraction", "error")
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


@check("extraction", "warning")
def text_without_title(rows: Rows) -> Iterator[QaIssue]:
    """An adopted text whose heading is followed by no title."""
    for text in rows.get("resolutions", []):
        if "title" in text and text["title"] is None:
            yield row_issue(text, "resolutions", f"resolution_id={text['resolution_id']}", "text_without_title",
                            f"{text['kind']} {text['symbol']} has no title")
