"""What a report says about itself: symbol, job number, session, city, dates, title."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex as re

from pipeline.common.dates import iso_date
from pipeline.common.patterns import (FOOTER_LINE, HEADER_LINE, JOB_NUMBER, MONTH, MONTHS, ORDINAL, SYMBOL,
                                      ordinal_value)
from pipeline.common.records import Line, Zone

# The session sentence: "At its eleventh session, held in Vienna from 17 to 21 October 2022"
# or "held its eleventh session in Vienna from 17 to 21 October 2022".
SESSION_SENTENCE = re.compile(
    rf"(?:[Aa]t its|held its)\s+(?P<ordinal>{ORDINAL})\s+session,?\s+(?:held\s+)?in\s+"
    rf"(?P<city>[A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)\s*,?\s+(?P<dates>from\s+\d{{1,2}}(?:\s+{MONTH})?"
    rf"(?:\s+\d{{4}})?\s+to\s+\d{{1,2}}\s+{MONTH}\s+\d{{4}}|on\s+\d{{1,2}}\s+{MONTH}\s+\d{{4}})"
)

# A date range as printed: "from 17 to 21 October 2022", "from 30 September to 4 October 2024",
# "from 28 December 2024 to 2 January 2025", "on 12 October 2020".
DATE_RANGE = re.compile(
    rf"(?:from\s+(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{MONTH}))?(?:\s+(?P<y1>\d{{4}}))?\s+to\s+"
    rf"|on\s+)(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})\s+(?P<y2>\d{{4}})"
)

# The report's title on a cover page: "Report of the Conference of the Parties ... on its
# eleventh session, held in Vienna from 17 to 21 October 2022".
COVER_TITLE = re.compile(r"Report of the Conference of the Parties.*?session", re.S)

# The number a GA resolution's title starts with: "78/229. ".
TITLE_NUMBER = re.compile(r"^\d+/\d+\.\s+")

# Whether a text speaks of a Conference of the Parties at all (its session sentence is the COP's).
COP_MENTION = re.compile(r"Conference\s+of\s+the\s+Parties")


@dataclass
class ReportMetadata:
    symbol: str | None = None
    job_number: str | None = None
    page_total: int | None = None
    session_number: int | None = None
    session_ordinal: str | None = None
    city: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    title: str | None = None


def parse_date_range(text: str) -> tuple[str | None, str | None] | None:
    """'from 17 to 21 October 2022' -> ('2022-10-17', '2022-10-21'); a day that no calendar
    has is None ('from 30 to 31 February 2022' -> (None, None)), for the QA to report."""
    m = DATE_RANGE.search(text)
    if not m:
        return None
    y2, m2 = int(m["y2"]), MONTHS.index(m["m2"]) + 1
    end = iso_date(y2, m2, m["d2"])
    if m["d1"] is None:
        return end, end
    m1 = MONTHS.index(m["m1"]) + 1 if m["m1"] else m2
    y1 = int(m["y1"]) if m["y1"] else (y2 - 1 if m1 > m2 else y2)
    return iso_date(y1, m1, m["d1"]), end


def read_identity(lines: list[Line]) -> ReportMetadata:
    """What any UN document says of itself in its furniture: the symbol (from the running
    headers, whole or beside a title, else the masthead) and the job number and page total
    (from the footers)."""
    meta = ReportMetadata()
    headers = Counter(m["symbol"] for ln in lines
                      if ln.zone in (Zone.HEADER, Zone.COVER) and (m := HEADER_LINE.match(ln.text)))
    if not headers:
        headers = Counter(m.group() for ln in lines if ln.zone is Zone.HEADER and (m := SYMBOL.search(ln.text)))
    cover = " ".join(ln.text.strip() for ln in lines if ln.zone is Zone.COVER)
    if headers:
        meta.symbol = headers.most_common(1)[0][0]
    elif symbol := SYMBOL.search(cover):
        meta.symbol = symbol.group()
    footers = [m for ln in lines if ln.zone is Zone.FOOTER and (m := FOOTER_LINE.match(ln.text))]
    if footers:
        jobs = Counter(m["job"] or m["job2"] for m in footers)
        meta.job_number = jobs.most_common(1)[0][0]
        meta.page_total = max(int(m["total"] or m["total2"]) for m in footers)
    elif jobs := Counter(m.group() for ln in lines if ln.zone is Zone.FOOTER and (m := JOB_NUMBER.search(ln.text))):
        meta.job_number = jobs.most_common(1)[0][0]
    return meta


def cover_title(lines: list[Line]) -> str | None:
    """A PDF's title as its cover ends with it: the last run of cover lines in one type style,
    without its resolution number ("78/229. Strengthening ..." -> "Strengthening ...").  None
    for text input, which has no type styles."""
    cover = [ln for ln in lines if ln.zone is Zone.COVER]
    if not cover or cover[-1].font_size is None:
        return None
    run = [cover[-1]]
    for line in reversed(cover[:-1]):
        if not _same_run(line, run[0]):
            break
        run.insert(0, line)
    return TITLE_NUMBER.sub("", re.sub(r"\s+", " ", " ".join(ln.text for ln in run)).strip())


def _same_run(line: Line, first: Line) -> bool:
    """Whether `line`, above `first`, is in its type style and close above it (a line without
    type or place, which a PDF does not have, is not)."""
    if line.font_size is None or first.font_size is None or line.bottom is None or first.top is None:
        return False
    return not (abs(line.font_size - first.font_size) >= 0.3 or line.bold != first.bold
                or first.top - line.bottom >= 1.5 * line.font_size)


def read_metadata(lines: list[Line]) -> ReportMetadata:
    """Read the metadata from headers, footers, the cover page and the body text: the
    identity (`read_identity`), and the session, city and dates from the first sentence that
    says which session the Conference of the Parties held, where and when (all None when the
    text has no such sentence)."""
    meta = read_identity(lines)
    cover = " ".join(ln.text.strip() for ln in lines if ln.zone is Zone.COVER)
    flow = " ".join(ln.text.strip() for ln in lines if ln.zone in (Zone.BODY, Zone.COVER))
    flow = re.sub(r"\s+", " ", flow)
    session = SESSION_SENTENCE.search(flow) if COP_MENTION.search(flow) else None
    if session is not None:
        meta.session_ordinal = session["ordinal"].lower()
        meta.session_number = ordinal_value(session["ordinal"])
        meta.city = session["city"]
        dates = parse_date_range(session["dates"])
        if dates:
            meta.start_date, meta.end_date = dates
    title = COVER_TITLE.search(cover)
    if title:
        meta.title = re.sub(r"\s+", " ", title.group(0))
    return meta
