"""Ingest stage: recognise a press release and read its own metadata (a row of press_releases).

A press release about a session of the Conference of the Parties (a headline, perhaps a photo
credit, then a dateline "Vienna (Austria), 24 October 2022 – ...") is told from a report by
`is_press_release`; `read_release` reads its date and title.  The session it is about and the
figures it states (session_facts) are read from its text in `pipeline.extract.session_facts`,
and checked against the reports in `pipeline.validate.press_check`.

Pure functions, text in and records out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex as re

from pipeline.common.patterns import FOOTER_LINE, HEADER_LINE, MONTH, MONTHS


# ---------------------------------------------------------------------------------------
# Records


@dataclass
class PressRelease:
    """One press release (a row of press_releases) and the facts it states."""

    doc_id: str
    source_name: str
    source_sha256: str
    date: str | None           # ISO
    date_source: str | None    # "dateline", "text" or "file_name"
    session_number: int | None  # read with the facts (pipeline.extract.session_facts); None until then
    title: str | None
    facts: list = field(default_factory=list)  # its SessionFact records (pipeline.extract.session_facts)


# ---------------------------------------------------------------------------------------
# Text patterns (dates, datelines, titles, reports)

# A date as printed: "12 October 2020", "October 12, 2020".
DATE = re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})"
                  rf"|(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}}),\s+(?P<y2>\d{{4}}))\b")
# A dateline: a place, then the date, at the start of a line: "Vienna (Austria), 12 October
# 2020 —", "Vienna (Austria) - 21 October 2024.", "Vienna, 8 November 2024.".
DATELINE = re.compile(rf"^[ \t]*(?P<place>\p{{Lu}}[^\n,.;:–—]{{0,40}}?)\s*(?:,|\s[-–—])\s*(?={DATE.pattern})",
                      re.M)
# How many non-blank lines may come before the dateline (headline, subtitle, photo credit).
DATELINE_WITHIN_LINES = 5
# A photo credit under the headline: "© UNIS Vienna/Nikoleta Haffar", "Photo: UNODC".
CREDIT = re.compile(r"^(?:©|\(c\)|photo\b|credit\b|image\b)", re.I)
# A date in a file name: "2022-10-24-cop11-concludes.txt".
FILE_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# A numbered paragraph of a report: "15. The Conference ...".
NUMBERED_PARAGRAPH = re.compile(r"^\s*\d{1,3}\.\s+\p{Lu}", re.M)
# How many numbered paragraphs make a text a report rather than a press release.
REPORT_PARAGRAPHS = 3


# ---------------------------------------------------------------------------------------
# Is it a press release?


def _dateline(text: str) -> re.Match | None:
    """The dateline, when one of the first DATELINE_WITHIN_LINES non-blank lines is one."""
    m = DATELINE.search(text)
    if m is None:
        return None
    lines_before = [ln for ln in text[:m.start()].splitlines() if ln.strip()]
    return m if len(lines_before) < DATELINE_WITHIN_LINES else None


def _looks_like_report(text: str) -> bool:
    """Running headers or footers of a UN document, or numbered paragraphs."""
    lines = text.splitlines()
    return (any(HEADER_LINE.match(ln) or FOOTER_LINE.match(ln) for ln in lines)
            or len(NUMBERED_PARAGRAPH.findall(text)) >= REPORT_PARAGRAPHS)


def is_press_release(text: str) -> bool:
    """A news item that opens with a dateline ("Vienna (Austria), 24 October 2022 – ...")
    after at most a headline and a photo credit, and has none of a report's marks (running
    headers, footers, numbered paragraphs)."""
    return _dateline(text) is not None and not _looks_like_report(text)


# ---------------------------------------------------------------------------------------
# Date and title


def _iso(m: re.Match) -> str | None:
    day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    try:
        return dt.date(int(year), MONTHS.index(month) + 1, int(day)).isoformat()
    except ValueError:
        return None


def release_date(text: str, source_name: str = "") -> tuple[str | None, str | None]:
    """(ISO date, where it was found): the dateline's, else the first date of the text, else
    a date in the file name ("2022-10-24-cop11.txt"); (None, None) when there is none."""
    line = _dateline(text)
    if line and (date := _iso(DATE.match(text, line.end()))):
        return date, "dateline"
    for m in DATE.finditer(text):
        if date := _iso(m):
            return date, "text"
    if m := FILE_DATE.search(source_name):
        try:
            return dt.date(*map(int, m.groups())).isoformat(), "file_name"
        except ValueError:
            pass
    return None, None


def release_title(text: str) -> str | None:
    """The headline: the first line before the dateline that is not a photo credit; without a
    dateline, a first line with no final period.  None when the text opens with its dateline."""
    line = _dateline(text)
    head = text[:line.start()] if line else text.strip().split("\n", 1)[0]
    for candidate in head.splitlines():
        candidate = candidate.strip()
        if candidate and not CREDIT.match(candidate) and (line or not candidate.endswith((".", "!", "?"))):
            return candidate
    return None


def read_release(text: str, source_sha256: str, source_name: str) -> PressRelease:
    """The press release's date and title (its doc_id: the first 16 hex digits of the input's
    SHA-256); its session and facts are read from the text by
    `pipeline.extract.session_facts.read_facts`."""
    date, date_source = release_date(text, source_name)
    return PressRelease(source_sha256[:16], source_name, source_sha256, date, date_source, None, release_title(text))
