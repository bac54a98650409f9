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


def test_no_extraction_doubts_on_the_real_report(pipeline_run):
    checks = {r["check"] for r in pq.read_table(pipeline_run / "qa_issues.parquet").to_pylist()}
    assert checks == {"vote_threshold", "unresolved_name"}


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
    para = dict(doc_id="d" * 16, resolution_id=1, symbol="1/1", part="operative", level=1, page_start=None,
                line_start=1, line_end=1)
    rows = {"resolution_paragraphs": [{**para, "paragraph_id": i, "number": n} for i, n in enumerate([1, 2, 4])]}
    assert [i.check for i in run_checks(rows)] == ["operative_numbering"]
    rec = dict(doc_id="d" * 16, resolution_id=1, annex_number=1, symbol="1/1", annex_label="I", page_start=None,
               line_start=1, line_end=1)
    rows = {"annex_recommendations": [{**rec, "position": i, "letter": x} for i, x in enumerate("abd")]}
    assert [i.check for i in run_checks(rows)] == ["recommendation_letters"]


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
