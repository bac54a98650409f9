"""The artifact model of normalize.spacing: each shape repaired (a true hit), its near miss
left alone, and no repair ever doing more than removing blanks."""
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.normalize.lexicon import Lexicon
from pipeline.normalize.spacing import artifacts_left, repair_spacing

DOC = Lexicon(["capacity-building and information-sharing"])


@pytest.mark.parametrize("text, repaired, rule", [
    ("pursuing; ( ii) protecting", "pursuing; (ii) protecting", "space_after_opener"),
    ("entitled “ Implementation”", "entitled “Implementation”", "space_after_opener"),
    ("(iii ) protecting", "(iii) protecting", "space_before_closer"),
    ("the Trafficking in Persons Protocol , and", "the Trafficking in Persons Protocol, and", "space_before_punctuation"),
    ("the Convention ; and", "the Convention; and", "space_before_punctuation"),
    ("document CTOC/COP/2022 /9.", "document CTOC/COP/2022/9.", "space_in_symbol"),
    ("resolution A/RES/ 77/1", "resolution A/RES/77/1", "space_in_symbol"),
    ("a rate of 3 .5 per cent", "a rate of 3.5 per cent", "space_in_number"),
    ("capacity -building and COVID -19", "capacity-building and COVID-19", "space_before_hyphen"),
    ("increasing information - sharing", "increasing information-sharing", "spaced_hyphen"),
    ("technical capacity- building", "technical capacity-building", "space_after_hyphen"),
])
def test_each_shape_is_repaired(text, repaired, rule):
    out, repairs = repair_spacing(text, DOC)
    assert out == repaired
    assert {r.rule for r in repairs} == {rule}
    assert artifacts_left(out) == []


@pytest.mark.parametrize("text", [
    "gender- and age-disaggregated data",          # a suspended hyphen keeps its blank
    "small- or medium-sized",
    "Vienna - the capital",                         # a spaced hyphen the document gives no evidence for
    "a total of 1 000 000 persons",                 # the UN's thousands separator
    "in 2021, 5 States and/ or others",             # "and/ or" is no symbol
    "as listed . . . below",                        # an ellipsis
    "paragraph 5 (a) and (b), of",
])
def test_near_misses_are_left_alone(text):
    assert repair_spacing(text, DOC) == (text, [])


def test_a_spaced_hyphen_at_a_line_end_is_repaired_without_other_evidence():
    text = "increasing knowledge - transfer"           # "knowledge -" ended a source line
    out, [repair] = repair_spacing(text, Lexicon([""]), frozenset({text.index("transfer")}))
    assert out == "increasing knowledge-transfer" and repair.offsets == (20, 22)
    assert repair_spacing(text, Lexicon([""])) == (text, [])       # mid-line: maybe a dash
    assert [rule for rule, _, _ in artifacts_left(text)] == ["spaced_hyphen"]   # so the scan reports it


pieces = st.sampled_from(["(", ")", "“", "”", " ", "  ", ",", ";", ".", "-", "/", "ii", "capacity", "building",
                          "CTOC", "COP", "2022", "9", "3", "5", "and", "Protocol", "\ue000"])


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=40), st.sets(st.integers(0, 200), max_size=5))
def test_repairs_only_remove_blanks(tokens, line_starts):
    text = "".join(tokens)
    out, repairs = repair_spacing(text, DOC, frozenset(line_starts))
    assert out.replace(" ", "") == text.replace(" ", "")          # nothing but blanks changes
    removed = sorted(o for r in repairs for o in r.offsets)
    assert len(removed) == len(set(removed)) == len(text) - len(out)
    assert all(text[o] == " " for o in removed)
    assert "".join(ch for i, ch in enumerate(text) if i not in set(removed)) == out
    for r in repairs:
        assert r.before.replace(" ", "") == r.after.replace(" ", "")
