"""QA: links and references.  Links whose path should be a document symbol and is not ("http://undocs.org/61/295",
where the other links of the document to that site read "http://undocs.org/A/RES/66/180").

Which sites serve documents by symbol is read from the document itself: a host most of
whose linked paths parse as symbols.  A link to such a host whose path does not is reported,
with the prefix the document's other links to similar paths use as a suggestion.  References
to a chapter, section, adopted text, annex or paragraph of the report that it does not have."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urlsplit

import regex as re

from pipeline.validate.qa import QaIssue, Rows, block_issue, check

# A numbered report paragraph: "12. At its 3rd meeting ...".
REPORT_PARAGRAPH = re.compile(r"(\d{1,3})\. ")
# A UN document symbol as a URL path: a series of letters, then parts: "A/RES/66/180",
# "CTOC/COP/WG.2/2022/4", "E/2022/27", "ctoc/cop/wg.3/2021/3" (not "61/295": no series).
SYMBOL_PATH = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")
# A path made of numbers only, the tail of a symbol whose series was lost: "61/295".
NUMBERS_PATH = re.compile(r"\d+(?:/\d+)+")
# The numbers at the end of a symbol, after its series: "65/236" in "A/RES/65/236".
NUMBERS_TAIL = re.compile(r"(?<=/)\d+(?:/\d+)*$")
# The share of a host's links that must be symbols for the host to count as serving symbols.
SYMBOL_HOST_SHARE = 0.6


def _links(rows: Rows) -> Iterator[tuple[str, dict, str]]:
    """(table, row, url) for every URL column of every table."""
    for table, table_rows in rows.items():
        for row in table_rows:
            for url in row.get("urls") or []:
                yield table, row, url


def _path(url: str) -> str:
    return urlsplit(url).path.strip("/")


@check("reference", "warning")
def malformed_symbol_links(rows: Rows) -> Iterator[QaIssue]:
    by_host: dict[tuple[str, str], list[tuple[str, dict, str]]] = defaultdict(list)
    for table, row, url in _links(rows):
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        by_host[(row["doc_id"], host)].append((table, row, url))
    for links in by_host.values():
        good = [url for _, _, url in links if SYMBOL_PATH.fullmatch(_path(url))]
        if len(good) < 2 or len(good) < SYMBOL_HOST_SHARE * len(links):
            continue
        for table, row, url in links:
            if not SYMBOL_PATH.fullmatch(_path(url)):
                key = next(f"{k}={row[k]}" for k in ("footnote_id", "block_id", "doc_id") if k in row)
                yield QaIssue(row["doc_id"], "malformed_link",
                              f"the link {url!r} has no document symbol as its path, unlike the document's "
                              f"{len(good)} other links to this site" + _suggestion(url, good),
                              table, key, row.get("page"), row.get("line_start"), row.get("line_end"),
                              quote=row.get("text"))


def _suggestion(url: str, good: list[str]) -> str:
    """'; "A/RES/61/295"?' when the path is numbers only and the document's links to paths of the
    same shape share a series prefix."""
    path = _path(url)
    if not NUMBERS_PATH.fullmatch(path):
        return ""
    shape = re.sub(r"\d", "9", path)            # "61/295" -> "99/999": the same digit counts
    tails = [(p, m.group()) for p in map(_path, good) if (m := NUMBERS_TAIL.search(p))]
    prefixes = Counter(p[: -len(tail)] for p, tail in tails if re.sub(r"\d", "9", tail) == shape and len(p) > len(tail))
    if not prefixes:
        return ""
    prefix, _ = prefixes.most_common(1)[0]
    return f" (the series is missing: {prefix}{path}?)"


# A cross-reference to a place of the report itself: "(For the text, see chapter I, section A,
# resolution 11/4.)", "see chapter II", "(see annex)", "paragraph 12 above".
SEE_CHAPTER = re.compile(r"\bsee\s+chapter\s+(?P<chapter>[IVXL]+)(?:,\s+section\s+(?P<section>[A-Z]))?"
                         r"(?:,\s+(?P<kind>resolution|decision)\s+(?P<symbol>\d{1,3}/\d{1,3}))?")
SEE_ANNEX = re.compile(r"\(see\s+annex(?:\s+(?P<label>[IVXL]+))?\)")
PARAGRAPH_ABOVE = re.compile(r"\bparagraphs?\s+(?P<n>\d{1,3})(?:\s+and\s+(?P<m>\d{1,3}))?\s+(?:above|below)\b")


@dataclass
class _Places:
    """What a report has to refer to: chapters and sections, texts by place, annexes, paragraphs."""
    sections: set = field(default_factory=set)        # (chapter, section or None)
    texts: set = field(default_factory=set)           # (chapter, section, kind, symbol)
    annexes: bool = False                             # an annex of the report itself
    paragraphs: set = field(default_factory=set)      # report paragraph numbers
    text_of: dict = field(default_factory=dict)       # block_id -> (kind, symbol) of the text it is in
    text_paragraphs: dict = field(default_factory=lambda: defaultdict(set))   # (kind, symbol) -> numbers


def _places(rows: Rows) -> dict[str, _Places]:
    """What each COP report has (other documents are not segmented into chapters: their
    references are to places this reader does not know)."""
    reports = {d["doc_id"] for d in rows.get("documents", []) if d.get("document_kind") == "cop_report"}
    places: dict[str, _Places] = defaultdict(_Places)
    for s in rows.get("segments", []):
        p = places[s["doc_id"]]
        p.sections |= {(s["chapter"], s["section"]), (s["chapter"], None)}
        p.texts.add((s["chapter"], s["section"], s["text_kind"], s["text_symbol"]))
        p.annexes |= s["part"] == "annex_heading" and s["text_symbol"] is None
        if s["text_symbol"]:
            p.text_of[s["block_id"]] = (s["text_kind"], s["text_symbol"])
    for b in rows.get("blocks", []):
        if b["kind"] == "paragraph" and (n := REPORT_PARAGRAPH.match(b["text"])):
            places[b["doc_id"]].paragraphs.add(int(n[1]))
    kinds = {(r["doc_id"], r["resolution_id"]): (r["kind"], r["symbol"]) for r in rows.get("resolutions", [])}
    for para in rows.get("resolution_paragraphs", []):
        if para["number"] is not None and (text := kinds.get((para["doc_id"], para["resolution_id"]))):
            places[para["doc_id"]].text_paragraphs[text].add(para["number"])
    return {doc: p for doc, p in places.items() if doc in reports}


@check("reference", "error")
def references_to_nothing(rows: Rows) -> Iterator[QaIssue]:
    """A reference to a chapter, section, adopted text, annex or paragraph of the report that the
    report does not have (or has elsewhere)."""
    places = _places(rows)
    for block in rows.get("blocks", []):
        if (p := places.get(block["doc_id"])) is None:
            continue
        for m in SEE_CHAPTER.finditer(block["text"]):
            if (m["chapter"], None) not in p.sections:
                problem = f"chapter {m['chapter']}, which the report does not have"
            elif m["section"] and (m["chapter"], m["section"]) not in p.sections:
                problem = f"section {m['section']} of chapter {m['chapter']}, which the report does not have"
            elif m["symbol"] and (m["chapter"], m["section"], m["kind"], m["symbol"]) not in p.texts:
                problem = f"{m['kind']} {m['symbol']} in chapter {m['chapter']}" + (
                    f", section {m['section']}" if m["section"] else "") + ", which is not printed there"
            else:
                continue
            yield block_issue(block, "reference_to_nothing", f"a reference to {problem}", m.start())
        for m in SEE_ANNEX.finditer(block["text"]):
            if not p.annexes:
                yield block_issue(block, "reference_to_nothing", "a reference to an annex the report does not have",
                                  m.start())
        # in an adopted text, "paragraph 4 above" is the text's own operative paragraph 4
        text = p.text_of.get(block["block_id"])
        numbers, where = (p.text_paragraphs[text], f"{text[0]} {text[1]}") if text else (p.paragraphs, "the report")
        for m in PARAGRAPH_ABOVE.finditer(block["text"]):
            missing = [n for n in (m["n"], m["m"]) if n and int(n) not in numbers]
            if missing and numbers:
                yield block_issue(block, "reference_to_nothing",
                                  f"a reference to paragraph {', '.join(missing)}, which {where} does not have",
                                  m.start())
