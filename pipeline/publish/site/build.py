"""Write `OUT/site/` from a published set: I/O at the edges of `model`, `pages` and `search`.

    OUT/site/index.html                 the documents, what was extracted, QA counts
    OUT/site/<doc_id>/index.html        a document: texts, agenda, votes, officers
    OUT/site/<doc_id>/qa.html           its QA findings, each linked to its source lines
    OUT/site/<doc_id>/source.html       a text input's lines (highlighted by ?from=&to=)
    OUT/site/<doc_id>/page-<n>.html     a PDF input's page image with the line boxes
    OUT/site/images/                    page images, named by the PDF's hash (kept between builds)
    OUT/site/search.html, search-index.js, site.css, site.js

Jinja2 renders the templates with autoescaping on: every string from a document is escaped.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

from pipeline.common.errors import InputError
from pipeline.ingest.document_kind import COP_REPORT
from pipeline.publish.site import model
from pipeline.publish.site.pages import line_box, render_pages
from pipeline.publish.site.search import search_entries, search_script
from pipeline.publish.tables import read_parquet

log = logging.getLogger(__name__)

TABLES = ("documents", "lines", "blocks", "segments", "footnotes", "resolutions", "resolution_paragraphs",
          "annex_recommendations", "citations", "actions", "sponsors", "agenda_items", "agenda_documents",
          "statements", "votes", "officers", "participation", "qa_issues")
COUNTED = (("resolutions", "texts"), ("resolution_paragraphs", "paragraphs"),
           ("annex_recommendations", "recommendations"), ("statements", "statements"), ("votes", "votes"))


def build_site(out: Path, inputs: list[Path]) -> dict[str, int]:
    """Build OUT/site from the set published in `out`; PDF sources are looked up by their
    SHA-256 among the files under `inputs`.  Returns counts for the log."""
    rows = _read(out)
    site = out / "site"
    site.mkdir(exist_ok=True)
    for stale in site.iterdir():
        if stale.name != "images":
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    env = _environment()
    sources = _sources(rows["documents"], inputs)
    documents, pages = [], 0
    for doc in rows["documents"]:
        if doc["document_kind"] != COP_REPORT:
            continue
        pages += _document(env, rows, doc, site, sources.get(doc["source_sha256"]))
        documents.append(_summary(rows, doc))
    _write(site / "index.html", env.get_template("index.html.j2").render(root="", documents=documents))
    _write(site / "search.html", env.get_template("search.html.j2").render(root=""))
    _write(site / "search-index.js", search_script(search_entries(rows)))
    for name in ("site.css", "site.js"):
        _write(site / name, (resources.files("pipeline.publish.site") / "static" / name).read_text("utf-8"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    log.info("site: %d document(s), %d page image(s), %.1f MB in %s", len(documents), pages, size / 1e6, site)
    return {"documents": len(documents), "page_images": pages, "bytes": size}


def _read(out: Path) -> model.Rows:
    if not (out / "manifest.json").exists():
        raise InputError(f"{out}: no published set (manifest.json) to build a site from: run the pipeline first")
    return {name: read_parquet(out / f"{name}.parquet").to_pylist() for name in TABLES
            if (out / f"{name}.parquet").exists()}


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("pipeline.publish.site", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _sources(documents: list[dict], inputs: list[Path]) -> dict[str, Path]:
    """The PDF file of each document, by its SHA-256, among the files under `inputs`."""
    wanted = {d["source_sha256"] for d in documents if d["source_format"] == "pdf"}
    found: dict[str, Path] = {}
    for root in inputs:
        for path in sorted(root.rglob("*.pdf") if root.is_dir() else [root]):
            if wanted - set(found):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest in wanted:
                    found.setdefault(digest, path)
    for missing in sorted(wanted - set(found)):
        log.warning("site: the PDF with SHA-256 %s is not under %s: its records link to the text only",
                    missing[:16], ", ".join(map(str, inputs)))
    return found


def _summary(rows: model.Rows, doc: dict) -> dict:
    issues = model.by_doc(rows, "qa_issues", doc["doc_id"])
    severities = Counter(i["severity"] for i in issues)
    return {**doc, "severities": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
            "counts": [(label, len(model.by_doc(rows, table, doc["doc_id"]))) for table, label in COUNTED],
            "incomplete": any(i["category"] == "extraction" and i["severity"] == "error" for i in issues)}


def _document(env, rows: model.Rows, doc: dict, site: Path, pdf: Path | None) -> int:
    """A document's pages; returns the number of page images."""
    doc_id = doc["doc_id"]
    folder = site / doc_id
    folder.mkdir()
    lines = model.by_doc(rows, "lines", doc_id)
    source = model.Source(pdf=pdf is not None, page_of={ln["line_no"]: ln["page"] for ln in lines})
    anchors = {("text", t["kind"], t["symbol"]): f"../{doc_id}/index.html#res-{t['resolution_id']}"
               for d in rows["documents"] for t in model.by_doc(rows, "resolutions", d["doc_id"])}
    texts = model.texts(rows, doc_id, source, anchors)
    context = dict(root="../", doc=doc, texts=texts, chapters=model.structure(rows, doc_id, texts),
                   agenda=model.agenda(rows, doc_id, source), votes=model.votes(rows, doc_id, source),
                   officers=model.records(rows, doc_id, "officers", source, "officer_id", "officer"),
                   participation=model.records(rows, doc_id, "participation", source, "measure", "part"),
                   findings=model.findings(rows, doc_id, source),
                   source_index="page-1.html" if pdf else "source.html")
    _write(folder / "index.html", env.get_template("document.html.j2").render(**context))
    _write(folder / "qa.html", env.get_template("qa.html.j2").render(**context))
    if pdf is None:
        _write(folder / "source.html", env.get_template("source.html.j2").render(root="../", doc=doc, lines=lines))
        return 0
    pages = render_pages(pdf, doc["source_sha256"], site / "images")
    on_page: dict[int | None, list[dict]] = {}
    for ln in lines:
        on_page.setdefault(ln["page"], []).append(ln)
    for page in pages:
        page_lines = [{**ln, "box": line_box(ln, page)} for ln in on_page.get(page.number, [])]
        _write(folder / f"page-{page.number}.html", env.get_template("page.html.j2").render(
            root="../", doc=doc, page=page, pages=len(pages), lines=page_lines))
    return len(pages)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
