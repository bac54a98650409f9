"""The analysis notebook runs top to bottom on the pipeline's tables, headless and offline.

Needs the notebook extra (matplotlib, nbformat, nbclient, ipykernel); skipped when it is not installed.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"

# Figures the notebook saves (to COP_FIGURES) for the tables of the real report; press facts are not among them.
REPORT_FIGURES = {"resolutions_paragraphs", "lead_phrases", "recommendations_by_topic", "votes",
                  "statements_per_item", "top_speakers", "sponsors_per_draft", "citation_graph",
                  "citations_by_body", "qa_findings"}


def execute(tables: Path, figures: Path, monkeypatch) -> nbformat.NotebookNode:
    """Runs the notebook in a python3 kernel of this interpreter, with the Agg backend and no display."""
    monkeypatch.setenv("COP_TABLES", str(tables))
    monkeypatch.setenv("COP_FIGURES", str(figures))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    # Look for kernelspecs in this environment first, so "python3" is this interpreter's ipykernel.
    monkeypatch.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=120, startup_timeout=60,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()                                   # raises CellExecutionError on the first failing cell
    return nb


def outputs(nb) -> list:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def printed(nb) -> str:
    return "".join(out.get("text", "") for out in outputs(nb) if out.output_type == "stream")


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_runs_on_the_report_tables(pipeline_run, tmp_path, monkeypatch):
    import pandas as pd

    nb = execute(pipeline_run, tmp_path / "figures", monkeypatch)

    assert not [out for out in outputs(nb) if out.output_type == "error"]
    saved = {p.stem for p in (tmp_path / "figures").glob("*.png")}
    assert REPORT_FIGURES <= saved, sorted(REPORT_FIGURES - saved)
    assert all(p.stat().st_size > 5_000 for p in (tmp_path / "figures").glob("*.png"))
    facts = pipeline_run / "session_facts.parquet"
    if not facts.exists() or pd.read_parquet(facts).empty:      # a report alone: no press-release facts
        assert "skipping this section" in printed(nb)            # the press section is skipped with a note
        assert "press_facts" not in saved


def test_notebook_handles_several_sessions_and_press_facts(pipeline_run, tmp_path, monkeypatch):
    """A corpus of two reports (the real one and a copy relabelled as session 12) plus press-release facts."""
    import pandas as pd

    tables = tmp_path / "tables"
    tables.mkdir()
    other = "f" * 16
    for path in sorted(pipeline_run.glob("*.parquet")):
        df = pd.read_parquet(path)
        if "doc_id" in df:
            copy = df.copy()
            copy["doc_id"] = other
            if path.stem == "documents":
                copy["session_number"] = 12
                copy["source_name"] = "copy.txt"
            df = pd.concat([df, copy], ignore_index=True)
        df.to_parquet(tables / path.name, index=False)
    # The press-release tables as pipeline/press.py describes them (value an integer, written form apart).
    release_a, release_b = "a" * 16, "b" * 16
    pd.DataFrame({
        "doc_id": [release_a, release_b], "source_name": ["2022-10-24-cop11.txt", "2024-10-21-cop12.txt"],
        "date": ["2022-10-24", "2024-10-21"], "date_source": ["dateline", "file_name"], "session_number": [11, 12],
        "title": ["COP11 concludes", None],
    }).to_parquet(tables / "press_releases.parquet", index=False)
    pd.DataFrame({
        "doc_id": [release_a, release_a, release_a, release_b],
        "fact_id": [1, 2, 3, 1],
        "session_number": [11, 11, 11, 12],
        "fact_type": ["participants", "resolutions_adopted", "states", "side_events"],
        "subject": ["participants", "resolutions", "countries", "side events"],
        "value": [1500, 6, 134, 60],
        "value_as_written": ["1500", "six", "134", "60"],
        "qualifier": ["more than", None, None, "more than"],
        "sentence": ["… more than 1500 participants from 134 countries …", "… adopted six resolutions …",
                     "… more than 1500 participants from 134 countries …", "More than 60 side events …"],
        "char_start": [10, 20, 40, 0], "char_end": [36, 35, 53, 26],
    }).to_parquet(tables / "session_facts.parquet", index=False)

    nb = execute(tables, tmp_path / "figures", monkeypatch)

    assert not [out for out in outputs(nb) if out.output_type == "error"]
    saved = {p.stem for p in (tmp_path / "figures").glob("*.png")}
    expected = REPORT_FIGURES | {"press_facts", "press_fact_values"}
    assert expected <= saved, sorted(expected - saved)
    assert "session_facts.parquet not found" not in printed(nb)
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs(nb))
    assert "COP11" in html and "COP12" in html
    assert "report_value" in html                       # the press figure set beside the report's count
