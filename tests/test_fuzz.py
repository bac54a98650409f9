"""Fuzzing the pipeline with mutations of the real report: no input may crash it.

Each example applies one to four mutations to the bytes of `raw/CTOC-COP-2022-9.txt` (lines
deleted, duplicated or shuffled within a window; a digit changed, or a whole number, up to
5,000 digits long; a day, month or year of a printed date changed, impossible dates such as
"30 February", "31 April", day 0 and year 0000 included; random bytes or control characters
inserted; the text cut anywhere), then runs every in-process stage on it as `python -m pipeline
run` does — ingest, normalize, segment, extract (`pipeline.run.document.process`), the schema
checks and the content QA of `pipeline.run.stages.validate` — and asserts that the only exception ever raised is
`InputError` (bad input, one line).  A few examples go through the command line itself: never
a traceback, an exit code in 0-3.

Examples: FUZZ_EXAMPLES (30 by default; `make test-fuzz` runs 500).  Derandomized, no example
database: the same examples on every run.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import regex as re
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.common.errors import InputError
from pipeline.common.patterns import MONTH, MONTHS


ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "CTOC-COP-2022-9.txt"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))

# --- mutations: each a tuple (name, *arguments), applied to bytes ----------------------------

_MONTH = MONTH.encode()
# The fields of a printed date: a day ("17 to 21 October", "25 and 26 March", "19 October"), a
# month, a year ("October 2022").
DATE_FIELDS = {
    "day": re.compile(rb"\b\d{1,2}(?=(?:\s+" + _MONTH + rb")?(?:\s+\d{4})?\s+(?:to|and)\s+\d{1,2}\s+"
                      + _MONTH + rb"|\s+" + _MONTH + rb")"),
    "month": re.compile(_MONTH),
    "year": re.compile(rb"(?<=" + _MONTH + rb"\s+)\d{4}\b"),
}
DIGIT, NUMBER = re.compile(rb"\d"), re.compile(rb"\d+")
CONTROL = [b"\x00", b"\x01", b"\x07", b"\x08", b"\x0b", b"\x0c", b"\r", b"\x1b", b"\x7f", b"\t",
           "\x85".encode(), "\u2028".encode(), "\u2029".encode(), "\ufeff".encode(), "\u200b".encode(),
           b"\xff", b"\xc3", b"\n\n\n", "\u00ad".encode()]
IMPOSSIBLE_DAYS = [b"0", b"00", b"29", b"30", b"31", b"32", b"99"]
YEARS = [b"0000", b"0001", b"1900", b"2022", b"2024", b"9999"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def mutate(data: bytes, op: tuple) -> bytes:
    name, *args = op
    if name in ("delete", "duplicate", "shuffle"):
        lines = _lines(data)
        if not lines:
            return data
        start, count = args[0] % len(lines), args[1]
        window = lines[start:start + count]
        if name == "delete":
            window = []
        elif name == "duplicate":
            window = window * 2
        else:
            random.Random(args[2]).shuffle(window)
        return b"".join(lines[:start] + window + lines[start + count:])
    if name in ("digit", "number", "date"):
        pattern = DATE_FIELDS[args[0]] if name == "date" else DIGIT if name == "digit" else NUMBER
        found = list(pattern.finditer(data))
        if not found:
            return data
        m = found[args[-2] % len(found)]
        return data[:m.start()] + args[-1] + data[m.end():]
    if name == "insert":
        pos = args[0] % (len(data) + 1)
        return data[:pos] + args[1] + data[pos:]
    if name == "truncate":
        return data[:args[0] % (len(data) + 1)]
    raise ValueError(name)


def mutated(ops: list[tuple]) -> bytes:
    data = REPORT.read_bytes()
    for op in ops:
        data = mutate(data, op)
    return data


_pos = st.integers(0, 10**7)
_window = st.integers(1, 40)
_day = st.sampled_from(IMPOSSIBLE_DAYS) | st.integers(1, 31).map(lambda d: str(d).encode())
OPS = st.one_of(
    st.tuples(st.just("delete"), _pos, _window),
    st.tuples(st.just("duplicate"), _pos, _window),
    st.tuples(st.just("shuffle"), _pos, _window, st.integers(0, 2**16)),
    st.tuples(st.just("digit"), _pos, st.sampled_from(b"0123456789").map(lambda d: bytes([d]))),
    st.tuples(st.just("number"), _pos, st.integers(0, 10**25).map(lambda n: str(n).encode())
              | st.integers(13, 5000).map(lambda n: b"7" * n)),     # beyond 64 bits, beyond int()'s 4300 digits
    st.tuples(st.just("date"), st.just("day"), _pos, _day),
    st.tuples(st.just("date"), st.just("month"), _pos, st.sampled_from(MONTHS).map(str.encode)),
    st.tuples(st.just("date"), st.just("year"), _pos, st.sampled_from(YEARS)),
    st.tuples(st.just("insert"), _pos, st.sampled_from(CONTROL) | st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("truncate"), _pos),
)
MUTATIONS = st.lists(OPS, min_size=1, max_size=4)


# --- the stages, in process -----------------------------------------------------------------

def run_in_process(data: bytes) -> str:
    """Every stage of `python -m pipeline run` on `data` as a text input, in this process, as
    `pipeline.run.stages.validate` checks and reports the tables and makes the set's files (every
    export, CSV included): "ok", "violations" (the run would exit 1) or "bad input" (InputError,
    exit 2)."""
    from pipeline.publish import exports, tables
    from pipeline.publish.manifest import manifest_text
    from pipeline.publish.qa_report import render_report
    from pipeline.run.document import process
    from pipeline.validate.qa import run_checks
    from pipeline.validate.schemas import table_names, validate

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(data)
        try:
            _, loaded = process(path)
        except InputError as err:
            assert "\n" not in str(err), f"InputError message of several lines: {err}"
            return "bad input"
        for name in table_names():
            if name not in loaded and name != "qa_issues":
                loaded[name] = tables.to_table(name, [])
        if any(validate(name, table, loaded) for name, table in loaded.items()):
            return "violations"
        rows = {name: table.to_pylist() for name, table in loaded.items()}
        issues = run_checks(rows)
        loaded["qa_issues"] = tables.to_table("qa_issues", issues)
        if validate("qa_issues", loaded["qa_issues"], loaded):
            return "violations"
        files = exports.files(loaded, render_report(issues, rows["documents"] + rows["press_releases"]),
                              exports.FORMATS)
        manifest_text(Path(folder), issues, loaded, [], files)
    return "ok"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(MUTATIONS)
def test_no_mutation_of_the_report_crashes_the_stages(ops):
    run_in_process(mutated(ops))


@pytest.mark.parametrize("ops", [
    [("date", "day", 0, b"30"), ("date", "month", 0, b"February")],     # the session sentence
    [("truncate", 30_000)],                                             # incomplete: exit 3
    [("insert", 5_000, b"\x1b[2J\x0c\x7f")],                            # binary: exit 2
    [("shuffle", 40, 30, 7), ("number", 100, b"99999999999999999999")],
])
def test_the_command_line_never_shows_a_traceback(ops, tmp_path):
    source = tmp_path / "report.txt"
    source.write_bytes(mutated(ops))
    result = subprocess.run([sys.executable, "-m", "pipeline", "-q", "run", str(source), "--out", str(tmp_path / "out"),
                             "--jobs", "1"], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2, 3), result.stderr
    if result.returncode == 2:      # bad input: one line
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# --- the crashes the fuzzing found, each on a few lines -------------------------------------

# A report in a few lines: its own symbol (a running header over a footer), the session
# sentence, an adopted text with an annex, two chapters of proceedings.
SMALL_REPORT = """CTOC/COP/2022/9
V.22-25156 2/3

  I. Resolutions and decisions adopted by the Conference

1. At its eleventh session, held in Vienna from {session}, the
Conference of the Parties adopted the following resolution:

  Resolution 11/1

  International cooperation

  Recalling its decision 2/2 of {recalled}, entitled “Implementation”,
  1. Endorses the recommendations set out in the annex to the present resolution.

  Annex

  Recommendations adopted by the Working Group on
International Cooperation at its twelfth meeting, held on {annex}

  (a) States parties are encouraged to cooperate.

  II. Organizational matters

2. At its 1st meeting, on {meeting}, the Conference considered agenda
item 1, entitled “Organizational matters”.

  III. General discussion

3. At its 2nd meeting, on 18 October 2022, the Conference considered agenda
item {second_item}, entitled “General discussion”.{more}
"""
AS_PRINTED = dict(session="17 to 21 October 2022", recalled="19 October 2005", annex="25 and 26 March 2021",
                  meeting="17 October 2022", second_item="2", more="")


def small_report(**changes) -> bytes:
    return SMALL_REPORT.format(**{**AS_PRINTED, **changes}).encode()


def _tables(data: bytes) -> dict[str, list[dict]]:
    from pipeline.run.document import process

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "report.txt").write_bytes(data)
        _, loaded = process(Path(folder) / "report.txt")
    return {name: table.to_pylist() for name, table in loaded.items()}


def test_the_small_report_is_read_whole():
    found = _tables(small_report())
    assert found["documents"][0]["document_kind"] == "cop_report"
    assert str(found["documents"][0]["start_date"]) == "2022-10-17"
    assert [r["symbol"] for r in found["resolutions"]] == ["11/1"]
    assert str(found["citations"][0]["date"]) == "2005-10-19"
    assert str(found["annex_recommendations"][0]["meeting_start"]) == "2021-03-25"
    assert [a["meeting_dates"] for a in found["agenda_items"]] == [["2022-10-17"], ["2022-10-18"]]
    assert run_in_process(small_report()) == "ok"


@pytest.mark.parametrize("where, changes", [
    # ValueError: day is out of range for month, in ingest/metadata.py parse_date_range
    ("documents", dict(session="30 to 31 February 2022")),
    # ValueError in extract/units.py iso_date (citations, resolutions' action dates)
    ("citations", dict(recalled="31 April 2005")),
    ("citations", dict(recalled="19 October 0000")),     # year 0 is out of range
    # ValueError in extract/recommendations.py date_span
    ("annex_recommendations", dict(annex="30 and 31 February 2021")),
    # extract/context.py parse_dates wrote "2022-04-31", which publish/tables.py could not
    # convert for a date column (and agenda_items published as a string)
    ("agenda_items", dict(meeting="31 April 2022")),
    ("agenda_items", dict(meeting="0 May 2022")),
])
def test_an_impossible_date_is_read_as_none(where, changes):
    found = _tables(small_report(**changes))
    assert found[where], "the row that holds the date is still found"
    assert run_in_process(small_report(**changes)) == "ok"
    issues = [i for i in _qa(found) if i.check == "impossible_date"]
    assert len(issues) >= 1 and all(i.line_start for i in issues)


def _qa(found: dict[str, list[dict]]):
    from pipeline.validate.qa import run_checks

    return run_checks(found)


def test_the_impossible_dates_are_null_where_they_stood():
    found = _tables(small_report(session="30 to 31 February 2022", recalled="31 April 2005",
                                 annex="30 and 31 February 2021", meeting="31 April 2022"))
    document = found["documents"][0]
    assert (document["session_number"], document["start_date"], document["end_date"]) == (11, None, None)
    assert found["citations"][0]["date"] is None
    assert (found["annex_recommendations"][0]["meeting_start"], found["annex_recommendations"][0]["meeting_end"]) \
        == (None, None)
    assert [a["meeting_dates"] for a in found["agenda_items"]] == [[], ["2022-10-18"]]


def test_an_agenda_item_stated_in_two_chapters():
    """KeyError: ('III', None) in extract/agenda.py _number_items: the chapter of an item
    found a second time had no agenda item; now it has the first one's."""
    found = _tables(small_report(second_item="1"))
    assert [(a["item"], a["chapter"]) for a in found["agenda_items"]] == [("1", "II")]
    assert run_in_process(small_report(second_item="1")) == "ok"


def test_a_vote_with_no_count_against():
    """TypeError: unsupported operand type(s) for +: 'int' and 'NoneType', in validate/qa.py
    vote_arithmetic (found with a 5,000-digit count against, which is no count)."""
    data = small_report(more=" The draft decision was adopted by 50 votes in favour, with 3 abstentions.")
    assert [(v["yes"], v["no"]) for v in _tables(data)["votes"]] == [(50, None)]
    assert run_in_process(data) == "ok"


HUGE = "82312355659213373973952031"     # beyond 64 bits
LONG = "7" * 5000                       # beyond the 4,300 digits int() converts


@pytest.mark.parametrize("changes, table", [
    # OverflowError: Python int too large to convert to C long, in publish/tables.py to_table:
    # the meeting of an action (an ordinal), its revision, an agenda item's number, counts
    (dict(more=f" At its {HUGE}th meeting, on 18 October 2022, the Conference adopted a revised draft resolution "
               "(CTOC/COP/2022/L.8/Rev.2) sponsored by Peru. (For the text, see chapter I, section A, "
               "resolution 11/1.)"),
     "actions"),
    (dict(more=" At its 2nd meeting, on 18 October 2022, the Conference adopted a revised draft resolution "
               f"(CTOC/COP/2022/L.8/Rev.{HUGE}) sponsored by Peru. (For the text, see chapter I, section A, "
               "resolution 11/1.)"),
     "actions"),
    (dict(second_item=HUGE), "agenda_items"),
    (dict(more=f" The session was attended by representatives of {HUGE} States parties."), None),
    (dict(more=f" {HUGE} States parties voted in favour, 15 voted against, and 25 abstained."), None),
    (dict(more=f" The draft decision was adopted by {HUGE} votes to 2, with 3 abstentions."), None),
    # ValueError: Exceeds the limit (4300 digits) for integer string conversion, in
    # common/patterns.py number_value
    (dict(more=f" The session was attended by representatives of {LONG} States parties."), None),
])
def test_a_number_too_long_to_be_a_count_is_no_number(changes, table):
    found = _tables(small_report(**changes))
    if table:
        assert found[table], "the row is still found"
    assert all(abs(v) < 2**63 for rows in found.values() for row in rows for v in row.values() if type(v) is int)


def test_numbers_are_read_with_at_most_twelve_digits():
    from pipeline.common.patterns import number_value, ordinal_value
    from pipeline.extract.context import rules_cited

    assert number_value("999,999,999,999") == number_value("9" * 12) == 999_999_999_999
    assert number_value("1,000,000,000,000") is number_value("9" * 13) is number_value(LONG) is None
    assert ordinal_value("11th") == 11 and ordinal_value(f"{HUGE}st") is None
    # Was a span of 10^25 rules: no end of time or memory.
    assert rules_cited(f"rules 14 to 17 and rules 14 to {HUGE}") == [14, 15, 16, 17]
