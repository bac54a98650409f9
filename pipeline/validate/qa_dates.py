"""Content QA: dates that no calendar has ("from 30 to 31 February 2022", "0 May", year 0000),
and weekdays that contradict the date printed with them ("Tuesday, 17 October 2022").

The stages read such a date as null (`pipeline.common.dates.iso_date`) and go on; this check
says where the document prints it: the block, footnote or cover line.  Registered with the
other checks when `pipeline.validate.qa` imports this module.
"""
from __future__ import annotations

import datetime
from typing import Iterator

import regex as re

from pipeline.common.dates import impossible_dates, iso_date
from pipeline.common.patterns import MONTH
from pipeline.validate.qa import QaIssue, Rows, block_issue, check, sentence_at

CHECK = "impossible_date"


def _message(as_read: str) -> str:
    return f"no such date: {as_read!r} (read as no date)"


@check("date", "warning")
def impossible_date(rows: Rows) -> Iterator[QaIssue]:
    """A day printed in a block, a footnote or on the cover that does not exist."""
    for block in rows.get("blocks", []):
        for offset, as_read in impossible_dates(block["text"]):
            yield block_issue(block, CHECK, f"{_message(as_read)} at offset {offset}", offset)
    for note in rows.get("footnotes", []):
        for offset, as_read in impossible_dates(note["text"]):
            yield QaIssue(note["doc_id"], CHECK, f"{_message(as_read)} at offset {offset}", "footnotes",
                          f"footnote_id={note['footnote_id']}", note["page"], note["line_start"], note["line_end"],
                          quote=sentence_at(note["text"], offset))
    yield from _cover_dates(rows.get("lines", []))


def _cover_dates(lines: list[dict]) -> Iterator[QaIssue]:
    """The cover's lines (a PDF's title and date) are in no block: read them joined, each
    document's in order, so that a date broken over two lines is read whole."""
    by_doc: dict[str, list[dict]] = {}
    for line in lines:
        if line["zone"] == "cover":
            by_doc.setdefault(line["doc_id"], []).append(line)
    for doc_id, cover in by_doc.items():
        cover.sort(key=lambda ln: ln["line_no"])
        starts, text = [], ""
        for line in cover:
            starts.append(len(text))
            text += line["text"].strip() + " "
        for offset, as_read in impossible_dates(text):
            first = max(i for i, start in enumerate(starts) if start <= offset)
            last = max(i for i, start in enumerate(starts) if start < offset + len(as_read))
            yield QaIssue(doc_id, CHECK, _message(as_read), "lines",
                          f"line_no={cover[first]['line_no']}", cover[first]["page"],
                          cover[first]["line_no"], cover[last]["line_no"])


# English weekday names in datetime's order (calendar.day_name follows the locale).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A weekday printed with its date: "Monday, 17 October 2022", "on Thursday 20 October 2022".
WEEKDAY_DATE = re.compile(rf"\b(?P<weekday>{'|'.join(WEEKDAYS)}),?\s+(?P<day>\d{{1,2}})\s+"
                          rf"(?P<month>{MONTH})\s+(?P<year>\d{{4}})\b")


@check("contradiction", "error")
def weekday_against_date(rows: Rows) -> Iterator[QaIssue]:
    """A weekday that the date printed with it does not fall on."""
    for block in rows.get("blocks", []):
        for m in WEEKDAY_DATE.finditer(block["text"]):
            iso = iso_date(m["year"], m["month"], m["day"])
            if iso is None:
                continue
            actual = WEEKDAYS[datetime.date.fromisoformat(iso).weekday()]
            if actual != m["weekday"]:
                yield block_issue(block, "weekday_against_date",
                                  f"“{m.group()}”: {m['day']} {m['month']} {m['year']} was a {actual}", m.start())
