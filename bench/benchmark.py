"""Benchmark: the pipeline on a UN-layout PDF of the real report, next to pdfplumber's bare
text extraction of the same PDF in the same run, and how a corpus run scales.

    .venv/bin/python bench/benchmark.py [--out bench/results.md] [--copies 1,2,4,8,16]

The PDF is built from the text report with the test suite's UN-layout builder
(tests/un_pdf.py), so the numbers need no PDF that is not in the repository.  Copies of it
differ by a trailing comment, so that each is a document of its own.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pdfplumber  # noqa: E402
import regex as re  # noqa: E402

from pipeline.run import stages  # noqa: E402
from pipeline.ingest.engines import read_pdf  # noqa: E402
from pipeline.ingest.text import read_text_lines  # noqa: E402
from pipeline.ingest.metadata import read_metadata  # noqa: E402
from pipeline.normalize.blocks import normalize  # noqa: E402
from un_pdf import build_un_pdf  # noqa: E402

REPORT = ROOT / "raw" / "CTOC-COP-2022-9.txt"


def build_report_pdf(path: Path) -> int:
    lines = read_text_lines(REPORT.read_text(encoding="utf-8"), "bench")
    meta, report = read_metadata(lines), normalize(lines)
    refs: dict[int, list[tuple[int, int]]] = {}
    for ref in report.refs:
        refs.setdefault(ref.block_id, []).append((ref.char_offset, ref.number))
    blocks = [{"kind": b.kind, "text": b.text, "refs": refs.get(b.block_id, []),
               "indent": not (b.kind == "paragraph" and re.match(r"\d+\. ", b.text))} for b in report.blocks]
    return build_un_pdf(path, symbol=meta.symbol, job_number=meta.job_number, blocks=blocks,
                        footnotes=[{"number": n.number, "text": n.text} for n in report.footnotes])


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def best_of(n: int, fn) -> float:
    """The best of `n` timings: a first call also pays for loading an engine or a module."""
    return min(timed(fn)[1] for _ in range(n))


def stage_rows(pdf: Path, pages: int, work: Path) -> list[tuple[str, float]]:
    """Each stage in this process, on the one report."""
    def bare():
        with pdfplumber.open(pdf) as doc:
            return [p.extract_text() for p in doc.pages]

    rows = [("pdfplumber `extract_text` of every page (reference)", best_of(2, bare)),
            ("ingest, pdfplumber engine", best_of(2, lambda: read_pdf(pdf, "b", "pdfplumber"))),
            ("ingest, pdfium engine", best_of(2, lambda: read_pdf(pdf, "b", "pdfium")))]
    for name, step in (("ingest (stage, pdfium)", lambda: stages.ingest([pdf], work, "pdfium")),
                       ("normalize", lambda: stages.normalize(work)), ("segment", lambda: stages.segment(work)),
                       ("extract", lambda: stages.extract(work)), ("validate + QA", lambda: stages.validate(work))):
        rows.append((name, best_of(2, step)))
    return rows


def run_cli(inputs: list[Path], out: Path, *args: str) -> float:
    """Wall time of a whole `python -m pipeline run` process, imports included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "-q", "run", *map(str, inputs), "--out", str(out), *args],
                   check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def copies(pdf: Path, n: int, folder: Path) -> Path:
    folder.mkdir()
    data = pdf.read_bytes()
    for i in range(n):
        (folder / f"report-{i:02d}.pdf").write_bytes(data + f"\n% copy {i}\n".encode())
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--copies", default="1,2,4,8,16", help="corpus sizes to time")
    args = parser.parse_args()
    sizes = [int(n) for n in args.copies.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = tmp / "report.pdf"
        pages = build_report_pdf(pdf)
        rows = stage_rows(pdf, pages, tmp / "stages")
        bare = rows[0][1]
        whole = [(engine, run_cli([pdf], tmp / f"whole-{engine}", "--engine", engine, "--jobs", "1"))
                 for engine in ("pdfplumber", "pdfium")]
        scaling = []
        for n in sizes:
            folder = copies(pdf, n, tmp / f"corpus-{n}")
            times = [run_cli([folder], tmp / f"out-{n}-{jobs}", "--engine", "pdfium", "--jobs", str(jobs))
                     for jobs in (1, 2)]
            scaling.append((n, times))
    out = [f"# Benchmark: UN-layout PDF of the real report ({pages} pages)", "",
           f"Machine: {os.cpu_count()} cores. Each figure is one run; rerun `make bench` to see the spread.", "",
           "## Stages, in one process", "",
           "| step | seconds | pages/s | time ÷ pdfplumber extract_text |", "| --- | --- | --- | --- |"]
    out += [f"| {name} | {t:.2f} | {pages / t:.0f} | {t / bare:.2f} |" for name, t in rows]
    out += ["", "## One report, whole process (`python -m pipeline run`, imports included)", "",
            "| engine | seconds | pages/s |", "| --- | --- | --- |"]
    out += [f"| {engine} | {t:.2f} | {pages / t:.0f} |" for engine, t in whole]
    out += ["", "## Corpus: copies of the report, pdfium engine, no cache", "",
            "| copies | pages | --jobs 1 (s) | --jobs 2 (s) | pages/s, --jobs 2 | speed-up |",
            "| --- | --- | --- | --- | --- | --- |"]
    out += [f"| {n} | {n * pages} | {t1:.1f} | {t2:.1f} | {n * pages / t2:.0f} | {t1 / t2:.2f} |"
            for n, (t1, t2) in scaling]
    text = "\n".join(out) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
