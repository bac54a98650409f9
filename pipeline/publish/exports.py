"""The files of a published set, besides its manifest: every table as Parquet (and as CSV when
asked), the QA report, the citation graph, the Data Package descriptor and the DuckDB database.

Every file but the database is a pure function of the tables, so the same input gives the same
bytes; the manifest (`manifest.py`) holds each file's SHA-256 and the run's metadata.
"""
from __future__ import annotations

import pyarrow as pa

from pipeline.publish import citation_graph
from pipeline.publish.csv_export import csv_path, table_csv
from pipeline.publish.database import DATABASE, database_bytes
from pipeline.publish.datapackage import datapackage_text
from pipeline.publish.tables import parquet_bytes
from pipeline.validate.schemas import descriptor

FORMATS = ("parquet", "csv")    # parquet always; csv on demand (`--formats parquet,csv`)


def files(tables: dict[str, pa.Table], qa_report: str, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Path inside the set -> content, for every file of the set but the manifest."""
    out = {f"{name}.parquet": parquet_bytes(table) for name, table in tables.items()}
    if "csv" in formats:
        out.update({csv_path(name): table_csv(table) for name, table in tables.items()})
    out["qa_report.md"] = qa_report.encode("utf-8")
    edges = citation_graph.edges(tables)
    edges_table = citation_graph.edges_table(edges)
    out[citation_graph.EDGES_CSV] = table_csv(edges_table)
    out[citation_graph.GRAPHML] = citation_graph.graphml(edges)
    out["datapackage.json"] = datapackage_text(tables, formats).encode("utf-8")
    out[DATABASE] = database_bytes({**tables, "citation_edges": edges_table}, _descriptions(tables))
    return out


def _descriptions(tables: dict[str, pa.Table]) -> dict[str, tuple[str, dict[str, str]]]:
    """Table name -> (its description, {column: description}), for the database's comments."""
    out = {name: (descriptor(name)["description"],
                  {f["name"]: f.get("description", "") for f in descriptor(name)["fields"]}) for name in tables}
    out["citation_edges"] = ("One row per citation: the edge from the citing paragraph or recommendation to the "
                             "cited instrument, as in citations.graphml and citation_edges.csv.",
                             {f["name"]: f["description"] for f in citation_graph.EDGE_FIELDS})
    return out
