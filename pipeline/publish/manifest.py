"""The manifest: run metadata, never inside the tables (which must be byte-identical).

Besides the inputs, package versions and what each stage did, it says per document what was
found (rows of each table), which inputs were skipped and why, which documents' extraction
is incomplete (an extraction error of QA; the command line exits 3 when either list is not
empty), and the SHA-256 of every other file of the set.
"""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import regex as re

from pipeline.validate.qa import SEVERITIES, QaIssue, is_incomplete

DISTRIBUTION = "cop-records"     # this tool's own package, whose requirements are the runtime packages
# The run's command line and engine, written by the command line before the stages (pipeline.cli).
RUN_FILE = "run.json"
# What a run found in each document, as the log and the manifest report it.
FOUND = ("blocks", "footnotes", "resolutions", "resolution_paragraphs", "annex_recommendations",
         "agenda_items", "votes")


def manifest_text(work: Path, issues: list[QaIssue], published: dict[str, pa.Table], skipped: list[str],
                  files: dict[str, bytes]) -> str:
    """The manifest of a set about to be published, as JSON; `work` holds the stages' logs,
    `files` the set's other files (path inside the set -> bytes)."""

    documents = published["documents"].to_pylist()
    releases = published["press_releases"].to_pylist()
    stage_logs = {p.stem.removeprefix("stage-"): json.loads(p.read_text())
                  for p in sorted(work.glob("stage-*.json"))}
    run = json.loads((work / RUN_FILE).read_text(encoding="utf-8")) if (work / RUN_FILE).exists() else {}
    manifest = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": run.get("command"),
        "engine": run.get("engine"),
        "code": code_version(),
        "inputs": {d["source_name"]: {"sha256": d["source_sha256"], "doc_id": d["doc_id"]}
                   for d in documents + releases},
        "documents": _per_document(documents, issues, published),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "skipped": skipped,
        "packages": runtime_packages(),
        "python": platform.python_version(),
        "stages": stage_logs,
        "qa": dict(sorted(Counter(i.check for i in issues).items())),
        "qa_severities": {s: sum(i.severity == s for i in issues) for s in SEVERITIES},
        "tables": {name: table.num_rows for name, table in sorted(published.items())},
    }
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def runtime_packages() -> dict[str, str | None]:
    """The installed version of every package this tool requires (its own metadata's
    requirements, without the optional extras)."""
    from importlib import metadata

    names = {re.match(r"[A-Za-z0-9_.\-]+", req).group() for req in metadata.requires(DISTRIBUTION) or []
             if "extra ==" not in req}
    out: dict[str, str | None] = {}
    for name in sorted(names, key=str.lower):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def code_version() -> dict:
    """This tool's version, and the git commit of its checkout when it runs from one."""
    from importlib import metadata

    package = Path(__file__).resolve().parents[1]
    commit = _git(package, "rev-parse", "HEAD")
    return {"version": metadata.version(DISTRIBUTION), "git_commit": commit,
            "git_dirty": bool(_git(package, "status", "--porcelain", "--untracked-files=no")) if commit else None}


def _git(folder: Path, *args: str) -> str | None:
    if not (folder.parent / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(folder.parent), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _per_document(documents: list[dict], issues: list[QaIssue], published: dict[str, pa.Table]) -> dict:
    """doc_id -> source, kind, rows found per table, and what QA found incomplete."""
    counts = {name: Counter(published[name].column("doc_id").to_pylist()) for name in FOUND}
    incomplete = {i.doc_id: i.message for i in issues if is_incomplete(i)}
    return {d["doc_id"]: {"source_name": d["source_name"], "document_kind": d["document_kind"],
                          "found": {name: counts[name][d["doc_id"]] for name in FOUND},
                          "incomplete": incomplete.get(d["doc_id"])}
            for d in documents}
