"""Repair words that PDF extraction split with a stray space ("cooperat ion", "Slo venia").

Repairs only ever remove a space: letters, digits and punctuation are never added, removed
or changed, so a genuine misspelling in the source stays as printed.
"""
from __future__ import annotations

import regex as re

from pipeline.normalize.lexicon import Lexicon
from pipeline.normalize.spacing import SpaceRepair

# A letter run, possibly preceded by a hyphen of a compound: "cooperat", "soci" in "whole-of-soci ety".
WORD_RUN = re.compile(r"(?<![\p{L}\p{M}\d])\p{L}[\p{L}\p{M}]*")


def should_merge(left: str, right: str, lexicon: Lexicon) -> bool:
    """Whether "left right" is one word split by a stray space.

    Never when both fragments are words ("in to"), nor when both are single letters and one
    is a word ("a n", while "o n" is mended); only towards a form the document uses
    elsewhere, or, when neither fragment is a dictionary word at all ("Slo venia"), towards
    a known English word.
    """
    if lexicon.is_word(left) and lexicon.is_word(right):
        return False
    if len(left) == 1 and len(right) == 1 and (lexicon.is_word(left) or lexicon.is_word(right)):
        return False
    merged = left + right
    if lexicon.count(merged) > 0:
        return True
    neither_in_dictionary = not lexicon.in_dictionary(left) and not lexicon.in_dictionary(right)
    return neither_in_dictionary and lexicon.is_known(merged)


def repair_split_words(text: str, lexicon: Lexicon) -> tuple[str, list[SpaceRepair]]:
    """Remove the stray spaces inside words of `text`; return the text and what was repaired."""
    repairs: list[SpaceRepair] = []
    drop: set[int] = set()
    runs = list(WORD_RUN.finditer(text))
    current = ""  # the word being rebuilt, ending with `prev`
    for prev, cur in zip(runs, runs[1:]):
        current = current or prev.group()
        gap = text[prev.end():cur.start()]
        if gap == " " and should_merge(current, cur.group(), lexicon):
            drop.add(prev.end())
            repairs.append(SpaceRepair((prev.end(),), f"{current} {cur.group()}", current + cur.group(), "split_word"))
            current += cur.group()
        else:
            current = ""
    out = "".join(ch for i, ch in enumerate(text) if i not in drop) if drop else text
    return out, repairs

