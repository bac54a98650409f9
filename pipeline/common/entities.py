"""One normalizer for the names of countries and other entities, used by every table.

Names are looked up exactly (after folding case, blanks, apostrophes and a leading "the")
in an index built from pycountry (ISO 3166 names, official and common names, and the
inverted forms "Korea, Republic of" -> "Republic of Korea") plus small tables of United
Nations usages ("Türkiye", "Netherlands (Kingdom of the)", ...), groups, intergovernmental
organizations and United Nations entities.  A name that is not in the index is never guessed
(no fuzzy matching) and never corrected: it comes back as written, kind "unresolved", no code.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
import regex as re

STATE = "state"
REIO = "regional_economic_integration_organization"
IGO = "intergovernmental_organization"
NGO = "non_governmental_organization"
UN_ENTITY = "un_entity"
GROUP = "group"
UNRESOLVED = "unresolved"

# The United Nations designation of States whose ISO 3166 short name differs from it.
UN_DESIGNATIONS = {
    "BOL": "Bolivia (Plurinational State of)",
    "CIV": "Côte d’Ivoire",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People’s Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
}

# Entities other than States: (canonical name, kind, other names it is written under).
OTHER_ENTITIES = [
    ("European Union", REIO, ["EU"]),
    ("Group of 77 and China", GROUP, []),
    ("Group of African States", GROUP, ["African Group"]),
    ("Group of Asia-Pacific States", GROUP, ["Asia-Pacific Group"]),
    ("Group of Eastern European States", GROUP, ["Eastern European Group"]),
    ("Group of Latin American and Caribbean States", GROUP, ["GRULAC"]),
    ("Group of Western European and other States", GROUP, ["Western European and other States Group"]),
    ("International Criminal Police Organization", IGO, ["INTERPOL",
     "International Criminal Police Organization (INTERPOL)"]),
    ("League of Arab States", IGO, ["Arab League"]),
    ("African Union", IGO, []),
    ("Council of Europe", IGO, []),
    ("Organization of American States", IGO, []),
    ("Organization for Security and Co-operation in Europe", IGO, ["OSCE"]),
    ("European Public Law Organization", IGO, []),
    ("International Anti-Corruption Academy", IGO, []),
    ("Parliamentary Assembly of the Mediterranean", IGO, []),
    ("World Customs Organization", IGO, []),
    ("Commonwealth Secretariat", IGO, []),
    ("United Nations Office on Drugs and Crime", UN_ENTITY, ["UNODC",
     "United Nations Office on Drugs and Crime (UNODC)"]),
    ("United Nations Development Programme", UN_ENTITY, ["UNDP"]),
    ("United Nations Children’s Fund", UN_ENTITY, ["UNICEF"]),
    ("Office of the United Nations High Commissioner for Refugees", UN_ENTITY, ["UNHCR"]),
    ("Office of the United Nations High Commissioner for Human Rights", UN_ENTITY, ["OHCHR"]),
    ("United Nations Interregional Crime and Justice Research Institute", UN_ENTITY, ["UNICRI"]),
    ("International Organization for Migration", UN_ENTITY, ["IOM"]),
    ("United Nations Educational, Scientific and Cultural Organization", UN_ENTITY, ["UNESCO"]),
    ("World Health Organization", UN_ENTITY, ["WHO"]),
    ("Secretariat", UN_ENTITY, ["United Nations Secretariat"]),
]


@dataclass(frozen=True)
class Entity:
    name_as_written: str
    canonical: str | None
    kind: str
    iso3: str | None = None


@dataclass
class NameItem:
    """One entry of a list of names, with what its parenthetical remarks say."""

    written: str                   # the entry as written, remarks included
    name: str                      # the name alone
    remarks: list[str] = field(default_factory=list)   # every parenthetical, in order
    on_behalf_of: str | None = None                   # "the Group of 77 and China"
    also_on_behalf: bool = False                      # "(also on behalf of ...)"
    aligned: list[str] = field(default_factory=list)  # States that aligned themselves
    members: list[str] = field(default_factory=list)  # "(and its member States Austria, ...)"
    online: bool = False


# ---------------------------------------------------------------------------------------
# The index

def fold(name: str) -> str:
    """The lookup key of a name: 'the  Côte d’Ivoire' -> "côte d'ivoire"."""
    name = unicodedata.normalize("NFC", name).replace("’", "'").replace("‘", "'")
    name = re.sub(r"\s+", " ", name).strip().strip(".,;:")
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    return name.casefold()


# An ISO 3166 name in inverted form: "Korea, Republic of", "Congo, The Democratic Republic of the".
INVERTED = re.compile(r"^(?P<head>[^,]+),\s+(?P<tail>.+?\b(?:of|of the))$")


def _state_names(country) -> list[str]:
    names = [country.name]
    for attr in ("official_name", "common_name"):
        if getattr(country, attr, None):
            names.append(getattr(country, attr))
    m = INVERTED.match(country.name)
    if m:
        # "Korea, Republic of" -> "Republic of Korea" and "Korea (Republic of)"
        names += [f"{m['tail']} {m['head']}", f"{m['head']} ({m['tail']})"]
    if country.alpha_3 in UN_DESIGNATIONS:
        names.append(UN_DESIGNATIONS[country.alpha_3])
    return names


@lru_cache(maxsize=1)
def _index() -> dict[str, Entity]:
    index: dict[str, Entity] = {}
    for country in pycountry.countries:
        canonical = UN_DESIGNATIONS.get(country.alpha_3, country.name)
        for name in _state_names(country):
            index.setdefault(fold(name), Entity(name, canonical, STATE, country.alpha_3))
    for canonical, kind, aliases in OTHER_ENTITIES:
        for name in [canonical, *aliases]:
            index.setdefault(fold(name), Entity(name, canonical, kind, None))
    return index


@lru_cache(maxsize=1)
def _protected() -> re.Pattern:
    """Known names that contain a list separator (" and " or ", "): "Bosnia and Herzegovina"."""
    names = {e.name_as_written for e in _index().values()
             if " and " in e.name_as_written or ", " in e.name_as_written}
    longest_first = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace("’", "['’]").replace("'", "['’]") for n in longest_first)
    return re.compile(rf"(?<![\p{{L}}])(?:{alternatives})(?![\p{{L}}])", re.I)


def resolve(name: str, default_kind: str | None = None) -> Entity:
    """The entity a name stands for; unknown names come back as written, kind "unresolved".

    `default_kind` is the kind the text itself gives an unknown name ("the non-governmental
    organizations X and Y"): such a name keeps its written form, gets that kind and no code.
    """
    written = re.sub(r"\s+", " ", name).strip()
    found = _index().get(fold(written))
    if found is not None:
        return Entity(written, found.canonical, found.kind, found.iso3)
    if default_kind and default_kind != UNRESOLVED:
        return Entity(written, re.sub(r"^the\s+", "", written), default_kind, None)
    return Entity(written, None, UNRESOLVED, None)


def resolve_all(names: list[str], default_kind: str | None = None) -> tuple[list[Entity], list[str]]:
    """Entities for `names`, and the names that could not be resolved (the warnings)."""
    entities = [resolve(n, default_kind) for n in names]
    return entities, [e.name_as_written for e in entities if e.kind == UNRESOLVED]


# ---------------------------------------------------------------------------------------
# Lists of names

# A list separator at the top level: ", " or " and " before a name ("and the X", "and Ukraine").
COMMA = re.compile(r",\s*")
AND = re.compile(r"\s+and\s+(?=(?:the\s+)?[\p{Lu}\d])")

# An entry that only carries the tail of an enumeration inside a name: "Development and Human
# Rights" after "Maat for Peace" (the name is "Maat for Peace, Development and Human Rights").
ENUMERATION_TAIL = re.compile(r"^\p{Lu}\p{Ll}+(?:\s+and\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)$")
# The entry before it ends in a preposition and one word: "Maat for Peace".
PREPOSITION_WORD = re.compile(r"\b(?:for|of|on)\s+\p{Lu}\p{Ll}+$")


def shield(text: str) -> str:
    """`text` with the separators inside parentheses and known names blanked out.

    Same length as `text`, so positions found in it hold in the original.
    """
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth and ch in ",;":
            out[i] = "\x00"
        elif depth and ch == " ":
            out[i] = "\x01"
    shielded = "".join(out)
    for m in _protected().finditer(shielded):
        out[m.start():m.end()] = re.sub(r"[ ,]", "\x01", m.group())
    return "".join(out)


def cut(text: str, positions: list[tuple[int, int]]) -> list[str]:
    """`text` cut at the (start, end) spans given, the spans left out."""
    pieces, last = [], 0
    for start, end in positions:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return pieces


def _split_last_and(piece: str) -> list[str]:
    """Split the final entry at its conjunction: "Serbia and Ukraine" -> both.

    With several candidates, prefer the one whose right side is a known name, then one
    followed by "the", then the last: "Development and Human Rights and the Global Initiative".
    """
    spots = [(m.start(), m.end()) for m in AND.finditer(shield(piece))]
    if not spots:
        return [piece]
    known = [s for s in spots if resolve(name_and_remarks(piece[s[1]:])[0]).kind != UNRESOLVED]
    the = [s for s in spots if piece[s[1]:].startswith("the ")]
    start, end = (known or the or spots)[-1]
    return [piece[:start], piece[end:]]


def split_names(text: str) -> list[str]:
    """Entries of a list of names as written: commas, "and" before the last, remarks kept.

    "Albania, Bosnia and Herzegovina, the Republic of Moldova, Serbia and Ukraine" -> 5 names;
    "Morocco (on behalf of the Group of 77 and China) and the European Union (online)" -> 2.
    """
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    if not text:
        return []
    pieces = [p.strip() for p in cut(text, [(m.start(), m.end()) for m in COMMA.finditer(shield(text))])]
    oxford = len(pieces) > 1 and pieces[-1].startswith("and ")
    pieces = [re.sub(r"^and\s+", "", p) for p in pieces]
    if not oxford:
        pieces = pieces[:-1] + _split_last_and(pieces[-1])
    return _join_enumeration_tails([p.strip() for p in pieces if p.strip()])


def _join_enumeration_tails(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and ENUMERATION_TAIL.match(piece) and PREPOSITION_WORD.search(out[-1]) \
                and resolve(piece).kind == UNRESOLVED and resolve(out[-1]).kind == UNRESOLVED:
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


# ---------------------------------------------------------------------------------------
# Remarks

# A parenthetical remark at the end of an entry: "Morocco (on behalf of the Group of 77 and China)".
TRAILING_PAREN = re.compile(r"\s*\((?P<inner>(?:[^()]|\((?&inner)\))*)\)$")
# "(also) on behalf of X": "on behalf of the European Union and its member States".
ON_BEHALF = re.compile(r"^(?P<also>also\s+)?on\s+behalf\s+of\s+(?P<group>.+)$")
# "Albania, ... and Ukraine aligned themselves with the statement".
ALIGNED = re.compile(r"^(?P<list>.+?)\s+aligned\s+(?:themselves|itself)\s+with\s+the\s+statement$")
# "and its member States Austria, Belgium, ... and Sweden".
MEMBERS = re.compile(r"^(?:and|with)\s+its\s+member\s+States\s+(?P<list>\S.*)$")


def name_and_remarks(entry: str) -> tuple[str, list[str]]:
    """'the European Union (online) (on behalf of ...)' -> ('the European Union', ['online', ...]).

    A parenthetical that belongs to a known name stays: 'Bolivia (Plurinational State of)'.
    """
    name = entry.strip()
    remarks: list[str] = []
    while (m := TRAILING_PAREN.search(name)) and resolve(name).kind == UNRESOLVED:
        remarks.insert(0, m["inner"].strip())
        name = name[:m.start()].strip()
    return name, remarks


def parse_item(entry: str) -> NameItem:
    """An entry of a list with its remarks read: on behalf of, aligned States, members, online."""
    name, remarks = name_and_remarks(entry)
    item = NameItem(written=entry.strip(), name=name, remarks=remarks)
    for remark in remarks:
        for part in _top_level_split(remark, ";"):
            _read_remark(item, part.strip())
    return item


def _read_remark(item: NameItem, part: str) -> None:
    if part.lower() == "online":
        item.online = True
    elif m := ON_BEHALF.match(part):
        item.on_behalf_of, item.also_on_behalf = m["group"], bool(m["also"])
    elif m := ALIGNED.match(part):
        item.aligned = split_names(m["list"])
    elif m := MEMBERS.match(part):
        item.members = split_names(m["list"])


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return parts
