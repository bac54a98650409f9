"""The choice of PDF engine: pdfplumber (`pdfplumber_engine`) or PDFium (`pdfium_engine`).

Both read the same `lines` (see `layout`); PDFium is many times faster.  An engine's
module is imported only when it is used, so a run with PDFium does not import pdfplumber.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from pipeline.common.errors import InputError
from pipeline.common.limits import Limits, active
from pipeline.ingest.layout import PdfReading, check_is_pdf
from pipeline.ingest.pdf_limits import check_pages, check_streams

ENGINE_MODULES = {"pdfplumber": "pdfplumber_engine", "pdfium": "pdfium_engine"}
DEFAULT_ENGINE = "pdfium"   # same lines as pdfplumber, 15-23x faster: see bench/results.md


def read_pdf(path: Path, doc_id: str, engine: str = DEFAULT_ENGINE, limits: Limits | None = None) -> PdfReading:
    """The lines of the PDF at `path` read with `engine`, "pdfplumber" or "pdfium".

    Raises InputError for an unknown engine, and as the engines do for bad input; LimitExceeded
    when the PDF breaks a bound of `limits` (default: the run's), checked before the engine
    reads it (compressed streams; pages, with PDFium, for pdfplumber) or as PDFium reads it.
    """
    if engine not in ENGINE_MODULES:
        raise InputError(f"unknown PDF engine {engine!r} (choose {' or '.join(ENGINE_MODULES)})")
    limits = limits or active()
    check_is_pdf(path)
    check_streams(path, limits)
    module = importlib.import_module(f".{ENGINE_MODULES[engine]}", __package__)
    if engine == "pdfium":
        return module.read_pdf(path, doc_id, limits)
    check_pages(path, limits)
    return module.read_pdf(path, doc_id)
