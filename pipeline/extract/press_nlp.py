"""Extract stage: the parts of the spaCy pipeline a press release is read with.

The pipeline is a blank spaCy English one (nothing is downloaded): `paragraph_breaks` makes a
line break end a sentence, an EntityRuler with `ruler_patterns` marks counts, with their
qualifier ("more than 1500", "six", "1,400"), and session mentions ("eleventh session",
"COP11"), and each is merged into one token.  `session_mentions` reads which sessions of the
Conference a text names, `sentence_session` which one a sentence's figures are about.  The
pipeline is built, and what a count counts matched, in `pipeline.extract.session_facts`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import regex as re

from pipeline.common.patterns import DIGITS_COUNT, ORDINAL, TEN_WORDS, UNIT_WORDS, ordinal_value

if TYPE_CHECKING:       # spaCy is imported only when a press release is read
    from spacy.tokens import Doc, Span, Token

# A spaCy token pattern: one dict per token ({"LOWER": "more"}, {"ENT_TYPE": "COUNT"}).
TokenPattern = list[dict[str, Any]]

# Words that make a figure approximate (session_facts.qualifier), and what each says of the
# true figure x against the stated one n: ">" x > n, ">=" x >= n, "<" x < n, "<=" x <= n,
# "~" x within TOLERANCE (pipeline.validate.press_check) of n, "~<" x a little below n (or n itself).
QUALIFIERS: dict[str, str] = {
    "more than": ">", "over": ">", "well over": ">", "just over": ">", "in excess of": ">",
    "at least": ">=",
    "fewer than": "<", "less than": "<", "under": "<", "just under": "<",
    "up to": "<=", "at most": "<=",
    "nearly": "~<", "almost": "~<",
    "some": "~", "about": "~", "around": "~", "approximately": "~", "roughly": "~",
    "close to": "~", "an estimated": "~",
}


def split_count(text: str) -> tuple[str | None, str]:
    """'more than 1500' -> ('more than', '1500'); 'six' -> (None, 'six')."""
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if text.lower().startswith(q + " "):
            return q, text[len(q) + 1:]
    return None, text


# ---------------------------------------------------------------------------------------
# The spaCy pipeline


def words(*phrases: str) -> list[TokenPattern]:
    """'more than' -> [{'LOWER': 'more'}, {'LOWER': 'than'}]."""
    return [[{"LOWER": w} for w in phrase.split()] for phrase in phrases]


_DIGIT_WORDS = UNIT_WORDS[1:10]


def _number_shapes() -> list[TokenPattern]:
    """Token patterns of one cardinal number: "1,500", "six", "Fifty-eight",
    "one hundred and twenty-one", "two thousand"."""
    digits: TokenPattern = [{"TEXT": {"REGEX": rf"^(?:{DIGITS_COUNT})$"}}]
    word: TokenPattern = [{"LOWER": {"IN": UNIT_WORDS + TEN_WORDS}}]
    tens_unit: TokenPattern = [{"LOWER": {"IN": TEN_WORDS}}, {"ORTH": "-"}, {"LOWER": {"IN": _DIGIT_WORDS}}]
    below_100 = [word, tens_unit]
    hundred: TokenPattern = [{"LOWER": {"IN": _DIGIT_WORDS}}, {"LOWER": "hundred"}]
    hundreds = [hundred] + [hundred + glue + b for b in below_100 for glue in ([], [{"LOWER": "and"}])]
    thousands = [b + [{"LOWER": "thousand"}] for b in below_100]
    return [digits] + below_100 + hundreds + thousands


def ruler_patterns() -> list[dict[str, Any]]:
    no_qualifier: list[TokenPattern] = [[]]
    counts = [q + n for q in no_qualifier + words(*QUALIFIERS) for n in _number_shapes()]
    sessions: list[TokenPattern] = [
        # "eleventh session", "10th Session", "9th and 10th sessions" (the 10th)
        [{"LOWER": {"REGEX": rf"^{ORDINAL}$"}}, {"LOWER": {"IN": ["session", "sessions"]}}],
        # "twenty-first session"
        [{"LOWER": {"IN": ["twenty", "thirty", "forty", "fifty"]}}, {"ORTH": "-"},
         {"LOWER": {"REGEX": rf"^{ORDINAL}$"}}, {"LOWER": {"IN": ["session", "sessions"]}}],
        # "COP11", "COP 11"
        [{"TEXT": {"REGEX": r"^COP\d{1,2}$"}}],
        [{"ORTH": "COP"}, {"TEXT": {"REGEX": r"^\d{1,2}$"}}],
    ]
    return ([{"label": "COUNT", "pattern": p} for p in counts]
            + [{"label": "SESSION", "pattern": p} for p in sessions])


def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and credits carry no period."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# ---------------------------------------------------------------------------------------
# Sessions


def _session_value(token: Token) -> int | None:
    """'COP11' -> 11, 'COP 11' -> 11, 'eleventh session' -> 11, '10th Session' -> 10."""
    if m := re.fullmatch(r"(?i)cop\s*(\d{1,3})", token.text):
        return int(m[1])
    return ordinal_value(token.text.rsplit(None, 1)[0])


# Words before a session mention that make it a point of reference: "since COP11".
_REFERENCE_WORDS = {"since", "after", "before", "until", "till", "following", "previous"}


def session_mentions(tokens: Iterable[Token]) -> list[int]:
    """The sessions of the Conference named in `tokens`, in order; "the 10th session of the
    Working Group" is not one, "since COP11" is a point of reference, not a subject."""
    out = []
    for t in tokens:
        if t.ent_type_ != "SESSION":
            continue
        after = [w.lower_ for w in t.doc[t.i + 1:t.i + 4] if w.lower_ != "the"]
        if after[:1] == ["of"] and after[1:2] not in (["conference"], ["cop"], ["untoc"]):
            continue
        before = [w.lower_ for w in t.doc[max(t.i - 3, 0):t.i] if w.lower_ not in ("the", "its")]
        if before[-1:] and before[-1] in _REFERENCE_WORDS:
            continue
        if (value := _session_value(t)) is not None:
            out.append(value)
    return out


def sentence_session(sent: Span, release_session: int) -> int:
    """The session a sentence's figures are about: the one session it names, when that is
    not the release's own; else the release's."""
    named = set(session_mentions(sent))
    return named.pop() if len(named) == 1 and release_session not in named else release_session
