"""One document cannot cost the others: any failure skips it with one line (the traceback in
OUT/work/errors/); the cache is used only when intact, and never for the input's name; every
resource a document may use is bounded, so bombs are skip lines at flat memory."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPORT, ROOT
from pipeline.common.errors import InputError
from pipeline.common.limits import MB, Limits
from pipeline.run.limits import Failure, run_isolated

PEAK_KB = 1024 * 1024       # peak memory of the whole run, its workers included: under 1 GB

# Runs the pipeline with an unreadable file (open raises PermissionError, as chmod 000 would for
# a user other than root) and an extractor bug (normalize raises on a marked document).
PATCHED_MAIN = """
import builtins, sys
real_open = builtins.open
def guarded_open(file, *args, **kwargs):
    if str(file).endswith("locked.txt"):
        raise PermissionError(13, "Permission denied", str(file))
    return real_open(file, *args, **kwargs)
builtins.open = guarded_open
import pipeline.run.document as document
real_normalize = document.normalize_rows
def buggy_normalize(lines):
    if any("TRIGGER-BUG" in line.text for line in lines):
        raise KeyError("an extractor bug")
    return real_normalize(lines)
document.normalize_rows = buggy_normalize
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""

# Runs a command and reports its exit code, stderr and the peak RSS of its process tree.
MEASURED = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": done.returncode, "stderr": done.stderr,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, env=env())


def measured(*args: str) -> dict:
    """The pipeline run in a process of its own: exit code, stderr and peak memory (KB)."""
    done = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "pipeline", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env())
    return json.loads(done.stdout)


def digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.parquet"))}


def sources(out: Path, table: str = "documents") -> list[str]:
    return pq.read_table(out / f"{table}.parquet").column("source_name").to_pylist()


def report_head(lines: int = 60) -> str:
    """The report's first lines: a small COP report that goes through ingest."""
    return "\n".join(REPORT.read_text(encoding="utf-8").splitlines()[:lines]) + "\n"


class Deflated(bytes):
    """A content stream deflated already."""


def deflated_blanks(prefix: bytes, megabytes: int) -> Deflated:
    """`prefix` and then `megabytes` MB of blanks, deflated (about 1 KB a MB), made in no time:
    one MB's block after a full flush (which resets the compressor) repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * MB
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(prefix)
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return Deflated(b"\x78\xda" + head + block * megabytes + compressor.flush() + checksum.to_bytes(4, "big"))


def raw_pdf(contents: list[bytes], compress: bool = True, pages: int = 1) -> bytes:
    """A PDF of `pages` pages, the first drawing `contents` (one content stream each, deflated
    unless `compress` is false or it is `Deflated` already), the others blank."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in range(pages):
        streams = contents if page == 0 else [b"BT ET"]
        first = len(objects) + 2
        refs = " ".join(f"{first + i} 0 R" for i in range(len(streams)))
        kids.append(f"{len(objects) + 1} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> "
                       f">> /Contents [{refs}] >>".encode())
        for content in streams:
            deflate = compress or isinstance(content, Deflated)
            data = zlib.compress(content, 6) if compress and not isinstance(content, Deflated) else content
            objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if deflate else b"")
                           + data + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TEXT_OBJECT = b"BT /F1 1 Tf 0 0 Td (a) Tj ET\n"


# --- per-document isolation -----------------------------------------------------------------

def test_any_failure_skips_that_document_only(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a-good.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-feb.txt").write_text(report_head().replace("from 17 to 21 October 2022",
                                                            "from 30 to 31 February 2022"), encoding="utf-8")
    (folder / "c-locked.txt").write_text(report_head(), encoding="utf-8")
    (folder / "d-bug.txt").write_text(report_head() + "TRIGGER-BUG\n", encoding="utf-8")
    result = run("run", str(folder), "--out", str(out), "--jobs", "2", code=PATCHED_MAIN)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert sources(out) == ["a-good.txt"] or sources(out) == ["a-good.txt", "b-feb.txt"]  # a bad date may
    errors = out / "work" / "errors"                                                   # become a QA finding
    skipped = [line for line in result.stderr.splitlines() if line.startswith("ERROR skipped: ")]
    assert any("c-locked.txt: cannot be read (Permission denied)" in line for line in skipped)
    assert any("d-bug.txt: KeyError: 'an extractor bug' (traceback in " in line for line in skipped)
    assert "Traceback" in (errors / "d-bug.txt.txt").read_text() and (errors / "c-locked.txt.txt").exists()
    if "b-feb.txt" not in sources(out):
        assert any("b-feb.txt: ValueError: day is out of range for month" in line for line in skipped)
        assert "parse_date_range" in (errors / "b-feb.txt.txt").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["skipped"]) == len(skipped)


def test_ingest_skips_a_bad_file_in_a_folder_as_run_does(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a-good.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-broken.pdf").write_text("not a pdf")
    (folder / "c-nul.txt").write_text(report_head() + "\x00", encoding="utf-8")
    result = run("ingest", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "ERROR skipped: " in result.stderr and "b-broken.pdf: not a PDF" in result.stderr
    assert "c-nul.txt: binary file" in result.stderr
    assert pq.read_table(out / "work" / "documents.parquet").column("source_name").to_pylist() == ["a-good.txt"]
    for stage in ("normalize", "segment", "extract"):
        assert run(stage, "--out", str(out)).returncode == 0
    validated = run("validate", "--out", str(out))
    assert validated.returncode == 3 and "but 2 input(s) skipped" in validated.stderr, validated.stderr


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x0b", "\x1f"])
def test_a_control_character_anywhere_makes_a_text_binary(character, tmp_path):
    from pipeline.ingest.inputs import ingest_file

    text = REPORT.read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_text(text[:150_000] + character + text[150_000:], encoding="utf-8")
    with pytest.raises(InputError, match=rf"binary file, neither a PDF nor text \(control character "
                                         rf"0x{ord(character):02x} at byte "):
        ingest_file(path)
    path.write_text(text[:150_000] + "\t\f\r\n" + text[150_000:], encoding="utf-8")    # these are text
    assert ingest_file(path).document.symbol == "CTOC/COP/2022/9"


# --- the verified cache -------------------------------------------------------------------

def _release_dated_by_name() -> str:
    """A press release whose only date is the one in its file name."""
    text = (ROOT / "raw" / "press" / "2022-10-24-cop11-concludes.txt").read_text(encoding="utf-8")
    return text.replace("24 October 2022", "31 February 2022").replace("18 October 2024", "October")


def test_damaged_cache_entries_are_logged_and_recomputed(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    clean = run("-q", "run", str(folder), "--out", str(out))
    assert clean.returncode == 0, clean.stderr
    expected = digests(out)
    [entry] = (out / "work" / "cache").iterdir()

    def truncate():
        (entry / "lines.parquet").write_bytes((entry / "lines.parquet").read_bytes()[:500])

    def delete():
        (entry / "officers.parquet").unlink()

    def replace():
        (entry / "participation.parquet").write_bytes((entry / "officers.parquet").read_bytes())

    for damage, said in ((truncate, "is damaged (lines.parquet has changed since it was stored)"),
                         (delete, "is incomplete (officers.parquet missing)"),
                         (replace, "is damaged (participation.parquet has changed since it was stored)")):
        damage()
        again = run("-q", "run", str(folder), "--out", str(out))
        assert again.returncode == 0, again.stderr
        assert again.stderr.splitlines() == [f"WARNING cache: the entry for a.txt {said}: recomputed"]
        assert digests(out) == expected


def test_a_renamed_input_gets_its_new_name_not_the_cached_one(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2022-10-24-release.txt").write_text(_release_dated_by_name(), encoding="utf-8")
    assert run("-q", "run", str(folder), "--out", str(out)).returncode == 0
    assert pq.read_table(out / "press_releases.parquet").column("date").to_pylist()[0].isoformat() == "2022-10-24"
    (folder / "a.txt").rename(folder / "renamed.txt")
    (folder / "2022-10-24-release.txt").rename(folder / "2023-01-05-release.txt")
    again = run("run", str(folder), "--out", str(out))
    assert again.returncode == 0, again.stderr
    # the report comes from the cache under its new name; the release, dated by its name, is read again
    assert "2 document(s), 1 from the cache, 1 to process" in again.stderr
    assert sources(out) == ["renamed.txt"]
    releases = pq.read_table(out / "press_releases.parquet").to_pylist()
    assert [(r["source_name"], r["date"].isoformat()) for r in releases] == [("2023-01-05-release.txt", "2023-01-05")]


# --- bounded resources -------------------------------------------------------------------

@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> Path:
    """A good report among bombs, each small on disk."""
    folder = tmp_path_factory.mktemp("bombs")
    (folder / "a-good.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-operators.pdf").write_bytes(raw_pdf([TEXT_OBJECT * 2_000_000]))           # ~140 KB
    (folder / "c-operators-spread.pdf").write_bytes(raw_pdf([TEXT_OBJECT * 90_000] * 25))  # ~160 KB
    (folder / "d-stream-bomb.pdf").write_bytes(raw_pdf([deflated_blanks(b"BT /F1 12 Tf 72 700 Td (hi) Tj ET\n",
                                                                         1000)]))               # ~1 MB
    (folder / "e-junk.txt").write_bytes(b"junk " * 230_000)                                   # 1.1 MB
    assert sum(p.stat().st_size for p in folder.iterdir()) < 3 * MB
    return folder


def test_bombs_are_skip_lines_at_bounded_memory(bombs, tmp_path):
    result = measured("-q", "run", str(bombs), "--out", str(tmp_path), "--jobs", "1", "--max-input-mb", "1")
    assert result["rc"] == 3, result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert result["peak_kb"] < PEAK_KB, result
    skipped = sorted(line for line in result["stderr"].splitlines() if line.startswith("ERROR skipped: "))
    assert [line.split(str(bombs) + "/")[1] for line in skipped] == [
        "b-operators.pdf: a page holds more than 100,000 text operators (--max-text-ops-per-page)",
        "c-operators-spread.pdf: its 1 page(s) hold 2,250,000 text operators, more than 100,000 a page "
        "(--max-text-ops-per-page)",
        "d-stream-bomb.pdf: a compressed stream inflates to more than 256 MB (--max-stream-mb)",
        "e-junk.txt: the file is 1.1 MB, over the limit of 1 MB (--max-input-mb)"]
    assert sources(tmp_path) == ["a-good.txt"]


def _pages_pdf(path: Path) -> None:
    path.write_bytes(raw_pdf([b"BT /F1 12 Tf 72 700 Td (Report of the Conference) Tj ET"], pages=3))


def _objects_pdf(path: Path) -> None:          # uncompressed: counted by PDFium, not by the stream scan
    path.write_bytes(raw_pdf([b"BT /F1 12 Tf 72 700 Td (Report) Tj ET\n" * 200], compress=False))


def _spread_pdf(path: Path) -> None:
    path.write_bytes(raw_pdf([TEXT_OBJECT * 90_000] * 25))


def _report(path: Path) -> None:
    path.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.parametrize("make, flags, message", [
    (_pages_pdf, ["--max-pages", "2"], "the PDF has 3 pages, over the limit of 2 (--max-pages)"),
    (_pages_pdf, ["--max-chars-per-page", "10"], "page 1 has 24 characters, over the limit of 10 (--max-chars-per-page)"),
    (_objects_pdf, ["--max-text-ops-per-page", "100"],
     "page 1 has 200 text objects, over the limit of 100 (--max-text-ops-per-page)"),
    (_spread_pdf, ["--max-text-ops-per-page", "100000000", "--memory-limit-mb", "300"],
     "over the memory limit of 300 MB (--memory-limit-mb)"),
    (_report, ["--time-limit", "0.5"], "took longer than 0.5 s, the time limit (--time-limit)"),
], ids=["pages", "characters", "text objects", "memory", "time"])
def test_each_bound_is_one_line_and_exit_2_for_a_single_input(make, flags, message, tmp_path):
    path = tmp_path / ("input.txt" if make is _report else "input.pdf")
    make(path)
    result = measured("run", str(path), "--out", str(tmp_path / "out"), "--jobs", "1", *flags)
    assert result["rc"] == 2, result["stderr"]
    errors = [line for line in result["stderr"].splitlines() if not line.startswith("INFO ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: ") and message in errors[0], errors
    assert result["peak_kb"] < PEAK_KB, result


# --- the worker -------------------------------------------------------------------------------

def test_a_worker_that_swells_dies_or_hangs_is_a_failure_naming_the_limit():
    limits = Limits(seconds=2, memory_mb=200)

    def work(kind: str):
        if kind == "swell":
            return len(bytearray(400 * MB))
        if kind == "signal":
            os.kill(os.getpid(), signal.SIGSEGV)
        if kind == "hang":
            import time
            time.sleep(60)
        if kind == "bug":
            raise ZeroDivisionError("division by zero")
        return kind.upper()

    results = dict(run_isolated(["swell", "signal", "hang", "bug", "fine"], work, limits, jobs=3))
    assert results["fine"] == "FINE"
    assert results["swell"] == Failure("swell: over the memory limit of 200 MB (--memory-limit-mb)")
    assert results["signal"].reason == ("signal: the worker reading it died (SIGSEGV): over the memory limit "
                                        "of 200 MB (--memory-limit-mb), or a crash of the reader")
    assert results["hang"].reason == "hang: took longer than 2 s, the time limit (--time-limit)"
    assert results["bug"].reason == "bug: ZeroDivisionError: division by zero"
    assert "Traceback" in results["bug"].trace and "ZeroDivisionError" in results["bug"].trace
