"""One document through every stage before validation: the unit of work of a corpus run.

The stage commands (`ingest`, `normalize`, `segment`, `extract`) call the same per-document
functions over all documents of a work folder; `process` chains them for one input file so
that documents can be processed in parallel and cached.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pyarrow as pa

from pipeline.publish import tables
from pipeline.extract.registry import DocumentParts, extract_document
from pipeline.extract.session_facts import read_facts
from pipeline.ingest.document_kind import COP_REPORT
from pipeline.ingest.inputs import Ingested, ingest_file
from pipeline.ingest.engines import DEFAULT_ENGINE
from pipeline.normalize.blocks import normalize
from pipeline.common.records import Block, Footnote, Line
from pipeline.segment.structure import Segment, segment

log = logging.getLogger(__name__)

Rows = dict[str, list]


def normalize_rows(lines: list[Line]) -> Rows:
    result = normalize(lines)
    log.info("normalize %s: %d blocks, %d footnotes (%d without a marker found), %d repairs",
             lines[0].doc_id if lines else "?", len(result.blocks), len(result.footnotes),
             len(result.footnotes) - len(result.refs), len(result.repairs))
    return {"blocks": result.blocks, "footnotes": result.footnotes, "footnote_refs": result.refs,
            "repairs": result.repairs}


def segment_rows(blocks: list[Block]) -> Rows:
    return {"segments": segment(blocks)}


def extract_rows(blocks: list[Block], footnotes: list[Footnote], segments: list[Segment]) -> Rows:
    found = extract_document(DocumentParts(blocks, footnotes, segments))
    log.info("extract %s: %s", blocks[0].doc_id if blocks else "?",
             ", ".join(f"{k} {len(v)}" for k, v in found.items()))
    return found


def ingested_rows(ingested: Ingested) -> Rows:
    """The rows of the ingest stage's tables; for a press release, its session and facts are
    read here (raises InputError when it names no session)."""
    if ingested.press is not None:
        assert ingested.press_text is not None, "a press release is ingested with its text"
        release = read_facts(ingested.press, ingested.press_text)
        log.info("ingest %s: press release on session %s, %d facts", release.source_name, release.session_number,
                 len(release.facts))
        return {"press_releases": [release], "session_facts": release.facts}
    return {"documents": [ingested.document], "lines": ingested.lines}


def process(path: Path, engine: str = DEFAULT_ENGINE) -> tuple[str, dict[str, pa.Table]]:
    """The doc_id and all tables of one input file, before validation (raises InputError on
    bad input); `engine` reads PDF input.  A UN document that is not a COP report stops after
    normalize: its layout tables only."""
    ingested = ingest_file(path, engine)
    rows = ingested_rows(ingested)
    if ingested.document is not None:
        rows.update(normalize_rows(ingested.lines))
    if ingested.document is not None and ingested.document.document_kind == COP_REPORT:
        rows.update(segment_rows(rows["blocks"]))
        rows.update(extract_rows(rows["blocks"], rows["footnotes"], rows["segments"]))
    return ingested.doc_id, {name: tables.to_table(name, records) for name, records in rows.items()}
