"""Every single-label slip of the real report, and what the pipeline makes of it.

    .venv/bin/python bench/slip_table.py [--out bench/slips.md] [--jobs 2]

For each label printed at the start of a line of raw/CTOC-COP-2022-9.txt (tests/slips.py
finds them in the text) and each slip (duplicated, skipped, swapped with the next, restarted),
the report is run with that one change: records of each kind before and after, whether the
texts of the records are unchanged, and whether a `label_out_of_sequence` finding points at
the changed line(s).  tests/test_slips.py draws a few dozen of these per CI run; this runs all.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from slips import REPORT, SLIPS, apply, outcome, printed_labels, run, sequences, slip_changes  # noqa: E402

TEXT = REPORT.read_text(encoding="utf-8")
KINDS = ("report paragraphs", "operative paragraphs", "sub-items", "roman sub-items", "annex letters",
         "agenda entries", "footnote numbers")
# The table each kind of sequence makes records of (the count the table reports).
TABLE_OF = {"report paragraphs": "segments", "operative paragraphs": "resolution_paragraphs",
            "sub-items": "resolution_paragraphs", "roman sub-items": "resolution_paragraphs",
            "annex letters": "annex_recommendations", "agenda entries": "agenda_items",
            "footnote numbers": "footnotes"}
_BASELINE: dict = {}


def _one(case: tuple) -> tuple:
    kind, slip, changes = case
    if not _BASELINE:
        _BASELINE.update(run(TEXT))
    mutated = run(apply(TEXT, changes))
    result = outcome(_BASELINE, mutated, changes)
    table = TABLE_OF[kind]
    return kind, slip, len(_BASELINE[table]), len(mutated[table]), result.ok, bool(result.found_at), \
        result.counts, result.texts_changed, [(c[0].line, c[0].printed, c[1]) for c in changes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "slips.md")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    baseline = run(TEXT)
    cases = [(seq.kind, slip, changes) for seq in sequences(baseline, printed_labels(TEXT))
             for k in range(len(seq.labels)) for slip in SLIPS
             if (changes := slip_changes(seq, k, slip)) is not None]
    print(f"{len(cases)} slips to run", file=sys.stderr)
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(_one, cases, chunksize=8))
    cells: dict[tuple, list] = defaultdict(list)
    for r in results:
        cells[(r[0], r[1])].append(r)
    lines = ["# Single-label slips of the real report", "",
             f"Every label printed at a line start of `{REPORT.relative_to(ROOT)}`, each slip made alone "
             "(`bench/slip_table.py`). *records*: the rows of the kind's table before → after (the same for "
             "every case of the cell when it says so); *lost*: cases where any table's count or any record's "
             "text changed; *found*: cases with a `label_out_of_sequence` finding at every changed line.", "",
             "| sequence | slip | cases | records (table) | lost | found |", "| --- | --- | --- | --- | --- | --- |"]
    for kind in KINDS:
        for slip in SLIPS:
            rs = cells.get((kind, slip), [])
            if not rs:
                lines.append(f"| {kind} | {slip} | 0 | (none printed) | | |")
                continue
            before = {r[2] for r in rs}
            after = {r[3] for r in rs}
            counts = f"{'/'.join(map(str, sorted(before)))} → {'/'.join(map(str, sorted(after)))}"
            lost = sum(1 for r in rs if r[6] or r[7])
            found = sum(1 for r in rs if r[4] or (slip == "swapped" and r[5] and not r[6] and not r[7]))
            lines.append(f"| {kind} | {slip} | {len(rs)} | {counts} ({TABLE_OF[kind]}) | {lost} | {found} |")
    failures = [r for r in results if r[6] or r[7] or not r[5]]
    lines += ["", f"{len(results)} slips; {len(failures)} with a record lost or changed or no finding."]
    lines += [f"- {r[0]}, {r[1]} {r[8]}: counts {r[6]}, texts changed {r[7]}, finding {r[5]}" for r in failures]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
