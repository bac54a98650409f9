"""Extract stage: the lettered recommendations in an annex of an adopted text (a row of
annex_recommendations each).

Each recommendation with its annex (number, label, title), the topic heading it stands under,
the bodies and meeting that adopted it as the annex title states them (`annex_meeting`, with
`date_span`), and the document and paragraphs the annex's introduction cites as its source.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import regex as re

from pipeline.common.dates import iso_date
from pipeline.common.patterns import MONTH, ORDINAL, ordinal_value
from pipeline.common.records import Footnote
from pipeline.extract.units import DOCUMENT, Unit, by_text, footnote_for
from pipeline.ingest.metadata import DATE_RANGE, parse_date_range

# Two days of one month: "on 25 and 26 March 2021", "on 9 and 10 July 2020".
DAYS_AND = re.compile(rf"\bon\s+(?P<d1>\d{{1,2}})\s+and\s+(?P<d2>\d{{1,2}})\s+(?P<month>{MONTH})\s+(?P<year>\d{{4}})")
# The footnote of an annex's introduction naming its source: "CTOC/COP/WG.3/2021/3, paras. 2–4."
SOURCE_NOTE = re.compile(rf"^(?P<document>{DOCUMENT}),\s+(?P<paragraphs>paras?\.\s+[^.]*\d)")

# An annex title: "Recommendations adopted by the Working Group on International Cooperation at its
# twelfth meeting, held on 25 and 26 March 2021".
ANNEX_BODIES = re.compile(r"\bby\s+(?:the\s+)?(?P<bodies>.+?)\s+at\s+(?:its|their)\b")
# Between two bodies of one title: "the Working Group on International Cooperation and the Working Group ...".
BODY_SPLIT = re.compile(r",?\s+and\s+the\s+")
# A meeting ordinal in a title: "twelfth meeting".
MEETING_ORDINAL = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s+meeting")


# --- records --------------------------------------------------------------------------------

@dataclass
class AnnexRecommendation:
    doc_id: str
    resolution_id: int
    symbol: str | None
    annex_number: int
    annex_label: str | None
    annex_title: str
    adopting_bodies: list[str]
    meeting_numbers: list[int]
    adopting_meeting: int | None
    meeting_start: str | None
    meeting_end: str | None
    topic: str | None
    letter: str
    label_expected: str | None      # the letter the annex's lettering expected, when the printed one is a slip
    position: int
    text: str
    footnote_numbers: list[int]
    source_document: str | None
    source_paragraphs: str | None
    block_id: int
    block_end: int
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int


# --- annex recommendations ------------------------------------------------------------------

@dataclass
class _AnnexInfo:
    number: int
    label: str | None
    title: str = ""
    intro: Unit | None = None


def extract_recommendations(units: list[Unit], footnotes: list[Footnote]) -> list[AnnexRecommendation]:
    out: list[AnnexRecommendation] = []
    for text_id, text_units in by_text(units).items():
        annex: _AnnexInfo | None = None
        position = 0
        for u in text_units:
            part = u.segment.part
            if part == "annex_heading":
                label = u.text.split()[1] if len(u.text.split()) > 1 else None
                annex = _AnnexInfo((annex.number + 1) if annex else 1, label)
                position = 0
            elif part == "annex_title" and annex:
                annex.title = f"{annex.title} {u.text}".strip()
            elif part == "annex_intro" and annex:
                annex.intro = u
            elif part == "recommendation" and annex:
                position += 1
                out.append(_recommendation(u, text_id, annex, position, footnotes))
    return out


def _recommendation(u: Unit, text_id: int, annex: _AnnexInfo, position: int,
                    footnotes: list[Footnote]) -> AnnexRecommendation:
    seg = u.segment
    meeting = annex_meeting(annex.title)
    source = _annex_source(annex.intro, footnotes)
    return AnnexRecommendation(
        doc_id=seg.doc_id, resolution_id=text_id, symbol=seg.text_symbol, annex_number=annex.number,
        annex_label=annex.label, annex_title=annex.title, topic=seg.topic,
        letter=cast(str, seg.label),    # a recommendation is found by its letter: "(a)"
        label_expected=seg.label_expected,
        position=position, text=u.body, footnote_numbers=u.footnote_numbers,
        source_document=source[0], source_paragraphs=source[1], **meeting, **u.span())


def annex_meeting(title: str) -> dict:
    """Adopting bodies, meeting ordinals and the dates of the adopting meeting, as the title
    states them: "Recommendations discussed by the Working Group ... at its twelfth meeting, held
    on 9 and 10 July 2020, and adopted at its thirteenth meeting, held from 23 to 27 May 2022"."""
    bodies = ANNEX_BODIES.search(title)
    names = [re.sub(r"^the\s+", "", b) for b in BODY_SPLIT.split(bodies["bodies"])] if bodies else []
    ordinals = [ordinal_value(m["ordinal"]) for m in MEETING_ORDINAL.finditer(title)]
    adopted = max(title.rfind("adopted"), 0)
    dates = date_span(title[adopted:]) or date_span(title)
    after = MEETING_ORDINAL.search(title, adopted)
    adopting = ordinal_value(after["ordinal"]) if after else (ordinals[0] if len(ordinals) == 1 else None)
    return dict(adopting_bodies=names, meeting_numbers=ordinals, adopting_meeting=adopting,
                meeting_start=dates[0] if dates else None, meeting_end=dates[1] if dates else None)


def _annex_source(intro: Unit | None, footnotes: list[Footnote]) -> tuple[str | None, str | None]:
    """Document and paragraphs in the footnote of the annex's introduction:
    ("CTOC/COP/WG.3/2021/3", "paras. 2–4")."""
    if intro is None:
        return None, None
    for block in intro.blocks:
        for number in block.footnote_numbers:
            note = footnote_for(block, number, footnotes)
            if note and (m := SOURCE_NOTE.match(note.text)):
                return m["document"], m["paragraphs"]
    return None, None


# --- dates ----------------------------------------------------------------------------------

def date_span(text: str) -> tuple[str | None, str | None] | None:
    """The first span of days in `text`: 'on 25 and 26 March 2021', 'from 23 to 27 May 2022';
    a day no calendar has is None ('on 30 and 31 February 2021' -> (None, None))."""
    two, other = DAYS_AND.search(text), DATE_RANGE.search(text)
    if two and (other is None or two.start() <= other.start()):
        return (iso_date(two["year"], two["month"], two["d1"]), iso_date(two["year"], two["month"], two["d2"]))
    return parse_date_range(other.group(0)) if other else None
