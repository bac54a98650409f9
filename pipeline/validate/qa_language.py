"""QA: slips of the source's language — words no lexicon knows, and a few rule patterns for
slips frequent in formal English, matched with spaCy's rule Matcher on tokens (a blank English
pipeline: no trained model, nothing downloaded).

Each pattern is general English, not a phrase of one report; each has a test of a true hit
and of a near miss that must not fire (tests/test_qa_language.py).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterator

import regex as re

from pipeline.normalize.lexicon import dictionary, zipf
from pipeline.validate.qa import QaIssue, Rows, block_issue, check

# (name, what is wrong, token pattern).  The patterns match on lower-case token text.
SLIP_PATTERNS = (
    # "that it been seen" (not "it had been", "it has been"): a past participle with no auxiliary.
    ("missing_auxiliary", "“been” with no auxiliary before it (had/has/have been?)",
     [{"LOWER": {"IN": ["it", "he", "she", "they", "we", "which", "who"]}}, {"LOWER": "been"}]),
    # "the points of views of other States" (the fixed phrase is "points of view").
    ("point_of_views", "the fixed phrase is “point(s) of view”",
     [{"LOWER": {"IN": ["point", "points"]}}, {"LOWER": "of"}, {"LOWER": "views"}]),
    # "and as result of the pandemic" (not "as a result of"): the article of a fixed phrase left out.
    ("missing_article", "the fixed phrase is “as a result of” / “as a consequence of”",
     [{"LOWER": "as"}, {"LOWER": {"IN": ["result", "consequence"]}}, {"LOWER": "of"}]),
    # "and keeping with the spirit of" (not "in keeping with"): the preposition of a fixed phrase left out.
    ("missing_preposition", "the fixed phrase is “in keeping with”",
     [{"LOWER": {"NOT_IN": ["in"]}}, {"LOWER": "keeping"}, {"LOWER": "with"}, {"LOWER": "the"}]),
    # "in accordance to rule 22" (the fixed phrase is "in accordance with").
    ("wrong_preposition", "the fixed phrase is “in accordance with”",
     [{"LOWER": "in"}, {"LOWER": "accordance"}, {"LOWER": "to"}]),
)
# A word typed twice: "the the", "of of" ("that that" and "had had" are grammatical).
REPEATABLE = {"that", "had"}
# A first look, in plain regular expressions, for the blocks worth tokenizing: the word sequences
# of the patterns above ("it been", "points of views", "as result of", "keeping with the", "in
# accordance to") or a word typed twice; a document with none never loads spaCy.
CANDIDATE = re.compile(r"(?i)\b(?:it|he|she|they|we|which|who)\s+been\b|\bpoints?\s+of\s+views\b"
                       r"|\bas\s+(?:result|consequence)\s+of\b|\bkeeping\s+with\s+the\b|\bin\s+accordance\s+to\b"
                       r"|\b(?!(?:that|had)\b)(\p{L}+)\s+\1\b")
# Suffixes of inflected forms, with what restores the dictionary form: "aligns" -> "align",
# "prioritizing" -> "prioritize", "ambiguities" -> "ambiguity".
INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
               ("ly", ""), ("ation", "ate"), ("ness", ""), ("ment", ""))
# How close (difflib ratio) a word the document uses must be to an unknown word to be its correction.
SUGGESTION_CUTOFF = 0.85
# A lower-case word of the body: "implemntation" (not "goIFAR", "e-mail", "non-governmental").
LOWER_WORD = re.compile(r"(?<![\p{L}\p{M}\-])\p{Ll}{3,}(?![\p{L}\p{M}\-])")


@lru_cache(maxsize=1)
def _matcher():
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    for name, _, pattern in SLIP_PATTERNS:
        matcher.add(name, [pattern])
    return nlp, matcher


def slips(text: str) -> list[tuple[str, str, int, str]]:
    """(pattern name, what is wrong, offset, the words matched) for every slip in `text`."""
    nlp, matcher = _matcher()
    doc = nlp(text)
    found = []
    explain = {name: why for name, why, _ in SLIP_PATTERNS}
    for match_id, start, end in matcher(doc):
        name = nlp.vocab.strings[match_id]
        span = doc[start:end]
        found.append((name, explain[name], span.start_char, span.text))
    for a, b in zip(doc, doc[1:]):
        if a.is_alpha and a.lower_ == b.lower_ and a.lower_ not in REPEATABLE:
            found.append(("doubled_word", "a word typed twice", a.idx, f"{a.text} {b.text}"))
    return sorted(found, key=lambda f: f[2])


@check("grammar", "warning")
def grammar_slips(rows: Rows) -> Iterator[QaIssue]:
    for block in rows.get("blocks", []):
        if not CANDIDATE.search(block["text"]):
            continue
        for name, why, offset, words in slips(block["text"]):
            yield block_issue(block, name, f"“{words}”: {why}", offset)


def unknown_words(text: str, counts: Counter) -> list[tuple[int, str]]:
    """Lower-case words no lexicon knows (neither the dictionary, in any inflection, nor common
    English) and the document uses only once: (offset, word)."""
    words = dictionary()

    def known(w: str) -> bool:
        return (w in words or zipf(w) > 0 or counts[w] > 1
                or any(w.endswith(s) and w[: -len(s)] + r in words for s, r in INFLECTIONS))
    return [(m.start(), m.group()) for m in LOWER_WORD.finditer(text) if not known(m.group())]


@check("spelling", "warning")
def misspelt_words(rows: Rows) -> Iterator[QaIssue]:
    """A word no lexicon knows that is one slip away from a word the document uses elsewhere
    ("implemntation" where it prints "implementation"): an unknown word with no such neighbour
    is a term of art ("recosting"), not reported."""
    import difflib

    blocks = rows.get("blocks", [])
    counts = Counter(w.lower() for b in blocks for w in re.findall(r"\p{L}+", b["text"]))
    vocabulary = [w for w, n in counts.items() if n > 1]
    for block in blocks:
        for offset, word in unknown_words(block["text"], counts):
            close = [w for w in difflib.get_close_matches(word, vocabulary, n=3, cutoff=SUGGESTION_CUTOFF)
                     if w[0] == word[0]]
            if close:
                yield block_issue(block, "unknown_word", f"“{word}” is in no dictionary and nowhere else in the "
                                  f"document; “{close[0]}”?", offset)
