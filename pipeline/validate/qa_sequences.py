"""QA: the editors' own numbering — report paragraphs, operative paragraphs, annex letters —
runs in order; a gap, a repeat or a swap is a slip of the source (or a record the extraction
lost), reported where it happens."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

import regex as re

from pipeline.normalize.paragraphs import roman_value
from pipeline.validate.qa import INFO, QaIssue, Rows, block_issue, check, row_issue

# A numbered report paragraph: "12. At its 3rd meeting ...".
REPORT_PARAGRAPH = re.compile(r"(\d{1,3})\. ")


@check("sequence", "warning")
def numbered_paragraph_sequence(rows: Rows) -> Iterator[QaIssue]:
    """The report's own paragraphs run 1, 2, 3 ... without gaps or repeats."""
    by_doc: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for block in rows.get("blocks", []):
        if block["kind"] == "paragraph" and (m := REPORT_PARAGRAPH.match(block["text"])):
            by_doc[block["doc_id"]].append((int(m[1]), block))
    for numbered in by_doc.values():
        for (a, _), (b, block) in zip(numbered, numbered[1:]):
            if b != a + 1 and b != 1:
                yield block_issue(block, "paragraph_numbering",
                                  f"paragraph {b} follows paragraph {a}" + (" (repeat)" if b <= a else " (gap)"), 0)


@check("sequence", "warning")
def operative_numbering(rows: Rows) -> Iterator[QaIssue]:
    """Operative paragraphs of each text run 1, 2, 3 ..."""
    by_text: dict[tuple, list[dict]] = defaultdict(list)
    for p in rows.get("resolution_paragraphs", []):
        if p["part"] == "operative" and p["level"] == 1 and p["number"] is not None:
            by_text[(p["doc_id"], p["resolution_id"])].append(p)
    for paragraphs in by_text.values():
        for expected, p in enumerate(paragraphs, start=1):
            if p["number"] != expected:
                yield row_issue(p, "resolution_paragraphs", f"paragraph_id={p['paragraph_id']}",
                                "operative_numbering",
                                f"{p['symbol']}: operative paragraph {p['number']} where {expected} was expected")
                break


@check("sequence", "warning")
def recommendation_letters(rows: Rows) -> Iterator[QaIssue]:
    """Recommendations of each annex run (a), (b), (c) ..."""
    by_annex: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows.get("annex_recommendations", []):
        by_annex[(r["doc_id"], r["resolution_id"], r["annex_number"])].append(r)
    for recs in by_annex.values():
        for expected, r in zip(letters(), recs):
            if r["letter"] != expected:
                yield row_issue(r, "annex_recommendations", f"position={r['position']}", "recommendation_letters",
                                f"{r['symbol']} annex {r['annex_label'] or ''}: recommendation ({r['letter']}) "
                                f"where ({expected}) was expected")
                break


def letters() -> Iterator[str]:
    """a ... z, then aa, bb ... as UN documents continue a lettered list."""
    for repeat in range(1, 4):
        for code in range(ord("a"), ord("z") + 1):
            yield chr(code) * repeat


@check("sequence", "warning")
def sub_item_labels(rows: Rows) -> Iterator[QaIssue]:
    """The sub-items of each paragraph run (a), (b), (c) ... or (i), (ii), (iii) ..."""
    by_parent: dict[tuple, list[dict]] = defaultdict(list)
    for p in rows.get("resolution_paragraphs", []):
        if p["parent"] is not None and p["label"]:
            by_parent[(p["doc_id"], p["resolution_id"], p["parent"])].append(p)
    for items in by_parent.values():
        roman = items[0]["label"] == "i" and len(items) > 1 and items[1]["label"] == "ii"
        expected_labels = (to_roman(n) for n in range(1, 100)) if roman else letters()
        for expected, p in zip(expected_labels, items):
            if p["label"] != expected:
                yield row_issue(p, "resolution_paragraphs", f"paragraph_id={p['paragraph_id']}", "sub_item_labels",
                                f"{p['symbol']}: sub-item ({p['label']}) where ({expected}) was expected", quote=p["text"])
                break


def to_roman(n: int) -> str:
    """1 -> "i", 4 -> "iv", 14 -> "xiv" (the lower-case numerals of sub-items)."""
    out = ""
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


@check("sequence", "warning")
def footnote_numbering(rows: Rows) -> Iterator[QaIssue]:
    """Footnotes run 1, 2, 3 ... in the order they are printed; a restart at 1 (an annex) is no slip."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for note in rows.get("footnotes", []):
        by_doc[note["doc_id"]].append(note)
    for notes in by_doc.values():
        notes.sort(key=lambda n: n["line_start"])
        for before, note in zip(notes, notes[1:]):
            if note["number"] not in (before["number"] + 1, 1):
                yield QaIssue(note["doc_id"], "footnote_numbering",
                              f"footnote {note['number']} follows footnote {before['number']}"
                              + (" (repeat)" if note["number"] <= before["number"] else " (gap)"),
                              "footnotes", f"footnote_id={note['footnote_id']}", note["page"], note["line_start"],
                              note["line_end"], quote=note["text"])


@check("sequence", "warning")
def chapters_against_agenda(rows: Rows) -> Iterator[QaIssue]:
    """The chapters of a report take the items of its agenda in order: a chapter on an item
    that comes before the item of the chapter printed before it is out of order."""
    by_doc: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for item in rows.get("agenda_items", []):
        if item["agenda"] == "current" and item["sub_item"] is None and item["chapter"] and item["item_number"]:
            by_doc[item["doc_id"]].append((roman_value(item["chapter"]), item))
    for items in by_doc.values():
        items.sort(key=lambda pair: pair[0])
        for (_, before), (_, item) in zip(items, items[1:]):
            if item["item_number"] < before["item_number"]:
                chronological = before["meetings"] and item["meetings"] and min(before["meetings"]) <= min(item["meetings"])
                yield row_issue(item, "agenda_items", f"agenda_item_id={item['agenda_item_id']}", "chapter_order",
                                f"chapter {item['chapter']} covers agenda item {item['item']} "
                                f"({item['title']}), but the chapter before it, {before['chapter']}, covers the "
                                f"later item {before['item']} ({before['title']}): the chapters are not in the "
                                f"order of the agenda" + (
                                    f"; they follow the order in which the items were taken up (meetings "
                                    f"{min(before['meetings'])} and {min(item['meetings'])})" if chronological else ""),
                                quote=f"{item['chapter']}. {item['title']}", severity=INFO if chronological else "")
