"""`OUT/datapackage.json`: the published set as a Frictionless Data Package.

One resource per table and format: `<table>` for `<table>.parquet` (always), `<table>-csv` for
`csv/<table>.csv` (with `--formats parquet,csv`); `citation_edges` and `citations-graphml` for
the citation graph.  Each table's resource carries its schema file (fields, primary key,
foreign keys, optional references), with every `reference.resource` naming the resource of the
same format.  `sources` lists the inputs with their full SHA-256.

The descriptor is a pure function of the tables, so it is byte-identical for the same input:
it has no `created` (the time of a run is `generated_at` in manifest.json).
"""
from __future__ import annotations

import json
from importlib import metadata

import pyarrow as pa

from pipeline.publish import citation_graph
from pipeline.publish.csv_export import DIALECT, csv_path
from pipeline.validate.schemas import descriptor, table_names

NAME = "cop-records"
UN_TERMS = "https://www.un.org/en/about-us/terms-of-use"
LICENSES = [
    {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
     "title": "Creative Commons Attribution 4.0 International: the tables, as derived data (their structure, "
              "identifiers, normalised values and links), and this description"},
    {"path": UN_TERMS,
     "title": "United Nations Terms of Use: the source documents, which are United Nations documents, and the "
              "text the tables quote from them"},
]
DESCRIPTION = (
    "Reports of the Conference of the Parties to the United Nations Convention against Transnational Organized "
    "Crime, and UNODC press releases on its sessions, turned into tables: every row traceable to its document, "
    "page and line. The source documents are United Nations documents, used under the United Nations' terms of "
    f"use ({UN_TERMS}); the tables derived from them are published under CC-BY-4.0, while the text they quote "
    "remains under the UN's terms. Each table is a Parquet resource (<table>) and, when CSV was written, a CSV "
    "resource (<table>-csv) of the same schema. A foreign key's fields are all set or all null; "
    "'optionalReferences' (a property of this project, which other tools ignore) names references that may be "
    "absent beside a set doc_id."
)
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def datapackage_text(tables: dict[str, pa.Table], formats: tuple[str, ...]) -> str:
    """The descriptor as JSON."""
    return json.dumps(package(tables, formats), indent=2, ensure_ascii=False) + "\n"


def package(tables: dict[str, pa.Table], formats: tuple[str, ...]) -> dict:
    resources = [_table_resource(name, "parquet") for name in table_names()]
    resources += [_edges_resource(), _graphml_resource()]
    if "csv" in formats:
        resources += [_table_resource(name, "csv") for name in table_names()]
    return {"name": NAME, "title": "Conference of the Parties to the Organized Crime Convention: reports as tables",
            "description": DESCRIPTION, "version": metadata.version(NAME), "licenses": LICENSES,
            "sources": sources(tables), "resources": resources}


def resource_name(table: str, fmt: str) -> str:
    return table if fmt == "parquet" else f"{table}-{fmt}"


def sources(tables: dict[str, pa.Table]) -> list[dict]:
    """Every input, with its file name and full SHA-256: reports and other UN documents, then
    press releases."""
    out = [{"title": f"{d['symbol']}: {d['source_name']}" if d["symbol"] else d["source_name"],
            "path": d["source_name"], "sha256": d["source_sha256"]}
           for d in tables["documents"].to_pylist()]
    out += [{"title": f"UNODC press release{', ' + r['date'].isoformat() if r['date'] else ''}: {r['source_name']}",
             "path": r["source_name"], "sha256": r["source_sha256"]}
            for r in tables["press_releases"].to_pylist()]
    return out


def _table_resource(name: str, fmt: str) -> dict:
    desc = descriptor(name)
    schema = {"fields": desc["fields"]}
    if "primaryKey" in desc:
        schema["primaryKey"] = desc["primaryKey"]
    for keys in ("foreignKeys", "optionalReferences"):
        if keys in desc:
            schema[keys] = [{"fields": fk["fields"], "reference": {
                "resource": resource_name(fk["reference"]["resource"], fmt), "fields": fk["reference"]["fields"]}}
                for fk in desc[keys]]
    located = {"path": f"{name}.parquet", "format": "parquet", "mediatype": PARQUET_MEDIATYPE} if fmt == "parquet" \
        else {"path": csv_path(name), "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
              "dialect": DIALECT}
    return {"name": resource_name(name, fmt), **located, "title": desc["title"], "description": desc["description"],
            "schema": schema}


def _edges_resource() -> dict:
    return {"name": "citation_edges", "path": citation_graph.EDGES_CSV, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "dialect": DIALECT, "title": "Citation edges",
            "description": "One row per citation (citations, by doc_id and citation_id): the edge from the citing "
                           "paragraph or recommendation to the cited instrument, as in citations.graphml.",
            "schema": {"fields": citation_graph.EDGE_FIELDS, "primaryKey": ["doc_id", "citation_id"]}}


def _graphml_resource() -> dict:
    return {"name": "citations-graphml", "path": citation_graph.GRAPHML, "format": "graphml",
            "mediatype": "application/graphml+xml", "title": "Citation graph",
            "description": "The citation graph as GraphML: citing units and cited instruments as nodes, one edge "
                           "per citation, with its provenance (doc_id, page, lines)."}
