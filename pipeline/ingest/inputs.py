"""Ingest stage: input files -> `documents` and `lines` records (press releases: their date,
title and text; their session and facts are read by `pipeline.extract.session_facts`).

PDF input is read with pdfplumber (see `pdfplumber_engine`, `pdfium_engine`), text input line by line (see
`text`); both give the same `Line` records.  The format is told by the bytes,
not the file name, so a text file renamed .pdf is rejected as "not a PDF".
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.common.errors import InputError
from pipeline.common.limits import MB, Limits, active, too_large
from pipeline.ingest.engines import DEFAULT_ENGINE, read_pdf
from pipeline.ingest.text import read_text_lines
from pipeline.ingest.document_kind import COP_REPORT, UN_DOCUMENT, document_kind
from pipeline.ingest.metadata import cover_title, read_metadata
from pipeline.ingest.press import PressRelease, is_press_release, read_release
from pipeline.common.records import Document, Line, Zone

log = logging.getLogger(__name__)

INPUT_SUFFIXES = (".pdf", ".txt")
PDF_MAGIC = b"%PDF-"
# A C0 control character that text never holds (all but \t \n \f \r): in UTF-8 such a byte
# is never part of a longer character.
BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


@dataclass
class Ingested:
    """A report (document and lines) or a press release (its date and title, and its text for
    the run layer to read its session and facts from)."""

    doc_id: str
    document: Document | None = None
    lines: list[Line] = field(default_factory=list)
    press: PressRelease | None = None
    press_text: str | None = None


def discover(inputs: list[Path]) -> list[Path]:
    """The input files: the files named, and the .pdf/.txt files inside folders named (and
    their subfolders, such as raw/press/), in name order.  Links to folders are not followed
    (a loop would never end); each is named in the log."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            for link in sorted(p for p in item.rglob("*") if p.is_symlink() and not p.is_file()):
                log.warning("ingest: %s is a link to a folder or to nothing (a loop?): not followed", link)
            found = sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise InputError(f"{item}: folder holds no .pdf or .txt input")
            files.extend(found)
        elif item.is_file():
            files.append(item)
        else:
            raise InputError(f"{item}: no such file or folder")
    if not files:
        raise InputError("no input given")
    return files


def ingest_file(path: Path, engine: str = DEFAULT_ENGINE, limits: Limits | None = None) -> Ingested:
    """One input file's document and lines, or press release.  Raises InputError for bad input,
    LimitExceeded (before reading it, for its size) when it breaks a bound of `limits`
    (default: the run's)."""
    limits = limits or active()
    data = read_input(path, limits)
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    sha = hashlib.sha256(data).hexdigest()
    doc_id = sha[:16]
    if data.startswith(PDF_MAGIC):
        del data
        reading = read_pdf(path, doc_id, engine, limits)
        lines, fmt, page_count = reading.lines, "pdf", reading.page_count
    elif path.suffix.lower() == ".pdf":
        raise InputError(f"{path}: not a PDF (the file does not start with %PDF-)")
    else:
        text = _decode(path, data)
        if is_press_release(text):
            return Ingested(doc_id, press=read_release(text, sha, path.name), press_text=text)
        lines, fmt, page_count = read_text_lines(text, doc_id), "text", None
    meta = read_metadata(lines)
    kind = document_kind(lines, meta.symbol, meta.session_number is not None)
    if kind is None:
        raise InputError(f"{path}: not a report of a Conference of the Parties, nor a UN document (no symbol "
                         "of its own, no “United Nations” masthead or “Distr.:” line, no session sentence)")
    if kind == UN_DOCUMENT:     # a session it cites is not its own
        meta.session_number = meta.session_ordinal = meta.city = meta.start_date = meta.end_date = None
        meta.title = cover_title(lines)
    doc = Document(
        doc_id=doc_id, source_name=path.name, source_sha256=sha, source_format=fmt, document_kind=kind,
        page_count=page_count or meta.page_total, line_count=len(lines),
        symbol=meta.symbol, job_number=meta.job_number, session_number=meta.session_number,
        session_ordinal=meta.session_ordinal, city=meta.city, start_date=meta.start_date,
        end_date=meta.end_date, title=meta.title,
        has_cover=any(ln.zone is Zone.COVER for ln in lines),
        has_toc=any(ln.zone is Zone.TOC for ln in lines),
    )
    log.info("ingest %s: %s, %s pages, %d lines, symbol %s, session %s%s",
             path.name, fmt, doc.page_count or "?", len(lines), doc.symbol, doc.session_number,
             "" if kind == COP_REPORT else "; not a COP report: layout tables only")
    return Ingested(doc_id, doc, lines)


def read_input(path: Path, limits: Limits) -> bytes:
    """The file's bytes; its size is checked from `stat` first, and no more than the bound is
    ever read (a file that grows meanwhile is refused too)."""
    try:
        if error := too_large(path, path.stat().st_size, limits):
            raise error
        with open(path, "rb") as fh:
            data = fh.read(int(limits.input_mb * MB) + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if error := too_large(path, len(data), limits):
        raise error
    return data


def _decode(path: Path, data: bytes) -> str:
    """The text of a text input.  A control character other than tab, line and form feed or
    carriage return anywhere (NUL, ESC, ...) makes it binary: such bytes are no text a report
    holds, and would reach the tables."""
    if found := BINARY.search(data):
        raise InputError(f"{path}: binary file, neither a PDF nor text (control character "
                         f"0x{found.group()[0]:02x} at byte {found.start():,})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: text is not UTF-8") from None
