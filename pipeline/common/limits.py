"""What one document may cost: its size, pages, characters and text operators per page, the
inflated size of a compressed stream, time and memory; and the error that says which bound a
document broke.

The bounds are checked where they can be checked cheaply and before the cost is paid: the file
size from `stat` before reading, a PDF's compressed streams inflated piece by piece before a PDF
engine sees the file (`ingest.pdf_scan`), page count and per-page counts as PDFium reads each
page.  Time and memory are enforced on the worker process that reads the document
(`run.limits`).  `configure` sets the bounds of the current run (the command line's flags).
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.common.errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    input_mb: float = 100.0           # size of an input file, from stat, before it is read
    pages: int = 2000                 # pages of a PDF
    chars_per_page: int = 200_000     # characters PDFium reads on one page
    text_ops_per_page: int = 100_000  # text objects (text-showing operators) on one page
    stream_mb: float = 256.0          # one compressed PDF stream, inflated
    seconds: float = 300.0            # per document, wall clock (and CPU time)
    memory_mb: float = 2048.0         # address space a document's worker may add


# Command-line flag, help text and field of each bound.
FLAGS = {
    "input_mb": ("--max-input-mb", "largest input file, in MB, checked before reading it"),
    "pages": ("--max-pages", "most pages of a PDF"),
    "chars_per_page": ("--max-chars-per-page", "most characters on one PDF page"),
    "text_ops_per_page": ("--max-text-ops-per-page", "most text objects (text operators) on one PDF page"),
    "stream_mb": ("--max-stream-mb", "largest inflated size, in MB, of one compressed PDF stream"),
    "seconds": ("--time-limit", "seconds one document may take (wall clock and CPU)"),
    "memory_mb": ("--memory-limit-mb", "memory, in MB, the worker reading one document may add"),
}

DEFAULT = Limits()
_active = DEFAULT


class LimitExceeded(InputError):
    """A document broke one of the bounds: it is skipped (exit 3), or the run stops with exit 2
    when it was the only input."""


def configure(limits: Limits) -> None:
    """Set the bounds of this run."""
    global _active
    _active = limits


def active() -> Limits:
    return _active


def too_large(path, size: int, limits: Limits) -> LimitExceeded | None:
    """The error for a file of `size` bytes over the input size bound, else None."""
    if size > limits.input_mb * MB:
        return LimitExceeded(f"{path}: the file is {size / MB:.1f} MB, over the limit of {limits.input_mb:g} MB "
                             f"(--max-input-mb)")
    return None
