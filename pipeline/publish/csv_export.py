"""Tables as CSV (`--formats parquet,csv`): `OUT/csv/<table>.csv`, the columns of the table's
schema in its order, a header row, UTF-8, "\\n" line ends, fields quoted only when they must be.

Values: ISO dates (2022-10-21), booleans true/false, list columns as JSON arrays
(["a", "b"], [61, 63]), numbers as Python writes them (the shortest form that reads back the
same), null as an empty field; an empty string would be an empty field too.
"""
from __future__ import annotations

from typing import Any

import csv
import datetime as dt
import io
import json

import pyarrow as pa

CSV_DIR = "csv"
# How the files are written, as a Table Dialect (datapackage.json gives it to every CSV resource).
DIALECT: dict[str, Any] = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}


def csv_path(name: str) -> str:
    return f"{CSV_DIR}/{name}.csv"


def table_csv(table: pa.Table) -> bytes:
    """The table as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=DIALECT["lineTerminator"])
    writer.writerow(table.column_names)
    for batch in table.to_batches():
        writer.writerows([_cell(v) for v in row] for row in zip(*(c.to_pylist() for c in batch.columns)))
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)           # a string, an integer, or a float in its shortest exact form
