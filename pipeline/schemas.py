"""The table schemas in `schemas/` (Frictionless Table Schema): loading, Arrow types, validation.

The schema files are the single source of truth: the Arrow schema a table is written
with, the checks it must pass and the codebook all come from them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@dataclass(frozen=True)
class Violation:
    table: str
    row: str        # the row's key, "doc_id=…, block_id=…", or "-" for the table as a whole
    field: str
    value: str
    rule: str

    def __str__(self) -> str:
        return f"{self.table} [{self.row}] {self.field}={self.value!r}: {self.rule}"


def table_names() -> list[str]:
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


@lru_cache(maxsize=None)
def descriptor(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def arrow_schema(name: str) -> pa.Schema:
    fields = []
    for f in descriptor(name)["fields"]:
        if f["type"] == "array":
            typ = pa.list_(_ARROW_TYPES[f["arrayItem"]["type"]])
        else:
            typ = _ARROW_TYPES[f["type"]]
        required = f.get("constraints", {}).get("required", False)
        fields.append(pa.field(f["name"], typ, nullable=not required))
    return pa.schema(fields)


def validate(name: str, table: pa.Table, others: dict[str, pa.Table]) -> list[Violation]:
    """Check `table` against its schema, then its foreign keys against `others`."""
    import frictionless

    desc = descriptor(name)
    schema = frictionless.Schema.from_descriptor(
        {k: v for k, v in desc.items() if k in ("fields", "primaryKey")})
    key = desc.get("primaryKey", [])
    rows = table.to_pylist()
    data = [table.column_names] + [[r[c] for c in table.column_names] for r in rows]
    report = frictionless.Resource(data=data, schema=schema).validate(
        limit_errors=1000, checklist=frictionless.Checklist(skip_errors=["blank-row"]))
    violations = []
    for task in report.tasks:
        for err in task.errors:
            row_no = getattr(err, "row_number", None)
            row = rows[row_no - 2] if row_no and 2 <= row_no <= len(rows) + 1 else None
            violations.append(Violation(
                name, _row_key(row, key), getattr(err, "field_name", "") or ",".join(key),
                str(getattr(err, "cell", "")), err.message))
    violations.extend(_foreign_key_violations(name, desc, table, others))
    return violations


def _row_key(row: dict | None, key: list[str]) -> str:
    if row is None:
        return "-"
    return ", ".join(f"{k}={row.get(k)}" for k in key) or "-"


def _foreign_key_violations(name: str, desc: dict, table: pa.Table,
                            others: dict[str, pa.Table]) -> list[Violation]:
    out = []
    for fk in desc.get("foreignKeys", []):
        ref = fk["reference"]
        target = others.get(ref["resource"])
        if target is None:
            out.append(Violation(name, "-", ",".join(fk["fields"]), "",
                                 f"foreign key needs table {ref['resource']}, which is missing"))
            continue
        present = set(zip(*(target.column(f).to_pylist() for f in ref["fields"])))
        for values in zip(*(table.column(f).to_pylist() for f in fk["fields"])):
            if any(v is None for v in values) or values in present:
                continue
            out.append(Violation(name, ", ".join(f"{f}={v}" for f, v in zip(fk["fields"], values)),
                                 ",".join(fk["fields"]), str(values),
                                 f"no row of {ref['resource']} has {','.join(ref['fields'])}={values}"))
    return out
