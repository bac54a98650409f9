"""Corpus runs: many documents, in parallel, with a content-hash cache.

Each input file is processed on its own (`document.process`), by a pool of processes
(`--jobs`) or on a Dask cluster (`--executor dask`).  Results are cached under
OUT/work/cache/, keyed by the file's bytes and by the pipeline's own code and schemas, so
a re-run skips unchanged documents.  A bad document is reported and skipped; the others
are kept.  The combined tables are written to the work folder in input order.
"""
from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa

from pipeline.publish import tables
from pipeline.common.errors import InputError
from pipeline.validate.schemas import SCHEMA_DIR

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    path: Path
    doc_id: str | None
    tables: dict[str, pa.Table] | None
    error: str | None = None


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the results depend on besides the input: the pipeline's code and schemas."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")) + sorted(SCHEMA_DIR.glob("*.json")):
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir(out: Path, path: Path, engine: str) -> Path:
    content = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return out / "work" / "cache" / f"{content}-{code_fingerprint()}-{engine}"


def _load_cached(path: Path, folder: Path) -> Outcome | None:
    done = folder / "complete"
    if not done.exists():
        return None
    return Outcome(path, done.read_text(), {p.stem: tables.read_parquet(p) for p in sorted(folder.glob("*.parquet"))})


def _store(folder: Path, outcome: Outcome) -> None:
    for name, table in outcome.tables.items():
        tables.write_parquet(table, folder / f"{name}.parquet")
    (folder / "complete").write_text(outcome.doc_id)


def process_one(path: Path, engine: str) -> Outcome:
    """Worker entry point: never raises for bad input, reports it instead."""
    from pipeline.run.document import process

    try:
        return Outcome(path, *process(path, engine))
    except InputError as err:
        return Outcome(path, None, None, str(err))


def _map(paths: list[Path], engine: str, jobs: int, executor: str, scheduler: str | None) -> Iterable[Outcome]:
    work = partial(process_one, engine=engine)
    if executor == "dask":
        yield from _dask_map(work, paths, jobs, scheduler)
    elif jobs <= 1 or len(paths) <= 1:
        yield from map(work, paths)
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            yield from pool.map(work, paths)


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
        scheduler: str | None = None, progress: Callable | None = None) -> tuple[dict[str, pa.Table], list[str]]:
    """Process every path (cached ones are read back); return the combined tables and, for
    each input skipped, why."""
    jobs = jobs or os.cpu_count() or 1
    outcomes: dict[Path, Outcome] = {}
    todo = []
    for path in paths:
        cached = _load_cached(path, cache_dir(out, path, engine))
        if cached is not None:
            outcomes[path] = cached
        else:
            todo.append(path)
    log.info("corpus: %d document(s), %d from the cache, %d to process with %s", len(paths),
             len(paths) - len(todo), len(todo), "dask" if executor == "dask" else f"{jobs} job(s)")
    results = _map(todo, engine, jobs, executor, scheduler)
    for outcome in (progress(results, total=len(todo), desc="documents", unit="doc") if progress else results):
        outcomes[outcome.path] = outcome
        if outcome.tables is not None:
            _store(cache_dir(out, outcome.path, engine), outcome)
    good = [outcomes[p] for p in paths if outcomes[p].tables is not None]
    if not good:
        if len(paths) == 1:
            raise InputError(outcomes[paths[0]].error)
        raise InputError(f"none of the {len(paths)} inputs could be read: "
                         + "; ".join(outcomes[p].error for p in paths))
    skipped = [outcomes[p].error for p in paths if outcomes[p].tables is None]
    for reason in skipped:
        log.error("skipped: %s", reason)
    return _combine(good), skipped


def _combine(outcomes: list[Outcome]) -> dict[str, pa.Table]:
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
