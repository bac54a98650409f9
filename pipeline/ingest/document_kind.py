"""What kind of document an input is, by what it says of itself, never by what it cites.

* A **COP report** — a report of the Conference of the Parties to the United Nations
  Convention against Transnational Organized Crime, the documents the extractors read — is
  recognised by its own symbol (in its running header or masthead: "CTOC/COP/2022/9") or by
  its own title on the cover or at the head of the text ("Report of the Conference of the
  Parties to the United Nations Convention against Transnational Organized Crime on its
  eleventh session").  A General Assembly draft that cites a COP session has a symbol of its
  own ("A/C.3/80/L.3"), and so does a report of another convention's COP ("CBD/COP/15/17").
* Any other **UN document** (a symbol of its own, a "United Nations" masthead, a "Distr.:"
  line) gets its layout tables: documents, lines, blocks, footnotes.
* A text extract that kept neither symbol nor title is a COP report when it says which
  session the Conference held, where and when (extracts of the report made before the
  furniture was kept); anything else is not an input of this pipeline.
"""
from __future__ import annotations

import regex as re

from pipeline.common.records import Line, Zone

COP_REPORT, UN_DOCUMENT = "cop_report", "un_document"
KINDS = (COP_REPORT, UN_DOCUMENT)
HEAD_LINES = 12             # body lines read for a title when the document has no cover

# The symbol of a document of the Conference itself, not of one of its working groups:
# "CTOC/COP/2022/9" (not "CTOC/COP/WG.2/2022/4").
OWN_SYMBOL = re.compile(r"^CTOC/COP/\d{4}/\d+$")
# The title of its report: "Report of the Conference of the Parties to the United Nations
# Convention against Transnational Organized Crime on its eleventh session".
REPORT_TITLE = re.compile(
    r"Report\s+of\s+the\s+Conference\s+of\s+the\s+Parties\s+to\s+the\s+United\s+Nations\s+Convention"
    r"\s+against\s+Transnational\s+Organized\s+Crime\s+on\s+its\s+[\p{L}-]+\s+session")
# Marks of a UN official document in its masthead: "United Nations", "UNITED NATIONS", "Distr.: General".
UN_MASTHEAD = re.compile(r"\bUnited\s+Nations\b|\bDistr\.", re.I)


def document_kind(lines: list[Line], symbol: str | None, states_session: bool) -> str | None:
    """COP_REPORT, UN_DOCUMENT or None (neither); `symbol` is the document's own (from its
    furniture or masthead), `states_session` whether its text says which session the
    Conference held, where and when."""
    if symbol and OWN_SYMBOL.match(symbol):
        return COP_REPORT
    head = _head(lines)
    if REPORT_TITLE.search(head):
        return COP_REPORT
    if symbol or UN_MASTHEAD.search(head):
        return UN_DOCUMENT
    return COP_REPORT if states_session else None


def _head(lines: list[Line]) -> str:
    """The cover, or the first body lines where there is none."""
    cover = [ln.text for ln in lines if ln.zone is Zone.COVER]
    if not cover:
        cover = [ln.text for ln in lines if ln.zone is Zone.BODY][:HEAD_LINES]
    return re.sub(r"\s+", " ", " ".join(cover))
