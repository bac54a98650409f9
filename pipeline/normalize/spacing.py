"""Stray blanks that text extraction puts where the typeset page has none.

One model for all of them: each rule below is a named shape in which every blank is an
artifact, so the repair removes the blanks of the match and nothing else (never a letter,
digit or punctuation mark: a genuine slip of the source stays as printed).  The same shapes
are what the QA artifact scan looks for in every published text column (`ARTIFACT_SHAPES`),
so whatever a repair had to leave (a hyphen the document gives no evidence for) is reported.

Offsets are into the text as the normalizer holds it, where footnote markers are a
placeholder character (`MARKER`), so a blank before a marker is left for the marker removal.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex as re

from pipeline.normalize.lexicon import Lexicon

MARKER = "\ue000"   # the normalizer's stand-in for a footnote marker (pipeline.normalize.blocks)

# A blank after an opening bracket or quote: "( ii) pursuing", "“ Implementation".
SPACE_AFTER_OPENER = re.compile(r"(?<=[(\[“]) +(?=[\p{L}\p{N}])")
# A blank before a closing bracket or quote: "(ii )", "Implementation ”".
SPACE_BEFORE_CLOSER = re.compile(r"(?<=[\p{L}\p{N}.]) +(?=[)\]”])")
# A blank before a comma, semicolon, colon or full stop that ends a clause: "Protocol , and",
# "Convention ." (not an ellipsis " . . .", not a decimal " .5").
SPACE_BEFORE_PUNCTUATION = re.compile(rf"(?<=[\p{{L}}\p{{N}})\]”’{MARKER}]) +(?=[,;:.](?:\s|$|[”’)])(?!\.\s?\.))")
# A blank inside a document symbol, before or after one of its slashes: "CTOC/COP/2022 /9",
# "A/RES/ 77/1" (a symbol starts with an upper-case series: "and/ or" is not one).
SPACE_IN_SYMBOL = re.compile(r"(?<=\b[A-Z]{1,6}(?:/[A-Za-z0-9.]+)+) +(?=/[A-Za-z0-9])"
                             r"|(?<=\b[A-Z]{1,6}(?:/[A-Za-z0-9.]+)*/) +(?=[A-Za-z0-9])")
# A blank inside a number before its decimal or thousands mark: "3 .5", "1 ,000"
# (a blank between digit groups, "1 000", is the UN's own thousands separator and stays).
SPACE_IN_NUMBER = re.compile(r"(?<=\d) +(?=[.,]\d)")
# A blank before the hyphen of a compound: "capacity -building", "COVID -19".
SPACE_BEFORE_HYPHEN = re.compile(r"(?<=[\p{L}\d]) +(?=-[\p{L}\d])")
# A compound's hyphen with blanks on both sides: "information - sharing" (a line that ended
# "information -" joined to the next).  Repaired when the document prints the compound or the
# hyphen stood at the line end; a spaced hyphen between words may also be a dash.
SPACED_HYPHEN = re.compile(r"(?<=(?P<left>\p{L}+)) +- +(?=(?P<right>\p{L}+))")
# A blank after the hyphen of a compound: "capacity- building" (not a suspended hyphen,
# "gender- and age-disaggregated", whose blank is the source's).
SPACE_AFTER_HYPHEN = re.compile(r"(?<=(?P<left>\p{L}+))- +(?=(?P<right>\p{L}+))(?!(?:and|or|to|nor)\b)")

# The shapes whose blanks are always artifacts.
UNCONDITIONAL = {
    "space_after_opener": SPACE_AFTER_OPENER,
    "space_before_closer": SPACE_BEFORE_CLOSER,
    "space_before_punctuation": SPACE_BEFORE_PUNCTUATION,
    "space_in_symbol": SPACE_IN_SYMBOL,
    "space_in_number": SPACE_IN_NUMBER,
    "space_before_hyphen": SPACE_BEFORE_HYPHEN,
}
# The hyphen shapes, repaired when the document gives evidence (see `_hyphen_evidence`).
HYPHEN_SHAPES = {"spaced_hyphen": SPACED_HYPHEN, "space_after_hyphen": SPACE_AFTER_HYPHEN}
# Everything the QA artifact scan reports when it is left in a published text.
ARTIFACT_SHAPES = {**UNCONDITIONAL, **HYPHEN_SHAPES}


@dataclass(frozen=True)
class SpaceRepair:
    offsets: tuple[int, ...]   # where the removed blanks stood in the input text
    before: str                # "information - sharing"
    after: str                 # "information-sharing"
    rule: str                  # a key of ARTIFACT_SHAPES, or "split_word"


def repair_spacing(text: str, lexicon: Lexicon, line_starts: frozenset[int] = frozenset()
                   ) -> tuple[str, list[SpaceRepair]]:
    """Remove the stray blanks of every shape from `text`; `line_starts` are the offsets at
    which a source line begins (evidence that a spaced hyphen ended a line)."""
    found: list[SpaceRepair] = []
    taken: set[int] = set()
    for rule, pattern in ARTIFACT_SHAPES.items():
        accept = _hyphen_evidence(lexicon, line_starts) if rule in HYPHEN_SHAPES else None
        for m in pattern.finditer(text):
            blanks = tuple(i for i in range(m.start(), m.end()) if text[i] == " " and i not in taken)
            if not blanks or (accept and not accept(m)):
                continue
            taken.update(blanks)
            found.append(_record(text, m.start(), m.end(), blanks, rule))
    return _without(text, taken), sorted(found, key=lambda r: r.offsets)


def _hyphen_evidence(lexicon: Lexicon, line_starts: frozenset[int]) -> Callable[[re.Match], bool]:
    """A spaced hyphen is a compound's when the document prints that compound elsewhere, or
    when the hyphen ended a source line ("information -" / "sharing")."""
    def accept(m: re.Match) -> bool:
        return lexicon.has_compound(f"{m['left']}-{m['right']}") or any(
            m.start() < start <= m.end() for start in line_starts)
    return accept


def _record(text: str, start: int, end: int, blanks: tuple[int, ...], rule: str) -> SpaceRepair:
    """The repair with a word of context on each side, as the `repairs` table shows it."""
    left = re.search(r"\S*$", text[:start]).start()
    right = re.match(r"\S*", text[end:]).group()
    right = end + (len(right.rstrip(",;:.")) or len(right))   # "capacity -building," shown without its comma
    before = text[left:right]
    after = "".join(ch for i, ch in enumerate(before, start=left) if i not in blanks)
    return SpaceRepair(blanks, before, after, rule)


def _without(text: str, drop: set[int]) -> str:
    return "".join(ch for i, ch in enumerate(text) if i not in drop) if drop else text


def artifacts_left(text: str) -> list[tuple[str, int, str]]:
    """Every artifact shape in a finished text: (rule, offset, the match with its context)."""
    found = []
    for rule, pattern in ARTIFACT_SHAPES.items():
        for m in pattern.finditer(text):
            found.append((rule, m.start(), _record(text, m.start(), m.end(), (), rule).before))
    return sorted(found, key=lambda f: f[1])
