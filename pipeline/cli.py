"""Turn reports of the UNTOC Conference of the Parties into validated Parquet tables.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 done but some inputs skipped or incomplete, 4 internal error (a bug).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from pathlib import Path

import regex as re

from pipeline.publish import release
from pipeline.publish.exports import FORMATS
from pipeline.run import out_folder, stages
from pipeline.common.errors import InputError, ValidationFailed
from pipeline.ingest import fetch
from pipeline.ingest.engines import DEFAULT_ENGINE, ENGINE_MODULES
from pipeline.run.limits import add_arguments as add_limit_arguments, configure_from as configure_limits

log = logging.getLogger("pipeline")
# Line breaks and other control characters inside a log message: "name\nINFO forged".
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DEFAULT_INPUT = Path("raw")
DEFAULT_OUT = Path("processed")
PUBLISHED_INCOMPLETE = 3    # tables published (or PDFs fetched), but some inputs were skipped or incomplete
INTERNAL_ERROR = 4          # an error no input explains: a bug of the tool, never "validation failed"
PROG = "cop-pipeline"       # the console script; `python -m pipeline` is the same tool
DEBUG_VARIABLE = "COP_PIPELINE_DEBUG"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0],
                                     epilog=__doc__.splitlines()[2])
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    # the same flag after the subcommand ("run -q"); SUPPRESS keeps a flag given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="only warnings and errors")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_: str, inputs: bool = False) -> None:
        p = sub.add_parser(name, help=help_, parents=[common])
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
    codebook = sub.add_parser("codebook", help="write the codebook from schemas/ and the tables in --tables",
                              parents=[common])
    codebook.add_argument("--tables", type=Path, default=DEFAULT_OUT, help="folder of validated tables")
    codebook.add_argument("--to", type=Path, default=Path("docs/codebook.md"), help="where to write it")
    snapshot = sub.add_parser("snapshot", help="write golden snapshots of the tables in --tables", parents=[common])
    snapshot.add_argument("--tables", type=Path, default=DEFAULT_OUT, help="folder of validated tables")
    snapshot.add_argument("--to", type=Path, default=Path("tests/snapshots"), help="snapshot folder")
    site = sub.add_parser("site", help="write OUT/site/: a static, offline browser of the published set, every "
                                       "record linked to its highlighted source", parents=[common])
    site.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of the published set (default: processed/)")
    site.add_argument("--inputs", nargs="*", type=Path, default=[DEFAULT_INPUT],
                      help="where the PDF inputs are, for their page images (default: raw/)")
    _add_fetch(sub, common)
    return parser


def _add_fetch(sub, common: argparse.ArgumentParser) -> None:
    defaults = fetch.Settings()
    p = sub.add_parser("fetch", help="download official PDFs by symbol from the UN Official Documents System "
                                     "(the only command that goes online)",
                       epilog=f"The server is {fetch.DEFAULT_BASE_URL}, or the URL in the environment variable "
                              f"{fetch.BASE_URL_ENV}.", parents=[common])
    p.add_argument("symbols", nargs="+", metavar="SYMBOL", help="UN document symbol, such as CTOC/COP/2022/9")
    p.add_argument("--to", type=Path, default=DEFAULT_INPUT, metavar="FOLDER",
                   help="folder for the PDFs, created if missing (default: raw/)")
    p.add_argument("--lang", choices=fetch.LANGUAGES, default=defaults.lang,
                   help=f"language of the PDF (default: {defaults.lang})")
    p.add_argument("--force", action="store_true", help="fetch again a file already present")
    p.add_argument("--timeout", type=float, default=defaults.timeout, metavar="SECONDS",
                   help=f"wait for a connection, and for each piece of the answer (default: {defaults.timeout:g})")
    p.add_argument("--attempts", type=int, default=defaults.attempts, metavar="N",
                   help=f"tries per document on a timeout, a 5xx answer or a failed connection "
                        f"(default: {defaults.attempts})")
    p.add_argument("--backoff", type=float, default=defaults.backoff, metavar="SECONDS",
                   help=f"pause before the second try, doubled before each next one (default: {defaults.backoff:g})")


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
    args.argv = list(sys.argv[1:] if argv is None else argv)
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
    except Exception as err:        # noqa: BLE001 - the last line of defence: one line, its own code
        if os.environ.get(DEBUG_VARIABLE):
            raise
        where = traceback.extract_tb(err.__traceback__)[-1]
        print(f"internal error: {type(err).__name__}: {err} (at {Path(where.filename).name}:{where.lineno}); "
              f"a bug of {PROG}: please report it, with the output of the same command run with "
              f"{DEBUG_VARIABLE}=1", file=sys.stderr)
        return INTERNAL_ERROR


class OneLineFormatter(logging.Formatter):
    """Log records on one line each: a file name or a text with a line break or a control
    character cannot forge a log line of its own."""

    def format(self, record: logging.LogRecord) -> str:
        return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), super().format(record))


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "fetch":
        return _fetch(args)
    if args.command == "site":
        from pipeline.publish.site.build import build_site

        build_site(args.out, args.inputs)
        return 0
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


def _fetch(args: argparse.Namespace) -> int:
    """Everything is checked before going online; exit 2 when no symbol's PDF is in the folder
    at the end, 3 when some are not."""
    symbols = fetch.check_symbols(args.symbols)
    settings = fetch.Settings(base_url=fetch.base_url(os.environ), lang=args.lang, timeout=args.timeout,
                              attempts=args.attempts, backoff=args.backoff, force=args.force)
    fetch.prepare_folder(args.to)
    outcomes = fetch.fetch_all(symbols, args.to, settings)
    failed = [o for o in outcomes if o.status == fetch.FAILED]
    if failed and len(failed) == len(outcomes):
        raise InputError(fetch.nothing_fetched(failed))
    if failed:
        print(f"fetched to {args.to}, but {len(failed)} of {len(outcomes)} symbol(s) failed:", file=sys.stderr)
        for outcome in failed:
            print(f"  {outcome.symbol}: {outcome.reason}", file=sys.stderr)
        return PUBLISHED_INCOMPLETE
    return 0


def _run_stages(args: argparse.Namespace) -> int:
    out: Path = args.out
    progress = _progress()
    if args.command in ("ingest", "run"):         # what the manifest says the set was made with
        stages.record_run(out, [PROG, *args.argv], args.engine)
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
