"""The language checks of the QA: each slip pattern with a true hit and a near miss that must
not fire, and words no lexicon knows."""
from collections import Counter

import pytest
import regex as re

from pipeline.validate.qa_language import CANDIDATE, SLIP_PATTERNS, slips, unknown_words


@pytest.mark.parametrize("name, hit, near_miss", [
    ("missing_auxiliary", "He stated that it been seen during the Conference.",
     "He stated that it had been seen during the Conference."),
    ("point_of_views", "delegates heard the points of views of other Member States.",
     "delegates heard the points of view of other Member States and their views."),
    ("missing_article", "new technologies and as result of the pandemic.",
     "new technologies and as a result of the pandemic, with a result of 5."),
    ("missing_preposition", "reaching consensus and keeping with the spirit of transparency",
     "reaching consensus and in keeping with the spirit of transparency, keeping with it"),
    ("wrong_preposition", "elected in accordance to rule 22", "elected in accordance with rule 22"),
    ("doubled_word", "the report of the the Conference", "noted that that approach had had effects"),
])
def test_each_pattern_has_a_hit_and_a_near_miss(name, hit, near_miss):
    assert [f[0] for f in slips(hit)] == [name]
    assert CANDIDATE.search(hit)          # the regex first look lets every slip through to the Matcher
    assert slips(near_miss) == []


def test_every_pattern_is_tested():
    tested = {"missing_auxiliary", "point_of_views", "missing_article", "missing_preposition", "wrong_preposition"}
    assert {name for name, _, _ in SLIP_PATTERNS} == tested


def test_the_offset_points_at_the_slip():
    text = "He stated that it been seen."
    [(_, _, offset, words)] = slips(text)
    assert text[offset:offset + len(words)] == words == "it been"


def words(text):
    return Counter(w.lower() for w in re.findall(r"\p{L}+", text))


def test_unknown_words():
    text = "the implemntation of the Convention and extrabudgetary funds"
    assert [w for _, w in unknown_words(text, words(text))] == ["implemntation", "extrabudgetary"]
    # a word the document uses again, an inflection of a dictionary word, a name, a compound
    text = ("extrabudgetary and extrabudgetary resources, capacitating, prioritizing, goIFAR, SHERLOC, "
            "non-governmental organizations")
    assert unknown_words(text, words(text)) == []


def test_an_unknown_word_is_reported_only_with_a_correction_the_document_offers():
    from pipeline.validate.qa import run_checks

    block = lambda i, text: dict(doc_id="d" * 16, block_id=i, kind="paragraph", text=text, page_start=None,
                                 page_end=None, line_start=i, line_end=i, footnote_numbers=[])
    rows = {"blocks": [block(1, "the implementation of the Convention"), block(2, "its implementation"),
                       block(3, "the implemntation of the Protocol"), block(4, "estimates arising from recosting")]}
    [issue] = [i for i in run_checks(rows) if i.check == "unknown_word"]
    assert "“implemntation”" in issue.message and "“implementation”?" in issue.message and issue.line_start == 3
