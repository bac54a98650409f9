"""Calendar dates as a document prints them, never trusted to exist.

A report may print a date that no calendar has ("from 30 to 31 February 2022", "0 May", the
year 0000): every stage reads a date with `iso_date`, which gives None for such a date (the
date field stays empty) instead of raising, and the QA check `impossible_date`
(`pipeline.validate.qa_dates`) reports where `impossible_dates` finds one.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator

import regex as re

from pipeline.common.patterns import MONTH, MONTHS


def iso_date(year: int | str, month: int | str, day: int | str) -> str | None:
    """The ISO form of a calendar date, the month a number or a month name: (2022, 'October', 17)
    -> '2022-10-17'; None when the date does not exist (30 February, day 0, year 0)."""
    try:
        number = month if isinstance(month, int) else MONTHS.index(month) + 1
        return dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


# A list or span of days as printed, each day taking the month and year of the next that
# states them: "19 October 2005", "from 17 to 21 October 2022", "on 25 and 26 March 2021",
# "on 17, 18 and 19 October", "from 30 September to 4 October 2024", "from 28 December 2024 to
# 2 January 2025".
_DAY = rf"\d{{1,2}}(?:\s+{MONTH})?(?:\s+\d{{4}})?"
_DAYS = re.compile(rf"\b{_DAY}(?:(?:,\s*|,?\s+and\s+|\s+to\s+){_DAY})*\b")
_ONE_DAY = re.compile(rf"\b(?P<day>\d{{1,2}})(?:\s+(?P<month>{MONTH}))?(?:\s+(?P<year>\d{{4}}))?\b")
LEAP_YEAR = 2000    # a day printed without a year exists if it does in a leap year (29 February)


def impossible_dates(text: str) -> Iterator[tuple[int, str]]:
    """(offset, date as read) of each day printed in `text` that no calendar has: "31 April
    2022", the "30 February 2022" of "from 30 to 31 February 2022", "0 May", "17 October
    0000".  A number with no month after it in its list is no date ("paragraphs 3 and 4")."""
    for span in _DAYS.finditer(text):
        days = list(_ONE_DAY.finditer(span.group()))
        month: str | None = None
        year: int | None = None
        found = []
        for day in reversed(days):
            later, month = month, day["month"] or month
            if day["year"]:
                year = int(day["year"])
            elif year is not None and later and month is not None and MONTHS.index(month) > MONTHS.index(later):
                year -= 1      # "from 28 December to 2 January 2025": the year before
            if month is None:
                continue
            date = iso_date(LEAP_YEAR if year is None else year, month, day["day"])
            if date is None:
                as_read = f"{day['day']} {month}" + ("" if year is None else f" {year:04d}")
                found.append((span.start() + day.start(), as_read))
        yield from reversed(found)
