"""The content QA on the real report finds the source's own errors, with their locations."""
import pyarrow.parquet as pq

from pipeline.validate.qa import run_checks


def findings(pipeline_run, check):
    rows = pq.read_table(pipeline_run / "qa_issues.parquet").to_pylist()
    return [r for r in rows if r["check"] == check]


def test_threshold_contradiction_found(pipeline_run):
    [issue] = findings(pipeline_run, "vote_threshold")
    assert "two-thirds majority of 53" in issue["message"] and "gives 52 for 78" in issue["message"]
    assert (issue["table"], issue["row_key"], issue["line_start"], issue["line_end"]) == ("votes", "vote_id=1", 3545, 3561)


def test_misspelt_state_found(pipeline_run):
    [issue] = findings(pipeline_run, "misspelt_state_name")
    assert "'Hungry' is no State name; close to 'Hungary'" in issue["message"]
    assert (issue["line_start"], issue["severity"], issue["category"]) == (4058, "warning", "spelling")
    assert "Greece, Hungry, Ireland" in issue["quote"] or "co-sponsors" in issue["quote"]


def test_qa_report_lists_findings_with_locations(pipeline_run):
    report = (pipeline_run / "qa_report.md").read_text(encoding="utf-8")
    assert "**vote_threshold** (page ?, lines 3545–3561; votes vote\\_id=1)" in report
    assert "'Hungry'" in report
    # grouped by severity, then class
    assert report.index("### Errors") < report.index("#### contradiction") < report.index("### Warnings") \
        < report.index("#### spelling") < report.index("### Information") < report.index("#### unresolved")


# Every finding on the real report, each verified by reading the source (line numbers of
# raw/CTOC-COP-2022-9.txt; the verdicts are in the note of issue 13).
REAL_FINDINGS = [
    ("vote_threshold", "error", "contradiction", 3545),          # two-thirds of 78 is 52, not 53
    ("sponsor_lists_disagree", "error", "contradiction", 5746),  # para. 51 names Canada, Ecuador, Guatemala; fn. 1 not
    ("adopted_twice", "warning", "duplicate", 3704),             # credentials report adopted (para. 25), approved (28)
    ("malformed_link", "warning", "reference", 1515),            # undocs.org/61/295: no A/RES/
    ("malformed_link", "warning", "reference", 1627),            # undocs.org/70/174
    ("malformed_link", "warning", "reference", 1629),            # undocs.org/76/181
    ("name_variant", "warning", "name", 2020),                   # "Review of the implementation" (23x Implementation)
    ("document_described_differently", "warning", "name", 4545),  # CTOC/COP/2022/5 "and report" (4x "and the report")
    ("document_described_differently", "warning", "name", 4734),
    ("name_variant", "warning", "name", 4781),                   # "Smuggling of the Migrants Protocol"
    ("document_described_differently", "warning", "name", 5418),  # CRP.3 "on constructive" (4x "on the constructive")
    ("misspelt_state_name", "warning", "spelling", 4058),        # "Hungry"
    ("missing_preposition", "warning", "grammar", 4058),         # "and keeping with the spirit"
    ("name_without_article", "warning", "grammar", 4058),        # "Dominican Republic", "Netherlands", ... in para. 51
    ("missing_auxiliary", "warning", "grammar", 4478),           # "that it been seen"
    ("point_of_views", "warning", "grammar", 4478),              # "the points of views"
    ("missing_article", "warning", "grammar", 5057),             # "as result of"
    ("name_without_article", "warning", "grammar", 5436),        # "Parliamentary Assembly ...", "Global Initiative ..."
    ("chapter_order", "info", "sequence", 5609),                 # IX (item 8) before X (item 7): order of consideration
    ("votes_rules_cited_missing", "info", "sibling", 3586),      # vote 3 cites no rule; votes 1 and 2 cite rule 63
    ("undated_meeting", "info", "sibling", 3893),                # "At its 3rd meeting," dated nowhere
] + [("unresolved_name", "info", "unresolved", line) for line in [3970] * 3 + [4594] * 3 + [4770] * 3]


def test_the_real_reports_findings_exactly(pipeline_run):
    rows = pq.read_table(pipeline_run / "qa_issues.parquet").to_pylist()
    assert [(r["check"], r["severity"], r["category"], r["line_start"]) for r in rows] == REAL_FINDINGS
    assert all(r["quote"] for r in rows if r["table"] in ("blocks", "footnotes", "sponsors", "statements"))


def test_no_artifact_is_left_in_any_table_of_the_real_report(pipeline_run):
    from pipeline.validate.qa_artifacts import artifact_scan, split_word_artifacts

    tables = [p.stem for p in pipeline_run.glob("*.parquet")]
    rows = {name: pq.read_table(pipeline_run / f"{name}.parquet").to_pylist() for name in tables}
    assert list(artifact_scan(rows)) == [] and list(split_word_artifacts(rows)) == []


def vote(**over):
    row = dict(doc_id="d" * 16, vote_id=1, yes=10, no=5, present_and_voting=15, majority="simple",
               threshold_stated=8, threshold_computed=8, passed_as_stated=True, passed_by_rule=True,
               page=None, line_start=1, line_end=2)
    return {**row, **over}


def test_vote_checks_on_fixtures():
    assert run_checks({"votes": [vote()]}) == []
    found = {i.check for i in run_checks({"votes": [vote(present_and_voting=16, threshold_stated=9,
                                                          passed_as_stated=False)]})}
    assert found == {"vote_present_and_voting", "vote_threshold", "vote_outcome"}


def test_sequence_checks_on_fixtures():
    """Operative paragraphs 1, 2, 4 and annex letters (a), (b), (d): the label after a gap at the
    end is a slip; (a), (b), (d), (e) is a gap, (c) missing."""
    def rows(part, labels, annex=None):
        blocks = [dict(doc_id="d" * 16, block_id=i, kind="paragraph", text=f"{x} Text", page_start=1, page_end=1,
                       line_start=10 * i, line_end=10 * i + 1, footnote_numbers=[]) for i, x in enumerate(labels, 1)]
        segments = [dict(doc_id="d" * 16, block_id=i, structure=f"I/A/resolution 1/1/{part}", part=part, text_id=1,
                         text_kind="resolution", text_symbol="1/1", annex=annex, label=x, continued=False,
                         chapter="I", section="A")
                    for i, x in enumerate(labels, 1)]
        return {"blocks": blocks, "segments": segments}

    found = run_checks(rows("operative", ["1", "2", "4"]))
    assert [(i.check, i.line_start, i.message) for i in found] == [
        ("label_out_of_sequence", 30, "resolution 1/1: operative paragraph 4 where 3 was expected (skipped); "
                                      "the record keeps its printed label")]
    found = run_checks(rows("recommendation", list("abde"), annex="Annex I"))
    assert [(i.check, i.line_start, i.message) for i in found] == [
        ("label_gap", 30, "resolution 1/1, Annex I: recommendation (d) follows (b): (c) missing")]
    assert run_checks(rows("recommendation", list("abcd"), annex="Annex I")) == []


def test_adopted_text_without_action_on_fixtures():
    text = dict(doc_id="d" * 16, resolution_id=1, kind="resolution", symbol="5/1", status="adopted",
                page_start=None, line_start=1, line_end=2)
    action = dict(doc_id="d" * 16, result_kind="resolution", result_number="5/1")
    assert run_checks({"resolutions": [text], "actions": [action]}) == []
    assert [i.check for i in run_checks({"resolutions": [text], "actions": []})] == ["text_without_action"]
    elsewhere = {**action, "result_number": "5/2", "symbol": "L.1", "page": None, "line_start": 3, "line_end": 3}
    assert [i.check for i in run_checks({"resolutions": [text], "actions": [action, elsewhere]})] == \
        ["action_without_text"]


def test_press_release_against_report_on_fixtures():
    report, release = "r" * 16, "p" * 16
    rows = {
        "documents": [dict(doc_id=report, session_number=11, document_kind="cop_report")],
        "resolutions": [dict(doc_id=report, resolution_id=i, kind="resolution", symbol=f"11/{i}", status="adopted",
                             session=11) for i in range(1, 7)],
        "participation": [],
        "session_facts": [dict(doc_id=release, fact_id=1, session_number=11, fact_type="resolutions_adopted",
                               subject="resolutions", value=7, value_as_written="seven", qualifier=None,
                               sentence="The Conference adopted seven resolutions.", char_start=0, char_end=5)],
    }
    [issue] = [i for i in run_checks(rows) if i.check == "press_release_vs_report"]
    assert issue.doc_id == release and "'seven'" in issue.message and "give 6" in issue.message
    rows["session_facts"][0].update(value=6, value_as_written="six")
    assert [i for i in run_checks(rows) if i.check == "press_release_vs_report"] == []


def test_text_without_title_is_a_finding_not_a_failed_run():
    text = dict(doc_id="d" * 16, resolution_id=1, kind="resolution", status="adopted", symbol="11/1", title=None,
                session=11, page_start=None,
                line_start=5, line_end=9)
    assert [i.check for i in run_checks({"resolutions": [text]}) if i.check == "text_without_title"] == \
        ["text_without_title"]


def test_a_redated_and_renumbered_copy_gives_the_same_findings(tmp_path):
    """No value of this report is in the checks: the report moved to another year and session
    (every "2022" -> "2030", "eleventh session" -> "fourteenth session", texts 11/n -> 14/n) gives
    the same findings at the same lines."""
    import os
    import subprocess
    import sys

    import regex as re

    from tests.conftest import ROOT

    text = (ROOT / "raw" / "CTOC-COP-2022-9.txt").read_text(encoding="utf-8")
    moved = re.sub(r"\b2022\b", "2030", text)
    moved = re.sub(r"\beleventh(\s+session)", r"fourteenth\1", moved)
    moved = re.sub(r"\btwelfth(\s+session)", r"fifteenth\1", moved)
    moved = re.sub(r"\b(resolutions?|decisions?|Resolution|Decision)(\s+)11/(\d)", r"\1\g<2>14/\3", moved)
    assert moved.count("2030") > 100 and "14/4" in moved
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "CTOC-COP-2030-9.txt").write_text(moved, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "-q", "run", str(tmp_path / "raw"), "--out", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    rows = pq.read_table(out / "qa_issues.parquet").to_pylist()
    assert [(r["check"], r["severity"], r["category"], r["line_start"]) for r in rows] == REAL_FINDINGS


def test_what_an_extractor_notices_is_a_finding_in_qa_issues(report_text, tmp_path):
    """Every extraction warning is a qa_issues row with its class, severity and lines (#15):
    a document listed without its symbol is noted by the agenda extractor, through the run."""
    import pyarrow.parquet as pq

    from pipeline import cli

    text = report_text
    listed = "3 October 2022 (CTOC/COP/2022/CRP.1); "
    assert text.count(listed) == 1
    line = text[:text.index(listed)].count("\n") + 1
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "report.txt").write_text(text.replace(listed, "3 October 2022; "), encoding="utf-8")
    assert cli.main(["-q", "run", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    issues = pq.read_table(tmp_path / "out" / "qa_issues.parquet").to_pylist()
    noted = [i for i in issues if i["check"] == "document_without_symbol"]
    assert [(i["severity"], i["category"], i["table"]) for i in noted] == [("warning", "extraction", "blocks")]
    assert noted[0]["line_start"] <= line <= noted[0]["line_end"]
    assert "Conference room paper on the status of adherence" in noted[0]["message"]
    assert "document_without_symbol" in (tmp_path / "out" / "qa_report.md").read_text(encoding="utf-8")
