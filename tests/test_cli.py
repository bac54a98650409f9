"""The command line as a user meets it: exit codes, one-line errors, untouched tables, determinism."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORT, ROOT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline", "-q", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def good_run(pipeline_run, tmp_path_factory) -> Path:
    """A copy of the session's run, so that tests may write into it."""
    import shutil

    out = tmp_path_factory.mktemp("good") / "out"
    shutil.copytree(pipeline_run, out)
    return out


def test_run_writes_the_validated_tables(good_run):
    from pipeline.validate.schemas import table_names

    assert {"documents", "lines", "blocks", "footnotes", "footnote_refs", "repairs", "qa_issues"} <= set(table_names())
    assert set(digests(good_run)) == {f"{n}.parquet" for n in table_names()}
    assert (good_run / "manifest.json").exists() and (good_run / "qa_report.md").exists()


def test_output_is_byte_identical_across_runs(good_run, tmp_path):
    again = run("run", str(ROOT / "raw"), "--out", str(tmp_path))
    assert again.returncode == 0
    assert digests(tmp_path) == digests(good_run)


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    not_pdf = tmp_path / "report.pdf"
    not_pdf.write_text("this is text, not a PDF")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    not_cop = tmp_path / "letter.txt"
    not_cop.write_text("Dear colleagues,\nthe meeting of the working group is postponed.\n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    no_inputs = tmp_path / "nothing"
    no_inputs.mkdir()
    (no_inputs / "notes.md").write_text("no input here")
    return {"not a PDF": not_pdf, "file is empty": empty, "not a report": not_cop,
            "binary": binary, "no .pdf or .txt": no_inputs, "no such file": tmp_path / "missing.txt"}


@pytest.mark.parametrize("case", ["not a PDF", "file is empty", "not a report", "binary",
                                  "no .pdf or .txt", "no such file"])
def test_bad_input_is_one_clear_line_exit_2_and_tables_untouched(case, good_run, tmp_path):
    before = digests(good_run)
    result = run("run", str(bad_inputs(tmp_path)[case]), "--out", str(good_run))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and case in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert digests(good_run) == before


def test_usage_error_exits_2():
    assert run("frobnicate").returncode == 2


def test_validation_failure_exits_1_and_publishes_nothing(good_run, tmp_path):
    out = tmp_path / "out"
    assert run("run", str(REPORT), "--out", str(out)).returncode == 0
    before = digests(out)
    # corrupt an intermediate table: a block whose kind the schema does not allow
    import pyarrow as pa
    import pyarrow.parquet as pq

    blocks = pq.read_table(out / "work" / "blocks.parquet")
    kinds = blocks.column("kind").to_pylist()
    kinds[0] = "poem"
    blocks = blocks.set_column(blocks.schema.get_field_index("kind"), "kind", pa.array(kinds))
    pq.write_table(blocks, out / "work" / "blocks.parquet")
    result = run("validate", "--out", str(out))
    assert result.returncode == 1
    assert "blocks [doc_id=" in result.stderr and "block_id=1]" in result.stderr and "poem" in result.stderr
    assert digests(out) == before


def test_stages_one_by_one_match_run(good_run, tmp_path):
    for args in (("ingest", str(ROOT / "raw")), ("normalize",), ("segment",), ("extract",), ("validate",)):
        assert run(*args, "--out", str(tmp_path)).returncode == 0
    assert digests(tmp_path) == digests(good_run)


def test_codebook_is_up_to_date(good_run):
    from pipeline.publish.codebook import render

    committed = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert render(good_run) == committed, "docs/codebook.md is stale: run `make codebook`"


def test_tables_match_the_golden_snapshots(good_run):
    from pipeline.publish.snapshot import diff

    changes = diff(good_run, ROOT / "tests" / "snapshots")
    assert not changes, "tables differ from tests/snapshots (run `make snapshot` if intended):\n" + changes[:6000]


def test_flags_are_accepted_after_the_subcommand_and_help_names_the_tool(tmp_path, capsys):
    from pipeline import cli

    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert capsys.readouterr().out.startswith("usage: cop-pipeline")
    args = cli._parser().parse_args(["run", "-q", "raw"])
    assert args.quiet is True
    assert cli._parser().parse_args(["-q", "run", "raw"]).quiet is True
    assert cli._parser().parse_args(["run", "raw"]).quiet is False


def test_an_internal_error_has_its_own_exit_code_and_one_line(tmp_path, monkeypatch, capsys):
    from pipeline import cli
    from pipeline.run import stages

    def broken(out, *args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(stages, "validate", broken)
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    (tmp_path / "out").mkdir()
    assert cli.main(["-q", "validate", "--out", str(tmp_path / "out")]) == cli.INTERNAL_ERROR == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("internal error: KeyError: 'a bug'") and "Traceback" not in err[0]
