"""The stages as file-to-file steps: each reads its inputs from the work folder and writes
its tables there; `validate` checks every table and only then publishes them to the output
folder, so a failed run leaves the tables of the previous good run in place.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
import time
from pathlib import Path

from pipeline.run import corpus

from pipeline.publish import tables
from pipeline.run.document import extract_rows, ingested_rows, normalize_rows, segment_rows
from pipeline.common.errors import InputError, ValidationFailed
from pipeline.ingest.inputs import discover, ingest_file
from pipeline.validate.qa import QaIssue, render_report, run_checks
from pipeline.common.records import Block, Footnote, Line
from pipeline.segment.structure import Segment
from pipeline.validate.schemas import table_names, validate as validate_table

log = logging.getLogger(__name__)

WORK = "work"


def work_dir(out: Path) -> Path:
    return out / WORK


def _read(out: Path, name: str):
    path = work_dir(out) / f"{name}.parquet"
    if not path.exists():
        raise InputError(f"{path} is missing: run the earlier stages first (python -m pipeline run)")
    return tables.read_parquet(path)


def _write(out: Path, name: str, records) -> int:
    table = tables.to_table(name, records)
    tables.write_parquet(table, work_dir(out) / f"{name}.parquet")
    return table.num_rows


def ingest(inputs: list[Path], out: Path, engine: str, progress=None) -> dict[str, int]:
    rows: dict[str, list] = {name: [] for name in ("documents", "lines", "press_releases", "session_facts")}
    seen: set[str] = set()
    files = discover(inputs)
    for path in (progress(files, desc="ingest", unit="doc") if progress else files):
        result = ingest_file(path, engine)
        if result.doc_id in seen:
            log.warning("ingest %s: same content as an earlier input, skipped", path)
            continue
        seen.add(result.doc_id)
        for name, records in ingested_rows(result).items():
            rows[name].extend(records)
    return {name: _write(out, name, records) for name, records in rows.items()}


def _by_doc(records: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for record in records:
        out.setdefault(record.doc_id, []).append(record)
    return out


def _per_document(out: Path, desc: str, step, progress, *inputs: tuple[str, type]) -> dict[str, int]:
    """Run `step` on each document's records of the `inputs` tables; write what it returns."""
    grouped = [_by_doc(tables.from_table(_read(out, name), cls)) for name, cls in inputs]
    doc_ids = list(grouped[0])
    rows: dict[str, list] = {}
    for doc_id in (progress(doc_ids, desc=desc, unit="doc") if progress else doc_ids):
        for name, records in step(*(g.get(doc_id, []) for g in grouped)).items():
            rows.setdefault(name, []).extend(records)
    return {name: _write(out, name, records) for name, records in rows.items()}


def normalize(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "normalize", normalize_rows, progress, ("lines", Line))


def segment(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "segment", segment_rows, progress, ("blocks", Block))


def extract(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "extract", extract_rows, progress,
                         ("blocks", Block), ("footnotes", Footnote), ("segments", Segment))


def run_corpus(inputs: list[Path], out: Path, *, engine: str, jobs: int | None, executor: str,
               scheduler: str | None, progress=None) -> dict[str, int]:
    """Every stage before validation, document by document, in parallel and cached."""
    for stale in work_dir(out).glob("stage-*.json"):
        stale.unlink()
    combined = corpus.run(discover(inputs), out, engine=engine, jobs=jobs, executor=executor,
                          scheduler=scheduler, progress=progress)
    for name in table_names():
        if name not in combined and name != "qa_issues":   # no document had rows of this table
            combined[name] = tables.to_table(name, [])
    for name, table in combined.items():
        tables.write_parquet(table, work_dir(out) / f"{name}.parquet")
    return {name: table.num_rows for name, table in combined.items()}


def validate(out: Path) -> dict[str, int]:
    """Validate every work table against its schema, run the content QA, and publish all
    tables, or none."""
    loaded = {name: _read(out, name) for name in table_names() if name != "qa_issues"}
    rows = {name: table.to_pylist() for name, table in loaded.items()}
    issues = run_checks(rows)
    loaded["qa_issues"] = tables.to_table("qa_issues", issues)
    log.info("qa: %d finding(s)%s", len(issues), "" if not issues else " (see qa_report.md)")
    violations = []
    for name, table in loaded.items():
        found = validate_table(name, table, loaded)
        log.info("validate %s: %d rows, %d violations", name, table.num_rows, len(found))
        violations += found
    if violations:
        raise ValidationFailed(violations)
    for name, table in loaded.items():
        tables.write_parquet(table, out / f"{name}.parquet")
    report = out / "qa_report.md"
    report.with_suffix(".md.tmp").write_text(render_report(issues, rows["documents"] + rows["press_releases"]), encoding="utf-8")
    report.with_suffix(".md.tmp").replace(report)
    write_manifest(out, issues, loaded)
    return {name: t.num_rows for name, t in loaded.items()}


def record_stage(out: Path, stage: str, rows: dict[str, int], seconds: float) -> None:
    """Keep what a stage did (rows written, time taken) for the manifest."""
    path = work_dir(out) / f"stage-{stage}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": rows, "seconds": round(seconds, 3)}, sort_keys=True) + "\n")


def write_manifest(out: Path, issues: list[QaIssue], published: dict) -> None:
    """Run metadata lives here, never inside the tables (which must be byte-identical)."""
    from importlib import metadata

    documents = published["documents"].to_pylist() + published["press_releases"].to_pylist()
    stage_logs = {p.stem.removeprefix("stage-"): json.loads(p.read_text())
                  for p in sorted(work_dir(out).glob("stage-*.json"))}
    manifest = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": {d["source_name"]: d["doc_id"] for d in documents},
        "packages": {p: metadata.version(p) for p in
                     ("pdfplumber", "pyarrow", "frictionless", "wordfreq", "english-words", "regex")},
        "stages": stage_logs,
        "qa": dict(sorted(Counter(i.check for i in issues).items())),
        "tables": {name: table.num_rows for name, table in sorted(published.items())},
    }
    path = out / "manifest.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
