"""The manifest: run metadata, never inside the tables (which must be byte-identical).

Besides the inputs, package versions and what each stage did, it says per document what was
found (rows of each table), which inputs were skipped and why, which documents' extraction
is incomplete (an extraction error of QA; the command line exits 3 when either list is not
empty), and the SHA-256 of every other file of the set.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa

from pipeline.validate.qa import SEVERITIES, QaIssue, is_incomplete

PACKAGES = ("pdfplumber", "pypdfium2", "pyarrow", "frictionless", "wordfreq", "english-words", "regex",
            "spacy", "pycountry", "duckdb")
# What a run found in each document, as the log and the manifest report it.
FOUND = ("blocks", "footnotes", "resolutions", "resolution_paragraphs", "annex_recommendations",
         "agenda_items", "votes")


def manifest_text(work: Path, issues: list[QaIssue], published: dict[str, pa.Table], skipped: list[str],
                  files: dict[str, bytes]) -> str:
    """The manifest of a set about to be published, as JSON; `work` holds the stages' logs,
    `files` the set's other files (path inside the set -> bytes)."""
    from importlib import metadata

    documents = published["documents"].to_pylist()
    releases = published["press_releases"].to_pylist()
    stage_logs = {p.stem.removeprefix("stage-"): json.loads(p.read_text())
                  for p in sorted(work.glob("stage-*.json"))}
    manifest = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": {d["source_name"]: d["doc_id"] for d in documents + releases},
        "documents": _per_document(documents, issues, published),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "skipped": skipped,
        "packages": {p: metadata.version(p) for p in PACKAGES},
        "stages": stage_logs,
        "qa": dict(sorted(Counter(i.check for i in issues).items())),
        "qa_severities": {s: sum(i.severity == s for i in issues) for s in SEVERITIES},
        "tables": {name: table.num_rows for name, table in sorted(published.items())},
    }
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def _per_document(documents: list[dict], issues: list[QaIssue], published: dict[str, pa.Table]) -> dict:
    """doc_id -> source, kind, rows found per table, and what QA found incomplete."""
    counts = {name: Counter(published[name].column("doc_id").to_pylist()) for name in FOUND}
    incomplete = {i.doc_id: i.message for i in issues if is_incomplete(i)}
    return {d["doc_id"]: {"source_name": d["source_name"], "document_kind": d["document_kind"],
                          "found": {name: counts[name][d["doc_id"]] for name in FOUND},
                          "incomplete": incomplete.get(d["doc_id"])}
            for d in documents}
