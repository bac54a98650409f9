"""Shared fixtures: the real report (copied into raw/) and its normalized form, computed once."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "CTOC-COP-2022-9.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_lines(report_text):
    from pipeline.ingest.text import read_text_lines

    return read_text_lines(report_text, "report")


@pytest.fixture(scope="session")
def report(report_lines):
    from pipeline.normalize.blocks import normalize

    return normalize(report_lines)


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory) -> Path:
    """The whole pipeline on the default inputs (the real report and the press releases in
    raw/), run as a user runs it, from another folder."""
    import os
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("out")
    result = subprocess.run([sys.executable, "-m", "pipeline", "-q", "run", str(ROOT / "raw"), "--out", str(out)],
                            capture_output=True, text=True, cwd=out, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return out
