"""The site's search index: every paragraph, recommendation and statement as an entry with its
title, text and link, written as a script that sets `window.COP_SEARCH` (a page opened from
`file://` cannot fetch a JSON file; a script it can load)."""
from __future__ import annotations

import json

from pipeline.publish.site.model import Rows, text_name


def search_entries(rows: Rows) -> list[dict]:
    """[{t: title, x: text, s: what is searched (lower case), h: link from the site's root}]."""
    names = {(t["doc_id"], t["resolution_id"]): text_name(t) for t in rows.get("resolutions", [])}
    out = []
    for p in rows.get("resolution_paragraphs", []):
        title = f"{names.get((p['doc_id'], p['resolution_id']), '')}, {p['part']} {p['label'] or ''}".strip()
        out.append(_entry(title, p["text"], f"{p['doc_id']}/index.html#rp-{p['resolution_id']}-{p['paragraph_id']}"))
    for r in rows.get("annex_recommendations", []):
        title = f"{names.get((r['doc_id'], r['resolution_id']), '')}, annex {r['annex_label'] or ''} ({r['letter']})"
        out.append(_entry(title, r["text"], f"{r['doc_id']}/index.html#rec-{r['resolution_id']}-{r['annex_number']}-"
                                            f"{r['position']}"))
    for s in rows.get("statements", []):
        who = s["speaker"] or s["speaker_as_written"]
        text = " ".join(x for x in (who, s["on_behalf_of"], s["occasion"].replace("_", " "), s["agenda_item"]) if x)
        out.append(_entry(f"Statement: {who}", text, f"{s['doc_id']}/index.html#st-{s['statement_id']}"))
    return out


def _entry(title: str, text: str, href: str) -> dict:
    return {"t": title, "x": text, "s": f"{title} {text}".lower(), "h": href}


def search_script(entries: list[dict]) -> str:
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.COP_SEARCH = {body};\n"
