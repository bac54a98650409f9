"""Benchmark: the pipeline's stages on a UN-layout PDF of the real report, next to
pdfplumber's bare text extraction of the same PDF in the same run.

    .venv/bin/python bench/benchmark.py [--out bench/results.md]

The PDF is built from the text report with the test suite's UN-layout builder
(tests/un_pdf.py), so the numbers need no PDF that is not in the repository.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pdfplumber  # noqa: E402
import regex as re  # noqa: E402

from pipeline import stages  # noqa: E402
from pipeline.ingest_pdf import read_pdf  # noqa: E402
from pipeline.ingest_text import read_text_lines  # noqa: E402
from pipeline.metadata import read_metadata  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pages = build_report_pdf(pdf)

        def bare():
            with pdfplumber.open(pdf) as doc:
                return [p.extract_text() for p in doc.pages]

        _, t_bare = timed(bare)
        reading, t_ingest = timed(lambda: read_pdf(pdf, "bench"))
        _, t_norm = timed(lambda: normalize(reading.lines))
        out = Path(tmp) / "out"
        _, t_all = timed(lambda: (stages.ingest([pdf], out), stages.normalize(out), stages.validate(out)))
    rows = [("pdfplumber extract_text (reference)", t_bare), ("ingest (read_pdf)", t_ingest),
            ("normalize", t_norm), ("end to end: ingest + normalize + validate", t_all)]
    lines = [f"# Benchmark: UN-layout PDF of the real report, {pages} pages", "",
             "| step | seconds | pages/s | × pdfplumber extract_text |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {t:.2f} | {pages / t:.1f} | {t / t_bare:.2f} |" for name, t in rows]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
