"""Corpus runs: several documents, a bad one among them, parallel, cached, on Dask."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPORT, ROOT

SKIPPED = 3     # exit code: published, but an input (the corpus's broken PDF) was skipped


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The real report, the same report renumbered as the next session, a bad file, press folder."""
    folder = tmp_path_factory.mktemp("corpus")
    text = REPORT.read_text(encoding="utf-8")
    (folder / "a-cop11.txt").write_text(text, encoding="utf-8")
    renumbered = (text.replace("eleventh session", "twelfth session").replace("twelfth session of the Conference",
                                                                             "thirteenth session of the Conference")
                  .replace("Resolution 11/", "Resolution 12/").replace("Decision 11/", "Decision 12/")
                  .replace("resolution 11/", "resolution 12/").replace("decision 11/", "decision 12/"))
    (folder / "b-cop12.txt").write_text(renumbered, encoding="utf-8")
    (folder / "c-broken.pdf").write_text("not a pdf at all")
    return folder


def test_bad_document_is_skipped_and_reported(corpus, tmp_path):
    result = run("run", str(corpus), "--out", str(tmp_path), "--jobs", "2")
    assert result.returncode == SKIPPED, result.stderr
    assert "skipped: " in result.stderr and "c-broken.pdf: not a PDF" in result.stderr
    assert "published to" in result.stderr
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert [(d["source_name"], d["session_number"]) for d in docs] == [("a-cop11.txt", 11), ("b-cop12.txt", 12)]
    symbols = pq.read_table(tmp_path / "resolutions.parquet").column("symbol").to_pylist()
    assert "11/1" in symbols and "12/1" in symbols


def test_rerun_uses_the_cache_and_gives_the_same_tables(corpus, tmp_path):
    first = run("run", str(corpus), "--out", str(tmp_path), "--jobs", "2")
    again = run("run", str(corpus), "--out", str(tmp_path), "--jobs", "2")
    assert "2 from the cache, 1 to process" in again.stderr   # the bad file is tried again
    assert first.returncode == again.returncode == SKIPPED
    before = digests(tmp_path)
    assert run("run", str(corpus), "--out", str(tmp_path), "--jobs", "1").returncode == SKIPPED
    assert digests(tmp_path) == before


def test_jobs_do_not_change_the_tables(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("run", str(corpus), "--out", str(one), "--jobs", "1").returncode == SKIPPED
    assert run("run", str(corpus), "--out", str(two), "--jobs", "2").returncode == SKIPPED
    assert digests(one) == digests(two)


def test_dask_executor_on_a_local_cluster(corpus, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert run("run", str(corpus), "--out", str(local), "--jobs", "1").returncode == SKIPPED
    result = run("run", str(corpus), "--out", str(dask), "--executor", "dask", "--jobs", "2")
    assert result.returncode == SKIPPED, result.stderr
    assert digests(dask) == digests(local)


def test_all_inputs_bad_exits_2(tmp_path):
    (tmp_path / "x.pdf").write_text("nope")
    (tmp_path / "y.txt").write_text("")
    result = run("-q", "run", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: none of the 2 inputs could be read")
