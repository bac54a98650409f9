"""The stages as file-to-file steps: each reads its inputs from the work folder and writes
its tables there; `validate` checks every table and only then publishes them to the output
folder, so a failed run leaves the tables of the previous good run in place.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.run import corpus

from pipeline.publish import tables
from pipeline.run.document import extract_rows, normalize_rows, segment_rows
from pipeline.common.errors import InputError, ValidationFailed
from pipeline.ingest.document_kind import COP_REPORT
from pipeline.ingest.inputs import discover
from pipeline.publish import exports, release
from pipeline.publish.manifest import manifest_text
from pipeline.publish.qa_report import render_report
from pipeline.validate.qa import run_checks, severity_counts
from pipeline.common.records import Block, Footnote, Line, QaIssue
from pipeline.segment.structure import Segment
from pipeline.validate.schemas import table_names, validate as validate_table

log = logging.getLogger(__name__)

WORK = "work"
SKIPPED = "skipped.json"    # the inputs a corpus run left out, with why


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
    """Read every input, each in a worker process under the run's limits; a bad input is skipped
    with one line, as in a corpus run (listed in work/skipped.json, so `validate` reports it)."""
    (work_dir(out) / SKIPPED).unlink(missing_ok=True)
    rows: dict[str, list] = {name: [] for name in ("documents", "lines", "press_releases", "session_facts")}
    seen: set[str] = set()
    results, skipped = corpus.ingest_each(discover(inputs), out, engine, progress)
    work_dir(out).mkdir(parents=True, exist_ok=True)
    (work_dir(out) / SKIPPED).write_text(json.dumps(skipped, indent=1) + "\n", encoding="utf-8")
    for path, doc_id, found in results:
        if doc_id in seen:
            log.warning("ingest %s: same content as an earlier input, skipped", path)
            continue
        seen.add(doc_id)
        for name, records in found.items():
            rows[name].extend(records)
    return {name: _write(out, name, records) for name, records in rows.items()}


def _by_doc(records: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for record in records:
        out.setdefault(record.doc_id, []).append(record)
    return out


def _per_document(out: Path, desc: str, step, progress, *inputs: tuple[str, type],
                  reports_only: bool = False) -> dict[str, int]:
    """Run `step` on each document's records of the `inputs` tables (COP reports only, when
    `reports_only`); write what it returns, every table even when no document gave rows."""
    grouped = [_by_doc(tables.from_table(_read(out, name), cls)) for name, cls in inputs]
    doc_ids = [d for d in grouped[0] if not reports_only or d in _report_ids(out)]
    rows: dict[str, list] = {name: [] for name in step(*([] for _ in grouped))}
    for doc_id in (progress(doc_ids, desc=desc, unit="doc") if progress else doc_ids):
        for name, records in step(*(g.get(doc_id, []) for g in grouped)).items():
            rows.setdefault(name, []).extend(records)
    return {name: _write(out, name, records) for name, records in rows.items()}


def _report_ids(out: Path) -> set[str]:
    """The documents that are COP reports: the others get layout tables only."""
    documents = _read(out, "documents").to_pylist()
    return {d["doc_id"] for d in documents if d["document_kind"] == COP_REPORT}


def normalize(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "normalize", normalize_rows, progress, ("lines", Line))


def segment(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "segment", segment_rows, progress, ("blocks", Block), reports_only=True)


def extract(out: Path, progress=None) -> dict[str, int]:
    return _per_document(out, "extract", extract_rows, progress,
                         ("blocks", Block), ("footnotes", Footnote), ("segments", Segment), reports_only=True)


def run_corpus(inputs: list[Path], out: Path, *, engine: str, jobs: int | None, executor: str,
               scheduler: str | None, progress=None) -> dict[str, int]:
    """Every stage before validation, document by document, in parallel and cached."""
    for stale in work_dir(out).glob("stage-*.json"):
        stale.unlink()
    combined, skipped = corpus.run(discover(inputs), out, engine=engine, jobs=jobs, executor=executor,
                                   scheduler=scheduler, progress=progress)
    work_dir(out).mkdir(parents=True, exist_ok=True)
    (work_dir(out) / SKIPPED).write_text(json.dumps(skipped, indent=1) + "\n", encoding="utf-8")
    for name in table_names():
        if name not in combined:   # no document had rows of this table
            combined[name] = tables.to_table(name, [])
    for name, table in combined.items():
        tables.write_parquet(table, work_dir(out) / f"{name}.parquet")
    return {name: table.num_rows for name, table in combined.items()}


def validate(out: Path, formats: tuple[str, ...] = ("parquet",)) -> dict[str, int]:
    """Validate every work table against its schema, run the content QA, and publish all
    tables and their exports (`publish.exports`, in `formats`) as one new set
    (`publish.release`), or none.

    The tables are checked before any QA check reads them, so a damaged or tampered work
    table gives the list of violations, not a traceback.
    """
    loaded = {name: _read(out, name) for name in table_names() if name != "qa_issues"}
    violations = _violations(loaded)
    if violations:
        raise ValidationFailed(violations)
    rows = {name: table.to_pylist() for name, table in loaded.items()}
    issues = run_checks(rows, _noted(out))
    loaded["qa_issues"] = tables.to_table("qa_issues", issues)
    log.info("qa: %d finding(s)%s%s", len(issues), severity_counts(issues), "" if not issues else " (see qa_report.md)")
    violations = _violations({"qa_issues": loaded["qa_issues"]}, loaded)
    if violations:
        raise ValidationFailed(violations)
    files = exports.files(loaded, render_report(issues, rows["documents"] + rows["press_releases"]), formats)
    files["manifest.json"] = manifest_text(work_dir(out), issues, loaded, _skipped(out), files).encode("utf-8")
    try:
        release.publish(out, files)
    except OSError as err:
        raise InputError(f"{out}: publishing failed ({err.strerror or err}); the previous tables are intact") from None
    return {name: t.num_rows for name, t in loaded.items()}


def _noted(out: Path) -> list[QaIssue]:
    """What the extractors noticed while reading (the extract stage's qa_issues), as findings;
    none from a work folder made before they noted anything."""
    path = work_dir(out) / "qa_issues.parquet"
    return tables.from_table(tables.read_parquet(path), QaIssue) if path.exists() else []


def _violations(checked: dict, others: dict | None = None) -> list:
    """Every table of `checked` against its schema, foreign keys looked up in `others`."""
    others = checked if others is None else others
    found = []
    for name, table in checked.items():
        violations = validate_table(name, table, others)
        log.info("validate %s: %d rows, %d violations", name, table.num_rows, len(violations))
        found += violations
    return found


def _skipped(out: Path) -> list[str]:
    """The inputs the last corpus run skipped, each with why."""
    path = work_dir(out) / SKIPPED
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def shortfalls(out: Path) -> list[str]:
    """What the published set lacks, one line each: inputs skipped, documents whose extraction
    is incomplete (from the manifest of the last validation)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return ([f"skipped: {reason}" for reason in manifest["skipped"]]
            + [f"incomplete: {d['source_name']}: {d['incomplete']}" for d in manifest["documents"].values()
               if d.get("incomplete")])


def record_run(out: Path, command: list[str], engine: str) -> None:
    """Keep the command line and engine of the run for the manifest."""
    from pipeline.publish.manifest import RUN_FILE

    work_dir(out).mkdir(parents=True, exist_ok=True)
    (work_dir(out) / RUN_FILE).write_text(json.dumps({"command": command, "engine": engine}) + "\n",
                                          encoding="utf-8")


def record_stage(out: Path, stage: str, rows: dict[str, int], seconds: float) -> None:
    """Keep what a stage did (rows written, time taken) for the manifest."""
    path = work_dir(out) / f"stage-{stage}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": rows, "seconds": round(seconds, 3)}, sort_keys=True) + "\n")
