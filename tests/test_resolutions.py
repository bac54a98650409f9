"""Segments, resolutions, their paragraphs, annex recommendations and citations.

(a) units on small hand-made fixtures, (b) a regression on the real COP11 report with figures
verified by reading it, (c) the same report with its session renumbered, a resolution removed
and two annexes swapped: the extractors must follow, since nothing in them knows the session.
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter

import pytest
import regex as re

from pipeline.extract.citations import find_citations
from pipeline.extract.paragraphs import lead_phrase
from pipeline.extract.recommendations import annex_meeting, date_span
from pipeline.extract.resolutions import extract
from pipeline.ingest.text import read_text_lines
from pipeline.normalize.blocks import normalize
from pipeline.common.records import Block, Footnote
from pipeline.validate.schemas import validate
from pipeline.segment.structure import segment
from pipeline.publish.tables import to_table

DOC = "0123456789abcdef"
OPENING = "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,"


def make_blocks(*items) -> list[Block]:
    """Blocks from texts, or (text, footnote numbers) pairs; kinds do not matter to the segmenter."""
    out = []
    for i, item in enumerate(items, start=1):
        text, notes = item if isinstance(item, tuple) else (item, [])
        out.append(Block(DOC, i, "paragraph", text, None, None, 10 * i, 10 * i + 2, list(notes)))
    return out


def report_start(*texts) -> list[Block]:
    return make_blocks("I. Resolutions and decisions adopted by the Conference", "A. Resolutions",
                       "1. At its twelfth session, held in Vienna from 14 to 18 October 2024, the Conference "
                       "adopted the following resolutions:", *texts)


def from_text(text: str):
    n = normalize(read_text_lines(text, DOC))
    return n, extract(n.blocks, n.footnotes)


# --- (a) units ------------------------------------------------------------------------------

def test_title_broken_over_a_page_break_hand_made():
    blocks = report_start("Resolution 12/1", "Strengthening international cooperation against",
                          "Transnational Organized Crime in the event of disasters", OPENING,
                          "Recalling its resolution 10/4,", "1. Requests the secretariat to report.")
    res = extract(blocks, []).resolutions
    assert [r.title for r in res] == [
        "Strengthening international cooperation against Transnational Organized Crime in the event of disasters"]
    assert (res[0].preamble_count, res[0].operative_count) == (1, 1)


PAGE_BREAK_IN_TITLE = """\
  I. Resolutions and decisions adopted by the Conference
  A. Resolutions
1. At its twelfth session, held in Vienna from 14 to 18 October 2024, the
Conference of the Parties adopted the following resolutions:
  Resolution 12/1
  Strengthening international cooperation against transnational organized
CTOC/COP/2024/9
V.24-12345 2/40
  crime in the event of disasters
  The Conference of the Parties to the United Nations Convention against
Transnational Organized Crime,
  Recalling its resolution 5/8 of 22 October 2010, entitled “Implementation of the
provisions on international cooperation”,1 and its resolution 6/1 of
__________________
 1  United Nations, Treaty Series, vol. 2225, No. 39574.
CTOC/COP/2024/9
3/40 V.24-12345
  19 October 2012, entitled “Ensuring effective implementation”,
  1. Requests the secretariat to report to the Conference at its thirteenth session.
"""


def test_title_broken_over_a_page_break_and_paragraph_interrupted_by_a_footnote():
    n, t = from_text(PAGE_BREAK_IN_TITLE)
    (res,) = t.resolutions
    assert res.title == ("Strengthening international cooperation against transnational organized crime "
                         "in the event of disasters")
    preamble = [p for p in t.resolution_paragraphs if p.part == "preamble"]
    assert len(preamble) == 1 and res.preamble_count == 1
    assert preamble[0].text.startswith("Recalling its resolution 5/8")
    assert preamble[0].text.endswith("and its resolution 6/1 of 19 October 2012, entitled “Ensuring effective "
                                     "implementation”,")
    assert preamble[0].footnote_numbers == [1]
    assert preamble[0].lead_phrase == "Recalling"
    cited = {(c.kind, c.cited_symbol, c.date, c.footnote_number) for c in t.citations}
    assert ("resolution", "5/8", "2010-10-22", None) in cited
    assert ("resolution", "6/1", "2012-10-19", None) in cited
    assert ("treaty", "vol. 2225, No. 39574", None, 1) in cited


def test_paragraph_split_into_two_blocks_is_one_paragraph():
    blocks = report_start("Resolution 12/1", "A title", OPENING,
                          ("Recalling its resolution 5/8 of 22 October 2010, entitled “Implementation", [1]),
                          "of the provisions”, and article 16 of the Convention,",
                          "1. Requests the secretariat to report.")
    t = extract(blocks, [])
    pre = [p for p in t.resolution_paragraphs if p.part == "preamble"]
    assert len(pre) == 1
    assert pre[0].text == ("Recalling its resolution 5/8 of 22 October 2010, entitled “Implementation "
                           "of the provisions”, and article 16 of the Convention,")
    assert (pre[0].block_id, pre[0].block_end, pre[0].footnote_numbers) == (7, 8, [1])
    assert {(c.kind, c.cited_symbol, c.title) for c in t.citations} == {
        ("resolution", "5/8", "Implementation of the provisions"), ("article", "16", None)}


def annexed(*annex) -> list[Block]:
    return report_start("Resolution 12/1", "A title", OPENING, "Recalling its resolution 10/4,",
                        "1. Endorses the recommendations contained in the annex to the present resolution.",
                        *annex)


def test_roman_numeral_list_inside_a_recommendation():
    blocks = annexed(
        "Annex", "Recommendations adopted by the Working Group on International Cooperation at its "
        "twentieth meeting, held on 2 and 3 June 2025",
        "The Working Group adopted the following recommendations:",
        "(a) States are encouraged to act;",
        "(b) States are encouraged to use four pillars, namely: (i) prevention; ( ii) pursuit;",
        "(iii) protection; and (iv) partnerships;",
        "(c) UNODC should report.")
    recs = extract(blocks, []).annex_recommendations
    assert [r.letter for r in recs] == ["a", "b", "c"]
    assert recs[1].text == ("States are encouraged to use four pillars, namely: (i) prevention; ( ii) pursuit; "
                            "(iii) protection; and (iv) partnerships;")


def test_letter_i_after_h_is_a_recommendation_not_a_roman_numeral():
    letters = "abcdefghij"
    blocks = annexed("Annex", "Recommendations", "The Working Group adopted the following:",
                     *(f"({x}) States should act {x};" for x in letters))
    assert [r.letter for r in extract(blocks, []).annex_recommendations] == list(letters)


def test_annex_without_a_number_and_its_title_and_source():
    blocks = annexed(
        "Annex",
        "Recommendations adopted by the Working Group on International Cooperation and the Working Group "
        "of Government Experts on Technical Assistance at their meetings held from 2 to 6 June 2025",
        ("The working groups adopted the following recommendations:", [5]),
        "Prevention", "(a) States are encouraged to act;", "Cooperation", "(b) UNODC should report.")
    notes = [Footnote(DOC, 1, 5, "CTOC/COP/WG.2/2025/4-CTOC/COP/WG.3/2025/4, paras. 7 and 10.", line_start=200)]
    t = extract(blocks, notes)
    (res,) = t.resolutions
    assert (res.annex_count, res.operative_count) == (1, 1)
    recs = t.annex_recommendations
    assert [(r.annex_number, r.annex_label, r.topic, r.letter, r.position) for r in recs] == [
        (1, None, "Prevention", "a", 1), (1, None, "Cooperation", "b", 2)]
    assert recs[0].adopting_bodies == ["Working Group on International Cooperation",
                                       "Working Group of Government Experts on Technical Assistance"]
    assert (recs[0].meeting_numbers, recs[0].meeting_start, recs[0].meeting_end) == ([], "2025-06-02", "2025-06-06")
    assert (recs[0].source_document, recs[0].source_paragraphs) == (
        "CTOC/COP/WG.2/2025/4-CTOC/COP/WG.3/2025/4", "paras. 7 and 10")
    segs = segment(blocks)
    assert segs[-1].structure == "I/A/resolution 12/1/annex/Cooperation"
    assert segs[8].structure == "I/A/resolution 12/1/annex" and segs[8].annex == "Annex"


def test_resolution_without_annex_and_single_unnumbered_operative_paragraph():
    blocks = report_start("Resolution 12/1", "A title", OPENING, "Recalling its resolution 10/4,",
                          "Welcoming also the work of the Working Group,",
                          "Decides to continue the work of the Working Group.",
                          "Resolution 12/2", "Another title", OPENING, "Noting the report,",
                          "1. Requests the secretariat to report;", "2. Also requests the secretariat to act.")
    t = extract(blocks, [])
    assert [(r.symbol, r.session, r.number, r.preamble_count, r.operative_count, r.annex_count)
            for r in t.resolutions] == [("12/1", 12, 1, 2, 1, 0), ("12/2", 12, 2, 1, 2, 0)]
    assert t.annex_recommendations == []
    operative = [p for p in t.resolution_paragraphs if p.part == "operative"]
    assert [(p.symbol, p.number, p.label, p.lead_phrase) for p in operative] == [
        ("12/1", None, None, "Decides"), ("12/2", 1, "1", "Requests"), ("12/2", 2, "2", "Also requests")]


def test_sub_items_decision_of_lettered_items_and_embedded_list():
    blocks = make_blocks(
        "I. Resolutions and decisions", "A. Resolutions", "Resolution 12/1", "A title", OPENING,
        "Noting the report,", "1. Calls upon States, in accordance with domestic law, to:",
        "(a) Implement an analytical process;", "(b) Assess the risks;",
        "2. Requests the secretariat to report.",
        "B. Decisions", "Decision 12/1", "Provisional agenda for the thirteenth session",
        "The Conference approved the provisional agenda set out below.",
        "Provisional agenda for the thirteenth session", "1. Organizational matters:",
        "(a) Opening of the session;", "(b) Election of officers.", "2. Technical assistance.",
        "Decision 12/2", "Organization of work",
        "The Conference, taking into account rule 3, paragraph 3, of the rules of procedure:",
        "(a) Decided that the session should take place over five days;",
        "(b) Requested the secretariat to report.",
        "II. Organizational matters", "A. Opening of the session", "2. The Conference met.")
    t = extract(blocks, [])
    rows = [(p.resolution_id, p.part, p.level, p.number, p.label, p.parent, p.lead_phrase)
            for p in t.resolution_paragraphs]
    assert rows == [
        (1, "opening", 1, None, None, None, None), (1, "preamble", 1, None, None, None, "Noting"),
        (1, "operative", 1, 1, "1", None, "Calls upon"), (1, "operative", 2, None, "a", 3, "Implement"),
        (1, "operative", 2, None, "b", 3, "Assess"), (1, "operative", 1, 2, "2", None, "Requests"),
        (2, "opening", 1, None, None, None, None), (2, "list_heading", 1, None, None, None, None),
        (2, "list", 1, 1, "1", None, None), (2, "list", 2, None, "a", 3, None), (2, "list", 2, None, "b", 3, None),
        (2, "list", 1, 2, "2", None, None),
        (3, "opening", 1, None, None, None, None), (3, "operative", 2, None, "a", 1, "Decided"),
        (3, "operative", 2, None, "b", 1, "Requested")]
    assert [(r.kind, r.symbol, r.operative_count) for r in t.resolutions] == [
        ("resolution", "12/1", 2), ("decision", "12/1", 0), ("decision", "12/2", 2)]
    structure = [s.structure for s in segment(blocks)]
    assert structure[7] == "I/A/resolution 12/1/operative 1 (a)"
    assert structure[16] == "I/B/decision 12/1/list 1 (a)"
    assert structure[22] == "I/B/decision 12/2/operative (a)"
    assert structure[-1] == "II/A/para 2"
    assert ("rule", "3", "paragraph 3", "rules of procedure") in {
        (c.kind, c.cited_symbol, c.subdivision, c.cited_body) for c in t.citations}


def test_action_date_stated_inferred_from_the_same_meeting_elsewhere_or_null():
    blocks = report_start(
        "Resolution 12/1", "A title", OPENING, "1. Requests the secretariat to report.",
        "Resolution 12/2", "B title", OPENING, "1. Requests the secretariat to report.",
        "Resolution 12/3", "C title", OPENING, "1. Requests the secretariat to report.",
        "Resolution 12/4", "D title", OPENING, "1. Requests the secretariat to report.",
        "II. Adoption of the report",
        # the 9th meeting is dated only in the next paragraph: the date is inferred, not stated here
        "2. Also at its 9th meeting, the Conference adopted a draft resolution (CTOC/COP/2024/L.5). "
        "(For the text, see chapter I, section A, resolution 12/2.)",
        "3. At its 9th meeting, on 18 October 2024, the Conference adopted a draft resolution "
        "(CTOC/COP/2024/L.4). (For the text, see chapter I, section A, resolution 12/1.)",
        "4. At the same meeting, the Conference adopted a draft resolution (CTOC/COP/2024/L.6). "
        "(For the text, see chapter I, section A, resolution 12/3.)",
        # near miss: the report dates the 10th meeting nowhere
        "5. At its 10th meeting, the Conference adopted a draft resolution (CTOC/COP/2024/L.7). "
        "(For the text, see chapter I, section A, resolution 12/4.)")
    assert [(r.symbol, r.action_meeting, r.action_date, r.action_date_inferred)
            for r in extract(blocks, []).resolutions] == [
        ("12/1", 9, "2024-10-18", False), ("12/2", 9, "2024-10-18", True),
        ("12/3", 9, "2024-10-18", False), ("12/4", 10, None, False)]


def test_draft_decision_in_the_report_annex():
    blocks = make_blocks(
        "I. Resolutions and decisions", "A. Resolutions", "Resolution 12/1", "A title", OPENING,
        "1. Requests the secretariat to report.",
        "II. Adoption of the report", "3. At its 9th meeting, on 3 June 2025, the Conference adopted a draft "
        "resolution (CTOC/COP/2025/L.4). (For the text, see chapter I, section A, resolution 12/1.)",
        "Annex", "Revised draft decision on participation",
        "1. At the 9th meeting of the Conference, on 3 June 2025, the sponsors of a revised draft decision "
        "(CTOC/COP/2025/L.9/Rev.1) decided to postpone its consideration.",
        "2. The revised draft decision read as follows:", "Participation of stakeholders",
        "The Conference of the Parties, decides as follows:", "(a) That stakeholders may participate;",
        "(b) That others may apply.")
    t = extract(blocks, [])
    assert [(r.kind, r.status, r.symbol, r.document_symbol, r.action_meeting, r.action_date, r.title,
             r.operative_count) for r in t.resolutions] == [
        ("resolution", "adopted", "12/1", "CTOC/COP/2025/L.4", 9, "2025-06-03", "A title", 1),
        ("draft_decision", "postponed", None, "CTOC/COP/2025/L.9/Rev.1", 9, "2025-06-03",
         "Participation of stakeholders", 2)]
    segs = segment(blocks)
    assert [s.structure for s in segs[8:]] == [
        "annex", "annex", "annex/para 1", "annex/para 2", "annex/draft decision/title",
        "annex/draft decision/opening", "annex/draft decision/operative (a)", "annex/draft decision/operative (b)"]


def test_report_resumes_after_a_text_and_annex_parts_are_not_chapters():
    blocks = make_blocks(
        "I. Resolutions and decisions", "A. Resolutions", "1. The Conference adopted the following:",
        "Resolution 12/1", "A title", OPENING, "1. Adopts the guidelines annexed to the present resolution.",
        "Annex", "Guidelines", "I. General provisions", "(a) States should act;", "II. Scope",
        "(b) States should report.",
        "B. Decisions", "Decision 12/1", "A decision", "The Conference decided to meet again.",
        "2. The Conference also adopted a statement.", "II. Organizational matters")
    structure = [(s.structure, s.part) for s in segment(blocks)]
    assert structure[9:14] == [
        ("I/A/resolution 12/1/annex/I. General provisions", "topic"),
        ("I/A/resolution 12/1/annex/I. General provisions", "recommendation"),
        ("I/A/resolution 12/1/annex/II. Scope", "topic"),
        ("I/A/resolution 12/1/annex/II. Scope", "recommendation"),
        ("I/B", "section_heading")]
    assert structure[-2:] == [("I/B/para 2", "paragraph"), ("II", "chapter_heading")]
    assert [r.topic for r in extract(blocks, []).annex_recommendations] == ["I. General provisions", "II. Scope"]


def test_documents_are_read_one_by_one():
    one = report_start("Resolution 12/1", "A title", OPENING, "1. Requests a report.")
    other = [Block("fedcba9876543210", b.block_id, b.kind, b.text.replace("12/", "13/"), None, None,
                   b.line_start, b.line_end, []) for b in one]
    t = extract(one + other, [])
    assert [(r.doc_id, r.resolution_id, r.symbol) for r in t.resolutions] == [
        (DOC, 1, "12/1"), ("fedcba9876543210", 1, "13/1")]
    assert [s.structure for s in segment(one + other)][-1] == "I/A/resolution 13/1/operative 1"


@pytest.mark.parametrize("text, parent, lead", [
    ("Recalling also its resolution 5/8,", None, "Recalling also"),
    ("Bearing in mind that the Protocol,", None, "Bearing in mind"),
    ("Strongly encourages States parties to act;", None, "Strongly encourages"),
    ("Also requests the Office to report;", None, "Also requests"),
    ("Taking note with appreciation of the papers,", None, "Taking note with appreciation"),
    ("Remaining deeply concerned about the harm,", None, "Remaining deeply concerned"),
    ("Calls upon States to act;", None, "Calls upon"),
    ("Expressing concern that, notwithstanding,", None, "Expressing concern"),
    ("Invites, where appropriate, organizations to act;", None, "Invites"),
    ("Mindful of the need,", None, "Mindful"),
    ("Improve the capacity of authorities;", "urges States to take the following actions:", "Improve"),
    ("That any stakeholders may participate;", "decides as follows:", None),
    ("The Conference decided,", None, None),
])
def test_lead_phrase(text, parent, lead):
    assert lead_phrase(text, parent) == lead


def test_citation_lists_titles_and_bodies():
    found = find_citations(
        "Recalling its decision 4/2 of 17 October 2008 and its resolution 5/8 of 22 October 2010, both entitled "
        "“Implementation”, General Assembly resolutions 66/180 of 19 December 2011 and 68/186 of 18 December 2013, "
        "entitled “Strengthening”, and resolution 69/196, its resolutions 6/2 of 19 October 2012, entitled “A”, "
        "7/2 of 10 October 2014, entitled “B”, and the General Assembly, in its resolution 70/1, and "
        "Commission on Narcotic Drugs resolution 65/2 of 18 March 2022, and article 9 thereof,")
    assert [(f.body, f.kind, f.symbol, f.date, f.title) for f in found] == [
        ("Conference of the Parties", "decision", "4/2", "2008-10-17", "Implementation"),
        ("Conference of the Parties", "resolution", "5/8", "2010-10-22", "Implementation"),
        ("General Assembly", "resolution", "66/180", "2011-12-19", "Strengthening"),
        ("General Assembly", "resolution", "68/186", "2013-12-18", "Strengthening"),
        ("General Assembly", "resolution", "69/196", None, None),
        ("Conference of the Parties", "resolution", "6/2", "2012-10-19", "A"),
        ("Conference of the Parties", "resolution", "7/2", "2014-10-10", "B"),
        ("General Assembly", "resolution", "70/1", None, None),
        ("Commission on Narcotic Drugs", "resolution", "65/2", "2022-03-18", None),
        ("Convention", "article", "9", None, None)]


def test_citations_of_documents_and_provisions():
    found = find_citations("See General Assembly decision 60/519 and A/60/88 and A/60/88/Corr.2, annex; "
                           "E/2022/27, para. 1; articles 4 and 5 of the Firearms Protocol")
    assert [(f.kind, f.body, f.symbol, f.subdivision) for f in found] == [
        ("decision", "General Assembly", "60/519", None), ("document", None, "A/60/88", None),
        ("document", None, "A/60/88/Corr.2", None), ("document", None, "E/2022/27", "para. 1"),
        ("article", "Firearms Protocol", "4", None), ("article", "Firearms Protocol", "5", None)]


def test_ibid_cites_what_the_footnote_before_cited_at_its_new_locator():
    before = find_citations("General Assembly resolution 69/196, annex.")
    (ibid,) = find_citations("Ibid., guideline 48. Applying the Guidelines can foster responsibility.", before)
    assert (ibid.kind, ibid.body, ibid.symbol, ibid.subdivision, ibid.as_printed) == (
        "resolution", "General Assembly", "69/196", "guideline 48", "Ibid., guideline 48")
    (same,) = find_citations("Ibid.", find_citations("E/2022/27, para. 1."))
    assert (same.kind, same.symbol, same.subdivision) == ("document", "E/2022/27", "para. 1")
    # near misses: nothing cited before, several instruments cited before (ambiguous), a Treaty Series
    # "Ibid., vol. …" (new entries of the series, not a place in the instrument before), no "Ibid." at all
    assert find_citations("Ibid., guideline 48.") == []
    assert find_citations("Ibid., para. 3.", find_citations("articles 4 and 5 of the Firearms Protocol")) == []
    series = find_citations("Ibid., vol. 249, No. 3511.", find_citations("United Nations, Treaty Series, vol. 2225, No. 39574."))
    assert [(f.kind, f.symbol, f.subdivision) for f in series] == [("treaty", "vol. 249, No. 3511", None)]
    assert find_citations("Applying the guideline 48 consistently.", before) == []


def test_ibid_footnotes_chain_through_extract():
    blocks = report_start("Resolution 12/1", "A title", OPENING,
                          ("Recalling General Assembly resolution 69/196,", [1]),
                          ("Bearing in mind the Guidelines,", [2]), ("Noting the Guidelines,", [3]),
                          "1. Requests the secretariat to report.")
    notes = [Footnote(DOC, 1, 1, "General Assembly resolution 69/196, annex.", line_start=100),
             Footnote(DOC, 2, 2, "Ibid., guideline 48.", line_start=101),
             Footnote(DOC, 3, 3, "Ibid., guideline 12.", line_start=102)]
    cited = [(c.footnote_number, c.cited_body, c.cited_symbol, c.subdivision, c.as_printed)
             for c in extract(blocks, notes).citations if c.footnote_number]
    assert cited == [(1, "General Assembly", "69/196", None, "General Assembly resolution 69/196"),
                     (2, "General Assembly", "69/196", "guideline 48", "Ibid., guideline 48"),
                     (3, "General Assembly", "69/196", "guideline 12", "Ibid., guideline 12")]


def test_annex_title_meetings_and_dates():
    m = annex_meeting("Recommendations discussed by the Working Group of Government Experts on Technical "
                      "Assistance at its twelfth meeting, held on 9 and 10 July 2020, and adopted at its "
                      "thirteenth meeting, held from 23 to 27 May 2022")
    assert m == dict(adopting_bodies=["Working Group of Government Experts on Technical Assistance"],
                     meeting_numbers=[12, 13], adopting_meeting=13,
                     meeting_start="2022-05-23", meeting_end="2022-05-27")
    assert date_span("held on 25 and 26 March 2021") == ("2021-03-25", "2021-03-26")
    assert date_span("from 30 September to 4 October 2024") == ("2024-09-30", "2024-10-04")


# --- (b) the real report --------------------------------------------------------------------

TITLES = {
    ("resolution", "11/1"): "Implementation of the provisions on international cooperation of the United Nations "
                            "Convention against Transnational Organized Crime",
    ("resolution", "11/2"): "Implementation of the provisions on technical assistance of the United Nations "
                            "Convention against Transnational Organized Crime",
    ("resolution", "11/3"): "Outcomes of the joint thematic discussion of the Working Group of Government Experts "
                            "on Technical Assistance and the Working Group on International Cooperation on the "
                            "application of the United Nations Convention against Transnational Organized Crime for "
                            "preventing and combating transnational organized crimes that affect the environment",
    ("resolution", "11/4"): "Strengthening crime prevention and criminal justice responses to protect cultural "
                            "property, especially with regard to its trafficking in any situations, including in "
                            "the context of all armed conflicts and natural disasters",
    ("resolution", "11/5"): "Implementation of the Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
                            "Especially Women and Children, supplementing the United Nations Convention against "
                            "Transnational Organized Crime",
    ("resolution", "11/6"): "Strengthening international cooperation to prevent, combat and eradicate the illicit "
                            "manufacturing of and trafficking in firearms, their parts and components and ammunition",
    ("decision", "11/1"): "Provisional agenda for the twelfth session of the Conference of the Parties to the "
                          "United Nations Convention against Transnational Organized Crime",
    ("decision", "11/2"): "Organization of the work of the twelfth session of the Conference of the Parties to the "
                          "United Nations Convention against Transnational Organized Crime",
    ("draft_decision", None): "Participation of relevant stakeholders including non-governmental organizations, "
                              "representatives of the private sector and academia in the constructive dialogues",
}

# (preambular, operative, annexes, draft document, meeting of adoption), read off the report
COUNTS = {
    ("resolution", "11/1"): (8, 2, 2, "CTOC/COP/2022/L.4", 11),
    ("resolution", "11/2"): (3, 2, 2, "CTOC/COP/2022/L.5", 11),
    ("resolution", "11/3"): (4, 1, 1, "CTOC/COP/2022/L.6/Rev.1", 11),
    ("resolution", "11/4"): (21, 19, 0, "CTOC/COP/2022/L.7/Rev.2", 11),
    ("resolution", "11/5"): (32, 21, 0, "CTOC/COP/2022/L.8/Rev.2", 11),
    ("resolution", "11/6"): (19, 29, 0, "CTOC/COP/2022/L.10/Rev.2", 10),
    ("decision", "11/1"): (0, 0, 0, "CTOC/COP/2022/L.2/Rev.1", 11),
    ("decision", "11/2"): (0, 3, 0, "CTOC/COP/2022/L.3/Rev.1", 11),
    ("draft_decision", None): (0, 2, 0, "CTOC/COP/2022/L.9/Rev.1", 11),
}

MECHANISM = ("Matters pertaining to the Mechanism for the Review of the Implementation of the United Nations "
             "Convention against Transnational Organized Crime and the Protocols thereto")
# (symbol, annex label) -> number of recommendations, first and last letter, topic headings in order,
# source document and paragraphs (footnote of the introduction), adopting meeting and its dates
ANNEXES = {
    ("11/1", "I"): (24, "a", "x", [
        "Use and role of joint investigative bodies in combating transnational organized crime",
        "International cooperation involving special investigative techniques",
        "Impact of the coronavirus disease (COVID-19) on international cooperation in criminal matters: "
        "a one-year overview",
        "Other matters"], "CTOC/COP/WG.3/2021/3", "paras. 2–4", 12, "2021-03-25", "2021-03-26"),
    ("11/1", "II"): (13, "a", "m", [
        "Transfer of sentenced persons (article 17 of the Organized Crime Convention)", MECHANISM],
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "paras. 7 and 10", 13, "2022-05-23", "2022-05-27"),
    ("11/2", "I"): (15, "a", "o", [
        "Updating the legislative records of States parties in preparation for the Mechanism for the Review of "
        "the Implementation of the United Nations Convention against Transnational Organized Crime and the "
        "Protocols thereto",
        "Application of the United Nations Convention against Transnational Organized Crime in domestic "
        "jurisprudence"], "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "para. 8", 13, "2022-05-23", "2022-05-27"),
    ("11/2", "II"): (11, "a", "k", [
        "Effective strategies to prevent and combat organized crime, including mainstreaming of gender and "
        "human rights", MECHANISM],
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "paras. 8 and 10", 13, "2022-05-23", "2022-05-27"),
    ("11/3", None): (12, "a", "l", [None],
                     "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "para. 9", None, "2022-05-23", "2022-05-27"),
}


@pytest.fixture(scope="module")
def real(report_text):
    doc_id = hashlib.sha256(report_text.encode("utf-8")).hexdigest()[:16]
    n = normalize(read_text_lines(report_text, doc_id))
    start = time.perf_counter()
    segments = segment(n.blocks)
    tables = extract(n.blocks, n.footnotes, segments)
    seconds = time.perf_counter() - start
    return n, segments, tables, seconds


def _key(r):
    return (r.kind, r.symbol)


def test_real_texts_symbols_titles_and_counts(real):
    _, _, t, _ = real
    res = t.resolutions
    assert Counter(r.kind for r in res) == {"resolution": 6, "decision": 2, "draft_decision": 1}
    assert [_key(r) for r in res] == list(TITLES)
    assert {_key(r): r.title for r in res} == TITLES
    assert {_key(r): (r.preamble_count, r.operative_count, r.annex_count, r.document_symbol, r.action_meeting)
            for r in res} == COUNTS
    assert {r.status for r in res if r.kind != "draft_decision"} == {"adopted"}
    draft = res[-1]
    assert (draft.status, draft.symbol, draft.action_date) == ("postponed", None, "2022-10-21")
    # 112. "Also at its 11th meeting, the Conference adopted a revised draft resolution
    # (CTOC/COP/2022/L.7/Rev.2) ... (For the text, see chapter I, section A, resolution 11/4.)": no date there;
    # paras. 76, 110, 124, 135, 140, 141 and 143 date the 11th meeting 21 October 2022
    assert {_key(r): (r.action_meeting, r.action_date, r.action_date_inferred) for r in res if r.action_date_inferred} \
        == {("resolution", "11/4"): (11, "2022-10-21", True)}
    assert all((r.session, r.number) == tuple(int(x) for x in r.symbol.split("/")) for r in res if r.symbol)
    by_id = [(c.kind, c.cited_body, c.instrument_id) for c in t.citations]
    # "the Convention", "the Organized Crime Convention" and the full title: one instrument
    assert {i for k, b, i in by_id if k == "article" and b and "Organized Crime" in b} == {"UNTOC"}
    assert sum(i == "A/RES/69/196" for _, _, i in by_id) == 4          # in 11/4: two paragraphs, fns. 19 and 20 (Ibid.)
    keys = [r.text_key for r in res]
    assert len(set(keys)) == len(keys) == 9 and keys[6] == "decision 11/1" and keys[0] == "resolution 11/1"
    assert {c.from_text for c in t.citations} == {k for k in keys if k != "decision 11/1"} - {
        "draft decision CTOC/COP/2022/L.9/Rev.1"}


def test_real_paragraphs(real):
    _, _, t, _ = real
    by_text = {}
    for p in t.resolution_paragraphs:
        by_text.setdefault(p.resolution_id, []).append(p)
    res = {r.resolution_id: r for r in t.resolutions}
    for rid, rows in by_text.items():
        numbers = [p.number for p in rows if p.part == "operative" and p.number]
        assert numbers == list(range(1, len(numbers) + 1)), res[rid].symbol
        assert rows[0].part == "opening"
    r115 = by_text[5]
    subs = [(p.label, p.parent, p.lead_phrase) for p in r115 if p.level == 2]
    op4 = next(p.paragraph_id for p in r115 if p.number == 4)
    op9 = next(p.paragraph_id for p in r115 if p.number == 9)
    assert subs == [("a", op4, "Implement"), ("b", op4, "Assess"), ("c", op4, "Enhance"), ("d", op4, "Enhance"),
                    ("e", op4, "Incorporate"), ("a", op9, "Improve"), ("b", op9, "Strengthen"),
                    ("c", op9, "Train"), ("d", op9, "Increase")]
    leads = Counter(p.lead_phrase for p in t.resolution_paragraphs)
    assert leads["Recalling also"] == 5 and leads["Bearing in mind"] == 3 and leads["Also requests"] == 3
    assert leads["Strongly encourages"] == 1 and leads["Remaining deeply concerned"] == 1
    single = [p for p in by_text[3] if p.part == "operative"]
    assert [(p.number, p.lead_phrase) for p in single] == [(None, "Endorses")]
    agenda = by_text[7]
    assert [p.label for p in agenda if p.part == "list" and p.level == 1] == [str(i) for i in range(1, 10)]
    assert [p.label for p in agenda if p.part == "list" and p.level == 2] == list("abcdef") + list("abcd")
    assert agenda[1].part == "list_heading"
    assert [(p.label, p.lead_phrase) for p in by_text[8] if p.part == "operative"] == [
        ("a", "Decided"), ("b", "Requested"), ("c", "Requested")]
    assert by_text[2][1].footnote_numbers == [5]


def test_real_annex_recommendations(real):
    _, _, t, _ = real
    got = {}
    for r in t.annex_recommendations:
        got.setdefault((r.symbol, r.annex_label), []).append(r)
    assert list(got) == list(ANNEXES)
    for key, (count, first, last, topics, doc, paras, meeting, start, end) in ANNEXES.items():
        recs = got[key]
        assert (len(recs), recs[0].letter, recs[-1].letter) == (count, first, last), key
        assert [r.position for r in recs] == list(range(1, count + 1))
        assert list(dict.fromkeys(r.topic for r in recs)) == topics, key
        assert {(r.source_document, r.source_paragraphs, r.adopting_meeting, r.meeting_start, r.meeting_end)
                for r in recs} == {(doc, paras, meeting, start, end)}, key
    assert got[("11/2", "I")][0].meeting_numbers == [12, 13]
    assert got[("11/3", None)][0].adopting_bodies == [
        "Working Group on International Cooperation", "Working Group of Government Experts on Technical Assistance"]
    roman = got[("11/2", "II")][2]
    assert roman.letter == "c" and "(i) ensuring" in roman.text and "(iv) promoting partnerships" in roman.text


def test_real_citations(real):
    _, _, t, _ = real
    cited = {(c.from_symbol, c.cited_body, c.kind, c.cited_symbol, c.date) for c in t.citations}
    for row in [
        ("11/1", "Conference of the Parties", "decision", "2/2", "2005-10-19"),
        ("11/1", "Conference of the Parties", "decision", "4/2", "2008-10-17"),
        ("11/1", "Conference of the Parties", "resolution", "5/8", "2010-10-22"),
        ("11/5", "Conference of the Parties", "resolution", "5/2", "2010-10-22"),
        ("11/5", "Conference of the Parties", "resolution", "10/3", "2020-10-16"),
        ("11/5", "Conference of the Parties", "decision", "3/3", "2006-10-18"),
        ("11/5", "General Assembly", "resolution", "70/1", "2015-09-25"),
        ("11/6", "General Assembly", "resolution", "76/233", "2021-12-24"),
        ("11/6", "Commission on Narcotic Drugs", "resolution", "65/2", "2022-03-18"),
        ("11/4", "Commission on Crime Prevention and Criminal Justice", "resolution", "27/5", "2018-05-18"),
        ("11/4", "General Assembly", "resolution", "66/180", "2011-12-19"),
        ("11/1", "Convention", "article", "16", None),
        ("11/4", "Organized Crime Convention", "article", "2", None),
        ("11/3", "General Assembly", "resolution", "76/185", None),
    ]:
        assert row in cited, row
    shared = [c for c in t.citations if c.cited_symbol in ("4/2", "5/8") and c.from_symbol == "11/1" and c.paragraph_id]
    assert {c.title for c in shared} == {"Implementation of the provisions on international cooperation of the "
                                         "United Nations Convention against Transnational Organized Crime"}
    in_recommendation = [c for c in t.citations if c.letter == "i" and c.annex_number == 1 and c.from_symbol == "11/1"]
    assert [(c.kind, c.cited_symbol) for c in in_recommendation] == [
        ("resolution", "5/8"), ("article", "19"), ("article", "19")]
    notes = {(c.from_symbol, c.footnote_number, c.kind, c.cited_symbol) for c in t.citations if c.footnote_number}
    assert ("11/5", 23, "document", "E/2022/27") in notes
    assert ("11/4", 13, "resolution", "61/295") in notes
    # footnote 20, "Ibid., guideline 48. Applying the International Guidelines ...": footnote 19's
    # General Assembly resolution 69/196 (annex), at guideline 48
    ibid = [(c.cited_body, c.kind, c.cited_symbol, c.subdivision, c.as_printed, c.line_start)
            for c in t.citations if c.footnote_number == 20]
    assert ibid == [("General Assembly", "resolution", "69/196", "guideline 48", "Ibid., guideline 48", 1850)]
    assert Counter(c.kind for c in t.citations)["resolution"] >= 40


def test_real_segments(real):
    n, segments, _, _ = real
    by_text = {b.text[:40]: s for b, s in zip(n.blocks, segments)}
    para15 = next(s for b, s in zip(n.blocks, segments) if b.text.startswith("15. The President"))
    assert (para15.structure, para15.part) == ("II/D/para 15", "paragraph")
    assert by_text["Noting that international cooperation ha"].structure == "I/A/resolution 11/1/preamble"
    first_topic = next(s for s in segments if s.part == "topic")
    assert first_topic.structure == ("I/A/resolution 11/1/annex I/Use and role of joint investigative bodies in "
                                     "combating transnational organized crime")
    assert segments[-1].structure == "annex/draft decision/operative (b)"
    assert {s.chapter for s in segments if s.part == "chapter_heading"} == {
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"}


def test_real_tables_validate_and_extraction_is_fast(real):
    n, segments, t, seconds = real
    tables = {"blocks": to_table("blocks", n.blocks), "segments": to_table("segments", segments),
              "resolutions": to_table("resolutions", t.resolutions),
              "resolution_paragraphs": to_table("resolution_paragraphs", t.resolution_paragraphs),
              "annex_recommendations": to_table("annex_recommendations", t.annex_recommendations),
              "citations": to_table("citations", t.citations)}
    for name in ("segments", "resolutions", "resolution_paragraphs", "annex_recommendations", "citations"):
        assert validate(name, tables[name], tables) == [], name
    assert seconds < 0.5


# --- (c) session independence ---------------------------------------------------------------

def _renumbered(text: str) -> str:
    """The report as if of the next session: "eleventh" -> "twelfth", "11/" -> "12/"."""
    return text.replace("eleventh", "twelfth").replace("11/", "12/")


def _lines_between(lines: list[str], start: str, end: str, after: int = 0) -> tuple[int, int]:
    i = next(k for k in range(after, len(lines)) if lines[k].strip() == start)
    j = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == end)
    return i, j


def _without_resolution(text: str, symbol: str, next_heading: str) -> str:
    lines = text.split("\n")
    i, j = _lines_between(lines, f"Resolution {symbol}", next_heading)
    return "\n".join(lines[:i] + lines[j:])


def _annexes_swapped(text: str, symbol: str, next_heading: str) -> str:
    """Annex II of resolution `symbol` moved before annex I; footnote numbers kept in order."""
    lines = text.split("\n")
    r, _ = _lines_between(lines, f"Resolution {symbol}", "Annex I")
    a1, a2 = _lines_between(lines, "Annex I", "Annex II", r)
    _, end = _lines_between(lines, "Annex II", next_heading, a2)
    first, second = lines[a1:a2], lines[a2:end]
    notes = [int(m[1]) for ln in first + second if (m := re.match(r"^ (\d+) CTOC/", ln))]
    swap = {str(notes[0]): str(notes[1]), str(notes[1]): str(notes[0])}

    def renumber(block: list[str]) -> list[str]:
        return [re.sub(r"(?<=recommendations)(\d+)\b|^ (\d+)(?= CTOC/)",
                       lambda m: (" " if m[2] else "") + swap[m[1] or m[2]], ln) for ln in block]
    return "\n".join(lines[:a1] + renumber(second) + renumber(first) + lines[end:])


def test_session_renumbered_resolution_removed_annexes_swapped(report_text, real):
    _, _, base, _ = real
    text = _renumbered(report_text)
    text = _without_resolution(text, "12/6", "B. Decisions")
    text = _annexes_swapped(text, "12/1", "Resolution 12/2")
    _, t = from_text(text)

    expected = [(r.kind, r.symbol.replace("11/", "12/") if r.symbol else None, _renumbered(r.title),
                 r.preamble_count, r.operative_count, r.annex_count, r.document_symbol)
                for r in base.resolutions if r.symbol != "11/6" or r.kind != "resolution"]
    got = [(r.kind, r.symbol, r.title, r.preamble_count, r.operative_count, r.annex_count, r.document_symbol)
           for r in t.resolutions]
    assert got == expected
    assert {r.session for r in t.resolutions if r.symbol} == {12}

    def annexes(recs, rename=lambda s: s):
        out = {}
        for r in recs:
            key = (rename(r.symbol), r.annex_number, r.annex_label)
            out.setdefault(key, []).append((r.letter, r.topic, _renumbered(r.text), r.source_document,
                                            r.source_paragraphs, r.meeting_start))
        return out

    before = annexes(base.annex_recommendations, lambda s: s.replace("11/", "12/"))
    after = annexes(t.annex_recommendations)
    assert after[("12/1", 1, "II")] == before[("12/1", 2, "II")]
    assert after[("12/1", 2, "I")] == before[("12/1", 1, "I")]
    assert {k: v for k, v in after.items() if k[0] != "12/1"} == {k: v for k, v in before.items() if k[0] != "12/1"}

    def paragraphs(rows, rename=lambda s: s):
        return [(rename(p.symbol) if p.symbol else None, p.part, p.number, p.label, p.lead_phrase,
                 _renumbered(p.text)) for p in rows]
    kept = [p for p in base.resolution_paragraphs if p.resolution_id != 6]
    assert paragraphs(t.resolution_paragraphs) == paragraphs(kept, lambda s: s.replace("11/", "12/"))

    def citations(rows, rename=lambda s: s):
        return Counter((rename(c.from_symbol) if c.from_symbol else None, c.kind, c.cited_body, c.cited_symbol,
                        c.date, c.title, c.footnote_number) for c in rows)
    removed = {r.resolution_id for r in base.resolutions if (r.kind, r.symbol) == ("resolution", "11/6")}
    assert citations(t.citations) == citations([c for c in base.citations if c.resolution_id not in removed],
                                               lambda s: s.replace("11/", "12/"))


def test_every_text_has_a_key_no_other_text_of_its_report_shares():
    """"11/1" is both resolution 11/1 and decision 11/1; the key tells them apart, and citations
    carry it (from_text)."""
    from pipeline.extract.resolutions import text_key

    assert text_key("resolution", "11/1", None, 1) == "resolution 11/1"
    assert text_key("decision", "11/1", None, 7) == "decision 11/1"
    assert text_key("draft_decision", None, "CTOC/COP/2022/L.9/Rev.1", 9) == "draft decision CTOC/COP/2022/L.9/Rev.1"
    assert text_key("draft_resolution", None, None, 4) == "draft resolution (text 4)"


@pytest.mark.parametrize("kind, body, symbol, expected", [
    ("article", "Organized Crime Convention", "16", "UNTOC"),
    ("article", "Convention", "2", "UNTOC"),
    ("article", "United Nations Convention against Transnational Organized Crime", "32", "UNTOC"),
    ("article", "Trafficking in Persons Protocol", "2", "UNTOC-TIP"),
    ("article", "Protocol", "9", None),                                  # which Protocol? left open
    ("article", "Convention for the Protection of Cultural Property in the Event of Armed Conflict", "4", None),
    ("resolution", "General Assembly", "76/185", "A/RES/76/185"),
    ("decision", "General Assembly", "60/519", "A/DEC/60/519"),
    ("resolution", "Commission on Crime Prevention and Criminal Justice", "27/5", "CCPCJ resolution 27/5"),
    ("decision", "Conference of the Parties", "2/2", "UNTOC-COP decision 2/2"),
    ("document", None, "E/2022/27", "E/2022/27"),
    ("treaty", "United Nations, Treaty Series", "vols. 2225, 2237, 2241 and 2326, No. 39574", "UNTS No. 39574"),
    ("rule", "rules of procedure", "22", None),
])
def test_one_instrument_one_id_however_named(kind, body, symbol, expected):
    from pipeline.extract.instruments import article_number, instrument_id

    assert instrument_id(kind, body, symbol) == expected
    assert article_number(kind, symbol) == (int(symbol) if kind == "article" else None)


@pytest.mark.parametrize("instrument, label", [
    ("UNTOC", "United Nations Convention against Transnational Organized Crime"),
    ("UNTOC-SOM", "Protocol against the Smuggling of Migrants by Land, Sea and Air"),
    ("A/RES/76/185", "General Assembly resolution 76/185"),
    ("A/DEC/60/519", "General Assembly decision 60/519"),
    ("CCPCJ resolution 27/5", "Commission on Crime Prevention and Criminal Justice resolution 27/5"),
    ("UNTOC-COP decision 2/2", "Conference of the Parties decision 2/2"),
    ("UNTS No. 39574", "United Nations, Treaty Series, No. 39574"),
    ("E/2022/27", "E/2022/27"),                     # a document's symbol is its name
])
def test_each_canonical_id_has_a_readers_label(instrument, label):
    """The label of a node of the citation graph and of the cited_instruments view."""
    from pipeline.extract.instruments import instrument_label

    assert instrument_label(instrument) == label
