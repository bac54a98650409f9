"""QA: names — speakers and sponsors the entity normalizer could not resolve (info), and
those close to a State name (a likely misspelling of the source: warning)."""
from __future__ import annotations

import difflib
from collections import Counter
from functools import lru_cache
from typing import Iterator

import regex as re

from pipeline.validate.qa import WARNING, QaIssue, Rows, block_issue, check, row_issue


@check("unresolved", "info")
def unresolved_names(rows: Rows) -> Iterator[QaIssue]:
    """Names the entity normalizer could not resolve: kept as written, with no code."""
    for table, kind_field, name_field, key_fields in (
            ("statements", "speaker_kind", "speaker_as_written", ("statement_id",)),
            ("sponsors", "kind", "sponsor_as_written", ("symbol", "source", "position"))):
        for row in rows.get(table, []):
            if row[kind_field] == "unresolved":
                key = ", ".join(f"{k}={row[k]}" for k in key_fields)
                hint = close_country(row[name_field])
                if hint:
                    yield row_issue(row, table, key, "misspelt_state_name",
                                    f"{row[name_field]!r} is no State name; close to {hint!r}: a misspelling "
                                    f"in the source? (kept as written, with no code)",
                                    severity=WARNING, category="spelling")
                else:
                    yield row_issue(row, table, key, "unresolved_name",
                                    f"name not resolved, kept as written: {row[name_field]!r}")


@lru_cache(maxsize=1)
def _country_names() -> list[str]:
    import pycountry

    return [c.name for c in pycountry.countries]


def close_country(name: str) -> str | None:
    """A hint for the QA reader only; the tables never take it."""
    match = difflib.get_close_matches(name.removeprefix("the "), _country_names(), n=1, cutoff=0.8)
    return match[0] if match else None


# A name in title case: capitalized words, with the function words names hold between them:
# "Smuggling of Migrants Protocol", "Mechanism for the Review of the Implementation of the United
# Nations Convention", "Working Group on Trafficking in Persons".
TITLE_CASE_NAME = re.compile(r"\p{Lu}[\p{L}\-]*(?:\s+(?:(?:of|the|and|in|on|for|against|to)\s+)*\p{Lu}[\p{L}\-]*)+")
# The prepositions after which a name may take or drop "the": "Smuggling of (the) Migrants".
PREPOSITION = re.compile(r"^(?:of|in|on|for|against|to)$")
# Where a name is printed mid-sentence (after a lower-case word or a comma): a capital at the
# start of a sentence, a heading ("IX Marine environment") or a quoted title ("“Organized crime
# strategy toolkit”") is no slip.
MID_SENTENCE = r"(?<=(?:\b\p{Ll}[\p{L}\-]*|,)\s+)"
# How often the document must print a form for it to be the form it uses.
CANONICAL_COUNT = 3


def _name_forms(texts: list[str]) -> tuple[Counter, Counter]:
    """Every title-case name and each of its spans from one capitalized word to another, counted
    ("Protocol against the Smuggling of Migrants" counts "Smuggling of Migrants" too), and
    apart the spans that start a name (not "States Parties to ..." inside "Conference of the
    States Parties to ...")."""
    spans: Counter = Counter()
    starts: Counter = Counter()
    for text in texts:
        for m in TITLE_CASE_NAME.finditer(text):
            words = m.group().split()
            capitals = [i for i, w in enumerate(words) if w[0].isupper()]
            for a in capitals:
                for b in (b for b in capitals if b > a):
                    spans[" ".join(words[a:b + 1])] += 1
                    starts[" ".join(words[a:b + 1])] += a == 0
    return spans, starts


def _variants(words: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The slips of a name: ("case", one capitalized word but the first in lower case), or
    ("article", a "the" added or left out after a preposition: "Smuggling of the Migrants")."""
    for i in range(1, len(words)):
        if words[i][0].isupper():
            yield "case", words[:i] + [words[i].lower()] + words[i + 1:]
            if PREPOSITION.match(words[i - 1]):
                yield "article", words[:i] + ["the"] + words[i:]
        elif words[i] == "the" and PREPOSITION.match(words[i - 1]) and i + 1 < len(words):
            yield "article", words[:i] + words[i + 1:]


def garbled_names(texts: list[str]) -> list[tuple[str, str, int]]:
    """(variant as printed, the form the document uses, how often) for names printed at most
    twice in a form that differs from a form printed at least CANONICAL_COUNT times as often
    by one slip (`_variants`): "Smuggling of the Migrants Protocol" where the document prints
    "Smuggling of Migrants" 5 times, "Review of the implementation" where it prints "Review of
    the Implementation" 22 times.  A lower-case variant is measured against the name as it
    starts a name: "States parties to the Convention" is usage, not a slip of "Conference of
    the States Parties to the Convention"."""
    spans, starts = _name_forms(texts)
    joined = "\n".join(texts)
    found = set()
    for form, n in spans.items():
        if n < CANONICAL_COUNT:
            continue
        for kind, words in _variants(form.split()):
            variant, usual = " ".join(words), (n if kind == "article" else starts[form])
            if usual < CANONICAL_COUNT or variant not in joined:   # most slips are never printed
                continue
            count = len(re.findall(rf"{MID_SENTENCE}{re.escape(variant)}(?![\p{{L}}\-])", joined))
            if count and count <= 2 and count * CANONICAL_COUNT <= usual and spans[variant] < usual:
                found.add((variant, form, usual))
    # one finding per slip: the longest name that shows it
    return sorted(f for f in found if not any(f[0] != g[0] and f[0] in g[0] for g in found))


@check("name", "warning")
def name_variants(rows: Rows) -> Iterator[QaIssue]:
    """A name printed in a form that differs slightly from the form the document uses."""
    by_doc: dict[str, list[dict]] = {}
    for block in rows.get("blocks", []):
        by_doc.setdefault(block["doc_id"], []).append(block)
    for blocks in by_doc.values():
        for variant, form, n in garbled_names([b["text"] for b in blocks]):
            block = next(b for b in blocks if variant in b["text"])
            yield block_issue(block, "name_variant",
                              f"“{variant}”: the document prints “{form}” {n} times", block["text"].find(variant))


@check("grammar", "warning")
def names_without_their_article(rows: Rows) -> Iterator[QaIssue]:
    """A State or organization printed without the article the document gives it elsewhere:
    "Costa Rica, Dominican Republic, Ecuador" where other places print "the Dominican
    Republic" (one finding per paragraph, naming each)."""
    named = [(r, "statements", r["speaker"], r["speaker_as_written"]) for r in rows.get("statements", [])]
    named += [(r, "sponsors", r["sponsor"], r["sponsor_as_written"]) for r in rows.get("sponsors", [])]
    with_article: Counter = Counter()
    bare: dict[tuple, list[tuple[dict, str, str]]] = {}
    for row, table, name, written in named:
        if not name or not written:
            continue
        if written.startswith("the "):
            with_article[(row["doc_id"], name, written.removeprefix("the "))] += 1
        elif written[0].isupper() and not written.isupper():
            place = (row["doc_id"], table, row.get("block_id"), row.get("footnote_id"))
            bare.setdefault(place, []).append((row, name, written))
    for (doc_id, table, _, _), found in bare.items():
        slips = [(row, written, n) for row, name, written in found
                 if (n := with_article[(doc_id, name, written)]) and n >= sum(w == written for _, _, w in found)]
        if slips:
            row = slips[0][0]
            listed = "; ".join(f"“{w}” (elsewhere “the {w}”, {n}×)" for _, w, n in slips)
            yield row_issue(row, table, f"block_id={row.get('block_id')}", "name_without_article",
                            f"printed without the article the document gives them elsewhere: {listed}")


@check("name", "warning")
def document_described_differently(rows: Rows) -> Iterator[QaIssue]:
    """A document (one symbol) described in words that differ from the description most of its
    other citations give: "Conference room paper on constructive dialogues" where four others
    say "on the constructive dialogues"."""
    by_symbol: dict[tuple, list[dict]] = {}
    for row in rows.get("agenda_documents", []):
        if row["symbol"] and row["description"]:
            by_symbol.setdefault((row["doc_id"], row["symbol"]), []).append(row)
    for (_, symbol), cited in by_symbol.items():
        forms = Counter(r["description"] for r in cited)
        usual, n = forms.most_common(1)[0]
        if len(forms) < 2 or n < 2 or list(forms.values()).count(n) > 1:
            continue
        for row in cited:
            if row["description"] != usual:
                here, there = _difference(row["description"], usual)
                yield row_issue(row, "agenda_documents", f"agenda_item_id={row['agenda_item_id']}, "
                                f"position={row['position']}", "document_described_differently",
                                f"{symbol} is described here with “{here}” where {n} other citations have "
                                f"“{there}”", quote=row["description"])


def _difference(a: str, b: str) -> tuple[str, str]:
    """The words where two descriptions differ, with one word of context on each side."""
    wa, wb = a.split(), b.split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if tag != "equal":
            lo_a, lo_b = max(i1 - 1, 0), max(j1 - 1, 0)
            return " ".join(wa[lo_a:i2 + 1]), " ".join(wb[lo_b:j2 + 1])
    return a, b
