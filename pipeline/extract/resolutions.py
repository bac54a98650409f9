"""Extract stage: adopted texts, their paragraphs, annex recommendations and citations.

Records in (blocks, footnotes and the segments of `pipeline.segment`), records out:

* `Resolution`: one per adopted resolution or decision, and one per draft text quoted in the
  report's annex (kind "draft_decision", with the action taken on it as `status`);
* `ResolutionParagraph`: every paragraph of those texts in order (opening, preamble,
  operative paragraphs and their lettered sub-items, items of an embedded list);
* `AnnexRecommendation`: every lettered recommendation in an annex of a text;
* `Citation`: every reference from a paragraph or recommendation (or from a footnote of one)
  to a resolution, decision, article, rule, document or treaty.

Blocks that `segment` marks as continuing the previous block are joined into one unit first,
so a paragraph split by a page or footnote break is one row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex as re

from pipeline.ingest.metadata import DATE_RANGE, parse_date_range
from pipeline.common.patterns import MONTH, MONTHS, ORDINAL, SYMBOL, ordinal_value
from pipeline.common.records import Block, Footnote
from pipeline.segment.structure import Segment, by_document, segment, split_label

OWN_BODY = "Conference of the Parties"

# A date as printed: "19 October 2005".
DATE = rf"\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
# Two days of one month: "on 25 and 26 March 2021", "on 9 and 10 July 2020".
DAYS_AND = re.compile(rf"\bon\s+(?P<d1>\d{{1,2}})\s+and\s+(?P<d2>\d{{1,2}})\s+(?P<month>{MONTH})\s+(?P<year>\d{{4}})")
# A document symbol, or two joined into one for a joint report:
# "CTOC/COP/WG.3/2021/3", "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4".
DOCUMENT = rf"{SYMBOL.pattern}(?:-{SYMBOL.pattern})?"
# A document cited by symbol, with the part cited: "E/2022/27, para. 1", "CTOC/COP/WG.3/2021/3, paras. 2–4".
DOCUMENT_CITED = re.compile(rf"(?P<symbol>{DOCUMENT})(?:\)?,\s+(?P<sub>(?:chap\.\s+[IVXL]+,\s+)?paras?\.\s+\d+(?:\s*(?:–|-|and|,)\s*\d+)*))?")
# The footnote of an annex's introduction naming its source: "CTOC/COP/WG.3/2021/3, paras. 2–4."
SOURCE_NOTE = re.compile(rf"^(?P<document>{DOCUMENT}),\s+(?P<paragraphs>paras?\.\s+[^.]*\d)")

# A body whose resolutions and decisions are cited: "General Assembly", "Economic and Social
# Council", "Commission on Crime Prevention and Criminal Justice", "Conference of the Parties".
BODY = (r"(?:General\s+Assembly|Economic\s+and\s+Social\s+Council|Security\s+Council|Human\s+Rights\s+Council"
        r"|Commission\s+on\s+(?:the\s+)?\p{Lu}\p{Ll}+(?:\s+(?:and\s+)?\p{Lu}\p{Ll}+)*"
        r"|Conference\s+of\s+the\s+Parties|Conference|Assembly)")
# The word "resolution(s)" or "decision(s)" and whose they are: "its resolutions", "General Assembly
# resolution", "Commission on Narcotic Drugs resolution", "by the General Assembly of resolution".
INSTRUMENT_WORD = re.compile(
    rf"(?:(?P<body>{BODY})\s+(?:of\s+)?|(?P<its>\b(?:its|their)\s+))?\b(?P<kind>resolution|decision)s?\b")
# A cited number with its date and title: "5/8 of 22 October 2010", "76/185",
# "68/186 of 18 December 2013, entitled “Strengthening ...”", "5/8 of 22 October 2010, both entitled “...”".
CITED_NUMBER = re.compile(
    rf"(?<![\w/.])(?P<symbol>\d{{1,4}}/\d{{1,4}})(?![\w/])(?:\s+of\s+(?P<date>{DATE}))?"
    r"(?:,?\s+(?P<shared>both\s+|all\s+)?entitled\s+“(?P<title>[^”]+)”)?")
# What may stand between two cited numbers of one list: " and ", ", ", ", and ".
LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$")
# A body just before "its": "the General Assembly, in its resolution 70/1".
ITS_BODY = re.compile(rf"(?P<body>{BODY}),?\s+(?:in|by|under|through|with)\s+$")

# A name in title case, small words inside: "Organized Crime Convention", "United Nations Convention
# against Transnational Organized Crime", "Trafficking in Persons Protocol".
TITLE_RUN = r"\p{Lu}[\p{L}\-]*(?:\s+(?:(?:of|in|against|for|on|to|the|by)\s+)*\p{Lu}[\p{L}\-]*)*"
# A mention of a treaty: "the Convention", "that Convention", "the Firearms Protocol".
INSTRUMENT_MENTION = re.compile(rf"(?P<that>\bthat\s+)?(?P<name>{TITLE_RUN})")
# What makes a name a treaty's: "Organized Crime Convention", "Firearms Protocol", "Protocols".
INSTRUMENT_HEAD = re.compile(r"\b(?:Convention|Protocol)s?\b")
# An article or rule: "article 16", "articles 4 and 5", "article 2, paragraph (b), of the Organized
# Crime Convention", "article 9 thereof", "rule 3, paragraph 3, of the rules of procedure".
PROVISION = re.compile(
    r"\b(?P<kind>article|rule)s?\s+(?P<numbers>\d{1,3}(?:(?:,\s*|\s+and\s+|\s+or\s+)\d{1,3}(?![\d/]))*)"
    r"(?:,\s+(?P<sub>paragraphs?\s+(?:\(\w\)|\d+)(?:\s*\(\w\))?),?)?"
    rf"(?:\s+(?:of\s+the\s+(?P<rules>rules\s+of\s+procedure)|of\s+the\s+(?P<instrument>{TITLE_RUN})|(?P<thereof>thereof)))?")
# A treaty cited by its Treaty Series entry: "United Nations, Treaty Series, vol. 2225, No. 39574";
# "Ibid., vols. 2237, 2241 and 2326, No. 39574" (the series of the footnote before).
TREATY_SERIES = re.compile(r"(?P<series>United Nations,\s+Treaty Series|^Ibid\.),\s+(?=vols?\.)")
# One entry of the series, several may follow: "vol. 249, No. 3511, and vol. 2253, No. 3511".
TREATY_ENTRY = re.compile(r"\G(?:,?\s*(?:and\s+)?)(?P<entry>vols?\.\s+\d+(?:(?:,\s*|\s+and\s+)\d+)*,\s+No\.\s+\d+)")

# The adoption of a text in the report's chapters: "At its 11th meeting, on 21 October 2022, the
# Conference adopted a revised draft resolution (CTOC/COP/2022/L.8/Rev.2) ... (For the text, see
# chapter I, section A, resolution 11/5.)"; "At the same meeting, ...".
# The cross-reference that ties such a paragraph to its text: "see chapter I, section A, resolution 11/5".
SEE_TEXT = re.compile(r"see\s+chapter\s+[IVXL]+,\s+section\s+[A-Z],\s+(?P<kind>resolution|decision)\s+(?P<symbol>\d+/\d+)")
# The draft's symbol in brackets: "(CTOC/COP/2022/L.8/Rev.2)".
PAREN_SYMBOL = re.compile(rf"\((?P<symbol>{SYMBOL.pattern})\)")
# The meeting: "At its 11th meeting", "At the 11th meeting of the Conference", "at its tenth meeting".
MEETING = re.compile(rf"\b[Aa]t\s+(?:its|the)\s+(?P<ordinal>\d{{1,3}}(?:st|nd|rd|th)|{ORDINAL})\s+meeting\b")
# A meeting named by reference to the paragraph before: "At the same meeting".
SAME_MEETING = re.compile(r"\b[Aa]t\s+the\s+same\s+meeting\b")
# The date after the meeting: "on 21 October 2022".
ON_DATE = re.compile(rf"\bon\s+(?P<date>{DATE})")
# What the sponsors or the Conference did with a draft: "decided to postpone its consideration".
STATUS_WORDS = (("postpone", "postponed"), ("withdr", "withdrawn"), ("rejected", "rejected"),
                ("not adopted", "rejected"))

# A lead phrase: "Recalling also", "Bearing in mind", "Strongly encourages", "Also requests",
# "Taking note with appreciation", "Remaining deeply concerned", "Calls upon", "Expressing concern".
LEAD_ADVERB = r"(?:[Aa]lso|[Ff]urther(?:more)?|(?:[Oo]nce\s+)?[Aa]gain|\p{L}{3,}ly)"
LEAD_HEAD = r"(?:\p{L}+(?:ing|ed|es|s)|[Mm]indful|[Aa]ware|[Cc]onscious|[Cc]ognizant|[Dd]esirous)"
LEAD_TAIL = (rf"(?:\s+(?:{LEAD_ADVERB}(?:\s+\p{{Ll}}+ed\b)?|in\s+mind|into\s+(?:account|consideration)|note|upon"
             r"|with\s+(?:\p{Ll}+\s+)?(?:appreciation|satisfaction|concern|interest|regret)|alarm|concern))*")
LEAD = re.compile(rf"^(?=\p{{Lu}})(?:{LEAD_ADVERB}\s+)*{LEAD_HEAD}{LEAD_TAIL}(?=[\s,;:.]|$)")
# The first word of a sub-item that continues a chapeau, unless a function word:
# "Implement" (after "... to:"), "Improve" (after "... the following actions below:"), not "That".
FIRST_WORD = re.compile(r"^(?!(?:The|A|An|That|This|These|Those|In|On|For|With|By|At|Of|As|Where|When|If|Any|All"
                        r"|Each|Its|Their|Such)\b)\p{Lu}\p{Ll}+\b")

# An annex title: "Recommendations adopted by the Working Group on International Cooperation at its
# twelfth meeting, held on 25 and 26 March 2021".
ANNEX_BODIES = re.compile(r"\bby\s+(?:the\s+)?(?P<bodies>.+?)\s+at\s+(?:its|their)\b")
# Between two bodies of one title: "the Working Group on International Cooperation and the Working Group ...".
BODY_SPLIT = re.compile(r",?\s+and\s+the\s+")
# A meeting ordinal in a title: "twelfth meeting".
MEETING_ORDINAL = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s+meeting")


# --- records --------------------------------------------------------------------------------

@dataclass
class Resolution:
    doc_id: str
    resolution_id: int
    kind: str                   # resolution, decision, draft_decision, draft_resolution
    status: str                 # adopted, postponed, withdrawn, rejected, not_considered
    symbol: str | None          # "11/1"
    session: int | None
    number: int | None
    document_symbol: str | None  # "CTOC/COP/2022/L.9/Rev.1"
    title: str
    preamble_count: int
    operative_count: int
    annex_count: int
    action_meeting: int | None  # the meeting of the Conference that took the action
    action_date: str | None
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int
    block_start: int
    block_end: int
    text: str


@dataclass
class ResolutionParagraph:
    doc_id: str
    resolution_id: int
    paragraph_id: int
    symbol: str | None
    part: str                   # opening, preamble, operative, subheading, list_heading, list
    level: int
    number: int | None
    label: str | None
    parent: int | None
    lead_phrase: str | None
    text: str
    footnote_numbers: list[int]
    block_id: int
    block_end: int
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int


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


@dataclass
class Citation:
    doc_id: str
    citation_id: int
    resolution_id: int
    from_symbol: str | None
    paragraph_id: int | None
    annex_number: int | None
    position: int | None
    letter: str | None
    footnote_number: int | None
    cited_body: str | None
    kind: str                   # resolution, decision, article, rule, document, treaty
    cited_symbol: str
    subdivision: str | None
    date: str | None
    title: str | None
    as_printed: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


@dataclass
class ResolutionTables:
    resolutions: list[Resolution] = field(default_factory=list)
    resolution_paragraphs: list[ResolutionParagraph] = field(default_factory=list)
    annex_recommendations: list[AnnexRecommendation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


# --- units: blocks joined across the breaks that split them ----------------------------------

@dataclass
class Unit:
    segment: Segment
    blocks: list[Block]

    @property
    def text(self) -> str:
        return " ".join(b.text.strip() for b in self.blocks)

    @property
    def body(self) -> str:
        """The text without its label: "Endorses ..." for "1. Endorses ..."."""
        return split_label(self.text)[2] if self.segment.label else self.text

    @property
    def footnote_numbers(self) -> list[int]:
        return [n for b in self.blocks for n in b.footnote_numbers]

    def span(self) -> dict:
        first, last = self.blocks[0], self.blocks[-1]
        return dict(block_id=first.block_id, block_end=last.block_id, page_start=first.page_start,
                    page_end=last.page_end, line_start=first.line_start, line_end=last.line_end)


def build_units(blocks: list[Block], segments: list[Segment]) -> list[Unit]:
    units: list[Unit] = []
    for block, seg in zip(blocks, segments):
        if seg.continued and units:
            units[-1].blocks.append(block)
        else:
            units.append(Unit(seg, [block]))
    return units


# --- the whole stage ------------------------------------------------------------------------

def extract(blocks: list[Block], footnotes: list[Footnote],
            segments: list[Segment] | None = None) -> ResolutionTables:
    """All four tables for the blocks of one or more documents."""
    segments = segment(blocks) if segments is None else segments
    notes = by_document(footnotes)
    segs = by_document(segments)
    out = ResolutionTables()
    for doc_id, doc_blocks in by_document(blocks).items():
        doc_notes = notes.get(doc_id, [])
        units = build_units(doc_blocks, segs[doc_id])
        paragraphs = extract_paragraphs(units)
        recommendations = extract_recommendations(units, doc_notes)
        out.resolutions += extract_resolutions(units, paragraphs)
        out.resolution_paragraphs += paragraphs
        out.annex_recommendations += recommendations
        out.citations += extract_citations(paragraphs, recommendations, doc_notes, doc_blocks)
    return out


def _texts(units: list[Unit]) -> dict[int, list[Unit]]:
    out: dict[int, list[Unit]] = {}
    for u in units:
        if u.segment.text_id is not None:
            out.setdefault(u.segment.text_id, []).append(u)
    return out


# --- resolutions ----------------------------------------------------------------------------

def extract_resolutions(units: list[Unit], paragraphs: list[ResolutionParagraph]) -> list[Resolution]:
    actions = _adoptions(units)
    out = []
    for text_id, text_units in _texts(units).items():
        seg = text_units[0].segment
        rows = [p for p in paragraphs if p.resolution_id == text_id]
        symbol = seg.text_symbol
        session, number = (int(x) for x in symbol.split("/")) if symbol else (None, None)
        if seg.text_kind.startswith("draft_"):
            narrative = _narrative(units, text_units[0])
            status, action = _draft_status(narrative), _action(narrative)
        else:
            status, action = "adopted", actions.get((seg.text_kind, symbol), _Action())
        first, last = text_units[0].blocks[0], text_units[-1].blocks[-1]
        out.append(Resolution(
            doc_id=seg.doc_id, resolution_id=text_id, kind=seg.text_kind, status=status,
            symbol=symbol, session=session, number=number, document_symbol=action.document,
            title=" ".join(u.text for u in text_units if u.segment.part == "title"),
            preamble_count=sum(p.part == "preamble" for p in rows),
            operative_count=_operative_count(rows),
            annex_count=sum(u.segment.part == "annex_heading" for u in text_units),
            action_meeting=action.meeting, action_date=action.date,
            page_start=first.page_start, page_end=last.page_end,
            line_start=first.line_start, line_end=last.line_end,
            block_start=first.block_id, block_end=last.block_id,
            text="\n".join(u.text for u in text_units)))
    return out


def _operative_count(rows: list[ResolutionParagraph]) -> int:
    """Top-level operative paragraphs: numbered ones, unnumbered ones, or the lettered items a
    decision consists of (whose parent is the opening)."""
    openings = {p.paragraph_id for p in rows if p.part == "opening"}
    return sum(p.part == "operative" and (p.parent is None or p.parent in openings) for p in rows)


@dataclass
class _Action:
    document: str | None = None
    meeting: int | None = None
    date: str | None = None


def _adoptions(units: list[Unit]) -> dict[tuple[str, str], _Action]:
    """(kind, symbol) -> the adoption told in the report's chapters, from paragraphs like
    "At its 11th meeting, on 21 October 2022, the Conference adopted a revised draft resolution
    (CTOC/COP/2022/L.8/Rev.2) ... (For the text, see chapter I, section A, resolution 11/5.)"."""
    out: dict[tuple[str, str], _Action] = {}
    previous = _Action()
    for u in units:
        if u.segment.part != "paragraph" or u.segment.text_id is not None:
            continue
        text = u.text
        action = _action([text], previous)
        if action.meeting is not None:
            previous = action
        for m in SEE_TEXT.finditer(text):
            symbols = [s["symbol"] for s in PAREN_SYMBOL.finditer(text, 0, m.start())]
            out[(m["kind"], m["symbol"])] = _Action(symbols[-1] if symbols else None, action.meeting, action.date)
    return out


def _action(texts: list[str], previous: _Action | None = None) -> _Action:
    """Document symbol, meeting and date named in a narrative paragraph."""
    previous = previous or _Action()
    text = " ".join(texts)
    symbol = PAREN_SYMBOL.search(text)
    if SAME_MEETING.search(text):
        return _Action(symbol["symbol"] if symbol else None, previous.meeting, previous.date)
    meeting = MEETING.search(text)
    if meeting is None:
        return _Action(symbol["symbol"] if symbol else None)
    number = ordinal_value(meeting["ordinal"])
    date = ON_DATE.search(text, meeting.end(), meeting.end() + 40)
    iso = iso_date(date["date"]) if date else (previous.date if number == previous.meeting else None)
    return _Action(symbol["symbol"] if symbol else None, number, iso)


def _narrative(units: list[Unit], first: Unit) -> list[str]:
    """The paragraphs of the report's annex before the draft text it quotes."""
    i = units.index(first)
    out: list[str] = []
    for u in reversed(units[:i]):
        if u.segment.text_id is not None or u.segment.part == "annex_heading":
            break
        out.insert(0, u.text)
    return out


def _draft_status(narrative: list[str]) -> str:
    text = " ".join(narrative).lower()
    for word, status in STATUS_WORDS:
        if word in text:
            return status
    return "not_considered"


# --- paragraphs -----------------------------------------------------------------------------

TEXT_PARTS = ("opening", "preamble", "operative", "subheading", "list_heading", "list")


def extract_paragraphs(units: list[Unit]) -> list[ResolutionParagraph]:
    out: list[ResolutionParagraph] = []
    for text_id, text_units in _texts(units).items():
        rows: list[ResolutionParagraph] = []
        paths: dict[str, int] = {}        # structure path -> paragraph_id
        opening: int | None = None
        for u in (u for u in text_units if u.segment.part in TEXT_PARTS):
            seg = u.segment
            parent = _parent(seg, paths, opening)
            parent_row = rows[parent - 1] if parent else None
            rows.append(ResolutionParagraph(
                doc_id=seg.doc_id, resolution_id=text_id, paragraph_id=len(rows) + 1, symbol=seg.text_symbol,
                part=seg.part, level=parent_row.level + 1 if parent_row else 1,
                number=int(seg.label) if seg.label and seg.label.isdigit() else None,
                label=seg.label, parent=parent,
                lead_phrase=lead_phrase(u.body, parent_row.text if parent_row else None)
                if seg.part in ("preamble", "operative") else None,
                text=u.body, footnote_numbers=u.footnote_numbers, **u.span()))
            paths[seg.structure] = len(rows)
            opening = len(rows) if seg.part == "opening" else opening
        out.extend(rows)
    return out


def _parent(seg: Segment, paths: dict[str, int], opening: int | None) -> int | None:
    """A lettered item hangs off the path it extends ("operative 4 (a)" -> "operative 4"), or off
    the opening when that path has no paragraph of its own (a decision made of lettered items)."""
    if not seg.label or seg.label.isdigit() or not seg.structure.endswith(f"({seg.label})"):
        return None
    base = seg.structure[: -len(f" ({seg.label})")]
    return paths.get(base, opening)


def lead_phrase(text: str, parent_text: str | None = None) -> str | None:
    """The capitalised verb phrase a paragraph opens with: "Recalling also", "Bearing in mind",
    "Strongly encourages"; for a sub-item that continues a chapeau ending in a colon ("... to:"),
    its first word ("Implement")."""
    if m := LEAD.match(text):
        return m.group(0)
    if parent_text and parent_text.rstrip().endswith(":") and (m := FIRST_WORD.match(text)):
        return m.group(0)
    return None


# --- annex recommendations ------------------------------------------------------------------

@dataclass
class _AnnexInfo:
    number: int
    label: str | None
    title: str = ""
    intro: Unit | None = None


def extract_recommendations(units: list[Unit], footnotes: list[Footnote]) -> list[AnnexRecommendation]:
    out: list[AnnexRecommendation] = []
    for text_id, text_units in _texts(units).items():
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
        annex_label=annex.label, annex_title=annex.title, topic=seg.topic, letter=seg.label,
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


def footnote_for(block: Block, number: int, footnotes: list[Footnote]) -> Footnote | None:
    """The footnote a marker refers to: the first with that number printed after the block starts
    (numbering may restart, so the number alone is not enough), else the last one before."""
    same = [f for f in footnotes if f.number == number and f.doc_id == block.doc_id]
    after = [f for f in same if f.line_start >= block.line_start]
    return after[0] if after else (same[-1] if same else None)


# --- dates ----------------------------------------------------------------------------------

def iso_date(text: str) -> str | None:
    """'19 October 2005' -> '2005-10-19'."""
    m = re.search(rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})", text)
    if not m:
        return None
    return dt.date(int(m["y"]), MONTHS.index(m["m"]) + 1, int(m["d"])).isoformat()


def date_span(text: str) -> tuple[str, str] | None:
    """The first span of days in `text`: 'on 25 and 26 March 2021', 'from 23 to 27 May 2022'."""
    two, other = DAYS_AND.search(text), DATE_RANGE.search(text)
    if two and (other is None or two.start() <= other.start()):
        month, year = MONTHS.index(two["month"]) + 1, int(two["year"])
        return (dt.date(year, month, int(two["d1"])).isoformat(),
                dt.date(year, month, int(two["d2"])).isoformat())
    return parse_date_range(other.group(0)) if other else None


# --- citations ------------------------------------------------------------------------------

@dataclass
class Found:
    """A reference found in a text, before it is tied to where it was found."""

    kind: str
    symbol: str
    body: str | None = None
    subdivision: str | None = None
    date: str | None = None
    title: str | None = None
    as_printed: str = ""
    start: int = 0


def find_citations(text: str, previous_note: str | None = None) -> list[Found]:
    """Every reference in `text`, in reading order."""
    found = (_resolutions_cited(text) + _provisions_cited(text) + _documents_cited(text)
             + _treaties_cited(text, previous_note))
    return sorted(found, key=lambda f: f.start)


def _resolutions_cited(text: str) -> list[Found]:
    """Resolutions and decisions, lists included: "its resolutions 5/2 of 22 October 2010 and 10/3
    of 16 October 2020", "General Assembly resolutions 66/180 of ... and 68/186 of ..., entitled “…”"."""
    events = sorted([*INSTRUMENT_WORD.finditer(text), *CITED_NUMBER.finditer(text)], key=lambda m: m.start())
    scan = _CitedList(text)
    for m in events:
        if m.re is INSTRUMENT_WORD:
            scan.word(m)
        else:
            scan.number(m)
    return scan.found


# Only "and" between two citations: " and ".
AND_ONLY = re.compile(r"^\s*and\s*$")


@dataclass
class _CitedList:
    """Reads "resolution(s)"/"decision(s)" words and the numbers listed after them, in order."""

    text: str
    found: list[Found] = field(default_factory=list)
    current: tuple[str, str] | None = None   # (body, kind) of the last "resolution(s)" word
    context_body: str = OWN_BODY              # the last body named, for a bare "resolution 69/196"
    anchor: int = 0                           # end of the last word or citation
    word_start: int = 0
    untitled: list[Found] = field(default_factory=list)  # joined by "and", waiting for a shared title
    after_and: bool = False                   # the last word followed a citation and "and"

    def word(self, m: re.Match) -> None:
        body = _word_body(self.text, m, self.context_body)
        if m["body"]:
            self.context_body = body
        self.after_and = bool(self.untitled) and bool(AND_ONLY.match(self.text[self.anchor:m.start()]))
        self.current, self.anchor, self.word_start = (body, m["kind"]), m.end(), m.start()

    def number(self, m: re.Match) -> None:
        gap = self.text[self.anchor:m.start()]
        if self.current is None or not (gap.strip() == "" or LIST_JOIN.match(gap)):
            return
        if not (AND_ONLY.match(gap) or (gap.strip() == "" and self.after_and)):
            self.untitled = []
        start = self.word_start if gap.strip() == "" else m.start()
        cited = Found(self.current[1], m["symbol"], self.current[0], date=iso_date(m["date"]) if m["date"] else None,
                      title=m["title"], as_printed=self.text[start:m.end()], start=start)
        self.found.append(cited)
        if m["title"]:
            for earlier in self.untitled:
                earlier.title = m["title"]
            self.untitled = []
        else:
            self.untitled.append(cited)
        self.anchor, self.after_and = m.end(), False


def _word_body(text: str, m: re.Match, context_body: str) -> str:
    if m["body"]:
        return _body_name(m["body"])
    if m["its"]:
        before = ITS_BODY.search(text, max(0, m.start() - 80), m.start())
        return _body_name(before["body"]) if before else OWN_BODY
    return context_body


def _body_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    if name.startswith("Conference"):
        return OWN_BODY
    return "General Assembly" if name == "Assembly" else name


def _provisions_cited(text: str) -> list[Found]:
    """Articles and rules: "articles 4 and 5" gives two citations."""
    out = []
    for m in PROVISION.finditer(text):
        if m["kind"] == "rule":
            body = "rules of procedure"
        else:
            body = _instrument(text, m)
        for number in re.findall(r"\d+", m["numbers"]):
            out.append(Found(m["kind"], number, body, subdivision=m["sub"], as_printed=m.group(0), start=m.start()))
    return out


def _instrument(text: str, m: re.Match) -> str:
    """The treaty an article belongs to: as named ("of the Organized Crime Convention"), else the
    last one mentioned before it ("its article 2", "article 9 thereof"), else the Convention."""
    if m["instrument"] and INSTRUMENT_HEAD.search(m["instrument"]):
        return m["instrument"]
    mentions = [x for x in INSTRUMENT_MENTION.finditer(text, 0, m.start()) if INSTRUMENT_HEAD.search(x["name"])]
    if not mentions:
        return "Convention"
    last = mentions[-1]
    if last["that"]:
        fuller = [x["name"] for x in mentions[:-1] if len(x["name"].split()) > 1
                  and INSTRUMENT_HEAD.search(x["name"])[0] == INSTRUMENT_HEAD.search(last["name"])[0]]
        if fuller:
            return fuller[-1]
    return last["name"]


def _documents_cited(text: str) -> list[Found]:
    return [Found("document", m["symbol"], None, subdivision=m["sub"], as_printed=m.group(0).rstrip(")"),
                  start=m.start()) for m in DOCUMENT_CITED.finditer(text)]


def _treaties_cited(text: str, previous_note: str | None) -> list[Found]:
    out = []
    for m in TREATY_SERIES.finditer(text):
        if m["series"] == "Ibid." and not (previous_note and TREATY_SERIES.search(previous_note)):
            continue
        pos = m.end()
        while entry := TREATY_ENTRY.match(text, pos):
            out.append(Found("treaty", entry["entry"], "United Nations, Treaty Series",
                             as_printed=entry["entry"], start=entry.start("entry")))
            pos = entry.end()
    return out


@dataclass
class _Source:
    """A paragraph or recommendation citations are found in."""

    resolution_id: int
    symbol: str | None
    paragraph_id: int | None
    annex_number: int | None
    position: int | None
    letter: str | None
    text: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


def extract_citations(paragraphs: list[ResolutionParagraph], recommendations: list[AnnexRecommendation],
                      footnotes: list[Footnote], blocks: list[Block]) -> list[Citation]:
    """Citations in the text of each paragraph and recommendation, then in its footnotes."""
    blocks = {(b.doc_id, b.block_id): b for b in blocks}
    by_id = {(f.doc_id, f.footnote_id): f for f in footnotes}
    out: list[Citation] = []
    for row in list(paragraphs) + list(recommendations):
        doc_id = row.doc_id
        source = _source(row)
        for f in find_citations(source.text):
            out.append(_citation(doc_id, len(out) + 1, source, f, None))
        for block_id in range(row.block_id, row.block_end + 1):
            block = blocks.get((doc_id, block_id))
            for number in block.footnote_numbers if block else []:
                note = footnote_for(block, number, footnotes)
                if note is None:
                    continue
                before = by_id.get((note.doc_id, note.footnote_id - 1))
                note_source = _Source(**{**source.__dict__, "block_id": block_id, "line_start": note.line_start,
                                         "line_end": note.line_end, "page": note.page})
                for f in find_citations(note.text, before.text if before else None):
                    out.append(_citation(doc_id, len(out) + 1, note_source, f, number))
    return out


def _source(row: ResolutionParagraph | AnnexRecommendation) -> _Source:
    if isinstance(row, ResolutionParagraph):
        return _Source(row.resolution_id, row.symbol, row.paragraph_id, None, None, None, row.text,
                       row.block_id, row.line_start, row.line_end, row.page_start)
    return _Source(row.resolution_id, row.symbol, None, row.annex_number, row.position, row.letter, row.text,
                   row.block_id, row.line_start, row.line_end, row.page_start)


def _citation(doc_id: str, citation_id: int, s: _Source, f: Found, footnote: int | None) -> Citation:
    return Citation(
        doc_id=doc_id, citation_id=citation_id, resolution_id=s.resolution_id, from_symbol=s.symbol,
        paragraph_id=s.paragraph_id, annex_number=s.annex_number, position=s.position, letter=s.letter,
        footnote_number=footnote, cited_body=f.body, kind=f.kind, cited_symbol=f.symbol,
        subdivision=f.subdivision, date=f.date, title=f.title, as_printed=f.as_printed,
        block_id=s.block_id, line_start=s.line_start, line_end=s.line_end, page=s.page)
