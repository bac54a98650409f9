"""Golden snapshots: a compact, reviewable JSON-lines copy of every table of a run.

Numbers with decimals (PDF geometry) are left out and long texts are cut, so a change in
extraction shows as a short, readable diff.  `make snapshot` rewrites tests/snapshots/.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import pyarrow.parquet as pq

from .schemas import descriptor, table_names

TEXT_CHARS = 60
# The text of `lines` is the input itself: its snapshot keeps zones and pages only.
LEFT_OUT = {"lines": {"text"}}


def _columns(name: str) -> list[str]:
    return [f["name"] for f in descriptor(name)["fields"]
            if f["type"] != "number" and f["name"] not in LEFT_OUT.get(name, set())]


def _cell(value):
    if isinstance(value, str) and len(value) > TEXT_CHARS:
        return value[:TEXT_CHARS] + "…"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render(tables_dir: Path) -> dict[str, str]:
    """Snapshot text per table name."""
    out = {}
    for name in table_names():
        table = pq.read_table(tables_dir / f"{name}.parquet", columns=_columns(name))
        rows = [json.dumps({k: _cell(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=False)
                for row in table.to_pylist()]
        out[name] = "\n".join(rows) + ("\n" if rows else "")
    return out


def write(tables_dir: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.jsonl"):
        stale.unlink()
    for name, text in render(tables_dir).items():
        (target / f"{name}.jsonl").write_text(text, encoding="utf-8")


def diff(tables_dir: Path, target: Path, context: int = 1) -> str:
    """A unified diff between the committed snapshots and the tables; empty when equal."""
    chunks = []
    current = render(tables_dir)
    names = sorted(set(current) | {p.stem for p in target.glob("*.jsonl")})
    for name in names:
        path = target / f"{name}.jsonl"
        old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        new = current.get(name, "").splitlines()
        chunks += difflib.unified_diff(old, new, f"snapshot/{name}.jsonl", f"run/{name}.jsonl",
                                       n=context, lineterm="")
    return "\n".join(chunks)
