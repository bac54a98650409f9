"""The country and entity name normalizer: UN name forms, kinds, lists of names, remarks."""
import pytest

from pipeline.common.entities import (GROUP, IGO, REIO, STATE, UN_ENTITY, UNRESOLVED, name_and_remarks,
                               parse_item, resolve, resolve_all, split_names)


@pytest.mark.parametrize("written, iso3, canonical", [
    ("the Bolivarian Republic of Venezuela", "VEN", "Venezuela (Bolivarian Republic of)"),
    ("Türkiye", "TUR", "Türkiye"),
    ("the State of Palestine", "PSE", "State of Palestine"),
    ("the Sudan", "SDN", "Sudan"),
    ("Côte d’Ivoire", "CIV", "Côte d’Ivoire"),
    ("Côte d'Ivoire", "CIV", "Côte d’Ivoire"),
    ("Czechia", "CZE", "Czechia"),
    ("the United Kingdom of Great Britain and Northern Ireland", "GBR",
     "United Kingdom of Great Britain and Northern Ireland"),
    ("the United Kingdom", "GBR", "United Kingdom of Great Britain and Northern Ireland"),
    ("the Republic of Korea", "KOR", "Republic of Korea"),
    ("the Islamic Republic of Iran", "IRN", "Iran (Islamic Republic of)"),
    ("the Russian Federation", "RUS", "Russian Federation"),
    ("the United States", "USA", "United States of America"),
    ("the United States of America", "USA", "United States of America"),
    ("Viet Nam", "VNM", "Viet Nam"),
    ("Bolivia (Plurinational State of)", "BOL", "Bolivia (Plurinational State of)"),
    ("the Netherlands (Kingdom of the)", "NLD", "Netherlands (Kingdom of the)"),
    ("the Netherlands", "NLD", "Netherlands (Kingdom of the)"),
    ("the Republic of Moldova", "MDA", "Republic of Moldova"),
    ("the Democratic Republic of the Congo", "COD", "Democratic Republic of the Congo"),
    ("the Syrian Arab Republic", "SYR", "Syrian Arab Republic"),
    ("North Macedonia", "MKD", "North Macedonia"),
    ("Bosnia and Herzegovina", "BIH", "Bosnia and Herzegovina"),
])
def test_un_name_forms_resolve_to_states(written, iso3, canonical):
    entity = resolve(written)
    assert (entity.kind, entity.iso3, entity.canonical) == (STATE, iso3, canonical)
    assert entity.name_as_written == written


@pytest.mark.parametrize("written, kind, canonical", [
    ("the European Union", REIO, "European Union"),
    ("the International Criminal Police Organization (INTERPOL)", IGO, "International Criminal Police Organization"),
    ("INTERPOL", IGO, "International Criminal Police Organization"),
    ("the League of Arab States", IGO, "League of Arab States"),
    ("the Group of 77 and China", GROUP, "Group of 77 and China"),
    ("the Group of African States", GROUP, "Group of African States"),
    ("the United Nations Office on Drugs and Crime", UN_ENTITY, "United Nations Office on Drugs and Crime"),
])
def test_other_entities_have_their_kind_and_no_code(written, kind, canonical):
    entity = resolve(written)
    assert (entity.kind, entity.canonical, entity.iso3) == (kind, canonical, None)


@pytest.mark.parametrize("misspelled", ["Hungry", "Untied States", "Venezuala", "Kingdom of the Netherland"])
def test_a_misspelled_name_is_kept_as_written_never_guessed(misspelled):
    entity = resolve(misspelled)
    assert entity == type(entity)(misspelled, None, UNRESOLVED, None)


def test_resolve_all_reports_the_unresolved():
    entities, unresolved = resolve_all(["Hungary", "Hungry", "the Sudan"])
    assert [e.iso3 for e in entities] == ["HUN", None, "SDN"]
    assert unresolved == ["Hungry"]


def test_a_kind_given_by_the_text_is_used_only_for_unknown_names():
    ngo = resolve("the Born Free Foundation", default_kind="non_governmental_organization")
    assert (ngo.kind, ngo.canonical, ngo.iso3) == ("non_governmental_organization", "Born Free Foundation", None)
    assert resolve("Chile", default_kind="non_governmental_organization").kind == STATE


def test_split_names_commas_and_the_last_and():
    text = ("Albania, Bosnia and Herzegovina, Iceland, North Macedonia, Norway,\n"
            "the Republic of Moldova, Serbia and Ukraine")
    assert split_names(text) == ["Albania", "Bosnia and Herzegovina", "Iceland", "North Macedonia",
                                 "Norway", "the Republic of Moldova", "Serbia", "Ukraine"]


def test_split_names_keeps_known_names_with_and():
    assert split_names("Trinidad and Tobago and the United Kingdom of Great Britain and Northern Ireland") == [
        "Trinidad and Tobago", "the United Kingdom of Great Britain and Northern Ireland"]


def test_split_names_oxford_comma():
    assert split_names("the Global Initiative, Africa Network for Environment and Economic Justice, "
                       "and Hope for Justice") == [
        "the Global Initiative", "Africa Network for Environment and Economic Justice", "Hope for Justice"]


def test_split_names_keeps_parenthetical_remarks_with_their_name():
    text = ("Morocco (on behalf of the Group of 77 and China), Ghana (on behalf of the Group of African "
            "States) and the European Union (online) (on behalf of the European Union and its member "
            "States; Albania, Serbia and Ukraine aligned themselves with the statement)")
    assert split_names(text) == [
        "Morocco (on behalf of the Group of 77 and China)",
        "Ghana (on behalf of the Group of African States)",
        "the European Union (online) (on behalf of the European Union and its member States; Albania, "
        "Serbia and Ukraine aligned themselves with the statement)"]


def test_split_names_nested_parentheses():
    text = "Chile, the European Union (on behalf of its member States (Austria, Belgium and Czechia)) and Peru"
    assert split_names(text) == [
        "Chile", "the European Union (on behalf of its member States (Austria, Belgium and Czechia))", "Peru"]


def test_split_names_name_with_its_own_parenthesis():
    assert split_names("Bolivia (Plurinational State of), Micronesia (Federated States of) and Nepal") == [
        "Bolivia (Plurinational State of)", "Micronesia (Federated States of)", "Nepal"]


def test_split_names_an_enumeration_inside_a_name():
    assert split_names("Maat for Peace, Development and Human Rights and the Global Initiative against "
                       "Transnational Organized Crime") == [
        "Maat for Peace, Development and Human Rights", "the Global Initiative against Transnational Organized Crime"]


def test_split_names_does_not_split_between_lower_case_words():
    assert split_names("the presidents of the Conference at its tenth and eleventh sessions") == [
        "the presidents of the Conference at its tenth and eleventh sessions"]


def test_name_and_remarks():
    assert name_and_remarks("the European Union (online) (also on behalf of its member States)") == (
        "the European Union", ["online", "also on behalf of its member States"])
    assert name_and_remarks("the Netherlands (Kingdom of the)") == ("the Netherlands (Kingdom of the)", [])


def test_parse_item_reads_the_remarks():
    item = parse_item("the European Union (online) (on behalf of the European Union and its member States; "
                      "Albania, Bosnia and Herzegovina and Ukraine aligned themselves with the statement)")
    assert item.name == "the European Union"
    assert item.online
    assert (item.on_behalf_of, item.also_on_behalf) == ("the European Union and its member States", False)
    assert item.aligned == ["Albania", "Bosnia and Herzegovina", "Ukraine"]
    also = parse_item("the European Union (also on behalf of its member States)")
    assert (also.on_behalf_of, also.also_on_behalf) == ("its member States", True)
    members = parse_item("European Union (and its member States Austria, Hungry and Sweden)")
    assert members.members == ["Austria", "Hungry", "Sweden"]
