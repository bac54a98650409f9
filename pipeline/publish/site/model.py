"""What each page of the site shows, from the published tables (rows as dicts): pure.

Every record gets an anchor (`rp-5-12` for paragraph 12 of text 5) and a `source` link to
its lines: `source.html?from=109&to=112#L109` for a text input (the source lines), or
`page-12.html?from=109&to=112#L109` for a PDF input (the page image with the line boxes).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

Rows = dict[str, list[dict]]

# The QA's row keys that name a record the document page shows: table -> (key column, anchor prefix).
ANCHORED = {"votes": ("vote_id", "vote"), "statements": ("statement_id", "st"), "resolutions": ("resolution_id", "res"),
            "officers": ("officer_id", "officer"), "actions": ("symbol", "action")}


@dataclass
class Source:
    """Where a document's records are shown in their source."""

    pdf: bool
    page_of: dict[int, int | None] = field(default_factory=dict)    # line_no -> page

    def href(self, row: dict) -> str | None:
        start, end = row.get("line_start"), row.get("line_end") or row.get("line_start")
        if start is None:
            return None
        if self.pdf:
            page = self.page_of.get(start) or row.get("page") or row.get("page_start")
            if page is None:
                return None
            return f"page-{page}.html?from={start}&to={end}#L{start}"
        return f"source.html?from={start}&to={end}#L{start}"


def by_doc(rows: Rows, table: str, doc_id: str) -> list[dict]:
    return [r for r in rows.get(table, []) if r["doc_id"] == doc_id]


def text_name(text: dict) -> str:
    """'Resolution 11/5', 'Decision 11/1', 'Draft decision CTOC/COP/2022/L.9/Rev.1'."""
    kind = text["kind"].replace("_", " ")
    return f"{kind[:1].upper()}{kind[1:]} {text['symbol'] or text['document_symbol'] or ''}".strip()


def nest(paragraphs: list[dict]) -> list[dict]:
    """Paragraphs as a tree: each with `children` (its sub-items), in order."""
    nodes = {p["paragraph_id"]: {**p, "children": []} for p in paragraphs}
    roots: list[dict] = []
    for p in paragraphs:
        node = nodes[p["paragraph_id"]]
        parent = nodes.get(p["parent"]) if p["parent"] is not None else None
        (parent["children"] if parent else roots).append(node)
    return roots


def footnotes_of(row: dict, notes: list[dict]) -> list[dict]:
    """The footnotes a record's markers refer to: the first note of each number printed at or
    after the record's first line (numbering may restart), else the last before."""
    out = []
    for number in row.get("footnote_numbers") or []:
        same = [n for n in notes if n["number"] == number]
        after = [n for n in same if n["line_start"] >= row["line_start"]]
        if note := (after[0] if after else (same[-1] if same else None)):
            out.append(note)
    return out


def texts(rows: Rows, doc_id: str, source: Source, anchors: dict[tuple, str]) -> list[dict]:
    """The adopted and draft texts, each with its paragraphs (nested), annexes (recommendations
    by topic), action, sponsors and citations."""
    paragraphs = defaultdict(list)
    for p in by_doc(rows, "resolution_paragraphs", doc_id):
        paragraphs[p["resolution_id"]].append({**p, "anchor": f"rp-{p['resolution_id']}-{p['paragraph_id']}",
                                               "source": source.href(p)})
    recommendations = defaultdict(list)
    for r in by_doc(rows, "annex_recommendations", doc_id):
        recommendations[r["resolution_id"]].append({**r, "anchor": f"rec-{r['resolution_id']}-{r['annex_number']}-"
                                                    f"{r['position']}", "source": source.href(r)})
    citations = defaultdict(list)
    for c in by_doc(rows, "citations", doc_id):
        citations[(c["resolution_id"], c["paragraph_id"], c["annex_number"], c["position"])].append(
            {**c, "href": anchors.get(("text", c["kind"], c["cited_symbol"])) if c["cited_body"] ==
             "Conference of the Parties" else None})
    notes = by_doc(rows, "footnotes", doc_id)
    actions = by_doc(rows, "actions", doc_id)
    sponsors = by_doc(rows, "sponsors", doc_id)
    out = []
    for t in by_doc(rows, "resolutions", doc_id):
        rid = t["resolution_id"]
        for p in paragraphs[rid]:
            p["citations"] = citations[(rid, p["paragraph_id"], None, None)]
            p["notes"] = footnotes_of(p, notes)
        for r in recommendations[rid]:
            r["citations"] = citations[(rid, None, r["annex_number"], r["position"])]
            r["notes"] = footnotes_of(r, notes)
        action = next((a for a in actions if (a["result_kind"], a["result_number"]) == (t["kind"], t["symbol"])
                       or (t["document_symbol"] and a["symbol"] == t["document_symbol"])), None)
        draft = action["symbol"] if action else t["document_symbol"]
        out.append({**t, "name": text_name(t), "anchor": f"res-{rid}", "source": source.href(t),
                    "paragraphs": nest(paragraphs[rid]), "annexes": _annexes(recommendations[rid]),
                    "action": action, "draft": draft,
                    "sponsors": [s for s in sponsors if draft and s["symbol"] == draft]})
    return out


def _annexes(recommendations: list[dict]) -> list[dict]:
    annexes: dict[int, dict] = {}
    for r in recommendations:
        annex = annexes.setdefault(r["annex_number"], {"label": r["annex_label"], "title": r["annex_title"],
                                                        "topics": {}})
        annex["topics"].setdefault(r["topic"], []).append(r)
    return [{**a, "topics": list(a["topics"].items())} for a in annexes.values()]


def agenda(rows: Rows, doc_id: str, source: Source) -> list[dict]:
    """The session's agenda items, each with the documents before it and the statements under it."""
    documents = defaultdict(list)
    for d in by_doc(rows, "agenda_documents", doc_id):
        documents[d["agenda_item_id"]].append({**d, "source": source.href(d)})
    statements = defaultdict(list)
    for s in by_doc(rows, "statements", doc_id):
        statements[s["agenda_item_id"]].append({**s, "anchor": f"st-{s['statement_id']}", "source": source.href(s)})
    items = [{**i, "anchor": f"item-{i['agenda_item_id']}", "source": source.href(i),
              "documents": documents[i["agenda_item_id"]], "statements": statements[i["agenda_item_id"]]}
             for i in by_doc(rows, "agenda_items", doc_id)]
    unplaced = statements.get(None, [])
    return items + ([{"item": "—", "title": "Statements under no agenda item", "anchor": "item-none",
                      "agenda": "current", "source": None, "documents": [], "statements": unplaced}] if unplaced else [])


def votes(rows: Rows, doc_id: str, source: Source) -> list[dict]:
    """Each recorded vote with the bar widths of its chart (in % of the largest figure)."""
    out = []
    for v in by_doc(rows, "votes", doc_id):
        figures = [("yes", v["yes"]), ("no", v["no"]), ("abstentions", v["abstentions"])]
        scale = max([n or 0 for _, n in figures] + [v["threshold_computed"] or 0, v["threshold_stated"] or 0, 1])
        out.append({**v, "anchor": f"vote-{v['vote_id']}", "source": source.href(v), "scale": scale,
                    "bars": [(name, n, 100 * (n or 0) / scale) for name, n in figures]})
    return out


def records(rows: Rows, doc_id: str, table: str, source: Source, key: str, prefix: str) -> list[dict]:
    return [{**r, "anchor": f"{prefix}-{r[key]}", "source": source.href(r)} for r in by_doc(rows, table, doc_id)]


def findings(rows: Rows, doc_id: str, source: Source) -> list[dict]:
    """The QA's findings on the document, each with its source link and, where the record is
    on the document page, its anchor there."""
    out = []
    for issue in by_doc(rows, "qa_issues", doc_id):
        anchor = None
        if (named := ANCHORED.get(issue["table"])) and issue["row_key"].startswith(f"{named[0]}="):
            anchor = f"index.html#{named[1]}-{issue['row_key'].split('=', 1)[1]}"
        out.append({**issue, "source": source.href(issue), "record": anchor})
    return out


def structure(rows: Rows, doc_id: str, texts_: list[dict]) -> list[dict]:
    """The navigation tree: chapters, their sections, and the texts in each."""
    blocks = {b["block_id"]: b for b in by_doc(rows, "blocks", doc_id)}
    chapters: list[dict] = []
    for s in by_doc(rows, "segments", doc_id):
        heading = blocks.get(s["block_id"], {}).get("text", "").strip()
        if s["part"] == "chapter_heading":
            chapters.append({"title": heading, "chapter": s["chapter"], "sections": [], "texts": []})
        elif s["part"] == "section_heading" and chapters:
            chapters[-1]["sections"].append({"title": heading, "section": s["section"]})
    for t in texts_:
        if chapters and (holder := next((c for c in chapters if t["line_start"] and c["chapter"] == _chapter_of(
                rows, doc_id, t)), None)):
            holder["texts"].append(t)
    return chapters


def _chapter_of(rows: Rows, doc_id: str, text: dict) -> Any:
    seg = next((s for s in by_doc(rows, "segments", doc_id) if s["block_id"] == text["block_start"]), None)
    return seg["chapter"] if seg else None
