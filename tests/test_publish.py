"""Nothing lost, nothing mixed: the published set is replaced whole or not at all, whatever
fails and whenever; one writer per output folder; the output folder checked first; files
created safely; strings from documents escaped."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import REPORT, ROOT
from pipeline.common.errors import InputError, ValidationFailed
from pipeline.publish import release
from pipeline.run import stages
from pipeline.validate.schemas import table_names


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, **kw)


def digests(out: Path) -> dict[str, str]:
    """What a reader of `out` sees: every published file's content."""
    names = [f"{n}.parquet" for n in table_names()] + ["manifest.json"]
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in names if (out / n).exists()}


def complete(out: Path) -> bool:
    """`out` holds one whole set: every table readable, the manifest naming the same tables."""
    files = digests(out)
    if set(files) != {f"{n}.parquet" for n in table_names()} | {"manifest.json"}:
        return False
    manifest = json.loads((out / "manifest.json").read_text())
    return all(pq.read_table(out / f"{n}.parquet").num_rows == manifest["tables"][n] for n in table_names())


@pytest.fixture()
def published(pipeline_run, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(pipeline_run, out, symlinks=True)
    return out


def _other_set(out: Path) -> None:
    """Make the work folder hold a different set (one table's rows changed), so that a mix of
    the old and the new set would show."""
    work = out / "work" / "officers.parquet"
    table = pq.read_table(work)
    pq.write_table(table.slice(0, table.num_rows - 1), work)


def test_a_failure_at_any_file_of_publishing_leaves_the_previous_set(published, monkeypatch):
    before = digests(published)
    _other_set(published)
    files = len(json.loads((published / "manifest.json").read_text())["files"]) + 1   # and manifest.json
    real = release.write_file
    for k in range(files + 1):
        calls = {"n": 0}

        def failing(path, write, k=k, calls=calls):
            calls["n"] += 1
            if calls["n"] > k:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(path, write)

        monkeypatch.setattr(release, "write_file", failing)
        if k < files:
            with pytest.raises(InputError, match="publishing failed .*No space left.*previous tables are intact"):
                stages.validate(published)
            assert digests(published) == before and complete(published)
            assert not list((published / release.VERSIONS).glob(".staging-*"))
        else:
            stages.validate(published)       # every file written: the new set is published
    assert complete(published) and digests(published) != before


def test_a_failure_when_switching_leaves_the_previous_set(published, monkeypatch):
    before = digests(published)
    _other_set(published)
    monkeypatch.setattr(release.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(InputError):
        stages.validate(published)
    assert digests(published) == before and complete(published)


def test_killed_at_random_moments_the_folder_holds_one_whole_set(published):
    before = digests(published)
    _other_set(published)
    rng = random.Random(7)
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "validate", "--out", str(published)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert complete(published)
    again = run("validate", "--out", str(published))
    assert again.returncode == 0, again.stderr
    assert complete(published) and digests(published) != before
    assert not list((published / release.VERSIONS).glob(".staging-*"))


def test_two_runs_on_one_folder_take_turns_or_the_second_gives_up(published):
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "validate", "--out", str(published)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    refused = run("validate", "--out", str(published), "--no-wait")
    waited = run("validate", "--out", str(published))
    assert first.wait() == 0
    if refused.returncode == 2:     # the first run still held the folder
        assert "another run (pid" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert waited.returncode == 0, waited.stderr
    assert complete(published)


def test_output_path_checked_before_any_work(tmp_path):
    not_a_folder = tmp_path / "out"
    not_a_folder.write_text("a file")
    result = run("run", str(REPORT), "--out", str(not_a_folder))
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        f"error: {not_a_folder}: the output path is a file, not a folder"]


def test_too_little_room_is_refused_first(tmp_path, monkeypatch):
    from collections import namedtuple

    from pipeline import cli

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10 ** 9, 10 ** 9, 2 ** 20))
    assert cli.main(["run", str(REPORT), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_tampered_work_table_gives_the_violation_list(published):
    work = published / "work" / "votes.parquet"
    table = pq.read_table(work)
    pq.write_table(table.drop(["yes"]).set_column(0, "doc_id", pa.array([1] * table.num_rows)), work)
    before = digests(published)
    with pytest.raises(ValidationFailed) as failed:
        stages.validate(published)
    assert any("column missing or not of type" in str(v) for v in failed.value.args[0])
    assert digests(published) == before
    result = run("validate", "--out", str(published))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_published_files_readable_and_planted_symlinks_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "qa_report.md.tmp").symlink_to(victim)
    (out / ".manifest.json.tmp").symlink_to(victim)
    result = run("run", str(REPORT), "--out", str(out), env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "keep me"
    assert not (out / "qa_report.md.tmp").is_symlink()
    mode = (out / "documents.parquet").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_names_and_texts_escaped_in_the_report_and_one_line_each_in_the_log(tmp_path):
    source = tmp_path / "[x](javascript:alert(1)) <img src=x onerror=alert(1)>\nINFO forged.txt"
    source.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("run", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "out" / "qa_report.md").read_text(encoding="utf-8")
    assert "<img" not in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "[x](javascript" not in report and "\\[x\\](javascript" in report
    assert not any(line.startswith("INFO forged") for line in result.stderr.splitlines())
