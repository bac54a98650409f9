"""QA: extraction artifacts left in any published text — stray blanks of the shapes the
normalizer repairs (`pipeline.normalize.spacing`), words still split in two — and doubled
punctuation, which no extraction makes (a slip of the source's typing)."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

import regex as re

from pipeline.normalize.lexicon import dictionary, zipf
from pipeline.normalize.spacing import artifacts_left
from pipeline.validate.qa import QaIssue, Rows, block_issue, check, sentence_at

# Tables that hold the source as extracted or the repairs themselves: artifacts belong there.
RAW_TABLES = ("lines", "repairs", "qa_issues")

# Punctuation typed twice: ",,", ";;", ", ." or ". ." (not an ellipsis "...", not "e.g.,").
DOUBLED_PUNCTUATION = re.compile(r",\s*,|;\s*;|:\s*:|,\s*\.(?!\d)|(?<![.\p{L}])\.\s\.(?!\s?\.)|(?<=\p{L}{3})\.\.(?!\.)")


def _texts(rows: Rows) -> Iterator[tuple[str, str, dict, str]]:
    """(table, column, row, text) for every string, or string in a list, of the published tables."""
    for table, table_rows in rows.items():
        if table in RAW_TABLES:
            continue
        for row in table_rows:
            for column, value in row.items():
                for text in (value if isinstance(value, list) else [value]):
                    if isinstance(text, str) and len(text) > 2:
                        yield table, column, row, text


@check("artifact", "warning")
def artifact_scan(rows: Rows) -> Iterator[QaIssue]:
    """A stray blank of any repaired shape left in any text column of any table: one finding per
    place (the block it comes from), naming every table.column that carries it."""
    places: dict[tuple, dict] = {}
    for table, column, row, text in _texts(rows):
        for rule, offset, snippet in artifacts_left(text):
            where = (row["doc_id"], row.get("block_id") or row.get("line_start"), rule, snippet)
            place = places.setdefault(where, {"row": row, "table": table, "text": text, "offset": offset,
                                              "columns": []})
            place["columns"].append(f"{table}.{column}")
    for (doc_id, _, rule, snippet), place in sorted(places.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2:])):
        row = place["row"]
        columns = ", ".join(sorted(set(place["columns"])))
        yield QaIssue(doc_id, "artifact_left", f"{rule.replace('_', ' ')} left: {snippet!r} (in {columns})",
                      place["table"], _key(row), row.get("page") or row.get("page_start"), row.get("line_start"),
                      row.get("line_end"), quote=sentence_at(place["text"], place["offset"]))


def _key(row: dict) -> str:
    return next((f"{k}={row[k]}" for k in ("block_id", "paragraph_id", "statement_id", "footnote_id", "line_no")
                 if row.get(k) is not None), f"doc_id={row['doc_id']}")


@check("typography", "warning")
def doubled_punctuation(rows: Rows) -> Iterator[QaIssue]:
    for block in rows.get("blocks", []):
        for m in DOUBLED_PUNCTUATION.finditer(block["text"]):
            yield block_issue(block, "doubled_punctuation", f"punctuation typed twice: {m.group()!r}", m.start())


def split_words_left(text: str, counts: Counter) -> list[str]:
    """Neighbouring letter runs where one is not a word of the language or of the document
    and their join is: a word split by a stray space that the normalizer left."""
    words = dictionary()

    def known(w: str) -> bool:
        if len(w) == 1:
            return w in "aI" or w.isupper()      # "a", "I", or a label: "annexes A to C"
        return w.lower() in words or counts[w.lower()] >= 2 or zipf(w.lower()) >= 3.0

    def joined(w: str) -> bool:
        return counts[w.lower()] > 0 or w.lower() in words or zipf(w.lower()) >= 3.0

    return [f"{a} {b}" for a, b in re.findall(r"(?<!\p{L})(\p{L}+) (?=(\p{L}+)(?!\p{L}))", text, overlapped=True)
            if (not known(a) or not known(b)) and joined(a + b)]


@check("artifact", "warning")
def split_word_artifacts(rows: Rows) -> Iterator[QaIssue]:
    blocks = rows.get("blocks", [])
    counts = Counter(w.lower() for b in blocks for w in re.findall(r"\p{L}+", b["text"]))
    for block in blocks:
        for pair in split_words_left(block["text"], counts):
            yield block_issue(block, "split_word_left", f"possible split word left: {pair!r}",
                              block["text"].find(pair))
