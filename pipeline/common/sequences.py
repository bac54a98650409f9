"""The editors' own numbering: what a printed label is worth and what a sequence expected.

A label sits where a label sits and opens its record whatever its value; the sequence only
advises.  `slips` reads one sequence as printed (report paragraphs 1, 2, 3 ...; the
letters of an annex; the roman sub-items of an item) and says, for each label, the label the
sequence expected there when the printed one is a slip, judged by both neighbours:

    a b c d d f      the second d: e expected (duplicated)
    a b c d f f g    the first f: e expected (skipped; the second f agrees with g after it)
    a b d c e        d: c expected, c: d expected (swapped)
    a b c d a f      the second a: e expected (restarted)
    1 2 ... 29 1 2   where the numbering may restart (footnotes: an annex numbers its own), a
                     restart that a new run goes on from, or that ends the sequence, is no slip
    a b c e f        a real gap: e agrees with f after it, and `gaps` reports "d" missing

`describe` names the slip for a QA finding.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

ARABIC, LETTER, ROMAN = "arabic", "letter", "roman"
# A lower-case roman numeral: "i", "iv", "xiv" (not "" and not "iiii").
ROMAN_NUMERAL = re.compile(r"^(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_ROMAN_VALUES = ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def value(label: str, style: str) -> int | None:
    """'12' -> 12; 'c' -> 3, 'aa' -> 27 (a lettered list goes on aa, bb ...); 'iv' -> 4; None
    when the label is not of the style."""
    label = label.strip().lower()
    if style == ARABIC:
        return int(label) if label.isdigit() else None
    if style == LETTER:
        if label and label.isalpha() and label.isascii() and len(set(label)) == 1:
            return (len(label) - 1) * 26 + ord(label[0]) - ord("a") + 1
        return None
    if not ROMAN_NUMERAL.match(label):
        return None
    total, rest = 0, label
    for number, numeral in _ROMAN_VALUES:
        while rest.startswith(numeral):
            total, rest = total + number, rest[len(numeral):]
    return total


def label(number: int, style: str) -> str:
    """The printed form of a value: 3 -> '3', 'c' or 'iii'."""
    if style == ARABIC:
        return str(number)
    if style == LETTER:
        return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
    out = ""
    for n, numeral in _ROMAN_VALUES:
        while number >= n:
            out, number = out + numeral, number - n
    return out


@dataclass(frozen=True)
class Slip:
    position: int          # index in the sequence
    expected: str          # the label the sequence expected there
    kind: str              # duplicated, skipped, swapped, restarted, out_of_order


def slips(labels: list[str], style: str, start: int = 1, restarts: bool = False) -> list[Slip]:
    """The labels of one sequence that are slips of its numbering (see the module docstring).
    With `restarts`, the numbering may start again at `start` (the footnotes of a document,
    whose annex numbers its own): a restart that ends the sequence, or that a new run goes on
    from (1, 2 ...), is no slip."""
    values = [value(x, style) for x in labels]
    out = []
    before: int | None = start - 1      # the value the label before stands for (its expected one after a slip)
    for k, v in enumerate(values):
        after = values[k + 1] if k + 1 < len(values) else None
        printed_before = values[k - 1] if k else None
        if v is None or before is None or v == before + 1 or (after is not None and v == after - 1):
            before = v
            continue
        if restarts and v == start and (after is None or after == start + 1):
            before = v      # the numbering restarts here and goes on from it
            continue
        out.append(Slip(k, label(before + 1, style), _kind(v, printed_before, after, start)))
        before += 1
    return out


def _kind(v: int, before: int | None, after: int | None, start: int) -> str:
    """How label v slipped, between the labels printed before and after it."""
    before = start - 1 if before is None else before
    if v == before:
        return "duplicated"
    if (after is not None and v == before + 2 == after + 1) or (v == before - 1 and after in (None, before + 1)):
        return "swapped"            # the first, or the second, of a pair printed the other way round
    if v == start:
        return "restarted"
    if v == before + 2:
        return "skipped"
    return "out_of_order"


def gaps(labels: list[str], style: str, start: int = 1, restarts: bool = False) -> list[tuple[int, list[str]]]:
    """Labels the numbering passes over where the labels on both sides agree with their other
    neighbours (a real gap, or a record lost): [(position after the gap, ['d'])]."""
    values = [value(x, style) for x in labels]
    flagged = {s.position for s in slips(labels, style, start, restarts)}
    out = []
    for k in range(1, len(values)):
        a, b = values[k - 1], values[k]
        if a is None or b is None or k in flagged or k - 1 in flagged or not a + 1 < b <= a + 5:
            continue
        out.append((k, [label(n, style) for n in range(a + 1, b)]))
    return out


# How far from the next number a label at a label's place may be and still be taken for a slip
# of the numbering (that opens its record) rather than for text: "15" printed for 16.
MAX_SLIP = 2


def continues(number: int, last: int, slip: int = MAX_SLIP) -> bool:
    """Whether `number` at a label's place goes on from `last`: the next number, a restart at 1
    (an annex's footnotes), or a slip within `slip` of the next."""
    return number in (last + 1, 1) or abs(number - (last + 1)) <= slip


@dataclass
class Numbering:
    """A numbering read label by label (footnote numbers down the pages): which numbers may
    open the next record.  After a restart at 1 the run before it may still go on (the 1 was a
    slip for 16: 17 follows)."""

    last: int = 0
    before_restart: int | None = None

    def accepts(self, number: int) -> bool:
        """The next number, a restart (maybe slipped: "2" for the 1 an annex starts at), a slip
        near the next, or after a restart the run before going on (the 1 was a slip)."""
        return continues(number, self.last) or number <= 1 + MAX_SLIP or (
            self.before_restart is not None and number in (self.before_restart + 1, self.before_restart + 2))

    def take(self, number: int) -> None:
        self.before_restart = self.last if number == 1 and self.last > 1 else None
        self.last = number


def describe(slip: Slip, printed: str) -> str:
    """'(d) printed where (e) was expected: duplicated'."""
    return f"{printed} printed where {slip.expected} was expected ({slip.kind.replace('_', ' ')})"
