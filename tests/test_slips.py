"""Extraction that survives the source's own slips (issue #15): a printed label opens its
record whatever its value, and a label out of sequence is a finding at its line.

The slips are made on the real report's text (raw/CTOC-COP-2022-9.txt), one label at a time,
the labels found in the text by their shape (tests/slips.py), drawn by hypothesis over all of
them: for each, no record is lost or gained, the text of every record is unchanged (a record's
text does not include its label), and a `label_out_of_sequence` finding points at the
mutated line.  bench/slip_table.py runs every label and every slip.
"""
from __future__ import annotations

import functools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slips import REPORT, SLIPS, apply, outcome, printed_labels, run, sequences, slip_changes

TEXT = REPORT.read_text(encoding="utf-8")


@functools.cache
def _baseline() -> dict:
    return run(TEXT)


@pytest.fixture(scope="module")
def baseline() -> dict:
    return _baseline()


@pytest.fixture(scope="module")
def report_sequences(baseline):
    return sequences(baseline, printed_labels(TEXT))


def test_every_label_printed_at_a_line_start_opens_a_record(baseline, report_sequences):
    """379 labels start a line of the report; each opens a record of its sequence but the two
    numbered subheadings "1. Deliberations" and "2. Action taken by the Conference" (x2)."""
    labels = printed_labels(TEXT)
    assert len(labels) == 379
    kinds = Counter(s.kind for s in report_sequences for _ in s.labels)
    assert kinds == {"report paragraphs": 146, "annex letters": 75, "operative paragraphs": 73, "sub-items": 42,
                     "footnote numbers": 30, "agenda entries": 9}
    assert sum(kinds.values()) == 379 - 4
    # and no label the report prints is out of sequence
    assert [i for i in baseline["qa_issues"] if i["check"] in ("label_out_of_sequence", "label_gap")] == []
    assert {s["label_expected"] for s in baseline["segments"]} == {None}


def _labelled_record(rows: dict, line: int) -> dict | None:
    for table in ("annex_recommendations", "resolution_paragraphs"):
        if row := next((r for r in rows[table] if r["line_start"] == line), None):
            return row
    return None


@pytest.mark.parametrize("start, old, new, expected", [
    ("(e) States parties are also encouraged to ensure", "e", "d", "e"),    # 11/1 annex I: 75 -> 55 before
    ("(e) UNODC should consider expanding SHERLOC", "e", "d", "e"),         # 11/2 annex I: 75 -> 64
    ("(e) States parties are encouraged to make use of", "e", "f", "e"),    # 11/3 annex: 75 -> 67
])
def test_the_slips_the_issue_reports_lose_no_recommendation(baseline, start, old, new, expected):
    line = next(i for i, text in enumerate(TEXT.split("\n"), 1) if text.strip().startswith(start))
    from slips import Label

    mutated = run(apply(TEXT, [(Label(line, old), new)]))
    assert len(mutated["annex_recommendations"]) == 75
    row = next(r for r in mutated["annex_recommendations"] if r["line_start"] == line)
    assert (row["letter"], row["label_expected"]) == (new, expected)
    assert [r["text"] for r in mutated["annex_recommendations"]] == [r["text"] for r in baseline["annex_recommendations"]]
    found = [i for i in mutated["qa_issues"] if i["check"] == "label_out_of_sequence"]
    assert [(i["line_start"], i["severity"], i["category"]) for i in found] == [(line, "warning", "sequence")]
    assert f"({new}) where ({expected}) was expected" in found[0]["message"]


def test_a_report_paragraph_printed_twice_is_two_paragraphs_and_a_finding_at_the_second(baseline):
    """"5." printed for 6: the issue's example of a report paragraph number printed twice."""
    from slips import Label

    line = next(i for i, text in enumerate(TEXT.split("\n"), 1) if text.startswith("6. "))
    mutated = run(apply(TEXT, [(Label(line, "6"), "5")]))
    paragraphs = [s for s in mutated["segments"] if s["part"] == "paragraph" and s["text_id"] is None]
    assert len(paragraphs) == len([s for s in baseline["segments"] if s["part"] == "paragraph" and s["text_id"] is None])
    assert [(s["label"], s["label_expected"]) for s in paragraphs[4:7]] == [("5", None), ("5", "6"), ("7", None)]
    found = [i for i in mutated["qa_issues"] if i["check"] == "label_out_of_sequence"]
    assert [(i["line_start"], i["message"]) for i in found] == [
        (line, "report paragraph 5 where 6 was expected (duplicated); the record keeps its printed label")]


@settings(max_examples=36, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(data=st.data())
def test_no_slip_of_one_label_loses_a_record_and_each_is_found_at_its_line(data):
    baseline = _baseline()
    report_sequences = sequences(baseline, printed_labels(TEXT))
    seq = data.draw(st.sampled_from([s for s in report_sequences if len(s.labels) >= 2]), label="sequence")
    k = data.draw(st.integers(0, len(seq.labels) - 1), label="position")
    slip = data.draw(st.sampled_from(SLIPS), label="slip")
    changes = slip_changes(seq, k, slip)
    if changes is None:
        return          # no label before to duplicate, nothing after to swap with, no restart of the first two
    mutated = run(apply(TEXT, changes))
    result = outcome(baseline, mutated, changes)
    assert result.counts == {}, (seq.kind, seq.name, slip, changes)
    assert result.texts_changed == [], (seq.kind, seq.name, slip, changes)
    assert result.found_at == result.lines, (seq.kind, seq.name, slip, changes)
    for lab, new in changes:
        if (row := _labelled_record(mutated, lab.line)) is not None:
            printed = row.get("letter") or row.get("label")
            assert printed == new


# ---------------------------------------------------------------------------------------
# roman sub-items: the report prints none at a line start, so four are written under
# paragraph 9 (b) of resolution 11/5, whose text then ends in a colon, as UN texts print them

ROMANS = ["i", "ii", "iii", "iv"]


def _with_romans(romans: list[str]) -> str:
    lines = TEXT.split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith("seize related electronic evidence;"))
    lines[at] = "seize related electronic evidence, by:  "
    lines[at + 1:at + 1] = [line for r in romans for line in ("", f"   ({r}) Training investigators and prosecutors;  ")]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def with_romans() -> dict:
    return run(_with_romans(ROMANS))


def test_roman_sub_items_after_a_chapeau_are_items_of_the_lettered_item(with_romans):
    rows = [p for p in with_romans["resolution_paragraphs"] if p["symbol"] == "11/5"]
    b = next(p for p in rows if p["label"] == "b" and p["text"].endswith("by:"))
    romans = [p for p in rows if p["parent"] == b["paragraph_id"]]
    assert [(p["label"], p["level"], p["label_expected"]) for p in romans] == [(r, 3, None) for r in ROMANS]
    assert [p["label"] for p in rows if p["level"] == 2 and p["parent"] == b["parent"]] == ["a", "b", "c", "d"]
    assert [i for i in with_romans["qa_issues"] if i["check"].startswith("label_")] == []


@pytest.mark.parametrize("printed, expected", [
    (["i", "i", "iii", "iv"], [None, "ii", None, None]),       # duplicated
    (["i", "iii", "iii", "iv"], [None, "ii", None, None]),     # skipped
    (["i", "iii", "ii", "iv"], [None, "ii", "iii", None]),     # swapped
    (["i", "ii", "i", "iv"], [None, None, "iii", None]),       # restarted
])
def test_a_slip_of_a_roman_sub_item_keeps_every_item(with_romans, printed, expected):
    mutated = run(_with_romans(printed))
    rows = [p for p in mutated["resolution_paragraphs"] if p["symbol"] == "11/5"]
    assert len(mutated["resolution_paragraphs"]) == len(with_romans["resolution_paragraphs"])
    assert [p["text"] for p in mutated["resolution_paragraphs"]] == [p["text"] for p in with_romans["resolution_paragraphs"]]
    romans = [p for p in rows if p["level"] == 3]
    assert [(p["label"], p["label_expected"]) for p in romans] == list(zip(printed, expected))
    found = {i["line_start"] for i in mutated["qa_issues"] if i["check"] == "label_out_of_sequence"}
    assert found == {p["line_start"] for p, e in zip(romans, expected) if e}
