"""The editors' numbering (pipeline.common.sequences): what a label is worth, and which labels
of a sequence as printed are slips, judged by both neighbours."""
import pytest

from pipeline.common.sequences import ARABIC, LETTER, ROMAN, Numbering, gaps, label, slips, value


@pytest.mark.parametrize("printed, style, number", [
    ("12", ARABIC, 12), ("c", LETTER, 3), ("z", LETTER, 26), ("aa", LETTER, 27), ("bb", LETTER, 28),
    ("iv", ROMAN, 4), ("xiv", ROMAN, 14), ("xl", ROMAN, 40), ("ab", LETTER, None), ("iiii", ROMAN, None),
    ("c", ARABIC, None), ("", ROMAN, None),
])
def test_value_and_label_are_inverse(printed, style, number):
    assert value(printed, style) == number
    if number is not None:
        assert label(number, style) == printed


@pytest.mark.parametrize("printed, found", [
    ("abcdef", []),
    ("abcddf", [(4, "e", "duplicated")]),
    ("abcdffg", [(4, "e", "skipped")]),            # the second f agrees with g after it
    ("abdce", [(2, "c", "swapped"), (3, "d", "swapped")]),
    ("abcdaf", [(4, "e", "restarted")]),
    ("bbc", [(0, "a", "skipped")]),
    ("abcdeg", [(5, "f", "skipped")]),              # at the end, nothing after to agree with
    ("abcef", []),                                  # a real gap: gaps() reports it
    ("ab", []), ("", []),
])
def test_slips_of_a_lettered_sequence(printed, found):
    assert [(s.position, s.expected, s.kind) for s in slips(list(printed), LETTER)] == found


def test_a_restart_is_a_slip_unless_the_numbering_may_restart():
    notes = [str(n) for n in range(1, 30)] + ["1"]          # the annex numbers its own footnotes: one
    assert slips(notes, ARABIC, restarts=True) == []
    assert [(s.position, s.expected) for s in slips(notes, ARABIC)] == [(29, "30")]
    assert slips(notes + ["2"], ARABIC) == []                 # a run that goes on from the 1 agrees with it
    slipped = ["1", "2", "3", "1", "5"]                           # the old run goes on after the 1
    assert [(s.position, s.expected, s.kind) for s in slips(slipped, ARABIC, restarts=True)] == [(3, "4", "restarted")]


def test_gaps_are_the_labels_a_sequence_passes_over():
    assert gaps(list("abcef"), LETTER) == [(3, ["d"])]
    assert gaps(["1", "2", "5", "6"], ARABIC) == [(2, ["3", "4"])]
    assert gaps(list("abcddf"), LETTER) == []                     # a duplicate is no gap
    assert gaps(["i", "ii", "iv", "v"], ROMAN) == [(2, ["iii"])]


def test_numbering_accepts_the_next_a_restart_and_a_near_slip():
    n = Numbering()
    for number in (1, 2, 3):
        assert n.accepts(number)
        n.take(number)
    assert n.accepts(4) and n.accepts(1) and n.accepts(3) and n.accepts(6) and not n.accepts(7)
    n.take(1)                   # a slip for 4: 5 may follow
    assert n.accepts(5) and n.accepts(2)
    assert not Numbering(last=20).accepts(2005 % 1000)
