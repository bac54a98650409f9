"""Extract stage: citations in adopted texts (a row of citations each).

Every reference from a paragraph or annex recommendation (or from a footnote of one) to a
resolution, decision, article, rule, document or treaty: `find_citations` reads them from a
text, `extract_citations` ties them to the paragraph, recommendation or footnote they are in.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from pipeline.extract.instruments import article_number, instrument_id
from pipeline.common.records import Block, Footnote
from pipeline.extract.paragraphs import ResolutionParagraph
from pipeline.extract.recommendations import AnnexRecommendation
from pipeline.extract.units import DATE, DOCUMENT, footnote_for, iso_date

OWN_BODY = "Conference of the Parties"

# A document cited by symbol, with the part cited: "E/2022/27, para. 1", "CTOC/COP/WG.3/2021/3, paras. 2–4".
DOCUMENT_CITED = re.compile(rf"(?P<symbol>{DOCUMENT})(?:\)?,\s+(?P<sub>(?:chap\.\s+[IVXL]+,\s+)?paras?\.\s+\d+(?:\s*(?:–|-|and|,)\s*\d+)*))?")

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
TREATY_SERIES_NAME = "United Nations, Treaty Series"
# One place in a cited instrument: "guideline 48", "para. 9", "paras. 2–4", "chap. IV", "annex".
LOCATOR_PART = r"(?:annex|\p{Ll}+\.?\s+(?:\d+|[IVXLC]+)(?:\s*(?:–|-|and|,)\s*\d+)*)"
# A footnote citing again what the footnote before it cited, at the place it names: "Ibid., guideline 48."
# (locator "guideline 48"), "Ibid., chap. IV, para. 24.", or "Ibid." alone (the same place); a sentence
# may follow ("Ibid., guideline 48. Applying the International Guidelines ...").
IBID = re.compile(rf"^\s*(?P<printed>Ibid\.(?:,\s+(?P<locator>{LOCATOR_PART}(?:,\s+{LOCATOR_PART})*))?)(?=[.;]?(?:\s|$))")
# One entry of the series, several may follow: "vol. 249, No. 3511, and vol. 2253, No. 3511".
TREATY_ENTRY = re.compile(r"\G(?:,?\s*(?:and\s+)?)(?P<entry>vols?\.\s+\d+(?:(?:,\s*|\s+and\s+)\d+)*,\s+No\.\s+\d+)")


# --- records --------------------------------------------------------------------------------

@dataclass
class Citation:
    doc_id: str
    citation_id: int
    resolution_id: int
    from_text: str | None       # the citing text's key (resolutions.text_key), set with the texts
    from_symbol: str | None
    paragraph_id: int | None
    annex_number: int | None
    position: int | None
    letter: str | None
    footnote_number: int | None
    cited_body: str | None
    kind: str                   # resolution, decision, article, rule, document, treaty
    cited_symbol: str
    instrument_id: str | None   # canonical id of what is cited (pipeline.extract.instruments)
    article: int | None         # the article number, for kind "article"
    subdivision: str | None
    date: str | None
    title: str | None
    as_printed: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


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


def find_citations(text: str, previous: list[Found] | None = None) -> list[Found]:
    """Every reference in `text`, in reading order.  `previous`: what the footnote before cited, for a
    footnote that opens with "Ibid."."""
    previous = previous or []
    found = (_resolutions_cited(text) + _provisions_cited(text) + _documents_cited(text)
             + _treaties_cited(text, previous) + _ibid_cited(text, previous))
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


def _treaties_cited(text: str, previous: list[Found]) -> list[Found]:
    out = []
    for m in TREATY_SERIES.finditer(text):
        if m["series"] == "Ibid." and not _cites_treaty_series(previous):
            continue
        pos = m.end()
        while entry := TREATY_ENTRY.match(text, pos):
            out.append(Found("treaty", entry["entry"], TREATY_SERIES_NAME,
                             as_printed=entry["entry"], start=entry.start("entry")))
            pos = entry.end()
    return out


def _cites_treaty_series(cited: list[Found]) -> bool:
    return any(f.body == TREATY_SERIES_NAME for f in cited)


def _ibid_cited(text: str, previous: list[Found]) -> list[Found]:
    """"Ibid., <locator>": the one instrument the footnote before cited, at the new locator ("Ibid."
    alone: at the same one).  None when the footnote before cited no instrument or several (Ibid. would
    be ambiguous), or Treaty Series entries (their "Ibid., vol. …" names new entries: `_treaties_cited`)."""
    m = IBID.match(text)
    instruments = {(f.kind, f.body, f.symbol) for f in previous}
    if m is None or len(instruments) != 1 or _cites_treaty_series(previous):
        return []
    cited = previous[-1]
    return [replace(cited, subdivision=m["locator"] or cited.subdivision, as_printed=m["printed"],
                    start=m.start("printed"))]


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
    block_at = {(b.doc_id, b.block_id): b for b in blocks}
    in_note = _cited_in_footnotes(footnotes)
    out: list[Citation] = []
    for row in list(paragraphs) + list(recommendations):
        doc_id = row.doc_id
        source = _source(row)
        for f in find_citations(source.text):
            out.append(_citation(doc_id, len(out) + 1, source, f, None))
        for block_id in range(row.block_id, row.block_end + 1):
            block = block_at.get((doc_id, block_id))
            if block is None:
                continue
            for number in block.footnote_numbers:
                note = footnote_for(block, number, footnotes)
                if note is None:
                    continue
                note_source = _Source(**{**source.__dict__, "block_id": block_id, "line_start": note.line_start,
                                         "line_end": note.line_end, "page": note.page})
                for f in in_note[(note.doc_id, note.footnote_id)]:
                    out.append(_citation(doc_id, len(out) + 1, note_source, f, number))
    return out


def _cited_in_footnotes(footnotes: list[Footnote]) -> dict[tuple[str, int], list[Found]]:
    """What each footnote cites, read in footnote order so that an "Ibid." footnote can take what the
    footnote before it cited (itself perhaps an "Ibid.")."""
    out: dict[tuple[str, int], list[Found]] = {}
    for note in sorted(footnotes, key=lambda f: (f.doc_id, f.footnote_id)):
        previous = out.get((note.doc_id, note.footnote_id - 1), [])
        out[(note.doc_id, note.footnote_id)] = find_citations(note.text, previous)
    return out


def _source(row: ResolutionParagraph | AnnexRecommendation) -> _Source:
    if isinstance(row, ResolutionParagraph):
        return _Source(row.resolution_id, row.symbol, row.paragraph_id, None, None, None, row.text,
                       row.block_id, row.line_start, row.line_end, row.page_start)
    return _Source(row.resolution_id, row.symbol, None, row.annex_number, row.position, row.letter, row.text,
                   row.block_id, row.line_start, row.line_end, row.page_start)


def _citation(doc_id: str, citation_id: int, s: _Source, f: Found, footnote: int | None) -> Citation:
    return Citation(
        doc_id=doc_id, citation_id=citation_id, resolution_id=s.resolution_id, from_text=None, from_symbol=s.symbol,
        paragraph_id=s.paragraph_id, annex_number=s.annex_number, position=s.position, letter=s.letter,
        footnote_number=footnote, cited_body=f.body, kind=f.kind, cited_symbol=f.symbol,
        instrument_id=instrument_id(f.kind, f.body, f.symbol), article=article_number(f.kind, f.symbol),
        subdivision=f.subdivision, date=f.date, title=f.title, as_printed=f.as_printed,
        block_id=s.block_id, line_start=s.line_start, line_end=s.line_end, page=s.page)
