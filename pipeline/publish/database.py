"""`OUT/cop.duckdb`: every table of the set in one DuckDB database, with the citation edges and
the views of `views.sql` (texts with their action and vote, sponsors per adopted text,
statements per agenda item, cited instruments).  Tables, columns and views carry the
descriptions of the schema files as comments (`duckdb_tables()`, `duckdb_columns()`,
`duckdb_views()`).

The content is deterministic (the same rows in the same order); the file is not byte-identical
between runs (DuckDB writes run-specific bytes into its header), so it is outside the
byte-identity guarantee.
"""
from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import pyarrow as pa

DATABASE = "cop.duckdb"


def database_bytes(tables: dict[str, pa.Table], descriptions: dict[str, tuple[str, dict[str, str]]]) -> bytes:
    """The database file holding `tables` (name -> table), each commented with
    `descriptions[name]` = (table description, {column: description}), and the views."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="cop-duckdb-") as folder:
        path = Path(folder) / DATABASE
        con = duckdb.connect(str(path))
        try:
            con.execute("BEGIN")           # one transaction: many times faster than one per statement
            for name, table in sorted(tables.items()):
                con.register("arrow_source", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM arrow_source')
                con.unregister("arrow_source")
                about, columns = descriptions[name]
                con.execute(f'COMMENT ON TABLE "{name}" IS {_literal(about)}')
                for column, text in columns.items():
                    con.execute(f'COMMENT ON COLUMN "{name}"."{column}" IS {_literal(text)}')
            con.execute(views_sql())
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        return path.read_bytes()


def views_sql() -> str:
    """The views' SQL, with their documentation (pipeline/publish/views.sql)."""
    return (resources.files("pipeline") / "publish" / "views.sql").read_text(encoding="utf-8")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
