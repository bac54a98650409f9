"""Footnotes: parse the footnote blocks and find each footnote's marker in the body.

Footnote numbers run 1, 2, 3 ... through the report (an annex may restart at 1).  A number
at the start of a line of the footnote area opens a note even when the numbering does not
expect it (a slip: "15" printed for 16), within `sequences.MAX_SLIP` of the next; the note keeps
its printed number and gets `number_expected` (pipeline.common.sequences).  The
marker of footnote n sits in the body after the marker of footnote n - 1 and before the
block that holds footnote n (a footnote is printed at the foot of the page of its marker).
Inside that window the marker is the first n that the PDF raises above the baseline (its
geometry says so: `Line.superscript_offsets`), or that follows a word or a closing
punctuation mark ("Crime 1", "thereto,2", "Development25") and is not a number of the text
itself ("article 16", "resolution 5/8", "17 October").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.common.patterns import FOOTNOTE_AREA_START, MONTH, URL_LINE
from pipeline.common.records import Footnote, Line, Zone
from pipeline.common.sequences import ARABIC, Numbering, slips

# A possible footnote marker: up to three digits right after a letter or a closing mark,
# optionally after one space, and followed by a blank, the line end or punctuation:
# "Crime 1", "thereto,2", "Development25 and", "Aspects 27  and".
MARKER_CANDIDATE = re.compile(r"(?<=[\p{L},.;:”’\")\]])(?P<space> ?)(?P<number>\d{1,3})(?!\d)(?=\s|$|[,.;:)])")

# Words after which a number belongs to the text: "article 16", "para. 8", "from 10 to 12".
NUMBER_CONTEXT_WORDS = frozenset("""
    article articles resolution resolutions decision decisions paragraph paragraphs para paras
    rule rules no nos vol vols chapter chap item items annex section sections page pages target
    targets indicator indicators goal goals session sessions meeting meetings from to and or of on
    at by in the than least over some about nearly all with were was had have be been are is which
    its their for under between among each every per approximately including namely those these
    plus only protocol convention phase level group report year years day days week weeks month
    months
""".split()) | frozenset(m.lower() for m in MONTH.strip("(?:)").split("|"))

# A symbol component right before a number: the "/CRP." of "CTOC/COP/2022/CRP.1", "/Rev." of
# "L.9/Rev.1", or "CRP." opening a line when the symbol broke after its slash.
SYMBOL_PART_BEFORE = re.compile(r"(?:/[A-Za-z]+|^[A-Z][A-Za-z]{0,4})\.$")

# What a number followed by a month is: a date, "17 October".
FOLLOWED_BY_MONTH = re.compile(rf"\s*{MONTH}\b")

# A symbol-like part of a URL, matched against footnote text: "undocs.org/A/RES/76/185".
URL_PATH = re.compile(r"https?://[^/]+/(?P<path>.+)$")


@dataclass(frozen=True)
class Marker:
    line_no: int
    start: int         # span of the marker (with its leading space, if any) in the line text
    end: int
    footnote_id: int
    number: int


def parse_footnotes(lines: list[Line]) -> list[Footnote]:
    """One Footnote per numbered note in the footnote zones, with the URLs that belong to it."""
    notes: list[Footnote] = []
    block_notes: list[Footnote] = []
    block_urls: list[str] = []
    numbering = Numbering()
    for line in lines:
        if line.zone is Zone.FOOTNOTE_RULE:
            _attach_urls(block_notes, block_urls)
            block_notes, block_urls = [], []
            continue
        if line.zone is not Zone.FOOTNOTE:
            continue
        url = URL_LINE.match(line.text)
        start = FOOTNOTE_AREA_START.match(line.text)
        if url:
            block_urls.append(url["url"])
        elif start and numbering.accepts(int(start["number"])) and not FOLLOWED_BY_MONTH.match(start["text"]):
            # a number at a line start: the next, a restart, or a slip near the next; not a
            # date wrapped onto the line ("17 October 2005")
            numbering.take(int(start["number"]))
            note = Footnote(doc_id=line.doc_id, footnote_id=len(notes) + 1, number=numbering.last,
                            text=start["text"].strip(), page=line.page,
                            line_start=line.line_no, line_end=line.line_no)
            notes.append(note)
            block_notes.append(note)
        elif notes:     # the note goes on, maybe from the page before (above the first number here)
            note = block_notes[-1] if block_notes else notes[-1]
            note.text = f"{note.text} {line.text.strip()}"
            note.line_end = line.line_no
    _attach_urls(block_notes, block_urls)
    for note in notes:
        note.text = re.sub(r"\s+", " ", note.text).strip()
    for slip in slips([str(n.number) for n in notes], ARABIC, restarts=True):
        notes[slip.position].number_expected = int(slip.expected)
    return notes


def _attach_urls(notes: list[Footnote], urls: list[str]) -> None:
    """Give each URL of a footnote block to the note that cites its document."""
    for url in urls:
        m = URL_PATH.match(url)
        if not m:
            continue
        path = m["path"].lower().rstrip("/")
        keys = {path, path.split("/res/")[-1]}
        for note in notes:
            text = note.text.lower()
            if any(re.search(rf"(?<![\w/]){re.escape(k)}(?![\w/])", text) for k in keys):
                note.urls.append(url)
                break


def find_markers(lines: list[Line], notes: list[Footnote]) -> list[Marker]:
    """The body marker of each footnote, searched in its window (see module docstring): of the
    number the sequence expected when the printed one is a slip, else of the printed number."""
    index_of = {line.line_no: i for i, line in enumerate(lines)}
    markers: list[Marker] = []
    pos = (0, 0)  # (line index, char offset) after the last marker found
    for note in notes:
        block_index = index_of[note.line_start]
        found, number = None, note.number
        for number in dict.fromkeys(n for n in (note.number_expected, note.number) if n is not None):
            if (found := _first_candidate(lines, pos, block_index, number)) is not None:
                break
        if found is None:
            continue
        i, start, end = found
        markers.append(Marker(lines[i].line_no, start, end, note.footnote_id, number))
        pos = (i, end)
    return markers


def _first_candidate(lines: list[Line], pos: tuple[int, int], stop: int, number: int):
    """(line index, start, end) of the first marker of `number` from `pos` on: a number the
    PDF raises above the baseline, or one the text alone shows to be a marker."""
    for i in range(pos[0], stop):
        line = lines[i]
        if line.zone is not Zone.BODY:
            continue
        offset = pos[1] if i == pos[0] else 0
        spans = [(m.start(), m.end()) for m in MARKER_CANDIDATE.finditer(line.text, offset)
                 if int(m["number"]) == number and _is_marker(line.text, m)]
        spans += [span for span in _raised(line) if span[0] >= offset and _raised_number(line, span) == number]
        if spans:
            return (i, *min(spans))
    return None


def _raised(line: Line) -> list[tuple[int, int]]:
    """The spans of the line's raised numbers, with the blank before each."""
    spans = []
    for start in line.superscript_offsets or []:
        digits = re.match(r"\d{1,3}(?!\d)", line.text[start:])
        if digits:
            spans.append((start - 1 if start and line.text[start - 1] == " " else start, start + digits.end()))
    return spans


def _raised_number(line: Line, span: tuple[int, int]) -> int:
    return int(line.text[span[0]:span[1]])


def _is_marker(text: str, m: re.Match) -> bool:
    if FOLLOWED_BY_MONTH.match(text, m.end()):
        return False
    if not m["space"]:
        return not SYMBOL_PART_BEFORE.search(text, 0, m.start())
    before = re.search(r"(\p{L}+)\W*$", text[:m.start()])
    return before is None or before.group(1).lower() not in NUMBER_CONTEXT_WORDS
