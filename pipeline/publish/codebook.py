"""The codebook, generated from the schema files, with an example value of every field taken
from a run's tables.  `make codebook` writes docs/codebook.md; a test fails when it is stale."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from pipeline.validate.schemas import checked_descriptor, table_names

MAX_EXAMPLE = 60


def _constraints(field: dict) -> str:
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required":
            continue
        if key == "enum":
            value = ", ".join(f"`{v}`" for v in value)
        elif key == "pattern":
            value = f"`{value}`"
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _example(values: list) -> str:
    for value in values:
        if value is None or value == [] or value == "":
            continue
        text = str(value).replace("|", "\\|").replace("\n", " ")
        if len(text) > MAX_EXAMPLE:
            text = text[:MAX_EXAMPLE - 1] + "…"
        return f"`{text}`"
    return ""


def render(tables_dir: Path) -> str:
    out = ["# Codebook", "",
           "Generated from `schemas/*.json` by `make codebook`; examples are taken from the tables of",
           "the default report in `raw/`. Do not edit by hand.", "",
           "A foreign key has the meaning the Table Schema standard gives it: its fields are all set",
           "(and then name a row of the other table) or all null (no reference). An optional",
           "reference is this project's own property (`optionalReferences`, which other tools ignore):",
           "a reference that may be absent while the document id beside it is set; the pipeline",
           "checks it where every one of its fields is set.", ""]
    for name in table_names():
        desc = checked_descriptor(name)
        path = tables_dir / f"{name}.parquet"
        table = pq.read_table(path) if path.exists() else None
        out += [f"## `{name}`", "", desc.get("description", ""), ""]
        key = desc.get("primaryKey")
        out.append(f"- Primary key: {', '.join(f'`{k}`' for k in key)}" if key else "- Primary key: none")
        for fk in desc.get("foreignKeys", []):
            ref = fk["reference"]
            out.append(f"- Foreign key: {', '.join(fk['fields'])} → `{ref['resource']}`"
                       f" ({', '.join(ref['fields'])})")
        for fk in desc.get("optionalReferences", []):
            ref = fk["reference"]
            out.append(f"- Optional reference (checked where every field is set):"
                       f" {', '.join(fk['fields'])} → `{ref['resource']}` ({', '.join(ref['fields'])})")
        if table is not None:
            out.append(f"- Rows in the default report: {table.num_rows}")
        out += ["", "| field | type | required | constraints | description | example |",
                "| --- | --- | --- | --- | --- | --- |"]
        for field in desc["fields"]:
            typ = field["type"] + (f" of {field['arrayItem']['type']}" if field["type"] == "array" else "")
            required = "yes" if field.get("constraints", {}).get("required") else ""
            example = _example(table.column(field["name"]).to_pylist()) if table is not None else ""
            out.append(f"| `{field['name']}` | {typ} | {required} | {_constraints(field)} "
                       f"| {field.get('description', '')} | {example} |")
        out.append("")
    return "\n".join(out)


def write(tables_dir: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(tables_dir), encoding="utf-8")
