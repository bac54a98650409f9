"""Participation (table participation): the counts the report gives of States parties and
others attending, credentials and meetings held."""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from pipeline.common.patterns import NUMBER, matched_number
from pipeline.common.records import Block
from pipeline.extract.agenda import context
from pipeline.extract.context import Context, body, provenance


# ---------------------------------------------------------------------------------------
# Records (one per row of the table of the same name, see schemas/<table>.json)


@dataclass
class Participation:
    doc_id: str
    measure: str
    count: int
    count_as_written: str
    block_id: int
    line_start: int
    line_end: int
    page: int | None


# ---------------------------------------------------------------------------------------
# Participation

# "attended by representatives of 121 States parties to the Convention".
STATES_PARTIES = re.compile(rf"\battended\s+by\s+representatives\s+of\s+(?P<n>{NUMBER})\s+States\s+parties")
# "and a regional economic integration organization party to the Convention".
REIO_PARTIES = re.compile(rf"\b(?P<n>{NUMBER}|an?)\s+regional\s+economic\s+integration\s+organizations?\s+part(?:y|ies)\b")
# "the observer for one State signatory to the Convention", "observers for 2 signatory States".
SIGNATORIES = re.compile(rf"\bobservers?\s+for\s+(?P<n>{NUMBER})\s+(?:States?\s+signator(?:y|ies)|signatory\s+States?)\b")
# "of the 133 parties represented at the eleventh session, 122 parties had complied with the
# credentials requirements and 11 parties had not".
CREDENTIALS = re.compile(rf"\bof\s+the\s+(?P<represented>{NUMBER})\s+parties\s+represented\b.*?"
                         rf"(?P<complied>{NUMBER})\s+parties\s+had\s+complied\b.*?(?P<not_complied>{NUMBER})\s+"
                         rf"parties\s+had\s+not\b")
# "During the session, 11 meetings were held, including 4 meetings of the Committee of the Whole".
MEETINGS_HELD = re.compile(rf"\b(?P<held>{NUMBER})\s+(?:plenary\s+)?meetings\s+were\s+held(?:,\s+including\s+"
                           rf"(?P<committee>{NUMBER})\s+meetings\s+of\s+the\s+Committee\s+of\s+the\s+Whole)?")

PARTICIPATION_MEASURES = [
    (STATES_PARTIES, {"n": "states_parties_attending"}),
    (REIO_PARTIES, {"n": "reio_parties_attending"}),
    (SIGNATORIES, {"n": "signatory_states_attending"}),
    (CREDENTIALS, {"represented": "parties_represented", "complied": "credentials_complied",
                   "not_complied": "credentials_not_complied"}),
    (MEETINGS_HELD, {"held": "meetings_held", "committee": "committee_of_the_whole_meetings"}),
]


def extract_participation(blocks: list[Block], ctx: Context | None = None) -> list[Participation]:
    ctx = ctx or context(blocks)
    out: dict[str, Participation] = {}
    for loc in ctx.proceedings():
        text = body(loc.block)
        for pattern, groups in PARTICIPATION_MEASURES:
            m = pattern.search(text)
            for group, measure in (groups.items() if m else []):
                if m[group] and measure not in out:
                    out[measure] = Participation(ctx.doc_id, measure, matched_number(m[group]), m[group],
                                                 **provenance(loc.block))
    return list(out.values())
