"""Each editor's check of the QA on a small fixture: a true hit, and a near miss that must
not fire.  The fixtures are rows as the tables hold them, written here by hand."""
import pytest

from pipeline.validate.qa import run_checks

DOC = "d" * 16


def block(text, block_id=1, line=10, kind="paragraph"):
    return dict(doc_id=DOC, block_id=block_id, kind=kind, text=text, page_start=3, page_end=3,
                line_start=line, line_end=line + 1, footnote_numbers=[])


def checks(rows, *names):
    found = run_checks(rows)
    return [(i.check, i.severity, i.category) for i in found if not names or i.check in names]


def segments(*blocks, part="paragraph"):
    return [dict(doc_id=DOC, block_id=b["block_id"], part=part, chapter="II", section=None, text_symbol=None,
                 text_kind=None, text_id=None, annex=None, structure="II", label=None, continued=False)
            for b in blocks]


# --- artifacts ---------------------------------------------------------------------------

def test_artifact_scan_reads_every_text_column_of_every_table():
    rows = {"blocks": [block("increasing information - sharing and ( ii) protecting")],
            "annex_recommendations": [dict(doc_id=DOC, block_id=1, position=1, text="the Protocol , and",
                                           resolution_id=1, annex_number=1, letter="a", symbol="5/1", annex_label="I",
                                           page_start=None, line_start=10, line_end=11)],
            "lines": [dict(doc_id=DOC, line_no=10, text="( ii) raw lines keep their artifacts", page=3, zone="body")]}
    found = [i for i in run_checks(rows) if i.check == "artifact_left"]
    assert sorted(i.message.split(":")[0] for i in found) == \
        ["space after opener left", "space before punctuation left", "spaced hyphen left"]
    assert all(i.severity == "warning" and i.category == "artifact" for i in found)
    assert any("annex_recommendations.text" in i.message for i in found)
    assert run_checks({"blocks": [block("information-sharing and (ii) protecting, and gender- and age-based")]}) == []


def test_doubled_punctuation():
    assert checks({"blocks": [block("the Convention,, and the Protocols")]}) == \
        [("doubled_punctuation", "warning", "typography")]
    assert checks({"blocks": [block("as listed, e.g., in the annex... and etc.")]}) == []


# --- sequences ---------------------------------------------------------------------------

def test_label_out_of_sequence_on_sub_items_letters_and_romans():
    def rows(labels, base="I/A/resolution 5/1/operative 4"):
        return {"blocks": [block(f"({x}) Text", block_id=i, line=10 * i) for i, x in enumerate(labels, 1)],
                "segments": [dict(doc_id=DOC, block_id=i, structure=f"{base} ({x})", part="operative", text_id=1,
                                  text_kind="resolution", text_symbol="5/1", annex=None, label=x, continued=False,
                                  chapter="I", section="A")
                             for i, x in enumerate(labels, 1)]}

    assert checks(rows("abbd")) == [("label_out_of_sequence", "warning", "sequence")]
    assert checks(rows(["i", "ii", "ii", "iv"], base="I/A/resolution 5/1/operative 4 (a)")) == \
        [("label_out_of_sequence", "warning", "sequence")]
    assert checks(rows("abc")) == checks(rows(["i", "ii", "iii", "iv"], base="x/operative 4 (a)")) == []


def test_footnote_numbering_allows_a_restart():
    note = lambda n, line: dict(doc_id=DOC, footnote_id=line, number=n, text="x", page=1, line_start=line,
                                line_end=line, urls=[])
    refs = lambda notes: [dict(doc_id=DOC, footnote_id=n["footnote_id"]) for n in notes]
    ok = [note(1, 1), note(2, 2), note(3, 3), note(1, 4)]
    assert checks({"footnotes": ok, "footnote_refs": refs(ok)}) == []
    slipped = [note(1, 1), note(2, 2), note(2, 3), note(4, 4)]
    found = [i for i in run_checks({"footnotes": slipped, "footnote_refs": refs(slipped)})]
    assert [(i.check, i.line_start, i.category) for i in found] == [("label_out_of_sequence", 3, "sequence")]
    restarted = [note(1, 1), note(2, 2), note(1, 3), note(4, 4)]      # the old run goes on after the 1
    assert checks({"footnotes": restarted, "footnote_refs": refs(restarted)}) == \
        [("label_out_of_sequence", "warning", "sequence")]


def agenda_item(item, chapter, meetings):
    return dict(doc_id=DOC, agenda_item_id=item, agenda="current", item=str(item), item_number=item, sub_item=None,
                title=f"Item {item}", chapter=chapter, meetings=meetings, page=None, line_start=item, line_end=item)


def test_chapters_against_agenda_order():
    swapped = [agenda_item(6, "VIII", [7]), agenda_item(8, "IX", [7]), agenda_item(7, "X", [6])]
    assert checks({"agenda_items": swapped}) == [("chapter_order", "warning", "sequence")]
    # taken up in the order of the chapters: information only
    chronological = [agenda_item(6, "VIII", [7]), agenda_item(8, "IX", [7]), agenda_item(7, "X", [11])]
    assert checks({"agenda_items": chronological}) == [("chapter_order", "info", "sequence")]
    assert checks({"agenda_items": [agenda_item(1, "II", [1]), agenda_item(2, "IV", [2])]}) == []


# --- counts and lists --------------------------------------------------------------------

def sponsor(name, source, line, block_id=None, footnote_id=None, member_of=None):
    return dict(doc_id=DOC, symbol="X/L.9", source=source, position=line, sponsor=name, sponsor_as_written=name,
                kind="state", member_of=member_of, block_id=block_id, footnote_id=footnote_id, page=None,
                line_start=line, line_end=line)


def test_two_sponsor_lists_of_one_draft():
    statement = [sponsor(n, "statement", 10, block_id=5) for n in ("Canada", "Peru", "European Union")]
    statement += [sponsor("Malta", "statement", 10, block_id=5, member_of="European Union")]
    footnote = [sponsor(n, "footnote", 90, footnote_id=1) for n in ("Chile", "Peru", "European Union")]
    speaker = [dict(doc_id=DOC, statement_id=1, block_id=5, speaker="Chile", speaker_as_written="Chile",
                    speaker_kind="state")]
    [issue] = [i for i in run_checks({"sponsors": statement + footnote, "statements": speaker})
               if i.check == "sponsor_lists_disagree"]
    assert issue.severity == "error" and "only in the first: Canada; only in the second: none" in issue.message
    same = [sponsor(n, "footnote", 90, footnote_id=1) for n in ("Canada", "Chile", "Peru", "European Union")]
    assert [i for i in run_checks({"sponsors": statement + same, "statements": speaker})
            if i.check == "sponsor_lists_disagree"] == []


def measure(name, count):
    return dict(doc_id=DOC, measure=name, count=count, page=None, line_start=1, line_end=1)


def test_participation_totals():
    rows = lambda complied: {"participation": [measure("parties_represented", 133),
                                               measure("credentials_complied", complied),
                                               measure("credentials_not_complied", 11)]}
    assert checks(rows(121)) == [("participation_total", "error", "count")]
    assert checks(rows(122)) == []


# --- meetings ----------------------------------------------------------------------------

def meeting_rows(*texts, held=None):
    blocks = [block(t, block_id=i, line=10 * i) for i, t in enumerate(texts, start=1)]
    rows = {"blocks": blocks, "segments": segments(*blocks),
            "documents": [dict(doc_id=DOC, start_date="2022-10-17", end_date="2022-10-21", document_kind="un_document")]}
    if held is not None:
        rows["participation"] = [measure("meetings_held", held)]
    return rows


def test_meetings_dated_twice_outside_the_session_or_out_of_order():
    assert checks(meeting_rows("1. At its 1st meeting, on 17 October 2022, the Conference met.",
                               "2. At its 1st meeting, on 18 October 2022, the Conference met.")) == \
        [("meeting_dated_twice", "error", "contradiction")]
    assert checks(meeting_rows("1. At its 2nd meeting, on 24 October 2022, the Conference met.")) == \
        [("meeting_outside_session", "error", "contradiction")]
    assert checks(meeting_rows("1. At its 2nd meeting, on 18 October 2022, the Conference met.",
                               "2. At its 3rd meeting, on 17 October 2022, the Conference met.")) == \
        [("meeting_order", "error", "contradiction")]
    assert checks(meeting_rows("1. At its 1st and 2nd meetings, on 17 and 18 October 2022, the Conference met.",
                               "2. At its 2nd meeting, on 18 October 2022, the Conference met.")) == []


def test_meetings_held_against_the_highest_cited():
    text = "1. At its 11th meeting, on 21 October 2022, the Conference adopted the report."
    assert checks(meeting_rows(text, held=10)) == [("meetings_held", "error", "count")]
    assert checks(meeting_rows(text, held=11)) == []


def test_an_undated_meeting_among_dated_ones():
    dated = ["1. At its 1st meeting, on 17 October 2022, the Conference met.",
             "2. At its 2nd meeting, on 18 October 2022, the Conference met.",
             "3. At its 4th meeting, on 19 October 2022, the Conference met."]
    assert checks(meeting_rows(*dated, "4. At its 3rd meeting, the President spoke.")) == \
        [("undated_meeting", "info", "sibling")]
    assert checks(meeting_rows(*dated, "4. At its 3rd meeting, on 18 October 2022, the President spoke.")) == []
    # most meetings undated: a report that does not date meetings, no gap
    assert checks(meeting_rows("1. At its 1st meeting, the Conference met.", "2. At its 2nd meeting, it met.",
                               "3. At its 3rd meeting, on 19 October 2022, it met.")) == []


# --- duplicates and siblings ---------------------------------------------------------------

def test_the_same_adoption_recorded_twice():
    first = block("25. The Conference adopted the report of the Bureau on credentials at its 11th meeting.", 1, 10)
    again = block("28. The Conference approved the report of the Bureau on credentials.", 2, 20)
    other = block("29. The Conference adopted the report on its eleventh session.", 3, 30)
    assert checks({"blocks": [first, again, other]}, "adopted_twice") == [("adopted_twice", "warning", "duplicate")]
    following = block("1. The Conference adopted the following resolutions:", 4, 40)
    assert checks({"blocks": [first, other, following, {**following, "block_id": 5}]}, "adopted_twice") == []


def test_a_fact_its_siblings_state():
    vote = lambda i, rules: dict(doc_id=DOC, vote_id=i, rules_cited=rules, date="2022-10-17", yes=1, no=0,
                                 present_and_voting=1, threshold_stated=None, threshold_computed=1,
                                 passed_as_stated=None, passed_by_rule=True, page=None, line_start=i, line_end=i)
    assert checks({"votes": [vote(1, [63]), vote(2, [63]), vote(3, [])]}) == \
        [("votes_rules_cited_missing", "info", "sibling")]
    assert checks({"votes": [vote(1, [63]), vote(2, []), vote(3, [])]}) == []


# --- names, links, references, dates ------------------------------------------------------

def test_name_variants_against_the_forms_the_document_prints():
    usual = [block(f"{i}. The Smuggling of Migrants Protocol was discussed, as was the Mechanism for the Review of "
                   f"the Implementation of the Convention.", i, 10 * i) for i in range(1, 4)]
    slip = block("9. They reiterated their commitment to the Smuggling of the Migrants Protocol.", 9, 90)
    case = block("10. Matters pertaining to the Mechanism for the Review of the implementation of it.", 10, 100)
    assert checks({"blocks": usual + [slip, case]}, "name_variant") == [("name_variant", "warning", "name")] * 2
    # a capital at the start of a quoted title is no slip; nor is a form printed as often
    quoted = block("11. The “Organized crime strategy toolkit” was presented.", 11, 110)
    assert checks({"blocks": usual + [quoted]}, "name_variant") == []


def test_names_without_their_article():
    speak = lambda i, written, block_id: dict(doc_id=DOC, statement_id=i, speaker="Netherlands (Kingdom of the)",
                                              speaker_kind="state",
                                              speaker_as_written=written, block_id=block_id, page=None,
                                              line_start=block_id, line_end=block_id)
    rows = {"statements": [speak(1, "the Netherlands", 1), speak(2, "the Netherlands", 2), speak(3, "Netherlands", 3)]}
    assert checks(rows) == [("name_without_article", "warning", "grammar")]
    rows = {"statements": [speak(1, "Netherlands", 1), speak(2, "Netherlands", 2)]}
    assert checks(rows) == []


def test_a_document_described_differently():
    doc = lambda pos, text: dict(doc_id=DOC, agenda_item_id=pos, position=1, symbol="X/CRP.3", description=text,
                                 page=None, line_start=pos, line_end=pos)
    usual = "Conference room paper on the constructive dialogues"
    assert checks({"agenda_documents": [doc(1, usual), doc(2, usual), doc(3, usual.replace("the ", "", 1))]}) \
        == [("document_described_differently", "warning", "name")]
    assert checks({"agenda_documents": [doc(1, usual), doc(2, usual.replace("the ", "", 1))]}) == []


def test_malformed_symbol_links():
    note = lambda i, url: dict(doc_id=DOC, footnote_id=i, number=i, text=f"resolution {i}", urls=[url], page=1,
                               line_start=i, line_end=i)
    good = [note(1, "http://undocs.org/A/RES/66/180"), note(2, "http://undocs.org/A/RES/69/196"),
            note(3, "http://www.undocs.org/ctoc/cop/wg.3/2021/3")]
    found = [i for i in run_checks({"footnotes": good + [note(4, "http://undocs.org/61/295")]})
             if i.check == "malformed_link"]
    assert [(i.severity, i.category) for i in found] == [("warning", "reference")]
    assert "A/RES/61/295?" in found[0].message
    assert [i for i in run_checks({"footnotes": good}) if i.check == "malformed_link"] == []


def test_references_to_places_the_report_does_not_have():
    text = block("76. The Conference adopted it. (For the text, see chapter I, section A, resolution 11/4.)", 1, 10)
    seg = dict(doc_id=DOC, block_id=2, part="operative", chapter="I", section="A", text_symbol="11/4",
               text_kind="resolution", text_id=4, annex=None, structure="I/A/resolution 11/4/operative 1", label="1",
               continued=False)
    report = [dict(doc_id=DOC, document_kind="un_document")]
    rows = lambda *blocks, segs=(seg,), kind="cop_report": {
        "blocks": list(blocks), "segments": list(segs),
        "documents": [dict(doc_id=DOC, document_kind=kind, session_number=11)]}
    assert checks(rows(text), "reference_to_nothing") == []
    assert checks(rows(text, segs=[{**seg, "text_symbol": "11/3"}]), "reference_to_nothing") == \
        [("reference_to_nothing", "error", "reference")]
    above = block("77. As noted in paragraph 80 above, the Conference met.", 3, 20)
    assert checks(rows(text, above), "reference_to_nothing") == [("reference_to_nothing", "error", "reference")]
    assert checks(rows(block("76. See (see annex).", 1, 10)), "reference_to_nothing") == \
        [("reference_to_nothing", "error", "reference")]
    # another UN document refers to places of documents this reader does not segment
    assert checks({**rows(text, above), "documents": report}, "reference_to_nothing") == []
    # in an adopted text, "paragraph N above" is the text's own operative paragraph
    operative = block("5. Requests, as set out in paragraph 4 above, the secretariat ...", 2, 12)
    paragraphs = [dict(doc_id=DOC, resolution_id=4, paragraph_id=n, number=n, part="operative", level=1, parent=None,
                       label=None, symbol="11/4", page_start=None, line_start=n, line_end=n) for n in range(1, 6)]
    texts = [dict(doc_id=DOC, resolution_id=4, kind="resolution", symbol="11/4", status="adopted", title="T",
                  page_start=None, line_start=1, line_end=9)]
    assert checks({**rows(operative), "resolution_paragraphs": paragraphs, "resolutions": texts},
                  "reference_to_nothing") == []
    assert checks({**rows(operative), "resolution_paragraphs": paragraphs[:3], "resolutions": texts},
                  "reference_to_nothing") == [("reference_to_nothing", "error", "reference")]


def test_weekday_against_date():
    assert checks({"blocks": [block("on Tuesday, 17 October 2022, the Conference")]}) == \
        [("weekday_against_date", "error", "contradiction")]
    assert checks({"blocks": [block("on Monday, 17 October 2022, the Conference")]}) == []


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_the_log_counts_each_severity(severity):
    from pipeline.validate.qa import QaIssue, severity_counts
    issue = QaIssue(DOC, "x", "m", "blocks", "block_id=1", severity=severity, category="name")
    assert f"1 {severity}" in severity_counts([issue])


def test_the_following_n_against_what_follows():
    three = "3. Observer status was accorded to the following three organizations: the Alpha Network, Beta and Gamma."
    assert checks({"blocks": [block(three)]}) == []
    assert checks({"blocks": [block(three.replace("three", "four"))]}) == [("following_n", "error", "count")]
    lead = block("1. The Conference adopted the following 2 resolutions:", 1, 10)
    items = [block(f"({x}) Resolution {x}", i, 10 + i, kind="list_item") for i, x in enumerate("abc", start=2)]
    assert checks({"blocks": [lead] + items}) == [("following_n", "error", "count")]
    assert checks({"blocks": [lead] + items[:2]}) == []
