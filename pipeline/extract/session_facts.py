"""Extract stage: the figures a press release states about a session (a row of session_facts each).

A press release states figures about a session: "more than 1500 participants from 134
countries", "adopted six resolutions", "190 States Parties".  `read_facts` reads the session
the release is about and one `SessionFact` per stated figure; `read_press_release` reads a
release whole (its date and title by `pipeline.ingest.press`, then its session and facts).

Pure functions, text in and records out.  The figures are found by a blank spaCy English
pipeline (nothing is downloaded; its parts are in `pipeline.extract.press_nlp`): an
EntityRuler marks counts, with their qualifier ("more than 1500", "six", "1,400"), and session
mentions ("eleventh session", "COP11"), each is merged into one token, and a Matcher finds what
a count counts ("... participants").
Which fact a match is depends on its sentence: a count of participants in a sentence about a
side event counts the side event's audience, not the session's.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import regex as re

from pipeline.common.errors import InputError
from pipeline.common.patterns import number_value
from pipeline.extract.press_nlp import (TokenPattern, paragraph_breaks, ruler_patterns, sentence_session,
                                        session_mentions, split_count, words)
from pipeline.ingest.press import PressRelease, read_release

if TYPE_CHECKING:       # spaCy is imported only when a press release is read
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------------------------------
# The vocabulary of the tables

# What a fact counts (session_facts.fact_type), with an example of each as written.
FACT_TYPES: dict[str, str] = {
    "participants": "people taking part in the session: 'more than 1500 participants', "
                    "'some 200 government experts'",
    "delegations": "delegations at the session: '117 registered delegations'",
    "delegates": "delegates at the session: '874 delegates of Member States'",
    "observers": "observers at the session: '101 observers'",
    "states": "States or countries represented at the session: 'participants from 134 countries', "
              "'from 131 States'",
    "states_parties_attending": "States parties represented at the session: "
                                "'representatives of 121 States parties'",
    "intergovernmental_organizations": "intergovernmental organizations represented: "
                                       "'22 international and regional organizations'",
    "ngos": "non-governmental organizations represented: '212 non-governmental organizations'",
    "civil_society_organizations": "civil society organizations taking part: "
                                   "'196 civil society organizations', 'more than 500 CSOs'",
    "non_governmental_stakeholders": "non-governmental stakeholders (NGOs, academia, private sector) "
                                     "taking part: 'over 500 Non-Governmental Stakeholders'",
    "side_events": "side events held during the session: 'More than 60 side events'",
    "side_events_by_civil_society": "side events organized or co-organized by civil society: "
                                    "'26 of the 59 side events were organized ... by CSOs'",
    "event_attendees": "people attending one event held during the session (side event, briefing, "
                       "roundtable): 'more than 100 attendees', 'some 50 participants' of a briefing",
    "event_states": "States or countries those attendees came from: '37 attendees from 21 States parties'",
    "states_parties_convention": "States parties to the Convention: '190 States Parties have ratified "
                                 "or acceded to the Convention', 'signed by 192 parties'",
    "states_parties_protocol": "States parties to a Protocol, named in `subject`: "
                               "'178 States parties to the Trafficking in Persons Protocol'",
    "signatories": "signatories of an instrument or declaration: 'With more than 150 signatories'",
    "resolutions_adopted": "resolutions the Conference adopted: 'adopted six resolutions'",
    "decisions_adopted": "decisions the Conference adopted: 'adopted two decisions'",
    "resolutions_and_decisions_adopted": "resolutions and decisions counted together: "
                                         "'adopted eight resolutions and decisions'",
    "country_reviews": "country reviews of the Review Mechanism: '84 country reviews already in progress'",
    "assistance_requests": "requests for assistance served: 'served over 700 requests for assistance'",
    "officials_trained": "officials trained: 'trained over 3,400 government representatives'",
    "training_countries": "countries those officials were trained in: '... in more than 140 countries'",
}


# ---------------------------------------------------------------------------------------
# Records


@dataclass
class SessionFact:
    """One figure a press release states about a session (a row of session_facts)."""

    doc_id: str
    fact_id: int               # 1-based order in the press release
    session_number: int        # the session the figure is about
    fact_type: str             # a key of FACT_TYPES
    subject: str               # what is counted, as written; the protocol for states_parties_protocol
    value: int                 # 1500
    value_as_written: str      # "1500", "six", "1,400"
    qualifier: str | None      # "more than", "nearly", ...; None for an exact figure
    sentence: str              # the sentence it was read from
    char_start: int            # the figure in the release's text: text[char_start:char_end]
    char_end: int              # == "more than 1500 participants"


# ---------------------------------------------------------------------------------------
# Sentence cues


# The sentence is about one event within the session: "The side event, which recorded ...",
# "organized an NGO briefing ... to inform some 50 participants" (singular: "side events" is a
# count of events, not a setting).
SUB_EVENT = re.compile(r"\b(?:side[ -]event|briefing|round[ -]?table|networking event|workshop|webinar"
                       r"|panel discussion)(?!s)\b", re.I)
# The sentence says something was adopted: "the Conference adopted six resolutions".
ADOPTION = re.compile(r"\badopt(?:s|ed|ing|ion)?\b", re.I)
# "26 of the 59 side events were organized or co-organized by civil society organizations".
BY_CIVIL_SOCIETY = re.compile(r"\borgani[sz]ed\b.*\bby\b.*\b(?:civil society|CSOs|NGOs|non-governmental)",
                              re.I)


# ---------------------------------------------------------------------------------------
# The spaCy pipeline


C: dict[str, Any] = {"ENT_TYPE": "COUNT"}   # one count, merged into one token: "more than 1500"
_PARTIES: TokenPattern = [{"LOWER": {"IN": ["states", "state"]}, "OP": "?"}, {"LOWER": "parties"}]
# Words of a protocol's short name: "Trafficking in Persons" (then "Protocol").
_PROTOCOL_NAME: TokenPattern = [{"IS_PUNCT": False, "LOWER": {"NOT_IN": ["protocol", "protocols", "convention", "and"]},
                   "OP": "+"}, {"LOWER": "protocol"}]
# Modifiers of a noun of people: "country focal points and governmental experts".
_MODIFIERS: dict[str, Any] = {"IS_ALPHA": True, "ENT_TYPE": {"NOT_IN": ["COUNT", "SESSION"]},
              "LOWER": {"NOT_IN": "from in of to the a an for with by at on who which that were was are is "
                                  "have has had".split()}, "OP": "{0,5}"}
_ORGANIZATIONS: dict[str, Any] = {"LOWER": {"IN": ["organizations", "organisations"]}}

# Matcher patterns by name; each starts with the count it reads (its anchor).
MATCH_PATTERNS: dict[str, list[TokenPattern]] = {
    # "1500 participants", "117 registered delegations", "101 observers", "37 attendees"
    "people": [[C, {"LOWER": "registered", "OP": "?"},
                {"LOWER": {"IN": ["participants", "attendees", "delegates", "observers", "delegations"]}}]],
    # "nearly 100 country focal points and governmental experts", "3,400 government representatives"
    "staff": [[C, _MODIFIERS, {"LOWER": {"IN": ["experts", "officials", "representatives", "practitioners"]}}],
              [C, _MODIFIERS, {"LOWER": "focal"}, {"LOWER": "points"}]],
    # "134 countries", "131 States", "874 Member States"
    "countries": [[C, {"LOWER": {"IN": ["countries", "states", "nations"]}}],
                  [C, {"LOWER": "member"}, {"LOWER": "states"}]],
    # "190 State parties", "190 States Parties", "signed by 192 parties"
    "parties": [[C, *_PARTIES]],
    # "178 States parties to the Trafficking in Persons Protocol", and after it
    # "149 to the Smuggling of Migrants Protocol"
    "protocol_parties": [[C, *_PARTIES, {"LOWER": "to"}, {"LOWER": "the"}, *_PROTOCOL_NAME],
                         [C, {"LOWER": "to"}, {"LOWER": "the"}, *_PROTOCOL_NAME]],
    # "22 international and regional organizations", "15 intergovernmental organizations"
    "igos": [[C, {"LOWER": {"IN": ["international", "intergovernmental", "inter", "-", "regional", "and"]},
                  "OP": "+"}, _ORGANIZATIONS]],
    # "212 non-governmental organizations", "30 NGOs"
    "ngos": [[C, *words("non - governmental")[0], _ORGANIZATIONS], [C, {"LOWER": "nongovernmental"},
             _ORGANIZATIONS], [C, {"LOWER": "ngos"}]],
    # "over 500 Non-Governmental Stakeholders"
    "stakeholders": [[C, *words("non - governmental stakeholders")[0]],
                     [C, *words("nongovernmental stakeholders")[0]]],
    # "196 civil society organizations", "500 CSOs"
    "csos": [[C, {"LOWER": "civil"}, {"LOWER": "society"}, {"LOWER": {"IN": ["organizations", "organisations",
                                                                           "groups"]}}],
             [C, {"LOWER": "csos"}]],
    # "More than 60 side events"
    "side_events": [[C, {"LOWER": "side"}, {"LOWER": "events"}]],
    # "26 of the 59 side events were organized or co-organized by civil society organizations"
    "side_events_part": [[C, {"LOWER": "of"}, {"LOWER": "the"}, C, {"LOWER": "side"}, {"LOWER": "events"}]],
    # "six resolutions" (in a sentence that says they were adopted)
    "resolutions": [[C, {"LOWER": "draft", "OP": "?"}, {"LOWER": {"IN": ["resolutions", "resolution"]}}]],
    # "two decisions"
    "decisions": [[C, {"LOWER": "draft", "OP": "?"}, {"LOWER": {"IN": ["decisions", "decision"]}}]],
    # "eight resolutions and decisions"
    "resolutions_and_decisions": [[C, *words("resolutions and decisions")[0]]],
    # "84 country reviews"
    "country_reviews": [[C, {"LOWER": "country"}, {"LOWER": "reviews"}]],
    # "over 700 requests for assistance", "requests for technical assistance"
    "assistance_requests": [[C, {"LOWER": "requests"}, {"LOWER": "for"}, {"LOWER": "technical", "OP": "?"},
                             {"LOWER": "assistance"}]],
    # "more than 150 signatories"
    "signatories": [[C, {"LOWER": "signatories"}]],
}


@lru_cache(maxsize=None)
def _pipeline() -> tuple[Language, Matcher]:
    """The blank English pipeline and the fact matcher, built once."""
    import spacy
    from spacy.language import Language
    from spacy.matcher import Matcher

    if "press_paragraph_breaks" not in Language.factories:
        Language.component("press_paragraph_breaks", func=paragraph_breaks)
    nlp = spacy.blank("en")
    nlp.add_pipe("press_paragraph_breaks")
    nlp.add_pipe("sentencizer")
    ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler"))     # what the factory makes in spaCy 3
    ruler.add_patterns(ruler_patterns())
    nlp.add_pipe("merge_entities")
    matcher = Matcher(nlp.vocab)
    for name, patterns in MATCH_PATTERNS.items():
        matcher.add(name, patterns)
    return nlp, matcher


# ---------------------------------------------------------------------------------------
# Facts


@dataclass
class _Match:
    name: str
    span: Span                 # anchor count .. counted noun
    sent: Span                 # its sentence

    @property
    def anchor(self) -> Token:
        return self.span[0]

    def before(self, n: int) -> list[str]:
        """The n words before the count, in its sentence."""
        start = max(self.sent.start, self.anchor.i - n)
        return [t.lower_ for t in self.span.doc[start:self.anchor.i]]

    def after(self, n: int) -> list[str]:
        return [t.lower_ for t in self.span.doc[self.span.end:min(self.span.end + n, self.sent.end)]]

    def rest(self) -> str:
        return self.span.doc[self.span.end:self.sent.end].text


# What a match is: (fact type, subject), or None when it is no fact; given the facts found before it.
Classifier = Callable[[_Match, list[SessionFact]], tuple[str, str] | None]

# Words that attach a count of countries to the count of people before it: "participants from
# 134 countries", "representatives of 121 States parties", "trained ... in more than 140 countries".
_LINKS = {"from", "of", "in"}
# What a linked count of countries is, by the people it belongs to (else: States at the session).
_COUNTRIES_OF: dict[str | None, str] = {"event_attendees": "event_states", "officials_trained": "training_countries"}
# Counts of people a count of countries may belong to.
_PEOPLE = {"participants", "delegations", "delegates", "observers", "event_attendees", "officials_trained"}
# Words after a count of parties that make it an attendance: "133 parties represented".
_ATTENDING = {"represented", "attending", "attended", "present"}


def _head(m: _Match, found: list[SessionFact]) -> str | None:
    """The type of the nearest count of people before `m` in its sentence."""
    heads = [f.fact_type for f in found if f.char_start >= m.sent.start_char and f.fact_type in _PEOPLE]
    return heads[-1] if heads else None


def _word_before(m: _Match) -> str | None:
    return next(iter(m.before(1)), None)


def _people(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    """"1500 participants": the session's; "some 50 participants" of a briefing: the event's."""
    noun = m.span[-1].lower_
    kind = "event_attendees" if noun == "attendees" or SUB_EVENT.search(m.sent.text) else noun
    return kind, m.span[1:].text


def _staff(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    """"trained over 3,400 government representatives", "nearly 100 ... experts" at a networking event."""
    if "trained" in m.before(2):
        return "officials_trained", m.span[1:].text
    return ("event_attendees" if SUB_EVENT.search(m.sent.text) else "participants"), m.span[1:].text


def _countries(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    """"from 134 countries" after participants: the session's States; after attendees: the event's."""
    head, word = _head(m, found), _word_before(m)
    if head is not None and word in _LINKS:
        return _COUNTRIES_OF.get(head, "states"), m.span[1:].text
    if word == "in":
        return None            # "offices in 20 countries": not who came
    return "states", m.span[1:].text


def _parties(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    """"190 States Parties": to the Convention; "representatives of 121 States parties" or "133
    parties represented": attending; "37 attendees from 21 States parties": the event's."""
    subject = m.span[1:].text
    if _word_before(m) in _LINKS - {"in"}:
        return _COUNTRIES_OF.get(_head(m, found), "states_parties_attending"), subject
    if m.after(1) and m.after(1)[0] in _ATTENDING:
        return "states_parties_attending", subject
    return "states_parties_convention", subject


def _protocol(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    """The subject is the protocol: "Trafficking in Persons Protocol"."""
    words = [t.lower_ for t in m.span]
    return "states_parties_protocol", m.span[words.index("to") + 2:].text


def _side_events_part(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
    if BY_CIVIL_SOCIETY.search(m.rest()):
        return "side_events_by_civil_society", m.span[-2:].text
    return None


def _adopted(kind: str) -> Classifier:
    def classify(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
        return (kind, m.span[1:].text) if ADOPTION.search(m.sent.text) else None
    return classify


def _fixed(kind: str) -> Classifier:
    def classify(m: _Match, found: list[SessionFact]) -> tuple[str, str] | None:
        return kind, m.span[1:].text
    return classify


CLASSIFIERS: dict[str, Classifier] = {
    "people": _people,
    "staff": _staff,
    "countries": _countries,
    "parties": _parties,
    "protocol_parties": _protocol,
    "igos": _fixed("intergovernmental_organizations"),
    "ngos": _fixed("ngos"),
    "stakeholders": _fixed("non_governmental_stakeholders"),
    "csos": _fixed("civil_society_organizations"),
    "side_events": _fixed("side_events"),
    "side_events_part": _side_events_part,
    "resolutions": _adopted("resolutions_adopted"),
    "decisions": _adopted("decisions_adopted"),
    "resolutions_and_decisions": _adopted("resolutions_and_decisions_adopted"),
    "country_reviews": _fixed("country_reviews"),
    "assistance_requests": _fixed("assistance_requests"),
    "signatories": _fixed("signatories"),
}


def _matches(doc: Doc, matcher: Matcher) -> list[_Match]:
    """One match per count: the longest of those starting at it."""
    best: dict[int, tuple[int, str]] = {}
    for key, start, end in matcher(doc):
        if end > best.get(start, (0, ""))[0]:
            best[start] = (end, doc.vocab.strings[key])
    return [_Match(name, doc[start:end], doc[start].sent) for start, (end, name) in sorted(best.items())]


def _fact(doc_id: str, m: _Match, kind: str, subject: str, session: int) -> SessionFact | None:
    qualifier, written = split_count(m.anchor.text)
    if (value := number_value(written)) is None:
        return None             # a count that is no number
    return SessionFact(doc_id, 0, session, kind, subject, value, written, qualifier,
                       m.sent.text.strip(), m.anchor.idx, m.span.end_char)


def _read_facts(doc_id: str, doc: Doc, matcher: Matcher, release_session: int) -> list[SessionFact]:
    found: list[SessionFact] = []
    for m in _matches(doc, matcher):
        classified = CLASSIFIERS[m.name](m, found)
        if classified is None:
            continue
        kind, subject = classified
        fact = _fact(doc_id, m, kind, subject, sentence_session(m.sent, release_session))
        if fact is not None:
            found.append(fact)
    for i, fact in enumerate(found, 1):
        fact.fact_id = i
    return found


def read_facts(release: PressRelease, text: str) -> PressRelease:
    """The release (from `pipeline.ingest.press.read_release`) with the session it is about and
    the facts it states, read from its text.

    Raises InputError when it names no session of the Conference of the Parties.
    """
    nlp, matcher = _pipeline()
    doc = nlp(text)
    sessions = session_mentions(doc)
    if not sessions:
        raise InputError(f"{release.source_name}: the press release names no session of the Conference of the Parties")
    session = sessions[0]
    return dataclasses.replace(release, session_number=session,
                               facts=_read_facts(release.doc_id, doc, matcher, session))


def read_press_release(text: str, source_sha256: str, source_name: str) -> PressRelease:
    """The press release's session, date, title and facts.

    Raises InputError when it names no session of the Conference of the Parties.
    """
    return read_facts(read_release(text, source_sha256, source_name), text)


def unread_figures(text: str, facts: list[SessionFact]) -> list[str]:
    """The counts of the text no fact was read from ("twenty years", "2020", "three
    Protocols"), as written with what follows them, for a reviewer to check."""
    nlp, _ = _pipeline()
    doc = nlp(text)
    read = {f.char_start for f in facts}
    return [doc[t.i:t.i + 2].text for t in doc if t.ent_type_ == "COUNT" and t.idx not in read]
