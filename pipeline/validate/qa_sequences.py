"""QA: the editors' own numbering — report paragraphs, operative paragraphs, annex letters —
runs in order; a gap, a repeat or a swap is a slip of the source (or a record the extraction
lost), reported where it happens."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

import regex as re

from pipeline.validate.qa import QaIssue, Rows, block_issue, check, row_issue

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
