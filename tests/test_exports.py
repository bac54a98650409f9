"""The exports of a published set, on the real report: datapackage.json (frictionless validates
the CSV resources, foreign keys included), cop.duckdb and its views, the citation graph, the
manifest's hashes, CSV round trip, and the same bytes from the same input.

The expected counts were verified on the tables of CTOC/COP/2022/9 (raw/): 9 texts (6
resolutions, 2 decisions, 1 postponed draft decision); 53 sponsors of adopted texts (11/1: 2,
11/2: 1, 11/3: 4, 11/4: 14, 11/5: 23, 11/6: 9; the decisions' drafts name none); 19 items of
the session's agenda holding the 261 statements; 101 citations from 52 paragraphs and 14
recommendations to 55 instruments (52 canonical ids, 3 left open as printed: "Protocol", "rules
of procedure" and the Convention for the Protection of Cultural Property), the Convention (UNTOC)
cited 22 times by 18 units for articles 2, 6, 8, 16-20 and 30-32; two of the 66 units cite one
article twice (annex I of 11/1, recommendations (i) and (p)).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from pipeline.validate.schemas import table_names


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "-q", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The whole pipeline on raw/ with --formats parquet,csv, run from another folder."""
    out = tmp_path_factory.mktemp("exports") / "out"
    result = run("run", str(ROOT / "raw"), "--out", str(out), "--formats", "parquet,csv", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def frictionless_report(exported):
    import frictionless

    return frictionless.Package(str(exported / "datapackage.json")).validate()


def published_files(out: Path) -> set[str]:
    current = out / "current"
    return {str(p.relative_to(current)) for p in current.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------------------
# datapackage.json

def test_the_package_describes_every_table_in_both_formats(exported):
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == table_names() + ["citation_edges", "citations-graphml"] + [f"{n}-csv" for n in table_names()]
    for resource in package["resources"]:
        assert (exported / resource["path"]).is_file(), resource["path"]
        for key in resource.get("schema", {}).get("foreignKeys", []):
            target = key["reference"]["resource"]
            assert target in names and target.endswith("-csv") == resource["name"].endswith("-csv")
    assert [(s["path"], s["sha256"]) for s in package["sources"]] == [
        (d["source_name"], d["source_sha256"]) for n in ("documents", "press_releases")
        for d in pq.read_table(exported / f"{n}.parquet").to_pylist()]
    assert {lic.get("name") for lic in package["licenses"]} == {"CC-BY-4.0", None}
    assert any("un.org/en/about-us/terms-of-use" in lic["path"] for lic in package["licenses"])
    assert "created" not in package


def test_frictionless_validates_the_csv_resources_foreign_keys_included(frictionless_report):
    """Every CSV resource passes frictionless, foreign keys included; the Parquet resources
    are read by frictionless 5 through pandas, where a list becomes a NumPy array and an
    integer column with nulls floats: it reports type (and, for NaN, constraint) errors there,
    nothing else."""
    tasks = {task.name: task for task in frictionless_report.tasks}
    csv = [name for name in tasks if name.endswith("-csv") or name == "citation_edges"]
    assert len(csv) == len(table_names()) + 1
    assert [(n, tasks[n].errors[:1]) for n in csv if not tasks[n].valid] == []
    assert tasks["citations-graphml"].valid
    parquet_errors = {e.type for name in table_names() for e in tasks[name].errors}
    assert parquet_errors <= {"type-error", "constraint-error"}


def test_frictionless_checks_the_foreign_keys(exported, tmp_path):
    """A citation pointing at a block the report does not have is a foreign-key error."""
    import csv

    import frictionless

    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"].endswith("-csv")]
    shutil.copytree(exported / "csv", tmp_path / "csv")
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    path = tmp_path / "csv" / "citations.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("block_id")] = "99999"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    errors = [(task.name, e.type) for task in report.tasks for e in task.errors]
    assert errors == [("citations-csv", "foreign-key")]


# ---------------------------------------------------------------------------------------
# CSV

def test_csv_round_trip_of_a_table_with_lists_and_dates(exported):
    import frictionless

    package = frictionless.Package(str(exported / "datapackage.json"))
    rows = [row.to_dict() for row in package.get_resource("annex_recommendations-csv").read_rows()]
    expected = pq.read_table(exported / "annex_recommendations.parquet").to_pylist()
    assert rows == expected
    assert any(r["meeting_start"] for r in rows) and any(r["adopting_bodies"] for r in rows)
    text = (exported / "csv" / "annex_recommendations.csv").read_text(encoding="utf-8")
    assert '"[""Working Group on International Cooperation""]"' in text and ",2021-03-25," in text


def test_csv_booleans_nulls_and_numbers(exported):
    import csv

    with open(exported / "csv" / "votes.csv", encoding="utf-8", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert (first["meeting_stated"], first["page"], first["rules_cited"], first["yes"]) == ("true", "", "[61, 63]", "63")


def test_formats_are_checked(tmp_path):
    for formats, message in (("csv", "parquet is always published"), ("parquet,xlsx", "unknown format 'xlsx'")):
        result = run("validate", "--out", str(tmp_path), "--formats", formats, cwd=tmp_path)
        assert result.returncode == 2 and message in result.stderr


def test_without_csv_no_csv_is_published_or_described(pipeline_run):
    package = json.loads((pipeline_run / "datapackage.json").read_text(encoding="utf-8"))
    assert not (pipeline_run / "csv").exists()
    assert not [r for r in package["resources"] if r["name"].endswith("-csv")]


# ---------------------------------------------------------------------------------------
# cop.duckdb

def test_the_database_holds_every_table_and_answers_the_views(exported):
    import duckdb

    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(exported / "cop.duckdb"), read_only=True) as con:
        tables = dict(con.execute("SELECT table_name, estimated_size FROM duckdb_tables()").fetchall())
        assert set(tables) == set(table_names()) | {"citation_edges"}
        for name in table_names():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == manifest["tables"][name]
        assert all(c for (c,) in con.execute("SELECT comment FROM duckdb_tables()").fetchall())
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        assert set(views) == {"text_actions", "adopted_text_sponsors", "agenda_item_statements", "cited_instruments"}
        assert all(views.values())

        texts = con.execute("SELECT kind, status, symbol, document_symbol, outcome, action_meeting, vote_id "
                            "FROM text_actions").fetchall()
        assert len(texts) == 9
        assert Counter(kind for kind, *_ in texts) == {"resolution": 6, "decision": 2, "draft_decision": 1}
        assert all(outcome == ("postponed" if status == "postponed" else "adopted")
                   for _, status, _, _, outcome, _, _ in texts)
        assert ("resolution", "adopted", "11/6", "CTOC/COP/2022/L.10/Rev.2", "adopted", 10, None) in texts
        assert {vote for *_, vote in texts} == {None}     # the report's three votes are on observers

        sponsors = con.execute("SELECT symbol, count(*) FROM adopted_text_sponsors WHERE kind = 'resolution' "
                               "GROUP BY symbol ORDER BY symbol").fetchall()
        assert sponsors == [("11/1", 2), ("11/2", 1), ("11/3", 4), ("11/4", 14), ("11/5", 23), ("11/6", 9)]
        assert con.execute("SELECT count(*) FROM adopted_text_sponsors").fetchone()[0] == 53

        items = con.execute("SELECT item, statements FROM agenda_item_statements").fetchall()
        assert len(items) == 19 and sum(n for _, n in items) == 261
        assert ("1 (f)", 89) in items and ("1 (d)", 12) in items

        cited = con.execute("SELECT instrument, resolved, citations, citing_units, articles "
                            "FROM cited_instruments").fetchall()
        assert len(cited) == 55 and sum(n for _, _, n, _, _ in cited) == 101
        assert cited[0] == ("UNTOC", True, 22, 18, [2, 6, 8, 16, 17, 18, 19, 20, 30, 31, 32])
        assert {i for i, resolved, *_ in cited if not resolved} == {
            "Protocol", "rules of procedure", "Convention for the Protection of Cultural Property in the Event of Armed Conflict"}


# ---------------------------------------------------------------------------------------
# the citation graph

def test_the_graphml_parses_with_networkx_with_the_citations_nodes_and_edges(exported):
    import networkx as nx

    graph = nx.read_graphml(exported / "citations.graphml")
    assert graph.is_directed() and graph.is_multigraph()
    kinds = Counter(data["type"] for _, data in graph.nodes(data=True))
    assert kinds == {"citing_unit": 66, "instrument": 55}
    assert graph.number_of_edges() == 101
    doc_id = pq.read_table(exported / "documents.parquet").column("doc_id")[0].as_py()
    source, target = f"{doc_id}:1:p2", "UNTS No. 39574"
    assert graph.nodes[source]["label"] == "resolution 11/1, preambular paragraph 1"
    assert graph.nodes[target]["label"] == "United Nations, Treaty Series, No. 39574"
    assert graph.nodes["UNTOC"]["label"] == "United Nations Convention against Transnational Organized Crime"
    assert (graph.nodes["UNTOC"]["resolved"], graph.nodes["Protocol"]["resolved"]) == (True, False)
    edge = graph.edges[source, target, f"{doc_id}:c1"]     # in footnote 1, on line 109 of the source
    assert (edge["doc_id"], edge["citation_id"], edge["footnote_number"], edge["line_start"]) == (doc_id, 1, 1, 109)
    assert [e["article"] for e in graph.get_edge_data(f"{doc_id}:1:a1.9", "UNTOC").values()] == [19, 19]


def test_the_edges_csv_has_one_row_per_citation(exported):
    import csv

    with open(exported / "citation_edges.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    citations = pq.read_table(exported / "citations.parquet").to_pylist()
    assert [(r["doc_id"], int(r["citation_id"])) for r in rows] == [(c["doc_id"], c["citation_id"]) for c in citations]
    assert len({r["source"] for r in rows}) == 66 and len({r["target"] for r in rows}) == 55


# ---------------------------------------------------------------------------------------
# manifest and determinism

def test_the_manifest_hashes_every_other_published_file(exported):
    files = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert set(files) == published_files(exported) - {"manifest.json"}
    assert {name: hashlib.sha256((exported / name).read_bytes()).hexdigest() for name in files} == files


def test_the_same_tables_give_the_same_files_and_database_content(exported, tmp_path):
    """Publishing the same work tables again gives byte-identical files, but for cop.duckdb,
    whose content (every table and view, row by row) is the same."""
    import duckdb

    again = tmp_path / "out"
    shutil.copytree(exported, again, symlinks=True)
    result = run("validate", "--out", str(again), "--formats", "parquet,csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"] for out in (exported, again))
    assert {n for n in first if first[n] != second[n]} <= {"cop.duckdb"}

    def content(path: Path) -> dict:
        with duckdb.connect(str(path), read_only=True) as con:
            names = [n for (n,) in con.execute("SELECT table_name FROM duckdb_tables() UNION ALL "
                                               "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
            return {n: con.execute(f'FROM "{n}"').fetchall() for n in sorted(names)}

    assert content(exported / "cop.duckdb") == content(again / "cop.duckdb")
