"""Corpus runs: many documents, in parallel, with a verified content-hash cache.

Each input file is processed on its own (`document.process`), in a worker process of its own
under the run's time and memory limits (`run.limits`; up to `--jobs` at once), or on a Dask
cluster (`--executor dask`, each task forking such a worker).  A document that fails in any way
(bad input, a bound broken, an exception anywhere, a worker that dies) is skipped with one line
naming the file and the reason; the reason and the traceback go to OUT/work/errors/<file name>.txt;
the others are kept.  Results are cached under OUT/work/cache/, keyed by the file's bytes and by
the pipeline's own code and schemas, so a re-run skips unchanged documents.  A cache entry lists
the SHA-256 of each of its files in `entry.json`, written last; an entry that is incomplete or
whose files do not match is logged and recomputed.  The input's name is never taken from the
cache.  The combined tables are written to the work folder in input order.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish import tables
from pipeline.common.errors import InputError
from pipeline.common.limits import Limits, active, too_large
from pipeline.run.limits import Failure, run_isolated
from pipeline.validate.schemas import SCHEMA_DIR

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
ENTRY = "entry.json"        # a cache entry's manifest: doc_id, source name, each file's SHA-256
ERRORS = "errors"           # OUT/work/errors/<file name>.txt: why an input was skipped
# The tables that hold the input's file name, set from the current name when read from the cache.
NAMED_TABLES = ("documents", "press_releases")


@dataclass
class Done:
    """A document's tables: Arrow tables (the ingest stage's: lists of records)."""

    path: Path
    doc_id: str
    tables: dict[str, Any]


@dataclass
class Failed:
    """Why an input was skipped."""

    path: Path
    error: str
    trace: str | None = None    # the traceback, for OUT/work/errors/


Outcome = Done | Failed


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the results depend on besides the input: the pipeline's code and schemas."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")) + sorted(SCHEMA_DIR.glob("*.json")):
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir(out: Path, path: Path, engine: str) -> Path:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):    # (hashlib.file_digest is Python 3.11's)
            digest.update(chunk)
    return out / "work" / "cache" / f"{digest.hexdigest()[:16]}-{code_fingerprint()}-{engine}"


def _load_cached(path: Path, folder: Path) -> Done | None:
    """The entry's tables, when it is complete and every file matches its recorded hash; else
    None (a damaged entry is logged and removed).  The input's name is the current one."""
    if not folder.exists():
        return None
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        files: dict[str, str] = entry["files"]
        present = {p.name for p in folder.iterdir()} - {ENTRY}
        if missing := sorted(set(files) - present):
            _discard(path, folder, f"is incomplete ({', '.join(missing)} missing)")
            return None
        if not files or (extra := sorted(present - set(files))):
            raise ValueError(f"{', '.join(extra) if files else 'no file'} not listed")
        loaded = {}
        for name, digest in sorted(files.items()):
            data = (folder / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise ValueError(f"{name} has changed since it was stored")
            loaded[Path(name).stem] = pq.read_table(pa.BufferReader(data))
    except FileNotFoundError as err:
        _discard(path, folder, f"is incomplete ({Path(err.filename or ENTRY).name} missing)")
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException) as err:
        _discard(path, folder, f"is damaged ({(str(err).splitlines() or [type(err).__name__])[0]})")
        return None
    if entry.get("source_name") != path.name and entry.get("name_dependent"):
        _discard(path, folder, "was stored under another file name, which its date came from", warn=False)
        return None
    return Done(path, entry["doc_id"], {name: _renamed(table, path.name) if name in NAMED_TABLES else table
                                       for name, table in loaded.items()})


def _discard(path: Path, folder: Path, why: str, warn: bool = True) -> None:
    (log.warning if warn else log.info)("cache: the entry for %s %s: recomputed", path.name, why)
    shutil.rmtree(folder, ignore_errors=True)


def _renamed(table: pa.Table, name: str) -> pa.Table:
    index = table.schema.get_field_index("source_name")
    if index < 0:
        return table
    return table.set_column(index, table.schema.field(index), pa.array([name] * table.num_rows, pa.string()))


def _store(folder: Path, outcome: Done) -> None:
    """Write the entry in a folder of its own, its manifest last, then move it into place: a
    reader sees a whole entry or none."""
    partial_folder = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(partial_folder, ignore_errors=True)
    try:
        files = {}
        for name, table in outcome.tables.items():
            tables.write_parquet(table, partial_folder / f"{name}.parquet")
            files[f"{name}.parquet"] = hashlib.sha256((partial_folder / f"{name}.parquet").read_bytes()).hexdigest()
        releases = outcome.tables.get("press_releases")
        entry = {"doc_id": outcome.doc_id, "source_name": outcome.path.name, "files": files,
                 "name_dependent": releases is not None and any(
                     source not in ("dateline", "text") for source in releases.column("date_source").to_pylist())}
        (partial_folder / ENTRY).write_text(json.dumps(entry, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.rename(partial_folder, folder)
    except OSError as err:
        log.warning("cache: %s not stored (%s)", outcome.path.name, err.strerror or err)
    finally:
        shutil.rmtree(partial_folder, ignore_errors=True)


def _process(path: Path, engine: str):
    from pipeline.run.document import process

    return process(path, engine)


def _outcome(path: Path, result: tuple[str, dict[str, Any]] | Failure) -> Outcome:
    if isinstance(result, Failure):
        return Failed(path, result.reason, result.trace)
    return Done(path, *result)


def process_one(path: Path, engine: str, limits: Limits | None = None) -> Outcome:
    """One document in a worker process under `limits` (default: the run's): never raises,
    whatever goes wrong is reported in the Outcome (a Dask task's entry point)."""
    for _, result in run_isolated([path], partial(_process, engine=engine), limits or active()):
        return _outcome(path, result)
    raise AssertionError("no result")   # pragma: no cover


def _map(paths: list[Path], engine: str, jobs: int, executor: str, scheduler: str | None,
         limits: Limits) -> Iterable[Outcome]:
    if executor == "dask":
        yield from _dask_map(partial(process_one, engine=engine, limits=limits), paths, jobs, scheduler)
    else:
        for path, result in run_isolated(paths, partial(_process, engine=engine), limits, jobs):
            yield _outcome(path, result)


def _dask_map(work: Callable[[Path], Outcome], paths: list[Path], jobs: int,
              scheduler: str | None) -> Iterable[Outcome]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--executor dask needs Dask: pip install 'dask[distributed]'") from None
    cluster = None if scheduler else LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    with Client(scheduler or cluster) as client:
        futures = client.map(work, paths, pure=False)
        yield from client.gather(futures)
    if cluster is not None:
        cluster.close()


def run(paths: list[Path], out: Path, *, engine: str, jobs: int | None = None, executor: str = "processes",
        scheduler: str | None = None, progress: Callable | None = None,
        limits: Limits | None = None) -> tuple[dict[str, pa.Table], list[str]]:
    """Process every path (cached ones are read back); return the combined tables and, for
    each input skipped, why."""
    jobs = jobs or os.cpu_count() or 1
    limits = limits or active()
    errors = out / "work" / ERRORS
    shutil.rmtree(errors, ignore_errors=True)
    outcomes: dict[Path, Outcome] = {}
    folders: dict[Path, Path | None] = {}
    unique = list(dict.fromkeys(paths))
    for path in unique:
        outcome, folders[path] = _from_cache(path, out, engine, limits)
        if outcome is not None:
            outcomes[path] = outcome
    todo = [p for p in unique if p not in outcomes]
    log.info("corpus: %d document(s), %d from the cache, %d to process with %s", len(paths),
             sum(isinstance(o, Done) for o in outcomes.values()), len(todo),
             "dask" if executor == "dask" else f"{jobs} job(s)")
    results = _map(todo, engine, jobs, executor, scheduler, limits)
    for outcome in (progress(results, total=len(todo), desc="documents", unit="doc") if progress else results):
        outcomes[outcome.path] = outcome
        folder = folders[outcome.path]
        if isinstance(outcome, Done) and folder is not None and folder.name.startswith(f"{outcome.doc_id}-"):
            _store(folder, outcome)     # (unless the file changed since its key was taken)
    good, skipped = _settle(paths, outcomes, errors)
    return _combine(good), skipped


def ingest_each(paths: list[Path], out: Path, engine: str, progress: Callable | None = None,
                limits: Limits | None = None) -> tuple[list[tuple[Path, str, dict[str, list]]], list[str]]:
    """The ingest stage's rows of each input (path, doc_id, rows), in input order, each read in
    a worker process of its own under `limits` (default: the run's), one at a time; and for
    each input skipped, why (as `run`: the reason in OUT/work/errors/)."""
    limits = limits or active()
    errors = out / "work" / ERRORS
    shutil.rmtree(errors, ignore_errors=True)
    unique = list(dict.fromkeys(paths))
    outcomes: dict[Path, Outcome] = {}
    for path in unique:
        try:
            if error := too_large(path, path.stat().st_size, limits):
                outcomes[path] = Failed(path, str(error))
        except OSError:
            pass            # it fails in its worker, with why
    todo = [p for p in unique if p not in outcomes]
    results = run_isolated(todo, partial(_ingest, engine=engine), limits)
    for path, result in (progress(results, total=len(todo), desc="ingest", unit="doc") if progress else results):
        outcomes[path] = _outcome(path, result)
    good, skipped = _settle(paths, outcomes, errors)
    return [(o.path, o.doc_id, o.tables) for o in good], skipped


def _ingest(path: Path, engine: str) -> tuple[str, dict[str, list]]:
    from pipeline.ingest.inputs import ingest_file
    from pipeline.run.document import ingested_rows

    ingested = ingest_file(path, engine)
    return ingested.doc_id, ingested_rows(ingested)


def _settle(paths: list[Path], outcomes: dict[Path, Outcome], errors: Path) -> tuple[list[Done], list[str]]:
    """The good outcomes in input order and the reasons of the skipped inputs, each logged on
    one line and written to `errors`; InputError when no input is good."""
    unique = list(dict.fromkeys(paths))
    failed = [o for p in unique if isinstance(o := outcomes[p], Failed)]
    for outcome in failed:
        outcome.error = _record_failure(errors, outcome)
    good = [o for p in paths if isinstance(o := outcomes[p], Done)]
    if not good:
        if len(unique) == 1:
            raise InputError(failed[0].error)
        raise InputError(f"none of the {len(unique)} inputs could be read: "
                         + "; ".join(o.error for o in failed))
    skipped = [o.error for o in failed]
    for reason in skipped:
        log.error("skipped: %s", reason)
    return good, skipped


def _from_cache(path: Path, out: Path, engine: str, limits: Limits) -> tuple[Outcome | None, Path | None]:
    """The cached outcome (or, for a file over the size bound, its failure: such a file is never
    read) and the cache entry's folder; no outcome when it is to be processed, no folder when
    the file cannot be read (it fails in its worker)."""
    try:
        if error := too_large(path, path.stat().st_size, limits):
            return Failed(path, str(error)), None
        folder = cache_dir(out, path, engine)
    except OSError:
        return None, None
    return _load_cached(path, folder), folder


def _record_failure(errors: Path, outcome: Failed) -> str:
    """Write the reason and the traceback to errors/<file name>.txt; the reason, pointing
    there when there is a traceback."""
    report = errors / f"{outcome.path.name}.txt"
    number = 1
    while report.exists():     # two inputs of the same name in different folders
        number += 1
        report = errors / f"{outcome.path.name}.{number}.txt"
    try:
        errors.mkdir(parents=True, exist_ok=True)
        report.write_text(f"{outcome.path}\n{outcome.error}\n\n{outcome.trace or ''}", encoding="utf-8")
    except OSError:
        return outcome.error
    return f"{outcome.error} (traceback in {report})" if outcome.trace else outcome.error


def _combine(outcomes: list[Done]) -> dict[str, pa.Table]:
    """One table per name, documents in input order; a document whose content repeats
    another's is kept once."""
    seen: set[str] = set()
    unique = []
    for outcome in outcomes:
        if outcome.doc_id in seen:
            log.warning("corpus: %s has the same content as an earlier input, kept once", outcome.path)
            continue
        seen.add(outcome.doc_id)
        unique.append(outcome.tables)
    names = sorted({name for result in unique for name in result})
    return {name: pa.concat_tables([r[name] for r in unique if name in r]) for name in names}
