"""Golden snapshots: a compact, reviewable CSV copy of every table of a run.

Numbers with decimals (PDF geometry) are left out and long texts are cut, so a change in
extraction shows as a short, readable diff.  `make snapshot` rewrites tests/snapshots/.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.validate.schemas import descriptor, table_names

TEXT_CHARS = 60
# The text of `lines` is the input itself: its snapshot keeps zones and pages only.
LEFT_OUT = {"lines": {"text"}}


def _columns(name: str) -> list[str]:
    return [f["name"] for f in descriptor(name)["fields"]
            if f["type"] != "number" and f["name"] not in LEFT_OUT.get(name, set())]


def _cell(value):
    if isinstance(value, str) and len(value) > TEXT_CHARS:
        return value[:TEXT_CHARS] + "…"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render(tables_dir: Path) -> dict[str, str]:
    """Snapshot text per table name."""
    out = {}
    for name in table_names():
        columns = _columns(name)
        table = pq.read_table(tables_dir / f"{name}.parquet", columns=columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row.values()] for row in table.to_pylist())
        out[name] = buffer.getvalue()
    return out


def write(tables_dir: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.csv"):
        stale.unlink()
    for name, text in render(tables_dir).items():
        (target / f"{name}.csv").write_text(text, encoding="utf-8")


def diff(tables_dir: Path, target: Path, context: int = 1) -> str:
    """A unified diff between the committed snapshots and the tables; empty when equal."""
    chunks: list[str] = []
    current = render(tables_dir)
    names = sorted(set(current) | {p.stem for p in target.glob("*.csv")})
    for name in names:
        path = target / f"{name}.csv"
        old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        new = current.get(name, "").splitlines()
        chunks += difflib.unified_diff(old, new, f"snapshot/{name}.csv", f"run/{name}.csv",
                                       n=context, lineterm="")
    return "\n".join(chunks)
