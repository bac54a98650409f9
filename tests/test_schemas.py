"""Validation against the schema files: each kind of constraint is enforced."""
import pyarrow as pa
import pytest

from pipeline.validate.schemas import checked_descriptor, table_names, validate
from pipeline.publish.tables import to_table

DOC = "0123456789abcdef"


def footnote(**over):
    row = dict(doc_id=DOC, footnote_id=1, number=1, text="Ibid.", urls=[], page=None, line_start=3, line_end=3)
    return {**row, **over}


def lines_table():
    return to_table("lines", [dict(doc_id=DOC, line_no=3, text="x", zone="footnote", indented=False)])


def documents_table():
    return to_table("documents", [dict(doc_id=DOC, source_name="r.txt", source_sha256="0" * 64, source_format="text",
                                       line_count=1, session_number=1, session_ordinal="first",
                                       has_cover=False, has_toc=False)])


def check(rows):
    others = {"lines": lines_table(), "documents": documents_table()}
    return [(v.field, v.rule.split(":")[0]) for v in validate("footnotes", to_table("footnotes", rows), others)]


def test_valid_rows_pass():
    assert check([footnote()]) == []


@pytest.mark.parametrize("over, expected", [
    (dict(doc_id="XYZ"), ("doc_id", "pattern")),
    (dict(number=0), ("number", "minimum")),
    (dict(text=""), ("text", "minLength")),
    (dict(line_start=99), ("doc_id,line_start", "no row of lines has doc_id,line_no=('0123456789abcdef', 99)")),
])
def test_each_constraint_is_enforced(over, expected):
    assert expected in check([footnote(**over)])


def test_required_and_primary_key():
    table = to_table("footnotes", [footnote(), footnote()])
    found = validate("footnotes", table, {"lines": lines_table(), "documents": documents_table()})
    assert [v.rule for v in found] == ["primary key repeated 2 times"]
    table = table.set_column(table.schema.get_field_index("text"), pa.field("text", pa.string()),
                             pa.array([None, "x"]))
    assert any(v.rule.startswith("required") for v in validate("footnotes", table, {}))


def test_enum_and_wrong_type():
    table = to_table("blocks", [])
    table = table.set_column(table.schema.get_field_index("block_id"), "block_id", pa.array([], pa.string()))
    assert [v.rule for v in validate("blocks", table, {})][0].startswith("column missing or not of type int64")


def test_every_schema_file_is_a_valid_table_schema():
    for name in table_names():
        assert checked_descriptor(name)["fields"]


def test_foreign_keys_have_the_standards_meaning_optional_references_are_checked_where_set():
    """A foreign key is all set (and found) or all null; a key partly null is a violation, as
    frictionless reports it.  An optional reference is checked only where every field is set."""
    from pipeline.validate.schemas import _foreign_key_violations

    target = pa.table({"doc_id": [DOC], "item": [1]})
    rows = pa.table({"doc_id": [DOC, DOC, DOC, None], "item": [1, 2, None, None]})
    key = {"fields": ["doc_id", "item"], "reference": {"resource": "target", "fields": ["doc_id", "item"]}}
    found = _foreign_key_violations("t", {"foreignKeys": [key]}, rows, {"target": target})
    assert [(v.value, v.rule.split(":")[0]) for v in found] == [
        (f"('{DOC}', 2)", f"no row of target has doc_id,item=('{DOC}', 2)"),
        (f"('{DOC}', None)", "foreign key partly null")]
    found = _foreign_key_violations("t", {"optionalReferences": [key]}, rows, {"target": target})
    assert [v.value for v in found] == [f"('{DOC}', 2)"]


def test_no_foreign_key_of_the_real_tables_is_ever_partly_null():
    """Every foreign key of a schema is made of required fields, so it is never partly null: a
    reference that may be absent beside a set doc_id is an optional reference."""
    for name in table_names():
        desc = checked_descriptor(name)
        required = {f["name"] for f in desc["fields"] if f.get("constraints", {}).get("required")}
        for fk in desc.get("foreignKeys", []):
            assert set(fk["fields"]) <= required, (name, fk["fields"])
