"""Canonical ids for what a citation cites, so that one instrument is one id however the text
names it: "the Convention", "the Organized Crime Convention" and "the United Nations Convention
against Transnational Organized Crime" are all `UNTOC`; General Assembly resolution 76/185 is
`A/RES/76/185` (its own UN symbol); a resolution of a body without such a symbol series is
the body's short name, the kind and the number ("CCPCJ resolution 27/5", "UNTOC-COP decision 2/2").

The names are the instruments' official titles and the short titles the instruments define
for themselves (General Assembly resolution 55/25 and 55/255), not the wording of one report.
"""
from __future__ import annotations

import regex as re

# Instrument -> its official title and the short titles it defines.  "the Convention" in a
# report of this Conference is its Convention (the reports define it so).
INSTRUMENTS = {
    "UNTOC": ("United Nations Convention against Transnational Organized Crime", "Organized Crime Convention",
              "Convention"),
    "UNTOC-TIP": ("Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
                  "Trafficking in Persons Protocol"),
    "UNTOC-SOM": ("Protocol against the Smuggling of Migrants by Land, Sea and Air", "Smuggling of Migrants Protocol"),
    "UNTOC-FIR": ("Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and "
                  "Components and Ammunition", "Firearms Protocol"),
}
# Bodies whose resolutions and decisions are cited, by a short name; the General Assembly's have
# UN symbols of their own (A/RES/<session>/<number>, A/DEC/<session>/<number>).
BODIES = {
    "General Assembly": "GA",
    "Economic and Social Council": "ECOSOC",
    "Security Council": "SC",
    "Human Rights Council": "HRC",
    "Commission on Crime Prevention and Criminal Justice": "CCPCJ",
    "Commission on Narcotic Drugs": "CND",
    "Conference of the Parties": "UNTOC-COP",     # in these reports, the Conference of the Parties to UNTOC
}
GA_SYMBOLS = {"resolution": "A/RES", "decision": "A/DEC"}
# An article number: "16", "2" (not "16 bis").
ARTICLE = re.compile(r"\d{1,3}")
# A Treaty Series entry's registration number: "vol. 2225, No. 39574" -> 39574.
REGISTRATION = re.compile(r"\bNo\.\s*(?P<number>\d+)")

_BY_NAME = {name.lower(): key for key, names in INSTRUMENTS.items() for name in names}


def instrument_id(kind: str, body: str | None, symbol: str) -> str | None:
    """The canonical id of what is cited, or None where the text leaves it open ("the Protocol":
    which one?; "the rules of procedure")."""
    if kind == "article":
        return _BY_NAME.get((body or "").removeprefix("the ").lower())
    if kind in ("resolution", "decision") and body in BODIES:
        if body == "General Assembly":
            return f"{GA_SYMBOLS[kind]}/{symbol}"
        return f"{BODIES[body]} {kind} {symbol}"
    if kind == "document":
        return symbol
    if kind == "treaty" and (m := REGISTRATION.search(symbol)):
        return f"UNTS No. {m['number']}"     # one registration can hold related treaties (a Convention and its Protocols)
    return None


def instrument_label(instrument: str) -> str:
    """A reader's name for a canonical id: 'United Nations Convention against Transnational
    Organized Crime' (UNTOC), 'General Assembly resolution 76/185' (A/RES/76/185),
    'Commission on Crime Prevention and Criminal Justice resolution 27/5', 'United Nations,
    Treaty Series, No. 39574'; a document's symbol is its own name."""
    if instrument in INSTRUMENTS:
        return INSTRUMENTS[instrument][0]
    for kind, prefix in GA_SYMBOLS.items():
        if instrument.startswith(prefix + "/"):
            return f"General Assembly {kind} {instrument.removeprefix(prefix + '/')}"
    body, _, rest = instrument.partition(" ")
    names = {short: name for name, short in BODIES.items()}
    if body in names and rest.startswith(("resolution ", "decision ")):
        return f"{names[body]} {rest}"
    if body == "UNTS":
        return f"United Nations, Treaty Series, {rest}"
    return instrument


def article_number(kind: str, symbol: str) -> int | None:
    return int(symbol) if kind == "article" and ARTICLE.fullmatch(symbol) else None
