"""Split-word repair: what it mends, what it must never touch, and that it only removes spaces."""
from hypothesis import given, settings, strategies as st

from pipeline.normalize.lexicon import Lexicon
from pipeline.normalize.split_words import repair_split_words

DOC = ("international cooperation is appropriate; the parties and this Protocol; on it; "
       "all States; an item; its legislation; into the Convention; Viet Nam")


def repair(text: str, doc: str = DOC) -> str:
    return repair_split_words(text, Lexicon([doc, text]))[0]


def test_mends_a_word_the_document_uses_elsewhere():
    assert repair("enhancing international cooperat ion, where appropri ate") == \
        "enhancing international cooperation, where appropriate"


def test_mends_single_letter_fragments():
    assert repair("in thi s regard, al l resolutions, i ts work, held o n") == \
        "in this regard, all resolutions, its work, held on"


def test_mends_a_proper_name_from_general_english_when_no_fragment_is_a_word():
    assert repair("Slovakia, Slo venia, Spain") == "Slovakia, Slovenia, Spain"


def test_never_merges_two_real_words():
    assert repair("came in to the room") == "came in to the room"
    assert repair("item a n b") == "item a n b"
    assert repair("per cent of the time frame") == "per cent of the time frame"


def test_keeps_two_word_names():
    assert repair("Viet Nam and Sri Lanka") == "Viet Nam and Sri Lanka"


def test_does_not_fix_a_misspelling():
    # only spaces are removed: a misspelt name stays misspelt
    assert repair("Phillipines and Columbia") == "Phillipines and Columbia"


def test_suspended_hyphen_kept():
    assert repair("gender- and age-sensitive") == "gender- and age-sensitive"


def test_repairs_report_offsets_and_forms():
    _, repairs = repair_split_words("the cooperat ion", Lexicon([DOC]))
    assert [(r.offsets, r.before, r.after) for r in repairs] == [((12,), "cooperat ion", "cooperation")]


words = st.sampled_from(["cooperat", "ion", "in", "to", "a", "n", "thi", "s", "Slo", "venia",
                         "the", "al", "l", "-", "COVID", "-19", "1", ",", "appropri", "ate"])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=30), st.lists(st.sampled_from([" ", "  ", "", "\n"]), max_size=30))
def test_repair_only_removes_spaces(tokens, gaps):
    text = "".join(t + (gaps[i] if i < len(gaps) else " ") for i, t in enumerate(tokens))
    out, repairs = repair_split_words(text, Lexicon([DOC, text]))
    assert out.replace(" ", "") == text.replace(" ", "")
    assert len(text) - len(out) == len(repairs)
    assert _is_subsequence(out, text)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)
