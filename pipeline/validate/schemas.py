"""The table schemas in `pipeline/schemas/` (Frictionless Table Schema): loading, Arrow types,
validation.

The schema files are the single source of truth: the Arrow schema a table is written
with, the checks it must pass and the codebook all come from them.  They ship inside the
package (read with importlib.resources, so an installed wheel finds them); the top-level
`schemas/` of a checkout is a link to the same folder.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

SCHEMA_DIR = Path(str(resources.files("pipeline") / "schemas"))

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


# How many violations of one rule in one column are listed (the rest are counted).
MAX_LISTED = 20


@lru_cache(maxsize=None)
def checked_descriptor(name: str) -> dict:
    """The schema file, itself checked against the Table Schema standard by frictionless
    (done by the tests and the codebook, not on every run: the files are part of the code;
    frictionless is a test dependency, the `test` extra)."""
    try:
        import frictionless
    except ImportError:
        from pipeline.common.errors import InputError

        raise InputError("checking the schema files needs frictionless: pip install 'cop-records[test]'") from None

    desc = descriptor(name)
    try:
        frictionless.Schema.from_descriptor({k: v for k, v in desc.items() if k != "name"})
    except frictionless.FrictionlessException as err:
        raise ValueError(f"pipeline/schemas/{name}.json is not a valid Table Schema: {err}") from None
    return desc


def validate(name: str, table: pa.Table, others: dict[str, pa.Table]) -> list[Violation]:
    """Check `table` against its schema (columns and types, required, enum, pattern, minimum,
    maximum, minLength, primary key), then its foreign keys and optional references against
    `others`.

    The constraints have the meaning the Table Schema standard gives them; they are checked
    column by column with Arrow compute, which is many times faster than row by row.
    """
    desc = descriptor(name)
    key = desc.get("primaryKey", [])
    expected = arrow_schema(name)
    violations = [Violation(name, "-", f.name, "", f"column missing or not of type {f.type}")
                  for f in expected
                  if f.name not in table.column_names or not table.schema.field(f.name).type.equals(f.type)]
    if violations:
        return violations
    for field in desc["fields"]:
        column = table.column(field["name"])
        for rule, broken in _broken(column, field.get("constraints", {})):
            violations += _listed(name, table, key, field["name"], rule, broken)
    if key and table.num_rows:
        counts = table.group_by(key).aggregate([([], "count_all")])
        repeated = counts.filter(pc.greater(counts.column("count_all"), 1))
        for row in repeated.to_pylist()[:MAX_LISTED]:
            violations.append(Violation(name, ", ".join(f"{k}={row[k]}" for k in key), ",".join(key), "",
                                        f"primary key repeated {row['count_all']} times"))
    violations.extend(_foreign_key_violations(name, desc, table, others))
    return violations


def _broken(column: pa.ChunkedArray, constraints: dict):
    """(rule, mask of the rows that break it) for each constraint of a column."""
    present = pc.is_valid(column)
    if constraints.get("required"):
        yield "required: a value is missing", pc.invert(present)
    if "enum" in constraints:
        allowed = pa.array(constraints["enum"], type=column.type)
        yield f"enum: not one of {constraints['enum']}", pc.and_(present, pc.invert(pc.is_in(column, allowed)))
    if "pattern" in constraints:
        full = f"^(?:{constraints['pattern']})$"
        yield f"pattern: does not match {constraints['pattern']}", \
            pc.and_(present, pc.invert(pc.match_substring_regex(column, full)))
    if "minimum" in constraints:
        yield f"minimum: below {constraints['minimum']}", pc.less(column, constraints["minimum"])
    if "maximum" in constraints:
        yield f"maximum: above {constraints['maximum']}", pc.greater(column, constraints["maximum"])
    if "minLength" in constraints:
        yield f"minLength: shorter than {constraints['minLength']}", \
            pc.less(pc.utf8_length(column), constraints["minLength"])


def _listed(name: str, table: pa.Table, key: list[str], field: str, rule: str,
            broken: pa.ChunkedArray) -> list[Violation]:
    rows = pc.indices_nonzero(pc.fill_null(broken, False)).to_pylist()
    out = []
    for index in rows[:MAX_LISTED]:
        row = {k: table.column(k)[index].as_py() for k in key + [field]}
        out.append(Violation(name, _row_key(row, key), field, str(row[field]), rule))
    if len(rows) > MAX_LISTED:
        out.append(Violation(name, "-", field, "", f"{rule} (and {len(rows) - MAX_LISTED} more rows)"))
    return out


def _row_key(row: dict | None, key: list[str]) -> str:
    if row is None:
        return "-"
    return ", ".join(f"{k}={row.get(k)}" for k in key) or "-"


def _foreign_key_violations(name: str, desc: dict, table: pa.Table,
                            others: dict[str, pa.Table]) -> list[Violation]:
    """The schema's `foreignKeys`, with the meaning the Table Schema standard (and frictionless)
    gives them: a key whose fields are all null refers to nothing; a key some of whose fields
    are null refers to no row and is a violation; a key wholly set must be in the referenced
    table.  Then its `optionalReferences` (this project's own property, which other tools
    ignore): a reference that may be absent, checked only where every one of its fields is set."""
    return [v for fk in desc.get("foreignKeys", []) for v in _references(name, table, others, fk, False)] \
        + [v for ref in desc.get("optionalReferences", []) for v in _references(name, table, others, ref, True)]


def _references(name: str, table: pa.Table, others: dict[str, pa.Table], fk: dict,
                optional: bool) -> list[Violation]:
    ref = fk["reference"]
    target = others.get(ref["resource"])
    fields = ",".join(fk["fields"])
    if target is None or not set(ref["fields"]) <= set(target.column_names) \
            or not set(fk["fields"]) <= set(table.column_names):
        return [Violation(name, "-", fields, "", f"foreign key needs {ref['resource']}.{','.join(ref['fields'])}, "
                                                 "which is missing")]
    present = set(zip(*(target.column(f).to_pylist() for f in ref["fields"])))
    out = []
    for values in zip(*(table.column(f).to_pylist() for f in fk["fields"])):
        nulls = sum(v is None for v in values)
        if nulls == len(values) or (nulls and optional) or values in present:
            continue
        row = ", ".join(f"{f}={v}" for f, v in zip(fk["fields"], values))
        rule = (f"foreign key partly null: {fields} must be all set or all null" if nulls
                else f"no row of {ref['resource']} has {','.join(ref['fields'])}={values}")
        out.append(Violation(name, row, fields, str(values), rule))
    return out
