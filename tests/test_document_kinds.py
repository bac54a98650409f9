"""COP reports are recognised by their own symbol or title, never by what they cite; other UN
documents get their layout tables; an incomplete extraction publishes but exits 3."""
from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from conftest import REPORT, ROOT
from pipeline.common.records import Line, Zone
from pipeline.ingest.document_kind import COP_REPORT, UN_DOCUMENT, document_kind
from pipeline.ingest.inputs import ingest_file

GA_DRAFT = ROOT.parent / "shared" / "corpus" / "real-un" / "A-C.3-80-L.3_draft-crime-prevention-programme.pdf"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)


def _lines(*texts: str, zone: Zone = Zone.BODY) -> list[Line]:
    return [Line("d", i, text, zone) for i, text in enumerate(texts, start=1)]


@pytest.mark.parametrize("symbol, head, states_session, kind", [
    ("CTOC/COP/2022/9", [], True, COP_REPORT),
    ("CTOC/COP/2024/12", [], False, COP_REPORT),           # another session: no year or number is fixed
    ("CTOC/COP/WG.2/2022/4", [], True, UN_DOCUMENT),       # a working group's document
    ("CBD/COP/15/17", ["Report of the Conference of the Parties to the Convention on Biological Diversity"],
     True, UN_DOCUMENT),
    ("A/C.3/80/L.3", ["Italy: draft resolution"], True, UN_DOCUMENT),   # cites the COP's twelfth session
    (None, ["Report of the Conference of the Parties to the United Nations Convention against "
            "Transnational Organized Crime on its tenth session"], False, COP_REPORT),
    (None, ["UNITED NATIONS", "GENERAL ASSEMBLY"], False, UN_DOCUMENT),
    (None, ["Dear colleagues,"], True, COP_REPORT),         # an extract that kept only its session sentence
    (None, ["Dear colleagues,"], False, None),
])
def test_kind_by_own_symbol_or_title(symbol, head, states_session, kind):
    assert document_kind(_lines(*head), symbol, states_session) == kind


def test_title_cited_deep_in_the_body_does_not_make_a_report():
    body = ["The General Assembly,"] * 20 + ["Taking note of the Report of the Conference of the Parties to the "
                                             "United Nations Convention against Transnational Organized Crime on "
                                             "its eleventh session"]
    assert document_kind(_lines(*body), None, False) is None


def test_report_of_another_conventions_cop_is_a_un_document(tmp_path):
    text = (REPORT.read_text(encoding="utf-8").replace("CTOC/COP/2022/9", "CBD/COP/15/17")
            .replace("United Nations Convention against Transnational Organized Crime", "Convention on Biological Diversity"))
    path = tmp_path / "cbd.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest_file(path).document
    assert (doc.document_kind, doc.symbol, doc.session_number) == (UN_DOCUMENT, "CBD/COP/15/17", None)


def test_ga_draft_citing_a_cop_session_gets_layout_tables_and_exit_0(tmp_path):
    if not GA_DRAFT.exists():
        pytest.skip(f"{GA_DRAFT} is absent: the shared corpus lives beside the project in this workplace only")
    result = run("run", str(GA_DRAFT), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "not a COP report: layout tables only" in result.stderr
    doc, = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert (doc["document_kind"], doc["symbol"], doc["job_number"], doc["session_number"]) == \
        (UN_DOCUMENT, "A/C.3/80/L.3", "25-16593", None)
    assert doc["title"] == ("Strengthening the United Nations crime prevention and criminal justice programme, "
                            "in particular its technical cooperation capacity")
    assert pq.read_table(tmp_path / "footnotes.parquet").num_rows == 51
    assert pq.read_table(tmp_path / "resolutions.parquet").num_rows == 0


def test_un_document_through_the_stages_one_by_one(tmp_path):
    text = REPORT.read_text(encoding="utf-8").replace("CTOC/COP/2022/9", "CBD/COP/15/17")
    source = tmp_path / "cbd.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run("ingest", str(source), "--out", str(out)).returncode == 0
    for stage in ("normalize", "segment", "extract", "validate"):
        result = run(stage, "--out", str(out))
        assert result.returncode == 0, (stage, result.stderr)
    assert pq.read_table(out / "blocks.parquet").num_rows > 500
    assert pq.read_table(out / "segments.parquet").num_rows == 0


def test_cop_report_with_nothing_extracted_publishes_and_exits_3(tmp_path):
    source = tmp_path / "report.txt"
    source.write_text("CTOC/COP/2030/7\n\nAt its fifteenth session, held in Vienna from 7 to 11 October 2030, "
                      "the Conference of the Parties met.\n", encoding="utf-8")
    result = run("run", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 3, result.stderr
    assert "incomplete: report.txt: no adopted text found; no agenda item found" in result.stderr
    issues = pq.read_table(tmp_path / "out" / "qa_issues.parquet").to_pylist()
    assert [(i["check"], i["severity"]) for i in issues if i["severity"] == "error"] == \
        [("extraction_incomplete", "error")]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    found, = manifest["documents"].values()
    assert found["found"]["resolutions"] == 0 and found["incomplete"].startswith("no adopted text")


def test_a_link_loop_in_an_input_folder_is_named_not_followed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "loop").symlink_to(folder)
    (folder / "dangling").symlink_to(tmp_path / "nowhere")
    result = run("ingest", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "loop is a link to a folder or to nothing" in result.stderr
    assert "dangling is a link to a folder or to nothing" in result.stderr
