"""Word knowledge for repairing split words: a general English lexicon plus the document's own.

The general lexicon is the `english-words` package (the web2 and GCIDE word lists) for
"is this a dictionary word" and `wordfreq` for "how common is it".  The document lexicon
counts the words of the document itself, so that a repair is only made towards a form the
document uses elsewhere, unless the fragments are not words at all.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Iterable

import regex as re

# A word for counting purposes: a run of letters ("Slovenia", "Türkiye", "non" in "non-governmental").
LETTERS = re.compile(r"\p{L}+")
# A hyphenated word inside a line: "non-governmental", "capacity-building" (not "implemen-" at a line end).
COMPOUND = re.compile(r"\p{L}+(?:-\p{L}+)+(?=\W|$)")

# How common a word must be (Zipf scale, wordfreq) to count as a word without other evidence.
COMMON_WORD_ZIPF = 5.5
# How common an unknown merged form must be to be accepted on general English alone.
KNOWN_WORD_ZIPF = 3.0


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2", "gcide"], lower=True, alpha=True))


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a lower-case word (log10 of its frequency per billion
    words; 0 when unknown), looked up in its table rather than through its tokenizer."""
    frequency = _frequencies().get(word, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency else 0.0


class Lexicon:
    """The general lexicon plus the word counts of one document (case-insensitive)."""

    def __init__(self, texts: Iterable[str]):
        self.counts: Counter[str] = Counter()
        self.compounds: Counter[str] = Counter()
        for text in texts:
            self.counts.update(w.lower() for w in LETTERS.findall(text))
            self.compounds.update(w.lower() for w in COMPOUND.findall(text))
        self.dictionary = dictionary()
        self._is_word: dict[str, bool] = {}

    def count(self, word: str) -> int:
        return self.counts[word.lower()]

    def has_compound(self, word: str) -> bool:
        """Whether the document prints this hyphenated word inside a line: "non-governmental"."""
        return self.compounds[word.lower()] > 0

    def in_dictionary(self, word: str) -> bool:
        return word.lower() in self.dictionary

    def is_word(self, fragment: str) -> bool:
        """Whether a fragment stands as a real word of its own.

        A single letter is a word only as "a" or "I".  A longer fragment is a word when the
        dictionary has it and the document uses it elsewhere, or when it is very common.
        """
        if fragment not in self._is_word:
            if len(fragment) == 1:
                self._is_word[fragment] = fragment in ("a", "A", "I")
            else:
                self._is_word[fragment] = ((self.in_dictionary(fragment) and self.count(fragment) >= 2)
                                           or zipf(fragment.lower()) >= COMMON_WORD_ZIPF)
        return self._is_word[fragment]

    def is_known(self, word: str) -> bool:
        """Whether a word exists: in this document, the dictionary, or common English."""
        return self.count(word) > 0 or self.in_dictionary(word) or zipf(word.lower()) >= KNOWN_WORD_ZIPF
