"""Extract stage: one extractor per kind of record, each turning a document's blocks,
footnotes and segments into rows of its tables.  Adding a kind of record is adding a
function to EXTRACTORS and its schema files."""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Callable

from pipeline.common.records import Block, Footnote
from pipeline.segment.structure import Segment


@dataclass
class DocumentParts:
    """What the earlier stages know of one document."""

    blocks: list[Block]
    footnotes: list[Footnote]
    segments: list[Segment]


Tables = dict[str, list]

log = logging.getLogger(__name__)


def _fields_as_tables(result) -> Tables:
    """A result dataclass whose list fields are named like tables -> {table: rows}."""
    return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)
            if isinstance(getattr(result, f.name), list)}


def resolution_tables(doc: DocumentParts) -> Tables:
    """resolutions, resolution_paragraphs, annex_recommendations, citations."""
    from pipeline.extract.resolutions import extract

    return _fields_as_tables(extract(doc.blocks, doc.footnotes, doc.segments))


def proceedings_tables(doc: DocumentParts) -> Tables:
    """agenda_items, agenda_documents, statements, meetings, actions, sponsors, votes, officers, participation:
    one context per document (`pipeline.extract.agenda.context`), shared by their extractors;
    and qa_issues, what they noticed (`Context.note`), which validation joins to the QA's own."""
    from pipeline.extract.actions import extract_actions
    from pipeline.extract.agenda import context, extract_agenda_documents, name_agenda_items
    from pipeline.extract.meetings import extract_meetings
    from pipeline.extract.officers import extract_officers
    from pipeline.extract.participation import extract_participation
    from pipeline.extract.statements import extract_statements
    from pipeline.extract.votes import extract_votes

    ctx = context(doc.blocks, doc.segments)
    votes = extract_votes(doc.blocks, ctx)
    actions, sponsors = extract_actions(doc.blocks, doc.footnotes, ctx)
    statements = extract_statements(doc.blocks, ctx, votes, actions)
    tables: Tables = {"agenda_items": ctx.agenda,
                      "agenda_documents": extract_agenda_documents(doc.blocks, ctx),
                      "statements": statements,
                      "meetings": extract_meetings(ctx, actions, votes, statements),
                      "actions": actions, "sponsors": sponsors, "votes": votes,
                      "officers": extract_officers(doc.blocks, ctx),
                      "participation": extract_participation(doc.blocks, ctx)}
    name_agenda_items(ctx.agenda, [*tables["agenda_documents"], *statements, *actions, *votes])
    tables["qa_issues"] = ctx.findings
    if ctx.findings:
        log.info("extract %s: %d finding(s), e.g. %s (all are in qa_issues)",
                 ctx.doc_id, len(ctx.findings), ctx.findings[0].message)
    return tables


EXTRACTORS: list[Callable[[DocumentParts], Tables]] = [resolution_tables, proceedings_tables]


def extract_document(doc: DocumentParts) -> Tables:
    out: Tables = {}
    for extractor in EXTRACTORS:
        for name, rows in extractor(doc).items():
            out.setdefault(name, []).extend(rows)
    return out
