"""The bounds of `common.limits` on a PDF: pages, text objects and characters per page, and the
compressed streams measured before a PDF engine reads the file.

Streams first (`check_streams`): a stream bomb (a few MB of deflated blanks that inflate to
gigabytes) or a page of millions of text operators would cost the engine gigabytes before it
could be asked how many objects a page holds.  Every stream whose dictionary names /FlateDecode is inflated here piece by piece (at most
`CHUNK` of output at a time, so memory stays flat) until it ends or breaks a bound: its inflated
size (`Limits.stream_mb`) or the text-showing operators it holds (`Tj`, `TJ`; a page's content
is one stream or more, so a stream's count is a floor of its page's: `Limits.text_ops_per_page`).
Other filters are left to the engine and to the worker's memory limit.

Then pages (`PageBounds`, `check_page_count`): PDFium counts a page's objects once it has
parsed the page, and its characters once it has made the text page; `pdfium_engine` checks
both as it reads each page, and `check_pages` checks them for the pdfplumber engine.
"""
from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.common.limits import MB, LimitExceeded, Limits, active

# The keyword opening a stream's data, after its dictionary: ">>\nstream\r\n".
STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
# The start of the indirect object holding the stream: "12 0 obj".
OBJECT_START = re.compile(rb"\d+\s+\d+\s+obj\b")
FLATE = re.compile(rb"/Fl(?:ateDecode)?(?![A-Za-z])")
# A text-showing operator between delimiters: "(a) Tj", "[(a) 3 (b)] TJ".
TEXT_OPERATOR = re.compile(rb"(?<=[\s)\]>])T[jJ](?=[\s\[(/<%])")
CHUNK = 1 << 20          # inflated bytes looked at a time
FEED = 1 << 16           # compressed bytes fed at a time
DICTIONARY_REACH = 4096  # how far before "stream" its dictionary may start


def check_streams(path: Path, limits: Limits) -> None:
    """Raise LimitExceeded when a compressed stream of the PDF at `path` inflates beyond
    `limits.stream_mb` or holds more than `limits.text_ops_per_page` text operators, or when
    all its streams hold more than that many a page."""
    with open(path, "rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:          # an empty file: the engine says so
            return
    operators = 0
    with data:
        for match in STREAM_START.finditer(data):
            head = data[max(0, match.start() - DICTIONARY_REACH):match.start()]
            starts = list(OBJECT_START.finditer(head))
            dictionary = head[starts[-1].end():] if starts else head
            if FLATE.search(dictionary):
                operators += _measure(path, data, match.end(), limits)
    if operators > limits.text_ops_per_page:
        # the streams of a page's content, spread over several: some page holds more than
        # the bound if all pages together hold more than the bound times the pages
        pages = _page_count(path)
        if pages and operators > limits.text_ops_per_page * pages:
            raise LimitExceeded(f"{path}: its {pages:,} page(s) hold {operators:,} text operators, more than "
                                f"{limits.text_ops_per_page:,} a page (--max-text-ops-per-page)")


def _page_count(path: Path) -> int | None:
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def _measure(path: Path, data: mmap.mmap, start: int, limits: Limits) -> int:
    """Inflate the stream whose data starts at `start`, counting its size and text operators;
    return the count."""
    inflater = zlib.decompressobj()
    max_bytes, max_ops = limits.stream_mb * MB, limits.text_ops_per_page
    size = operators = 0
    carry = b""
    position = start
    while not inflater.eof and position < len(data):
        pending = data[position:position + FEED]
        position += len(pending)
        while pending:
            try:
                piece = inflater.decompress(pending, CHUNK)
            except zlib.error:
                return operators    # damaged or not deflated: the engine decides
            pending = inflater.unconsumed_tail
            size += len(piece)
            if size > max_bytes:
                raise LimitExceeded(f"{path}: a compressed stream inflates to more than {limits.stream_mb:g} MB "
                                    f"(--max-stream-mb)")
            window = carry + piece
            # a match must have its closing delimiter in the window; the last 2 bytes are seen again
            if b"Tj" in window or b"TJ" in window:
                operators += sum(1 for m in TEXT_OPERATOR.finditer(window) if m.end() < len(window)
                                 and m.start() >= (1 if carry else 0))
            carry = window[-3:]
            if operators > max_ops:
                raise LimitExceeded(f"{path}: a page holds more than {max_ops:,} text operators "
                                    f"(--max-text-ops-per-page)")
            if inflater.eof:
                break
    return operators


def check_page_count(path: Path, count: int, limits: Limits) -> None:
    if count > limits.pages:
        raise LimitExceeded(f"{path}: the PDF has {count:,} pages, over the limit of {limits.pages:,} (--max-pages)")


class PageBounds(NamedTuple):
    """The bounds of one page, checked as it is read: `objects` once PDFium has parsed the page,
    `characters` once it has made the text page."""

    path: Path
    number: int
    limits: Limits

    def objects(self, page) -> None:
        """Text objects on the page (`page`: PDFium's FPDF_PAGE), counted one by one only when
        the page's objects of any kind are over the bound."""
        most, count = self.limits.text_ops_per_page, pdfium_c.FPDFPage_CountObjects(page)
        if count > most:
            text = pdfium_c.FPDF_PAGEOBJ_TEXT
            count = sum(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, i)) == text
                        for i in range(count))
            if count > most:
                raise LimitExceeded(f"{self.path}: page {self.number} has {count:,} text objects, over the limit "
                                    f"of {most:,} (--max-text-ops-per-page)")

    def characters(self, textpage) -> None:
        """Characters on the page (`textpage`: PDFium's FPDF_TEXTPAGE)."""
        count, most = pdfium_c.FPDFText_CountChars(textpage), self.limits.chars_per_page
        if count > most:
            raise LimitExceeded(f"{self.path}: page {self.number} has {count:,} characters, over the limit of "
                                f"{most:,} (--max-chars-per-page)")


def check_pages(path: Path, limits: Limits | None = None) -> None:
    """Raise LimitExceeded when the PDF has more pages, or a page more text objects or
    characters, than `limits` allow (default: the run's); the bounds `pdfium_engine` checks as
    it reads, for another engine.  A file PDFium cannot open is left to that engine."""
    limits = limits or active()
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return
    try:
        check_page_count(path, len(pdf), limits)
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                bounds = PageBounds(path, index + 1, limits)
                bounds.objects(page.raw)
                textpage = page.get_textpage()
                bounds.characters(textpage.raw)
                textpage.close()
            finally:
                page.close()
    finally:
        pdf.close()
