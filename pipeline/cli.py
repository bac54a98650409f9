"""Turn reports of the UNTOC Conference of the Parties into validated Parquet tables.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 published but inputs skipped or incomplete.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import regex as re

from pipeline.publish import release
from pipeline.publish.exports import FORMATS
from pipeline.run import out_folder, stages
from pipeline.common.errors import InputError, ValidationFailed
from pipeline.ingest.engines import DEFAULT_ENGINE, ENGINE_MODULES
from pipeline.run.limits import add_arguments as add_limit_arguments, configure_from as configure_limits

log = logging.getLogger("pipeline")
# Line breaks and other control characters inside a log message: "name\nINFO forged".
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DEFAULT_INPUT = Path("raw")
DEFAULT_OUT = Path("processed")
PUBLISHED_INCOMPLETE = 3    # tables published, but some inputs were skipped or extracted incompletely


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0],
                                     epilog=__doc__.splitlines()[2])
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_: str, inputs: bool = False) -> None:
        p = sub.add_parser(name, help=help_)
        if inputs:
            p.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT_INPUT],
                           help="input .pdf/.txt files or folders (default: raw/)")
            p.add_argument("--engine", choices=sorted(ENGINE_MODULES), default=DEFAULT_ENGINE,
                           help=f"how PDF input is read (default: {DEFAULT_ENGINE})")
            add_limit_arguments(p)
        p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                       help="output folder for the tables (default: processed/); intermediates go to OUT/work/")
        p.add_argument("--no-wait", action="store_true",
                       help="exit (code 2) instead of waiting when another run is writing OUT")

    add("ingest", "read PDF or text inputs into documents and lines", inputs=True)
    add("normalize", "repair the extraction, move footnotes out, rebuild blocks")
    add("segment", "place every block in the document's structure")
    add("extract", "resolutions, paragraphs, recommendations, citations and the proceedings")
    add("validate", "check every table against schemas/ and publish it to OUT")
    add("run", "all stages, document by document, in parallel, skipping unchanged documents", inputs=True)
    for name in ("validate", "run"):
        sub.choices[name].add_argument(
            "--formats", type=_formats, default=("parquet",),
            help="what the tables are published as, comma-separated: parquet (always), csv (OUT/csv/<table>.csv); "
                 "default: parquet")
    run = sub.choices["run"]
    run.add_argument("--jobs", type=int, default=None, help="parallel processes (default: the machine's cores)")
    run.add_argument("--executor", choices=("processes", "dask"), default="processes",
                     help="where documents are processed: local processes, or a Dask cluster")
    run.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster)")
    codebook = sub.add_parser("codebook", help="write the codebook from schemas/ and the tables in --tables")
    codebook.add_argument("--tables", type=Path, default=DEFAULT_OUT, help="folder of validated tables")
    codebook.add_argument("--to", type=Path, default=Path("docs/codebook.md"), help="where to write it")
    snapshot = sub.add_parser("snapshot", help="write golden snapshots of the tables in --tables")
    snapshot.add_argument("--tables", type=Path, default=DEFAULT_OUT, help="folder of validated tables")
    snapshot.add_argument("--to", type=Path, default=Path("tests/snapshots"), help="snapshot folder")
    return parser


def _formats(value: str) -> tuple[str, ...]:
    """"parquet,csv" -> ("parquet", "csv"); Parquet is always published."""
    asked = [f.strip() for f in value.split(",") if f.strip()]
    if unknown := [f for f in asked if f not in FORMATS]:
        raise argparse.ArgumentTypeError(f"unknown format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    if "parquet" not in asked:
        raise argparse.ArgumentTypeError("parquet is always published: give parquet,csv")
    return tuple(f for f in FORMATS if f in asked)


def _progress():
    """A progress bar on a terminal, nothing in a log."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda items, **kw: tqdm(items, leave=False, **kw)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, handlers=[handler])
    try:
        return _dispatch(args)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except ValidationFailed as err:
        violations = err.args[0]
        print(f"validation failed: {len(violations)} violation(s); the tables in {args.out} were not changed",
              file=sys.stderr)
        for v in violations[:50]:
            print(f"  {v}", file=sys.stderr)
        if len(violations) > 50:
            print(f"  ... and {len(violations) - 50} more", file=sys.stderr)
        return err.exit_code


class OneLineFormatter(logging.Formatter):
    """Log records on one line each: a file name or a text with a line break or a control
    character cannot forge a log line of its own."""

    def format(self, record: logging.LogRecord) -> str:
        return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), super().format(record))


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in ("codebook", "snapshot"):
        from importlib import import_module

        import_module(f"pipeline.publish.{args.command}").write(args.tables, args.to)
        return 0
    configure_limits(args)
    out_folder.check(args.out, getattr(args, "inputs", None))
    with out_folder.lock(args.out, wait=not args.no_wait):
        for name in release.clean_leftovers(args.out):
            log.info("removed %s, left by a run that was stopped", name)
        return _run_stages(args)


def _run_stages(args: argparse.Namespace) -> int:
    out: Path = args.out
    progress = _progress()
    steps = {
        "ingest": lambda: stages.ingest(args.inputs, out, args.engine, progress),
        "normalize": lambda: stages.normalize(out, progress),
        "segment": lambda: stages.segment(out, progress),
        "extract": lambda: stages.extract(out, progress),
        "documents": lambda: stages.run_corpus(args.inputs, out, engine=args.engine, jobs=args.jobs,
                                               executor=args.executor, scheduler=args.scheduler,
                                               progress=progress),
        "validate": lambda: stages.validate(out, args.formats),
    }
    names = ["documents", "validate"] if args.command == "run" else [args.command]
    for name in names:
        start = time.perf_counter()
        rows = steps[name]()
        seconds = time.perf_counter() - start
        if name != "validate":
            stages.record_stage(out, name, rows, seconds)
        log.info("%s: %s in %.2f s", name, ", ".join(f"{k} {v}" for k, v in rows.items()), seconds)
    if "validate" in names and (lacking := stages.shortfalls(out)):
        print(f"published to {out}, but {len(lacking)} input(s) skipped or incomplete:", file=sys.stderr)
        for line in lacking:
            print(f"  {line}", file=sys.stderr)
        return PUBLISHED_INCOMPLETE
    return 0
