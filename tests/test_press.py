"""Press releases: session, date, title and stated figures.

(a) units on small hand-written texts (numbers in words, qualifiers, protocols, the sentence
that decides what a count counts), (b) a regression on the four real press releases in
raw/press/ with every figure verified by reading them, (c) the cross-check against the real
COP11 report (raw/CTOC-COP-2022-9.txt: 6 resolutions and 2 decisions adopted).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.common.errors import InputError
from pipeline.common.patterns import number_value
from pipeline.extract import press_nlp, session_facts
from pipeline.extract.session_facts import SessionFact, read_press_release, unread_figures
from pipeline.ingest import press
from pipeline.ingest.press import is_press_release, release_date, release_title
from pipeline.validate.press_check import agrees, cross_check, report_counts
from pipeline.validate.schemas import descriptor, validate
from pipeline.publish.tables import to_table

PRESS = Path(__file__).resolve().parent.parent / "raw" / "press"
SHA = "0123456789abcdef" * 4     # a made-up input's SHA-256
DOC = SHA[:16]
# A made-up release about a made-up session: the figures under test follow it.
HEAD = "Vienna, 2 March 2031 – The thirteenth session of the Conference of the Parties closed today.\n"


def facts(body: str, head: str = HEAD) -> list[tuple]:
    release = read_press_release(head + body, SHA, "release.txt")
    return [(f.session_number, f.fact_type, f.subject, f.value, f.qualifier) for f in release.facts]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------
# (a) Units


@pytest.mark.parametrize("words, value", [
    ("1,500", 1500), ("1500", 1500), ("six", 6), ("Fifty-eight", 58), ("one hundred and twenty-one", 121),
    ("two thousand", 2000), ("three hundred", 300), ("10th", None), ("1,50", None), ("half", None)])
def test_number_value(words, value):
    assert number_value(words) == value


def test_numbers_in_words():
    assert facts("The Conference adopted twenty-one resolutions and two decisions. "
                 "Fifty-eight delegations and two thousand participants took part.") == [
        (13, "resolutions_adopted", "resolutions", 21, None),
        (13, "decisions_adopted", "decisions", 2, None),
        (13, "delegations", "delegations", 58, None),
        (13, "participants", "participants", 2000, None)]


def test_approximate_figures_keep_their_qualifier():
    assert facts("At least 40 side events were held; nearly 2,000 participants from approximately 90 "
                 "countries and some 300 civil society organizations took part, with over 500 NGOs.") == [
        (13, "side_events", "side events", 40, "at least"),
        (13, "participants", "participants", 2000, "nearly"),
        (13, "states", "countries", 90, "approximately"),
        (13, "civil_society_organizations", "civil society organizations", 300, "some"),
        (13, "ngos", "NGOs", 500, "over")]


def test_states_parties_to_each_protocol_and_to_the_convention():
    assert facts("The Convention has 191 States parties, with 180 States parties to the Trafficking in Persons "
                 "Protocol, 152 to the Smuggling of Migrants Protocol and one hundred and twenty-two to the "
                 "Firearms Protocol.") == [
        (13, "states_parties_convention", "States parties", 191, None),
        (13, "states_parties_protocol", "Trafficking in Persons Protocol", 180, None),
        (13, "states_parties_protocol", "Smuggling of Migrants Protocol", 152, None),
        (13, "states_parties_protocol", "Firearms Protocol", 122, None)]


def test_offsets_value_as_written_and_sentence():
    text = HEAD + "It brought together more than 1,500 participants. Nothing else."
    (fact,) = read_press_release(text, SHA, "release.txt").facts
    assert text[fact.char_start:fact.char_end] == "more than 1,500 participants"
    assert (fact.value, fact.value_as_written, fact.qualifier) == (1500, "1,500", "more than")
    assert fact.sentence == "It brought together more than 1,500 participants."
    assert fact.fact_id == 1 and fact.doc_id == DOC


def test_counts_that_are_not_facts():
    # drafts only considered, people of a statement, years, days, a protocol count
    assert facts("Six draft resolutions were considered. A statement was given by two young participants. "
                 "The Convention was adopted in 2000 and its three Protocols followed; five days of talks.") == []


def test_people_of_a_side_event_are_its_attendees_not_the_sessions_participants():
    assert facts("The side event drew some 80 participants from 30 countries. "
                 "With 37 attendees from 21 States parties, the roundtable was lively. "
                 "Over 2,000 participants from 150 countries attended, and more than 70 side events were held.") == [
        (13, "event_attendees", "participants", 80, "some"),
        (13, "event_states", "countries", 30, None),
        (13, "event_attendees", "attendees", 37, None),
        (13, "event_states", "States parties", 21, None),
        (13, "participants", "participants", 2000, "over"),
        (13, "states", "countries", 150, None),
        (13, "side_events", "side events", 70, "more than")]


def test_side_events_organized_by_civil_society():
    assert facts("12 of the 40 side events were organized by civil society organizations. "
                 "5 of the 40 side events were held online.") == [
        (13, "side_events_by_civil_society", "side events", 12, None),
        (13, "side_events", "side events", 40, None),
        (13, "side_events", "side events", 40, None)]


def test_attendance_of_states_parties_and_training():
    assert facts("Representatives of 121 States parties attended. The Mechanism trained over 3,000 government "
                 "officials in more than 100 countries and served 600 requests for assistance.") == [
        (13, "states_parties_attending", "States parties", 121, None),
        (13, "officials_trained", "government officials", 3000, "over"),
        (13, "training_countries", "countries", 100, "more than"),
        (13, "assistance_requests", "requests for assistance", 600, None)]


def test_a_sentence_about_another_session_gives_its_figures_that_session():
    assert facts("At COP12, the Conference adopted seven resolutions. "
                 "There are 90 country reviews, a 20% increase since COP12.") == [
        (12, "resolutions_adopted", "resolutions", 7, None),
        (13, "country_reviews", "country reviews", 90, None)]


@pytest.mark.parametrize("mention, session", [
    ("the eleventh session of the Conference of the Parties", 11), ("COP11", 11), ("COP 9", 9),
    ("the twenty-first session of the Conference", 21), ("its 10th Session", 10)])
def test_session_mentions(mention, session):
    release = read_press_release(f"Vienna, 2 March 2031 – Today {mention} opened.", SHA, "r.txt")
    assert release.session_number == session


def test_session_of_another_body_or_no_session():
    text = ("Vienna, 2 March 2031 – The 14th session of the Working Group on Firearms met during the "
            "eleventh session of the Conference of the Parties.")
    assert read_press_release(text, SHA, "r.txt").session_number == 11
    with pytest.raises(InputError):
        read_press_release("Vienna, 2 March 2031 – The 14th session of the Working Group met.", SHA, "r.txt")


def test_dates():
    assert release_date("Headline\n\nNew York, October 12, 2020 – Text.") == ("2020-10-12", "dateline")
    assert release_date("Vienna (Austria) - 21 October 2024. Text.") == ("2024-10-21", "dateline")
    assert release_date("A text of 3 May 2021, then 4 May 2021.", "2022-01-01-x.txt") == ("2021-05-03", "text")
    assert release_date("No date here.", "2022-10-24-cop11.txt") == ("2022-10-24", "file_name")
    assert release_date("No date here.", "cop11.txt") == (None, None)


def test_titles():
    assert release_title("Big News for the Conference\n\n© UNIS Vienna/Someone\n\nVienna, 1 June 2030 — Text."
                         ) == "Big News for the Conference"
    assert release_title("Vienna, 1 June 2030 — Text.\nMore.") is None


def test_is_press_release(report_text):
    assert is_press_release("Headline\n\n© Photo\n\nVienna (Austria), 12 October 2020 — The COP opened.")
    assert not is_press_release(report_text)
    assert not is_press_release("An essay on organized crime. The Conference of the Parties met in Vienna, "
                                "12 October 2020.")
    numbered = "Vienna, 1 June 2030 — Text.\n" + "".join(f"{i}. The Conference noted.\n" for i in range(1, 5))
    assert not is_press_release(numbered)
    buried = "\n".join(f"Line {i}." for i in range(10)) + "\nVienna, 1 June 2030 — Text."
    assert not is_press_release(buried)


@pytest.mark.parametrize("value, qualifier, actual, agreed", [
    (6, None, 6, True), (6, None, 7, False), (500, "more than", 501, True), (500, "more than", 500, False),
    (500, "over", 196, False), (40, "at least", 40, True), (100, "nearly", 95, True), (100, "nearly", 101, False),
    (100, "nearly", 80, False), (50, "some", 54, True), (50, "some", 60, False), (60, "up to", 60, True),
    (60, "fewer than", 60, False)])
def test_agrees(value, qualifier, actual, agreed):
    assert agrees(value, qualifier, actual) is agreed


def test_cross_check_returns_both_values():
    fact = SessionFact(DOC, 1, 11, "resolutions_adopted", "resolutions", 7, "seven", None, "It adopted seven "
                       "resolutions.", 0, 10)
    approx = SessionFact(DOC, 2, 11, "states_parties_attending", "States parties", 100, "100", "more than",
                         "s", 0, 3)
    unchecked = SessionFact(DOC, 3, 11, "participants", "participants", 1500, "1500", "more than", "s", 0, 3)
    (d,) = cross_check([fact, approx, unchecked], {(11, "resolutions_adopted"): 6,
                                                   (11, "states_parties_attending"): 121})
    assert (d.fact_id, d.fact_type, d.stated, d.value, d.report_value) == (1, "resolutions_adopted", "seven", 7, 6)
    assert "seven" in str(d) and "6" in str(d)


def test_vocabulary_matches_the_schemas():
    fields = {f["name"]: f for f in descriptor("session_facts")["fields"]}
    assert fields["fact_type"]["constraints"]["enum"] == list(session_facts.FACT_TYPES)
    assert fields["qualifier"]["constraints"]["enum"] == list(press_nlp.QUALIFIERS)
    columns = [f["name"] for f in descriptor("session_facts")["fields"]]
    assert columns == [f for f in SessionFact.__dataclass_fields__]
    assert [f["name"] for f in descriptor("press_releases")["fields"]] == [
        f for f in press.PressRelease.__dataclass_fields__ if f != "facts"]


# ---------------------------------------------------------------------------------------
# (b) The four real press releases

# file -> (session, date, title, facts as (fact_type, subject, value, qualifier)), verified by reading them
EXPECTED = {
    "2020-10-12-cop10-opening.txt": (10, "2020-10-12", "UNODC Executive Director Calls for Stronger "
                                     "International Cooperation, on 10th Session of the Conference of the Parties", [
        ("delegations", "registered delegations", 117, None),
        ("delegates", "delegates", 874, None),
        ("observers", "observers", 101, None),
        ("states_parties_convention", "State parties", 190, None),
        ("states_parties_protocol", "Trafficking in Persons Protocol", 178, None),
        ("states_parties_protocol", "Smuggling of Migrants Protocol", 149, None),
        ("states_parties_protocol", "Firearms Protocol", 119, None)]),
    "2022-10-24-cop11-concludes.txt": (11, "2022-10-24", None, [
        ("participants", "participants", 1500, "more than"),
        ("states", "countries", 134, None),
        ("intergovernmental_organizations", "international and regional organizations", 22, None),
        ("civil_society_organizations", "civil society organizations", 196, None),
        ("resolutions_adopted", "resolutions", 6, None),
        ("side_events", "side events", 60, "more than"),
        ("civil_society_organizations", "civil society organizations", 500, "more than"),
        ("states_parties_convention", "States Parties", 190, None)]),
    "2024-10-21-cop12-civil-society.txt": (12, "2024-10-21", None, [
        ("states_parties_convention", "parties", 192, None),
        ("participants", "participants", 1400, None),
        ("non_governmental_stakeholders", "Non-Governmental Stakeholders", 500, "over"),
        ("side_events_by_civil_society", "side events", 26, None),
        ("side_events", "side events", 59, None),
        ("event_attendees", "participants", 50, "some"),          # of the NGO briefing
        ("signatories", "signatories", 150, "more than")]),       # of the Civil Society Declaration
    "2024-11-08-cop12-review-mechanism.txt": (12, "2024-11-08", None, [
        ("participants", "participants", 1400, None),
        ("states", "States", 131, None),
        ("intergovernmental_organizations", "intergovernmental organizations", 15, None),
        ("ngos", "non-governmental organizations", 212, None),
        ("event_attendees", "attendees", 100, "more than"),       # the Review Mechanism side event
        ("event_attendees", "attendees", 37, None),               # the partners' roundtable
        ("event_states", "States parties", 21, None),
        ("event_attendees", "country focal points and governmental experts", 100, "nearly"),  # networking event
        ("event_states", "countries", 50, "over"),
        ("country_reviews", "country reviews", 84, None),
        ("assistance_requests", "requests for assistance", 700, "over"),
        ("officials_trained", "government representatives", 3400, "over"),
        ("training_countries", "countries", 140, "more than")]),
}

# What each release counts that is not a figure about a session, as "count next-word": dates,
# years, "one" as a pronoun, "three Protocols", "two years", "31%", "three-quarters", ...
NOT_FACTS = {
    "2020-10-12-cop10-opening.txt": ["12 October", "2020", "one in", "one behind", "twenty years",
                                     "three Protocols"],
    "2022-10-24-cop11-concludes.txt": ["24 October", "2022 –", "three Protocols", "14-", "18 October", "2024.",
                                       "two years", "2020,"],
    "2024-10-21-cop12-civil-society.txt": ["21 October", "2024.", "2000.", "two years", "14 to", "18 October",
                                           "2024.", "14 October", "16.", "two years", "two young", "eight main"],
    "2024-11-08-cop12-review-mechanism.txt": ["8 November", "2024.", "14-", "18 in", "five days", "two years",
                                              "three events", "one of", "Two-", "2020.", "more than three-",
                                              "31%"],
}


@pytest.fixture(scope="module")
def releases() -> dict[str, tuple[str, press.PressRelease]]:
    out = {}
    for path in sorted(PRESS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name] = text, read_press_release(text, sha256(text), path.name)
    return out


def test_the_four_releases_are_press_releases(releases):
    assert set(releases) == set(EXPECTED)
    assert all(is_press_release(text) for text, _ in releases.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_release(releases, name):
    text, release = releases[name]
    session, date, title, expected = EXPECTED[name]
    assert (release.session_number, release.date, release.date_source, release.title) == (
        session, date, "dateline", title)
    assert [(f.fact_type, f.subject, f.value, f.qualifier) for f in release.facts] == expected
    assert {f.session_number for f in release.facts} == {session}
    assert [f.fact_id for f in release.facts] == list(range(1, len(expected) + 1))
    for f in release.facts:
        evidence = text[f.char_start:f.char_end]
        assert evidence.lower().startswith(f"{f.qualifier or ''} {f.value_as_written}".strip().lower())
        assert evidence in f.sentence and f.sentence in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_release_figures_left_unread_are_not_session_figures(releases, name):
    text, release = releases[name]
    assert [" ".join(x.split()) for x in unread_figures(text, release.facts)] == NOT_FACTS[name]


def test_real_tables_validate(releases):
    rel = to_table("press_releases", [r for _, r in releases.values()])
    facts_table = to_table("session_facts", [f for _, r in releases.values() for f in r.facts])
    assert validate("press_releases", rel, {}) == []
    assert validate("session_facts", facts_table, {"press_releases": rel}) == []
    assert facts_table.num_rows == sum(len(e[3]) for e in EXPECTED.values())


def test_fact_without_its_release_breaks_the_foreign_key(releases):
    _, release = releases["2022-10-24-cop11-concludes.txt"]
    facts_table = to_table("session_facts", release.facts)
    found = validate("session_facts", facts_table, {"press_releases": to_table("press_releases", [])})
    assert found and all("press_releases" in v.rule for v in found)


# ---------------------------------------------------------------------------------------
# (c) Cross-check against the real COP11 report


@pytest.fixture(scope="module")
def cop11_counts(report_text, report):
    from pipeline.extract.participation import extract_participation
    from pipeline.extract.resolutions import extract
    from pipeline.segment.structure import segment

    documents = [{"doc_id": report.blocks[0].doc_id, "session_number": 11}]
    resolutions = to_table("resolutions", extract(report.blocks, report.footnotes, segment(report.blocks)).resolutions)
    participation = to_table("participation", extract_participation(report.blocks))
    return report_counts(documents, resolutions, participation)


def test_report_counts_of_the_cop11_report(cop11_counts):
    assert cop11_counts == {(11, "resolutions_adopted"): 6, (11, "decisions_adopted"): 2,
                            (11, "resolutions_and_decisions_adopted"): 8, (11, "states_parties_attending"): 121}


def test_cop11_press_release_agrees_with_the_report(releases, cop11_counts):
    _, release = releases["2022-10-24-cop11-concludes.txt"]
    assert cross_check(release.facts, cop11_counts) == []
    checked = [f for f in release.facts if (f.session_number, f.fact_type) in cop11_counts]
    assert [(f.fact_type, f.value) for f in checked] == [("resolutions_adopted", 6)]


def test_a_wrong_count_of_resolutions_is_reported(cop11_counts):
    release = read_press_release("Vienna, 24 October 2022 – The eleventh session of the Conference of the "
                                 "Parties adopted seven resolutions and two decisions.", SHA, "r.txt")
    (d,) = cross_check(release.facts, cop11_counts)
    assert (d.session_number, d.fact_type, d.value, d.report_value) == (11, "resolutions_adopted", 7, 6)
