"""Dates no calendar has: read as null by every stage, reported by the QA check `impossible_date`."""
from __future__ import annotations

import pytest

from pipeline.common.dates import impossible_dates, iso_date
from pipeline.extract.context import parse_dates, session_of
from pipeline.extract.recommendations import annex_meeting, date_span
from pipeline.extract.units import iso_date as printed_date
from pipeline.ingest.metadata import parse_date_range
from pipeline.validate.qa_dates import impossible_date

DOC = "0123456789abcdef"


def test_iso_date():
    assert iso_date(2022, "October", 17) == iso_date("2022", 10, "17") == "2022-10-17"
    assert iso_date(2024, "February", 29) == "2024-02-29"
    for year, month, day in ((2022, "February", 30), (2022, "April", 31), (2022, "May", 0), (0, "May", 1),
                             (2023, "February", 29), (-1, "January", 2)):
        assert iso_date(year, month, day) is None


def test_the_stages_read_an_impossible_date_as_none():
    # Each raised ValueError ("day is out of range for month", "year 0 is out of range").
    assert parse_date_range("from 30 to 31 February 2022") == (None, None)
    assert parse_date_range("from 31 April to 2 May 2022") == (None, "2022-05-02")
    assert parse_date_range("on 0 May 2022") == (None, None)
    assert parse_date_range("from 17 to 21 October 2022") == ("2022-10-17", "2022-10-21")
    assert printed_date("of 31 April 2005") is None
    assert printed_date("of 19 October 0000") is None
    assert date_span("held on 30 and 31 February 2021") == (None, None)
    assert annex_meeting("Recommendations adopted by the Working Group at its twelfth meeting, held on 30 and "
                         "31 February 2021")["meeting_start"] is None
    # Was "2022-04-31", which no date column takes; a list with such a day gives none (the order
    # of the dates tells which meeting each is of).
    assert parse_dates("17 and 31 April 2022", None) == []
    assert parse_dates("17 and 18 October", 2022) == ["2022-10-17", "2022-10-18"]


def test_a_session_with_an_impossible_first_day_keeps_its_year():
    from pipeline.common.records import Block

    block = Block(doc_id=DOC, block_id=1, kind="paragraph", page_start=1, page_end=1, line_start=3, line_end=4,
                  text="1. At its eleventh session, held in Vienna from 30 February to 2 March 2022, the Conference")
    session = session_of([block])
    assert (session.number, session.year) == (11, 2022)


@pytest.mark.parametrize("text, found", [
    ("from 30 to 31 February 2022", ["30 February 2022", "31 February 2022"]),
    ("on 9 and 10 July 2020", []),
    ("from 29 to 30 February 2024", ["30 February 2024"]),
    ("from 31 April to 2 May 2022", ["31 April 2022"]),
    ("19 October 0000", ["19 October 0000"]),
    ("on 17, 18 and 31 February", ["31 February"]),        # no year: 29 February would do
    ("of 29 February", []),
    ("on 29 February 2023", ["29 February 2023"]),
    ("from 28 December 2024 to 2 January 2025", []),
    ("from 28 December to 2 January 2025", []),
    ("paragraphs 3 and 44 of the report of 2022", []),
    ("in 2020 and 31 December 2021", []),
    ("0 May 2020 and 31 April 2021", ["0 May 2020", "31 April 2021"]),
])
def test_impossible_dates(text, found):
    assert [as_read for _, as_read in impossible_dates(text)] == found


def test_the_check_names_the_block_the_footnote_and_the_cover_line():
    rows = {
        "blocks": [dict(doc_id=DOC, block_id=7, kind="paragraph", page_start=2, page_end=2, line_start=30,
                        line_end=32, text="1. At its eleventh session, held in Vienna from 30 to 31 February 2022"),
                   dict(doc_id=DOC, block_id=8, kind="paragraph", page_start=2, page_end=2, line_start=33,
                        line_end=33, text="2. On 17 October 2022, the Conference")],
        "footnotes": [dict(doc_id=DOC, footnote_id=1, number=1, text="Adopted on 31 April 2005.", page=2,
                           line_start=40, line_end=40)],
        "lines": [dict(doc_id=DOC, line_no=n, text=t, zone=z, page=1) for n, t, z in (
            (1, "CTOC/COP/2022/9", "cover"), (2, "held in Vienna from 17 to 32", "cover"),
            (3, "October 2022", "cover"), (4, "0 May 2022", "body"))],
    }
    issues = list(impossible_date(rows))
    assert [(i.table, i.row_key, i.page, i.line_start, i.line_end, i.check) for i in issues] == [
        ("blocks", "block_id=7", 2, 30, 32, "impossible_date"),
        ("blocks", "block_id=7", 2, 30, 32, "impossible_date"),
        ("footnotes", "footnote_id=1", 2, 40, 40, "impossible_date"),
        ("lines", "line_no=2", 1, 2, 3, "impossible_date"),
    ]
    assert "'30 February 2022'" in issues[0].message and "'32 October 2022'" in issues[3].message


def test_no_impossible_date_in_the_real_report(pipeline_run):
    import pyarrow.parquet as pq

    rows = {name: pq.read_table(pipeline_run / f"{name}.parquet").to_pylist()
            for name in ("blocks", "footnotes", "lines")}
    assert len(rows["blocks"]) > 500
    assert list(impossible_date(rows)) == []
