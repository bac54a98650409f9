"""Records <-> Arrow tables, and Parquet files written atomically."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, TypeVar, cast

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.validate.schemas import arrow_schema

T = TypeVar("T")


def _cell(value: Any, typ: pa.DataType) -> Any:
    if isinstance(value, Enum):
        return value.value
    if pa.types.is_date(typ) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def to_table(name: str, records: Iterable[Any]) -> pa.Table:
    """Build table `name` from dataclass records, with the column types of its schema."""
    schema = arrow_schema(name)
    records = list(records)
    get = (lambda r, k: getattr(r, k, None)) if records and dataclasses.is_dataclass(records[0]) \
        else (lambda r, k: r.get(k))
    columns = {f.name: [_cell(get(r, f.name), f.type) for r in records] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def from_table(table: pa.Table, cls: type[T]) -> list[T]:
    """Records of dataclass `cls` from a table (columns the class lacks are ignored)."""
    names = {f.name: f for f in dataclasses.fields(cast(Any, cls))}     # cls: a record dataclass
    out = []
    for row in table.to_pylist():
        kwargs = {}
        for k, v in row.items():
            if k not in names:
                continue
            if isinstance(v, dt.date):
                v = v.isoformat()
            kwargs[k] = v
        out.append(cls(**kwargs))
    return out


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".parquet.tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def parquet_bytes(table: pa.Table) -> bytes:
    """The table as a Parquet file, as `write_parquet` writes it."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def read_parquet(path: Path) -> pa.Table:
    return pq.read_table(path)
