"""Read a report PDF into `Line` records with pdfplumber; `layout` makes the lines.

Words come from pdfplumber (`WORD_SETTINGS`: a word ends at a blank character or at a gap
wider than `X_TOLERANCE_RATIO` times the font size, and at a change of font or size, so a
superscript marker is a word of its own); rules are pdfplumber's lines and rectangles.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from pipeline.common.errors import InputError
from pipeline.ingest.layout import (X_TOLERANCE_RATIO, PageContent, PdfReading, Rule, Word, build_reading,
                         check_is_pdf)

WORD_SETTINGS = {
    "x_tolerance_ratio": X_TOLERANCE_RATIO,
    "y_tolerance": 3,
    "keep_blank_chars": False,
    "use_text_flow": False,
    "extra_attrs": ["size", "fontname"],
}


def read_pdf(path: Path, doc_id: str) -> PdfReading:
    """The non-blank lines of the PDF at `path`, in reading order, with zones and geometry.

    Raises InputError when the file is empty, not a PDF, needs a password or has no text.
    """
    check_is_pdf(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
    except (PdfminerException, MalformedPDFException) as exc:
        raise InputError(_unreadable(path, exc)) from exc
    return build_reading(path, doc_id, pages)


def _unreadable(path: Path, exc: Exception) -> str:
    """One line saying why the file could not be read (pdfplumber wraps pdfminer's errors)."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFEncryptionError):
        return f"{path}: encrypted PDF, it cannot be read without a password"
    detail = (str(cause).strip() or type(cause).__name__).splitlines()[0]
    return f"{path}: damaged or not a PDF ({detail})"


def _read_page(page: Page) -> PageContent:
    """The page's upright words and its straight lines and rectangles."""
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], "Bold" in w["fontname"])
             for w in page.extract_words(**WORD_SETTINGS) if w["upright"]]
    rules = [Rule(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.lines + page.rects]
    content = PageContent(page.page_number, page.width, page.height, words, rules)
    page.close()
    return content
