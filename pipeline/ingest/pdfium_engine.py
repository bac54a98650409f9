"""Read a report PDF into `Line` records with PDFium (pypdfium2): the lines `pdfplumber_engine` reads
with pdfplumber, at PDFium speed; `layout` makes the lines from the words, as there.

Words.  PDFium's text page lists a page's characters in reading order, with the blanks it sees
between words (drawn, or generated where it finds a gap) and "\\r\\n" between lines; the text
comes in one call.  A word is a run of non-blank characters drawn by one text object (one
text-showing operator: one font, one size, one line).  So a word costs PDFium a few questions
(the text object of its first and last character, their origins) and a text object three more
(font, size, matrix), and no Python loop runs over characters.  PDFium sees a blank at a gap of
half a space; where that gap is narrower than the word tolerance pdfplumber sees none, and
`layout` joins the two words without a blank, as it joins a word and the marker after it.

Geometry follows pdfminer: x0 is the first character's origin, x1 the last character's origin
plus its glyph's advance (PDFium's loose box would reach to the glyph's ink, past the advance
of an italic "f"), bottom the baseline lowered by the font's descent, top the bottom less the
font size (the text matrix's scale included).  A rotated page is turned upright first, as
pdfminer turns it.  Rules are the page's paths (forms included) that pdfminer reads as a line
or a rectangle.

Where PDFium reads otherwise (tests/test_pdfium.py asserts the first four): text drawn twice at
one place (bold by overprinting) is read once, not each letter twice; a soft hyphen (WinAnsi
0xAD) is read "-", not a blank; the standard 14 fonts, not embedded, have PDFium's descent
(Times: 0.249 em, the AFM's: 0.217 em), so their lines lie up to 0.032 em lower; positions
along a text object drift by up to 0.001 em a glyph when the font's /Widths have fractions,
which PDFium rounds.  Marked content with /ActualText reads as that text, and a word ending in
a ligature that PDFium splits into letters ("staff" in one "ff" glyph) ends one letter's
advance after the ligature's origin.
"""
from __future__ import annotations

import ctypes
from array import array
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Final, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex as re

from pipeline.common.errors import InputError
from pipeline.common.limits import Limits, active
from pipeline.ingest.pdf_limits import PageBounds, check_page_count
from pipeline.ingest.layout import PageContent, PdfReading, Rule, Word, build_reading, check_is_pdf

# A run of non-blank characters in PDFium's page text: "Crime1" (a word and its marker), "(a)".
NON_BLANK = re.compile(r"\S+")
# What PDFium's page text holds for a hyphen ending a line inside a word: "cross\ufffeborder".
LINE_END_HYPHEN = re.compile("\ufffe")
# One subpath in pdfminer's operator letters: "ml" a line, "mlllh" a rectangle, "mlc" a curve.
SUBPATH = re.compile(r"m[^m]*")
LINE_SHAPES = {"ml", "mlh"}
RECTANGLE_SHAPES = {"mlllh", "mllll"}
SEGMENT_LETTERS = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_LINETO: "l"}  # else "c"
ENCRYPTED = {pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY}

Matrix = tuple[float, float, float, float, float, float]   # a b c d e f, as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[float, float]
_Unknown = Enum("_Unknown", "STYLE")
NEW: Final = _Unknown.STYLE     # a text object whose style is not known yet


def _address(pointer: Any) -> int:
    """Where a pypdfium2 handle or function points: never NULL (pypdfium2 raises first)."""
    address = ctypes.cast(pointer, ctypes.c_void_p).value
    assert address is not None, "a NULL pointer from PDFium"
    return address


def _c_function(function: Callable[..., Any], restype: type | None, *argtypes: type) -> Callable[..., Any]:
    """A PDFium function of pypdfium2's raw bindings with plain C types: handles pass as
    integers and results come back as Python numbers, with no ctypes object made per call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(_address(function))


def _fast_c_function(function: Callable[..., Any], restype: type | None) -> Callable[..., Any]:
    """A PDFium function called for every word or page object, with no argument types declared:
    ctypes then passes Python integers as C ints and ctypes objects as they are, for about a
    third less than a call with declared types.  Pass each pointer as a `ctypes.c_void_p`, never
    as an integer (it would be cut to a C int)."""
    return ctypes.CFUNCTYPE(restype)(_address(function))


class _Object(ctypes.c_void_p):
    """A page object's handle as a result type: ctypes returns it as this object, not as an
    integer, so that it passes on to a `_fast_c_function` as it is."""


_P, _INT, _FLOAT, _DOUBLE = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
_count_chars = _c_function(pdfium_c.FPDFText_CountChars, _INT, _P)
_get_text = _c_function(pdfium_c.FPDFText_GetText, _INT, _P, _INT, _INT, _P)
_text_index = _c_function(pdfium_c.FPDFText_GetTextIndexFromCharIndex, _INT, _P, _INT)
_unicode = _c_function(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _P, _INT)
_is_hyphen = _c_function(pdfium_c.FPDFText_IsHyphen, _INT, _P, _INT)
_text_object = _fast_c_function(pdfium_c.FPDFText_GetTextObject, _P)
_char_origin = _fast_c_function(pdfium_c.FPDFText_GetCharOrigin, _INT)
_char_matrix = _fast_c_function(pdfium_c.FPDFText_GetMatrix, _INT)
_font_size = _fast_c_function(pdfium_c.FPDFText_GetFontSize, _DOUBLE)
_object_font = _fast_c_function(pdfium_c.FPDFTextObj_GetFont, _P)
_font_name = _c_function(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, _P, _P, ctypes.c_size_t)
_font_descent = _c_function(pdfium_c.FPDFFont_GetDescent, _INT, _P, _FLOAT, _P)
_glyph_width = _c_function(pdfium_c.FPDFFont_GetGlyphWidth, _INT, _P, ctypes.c_uint32, _FLOAT, _P)
_count_objects = _c_function(pdfium_c.FPDFPage_CountObjects, _INT, _P)
_page_object = _fast_c_function(pdfium_c.FPDFPage_GetObject, _Object)
_count_form_objects = _c_function(pdfium_c.FPDFFormObj_CountObjects, _INT, _P)
_form_object = _c_function(pdfium_c.FPDFFormObj_GetObject, _Object, _P, ctypes.c_ulong)
_object_type = _fast_c_function(pdfium_c.FPDFPageObj_GetType, _INT)
_object_matrix = _c_function(pdfium_c.FPDFPageObj_GetMatrix, _INT, _P, _P)
_transform = _c_function(pdfium_c.FPDFPageObj_Transform, None, _P, *[_DOUBLE] * 6)
_count_segments = _c_function(pdfium_c.FPDFPath_CountSegments, _INT, _P)
_path_segment = _c_function(pdfium_c.FPDFPath_GetPathSegment, _P, _P, _INT)
_segment_point = _c_function(pdfium_c.FPDFPathSegment_GetPoint, _INT, _P, _P, _P)
_segment_type = _c_function(pdfium_c.FPDFPathSegment_GetType, _INT, _P)
_segment_closes = _c_function(pdfium_c.FPDFPathSegment_GetClose, _INT, _P)


class Frame(NamedTuple):
    """The upright page's size, and where pdfplumber puts its points: x0 = x + dx, top = dy - y."""

    width: float
    height: float
    dx: float
    dy: float


class Style(NamedTuple):
    """What the characters of one text object share."""

    font: int                  # PDFium's font handle
    size: float                # font size times the text matrix's vertical scale, as pdfminer's
    scale: float               # font size times the matrix's horizontal scale: advance per em
    bold: bool                 # "Bold" in the font's name, as pdfplumber tells it
    descent: float             # of the font per point of size, negative: below the baseline


def read_pdf(path: Path, doc_id: str, limits: Limits | None = None) -> PdfReading:
    """The non-blank lines of the PDF at `path`, in reading order, with zones and geometry.

    Raises InputError when the file is empty, not a PDF, needs a password or has no text, and
    LimitExceeded when it has more pages, or a page more text objects or characters, than
    `limits` allow (default: the run's; see `pdf_limits`).
    """
    check_is_pdf(path)
    limits = limits or active()
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise InputError(_unreadable(path, exc)) from exc
    try:
        check_page_count(path, len(pdf), limits)
        pages = [_read_page(pdf[index], PageBounds(path, index + 1, limits)) for index in range(len(pdf))]
    finally:
        pdf.close()
    return build_reading(path, doc_id, pages)


def _unreadable(path: Path, exc: pdfium.PdfiumError) -> str:
    """One line saying why PDFium could not open the file."""
    if exc.err_code in ENCRYPTED:
        return f"{path}: encrypted PDF, it cannot be read without a password"
    return f"{path}: damaged or not a PDF ({str(exc).strip().splitlines()[0]})"


def _read_page(page: pdfium.PdfPage, bounds: PageBounds) -> PageContent:
    """The page's upright words and its straight lines and rectangles."""
    try:
        bounds.objects(page.raw)
        handle = _address(page.raw)
        frame = _turn_upright(page, handle)
        textpage = page.get_textpage()
        try:
            bounds.characters(textpage.raw)
            words = TextPage(_address(textpage.raw)).words(frame)
        finally:
            textpage.close()
        rules = [_rule(points, frame) for points in _line_and_rectangle_points(handle)]
    finally:
        page.close()
    return PageContent(bounds.number, frame.width, frame.height, words, rules)


def _turn_upright(page: pdfium.PdfPage, handle: int) -> Frame:
    """Turn the page's content as pdfminer does (the MediaBox corner to the origin, the page's
    rotation undone), and return where pdfplumber then puts points."""
    rotation = page.get_rotation()
    ctm, frame = _page_frame(page.get_mediabox(), rotation)
    if ctm != IDENTITY:
        page_handle = ctypes.c_void_p(handle)
        for index in range(_count_objects(handle)):
            _transform(_page_object(page_handle, index), *ctm)
    if rotation:
        page.set_rotation(0)
    return frame


def _page_frame(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[Matrix, Frame]:
    """pdfminer's matrix from PDF space to its upright page space, and pdfplumber's frame in
    that space (pdfplumber shifts by the MediaBox corner again, see its `Page.process_object`)."""
    x0, x1 = sorted(mediabox[0::2])
    y0, y1 = sorted(mediabox[1::2])
    ctm: Matrix = {90: (0.0, -1.0, 1.0, 0.0, -y0, x1), 180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
                   270: (0.0, 1.0, -1.0, 0.0, y1, -x0)}.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    left, bottom, right, top = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
    height = top - bottom
    return ctm, Frame(right - left, height, left, 2 * height - top)


class TextPage:
    """One PDFium text page, asked about single characters only where a word needs them."""

    def __init__(self, handle: int) -> None:
        self.handle = handle
        # Where PDFium writes its answers: arrays, quicker to read than ctypes arrays.
        self._origin = array("d", [0.0, 0.0])           # x, y
        self._matrix = array("f", [0.0] * 6)            # FS_MATRIX: a, b, c, d, e, f
        self._number = ctypes.c_float()
        # Handles and addresses as the `_fast_c_function`s take them.
        self._page = ctypes.c_void_p(handle)
        origin_at = self._origin.buffer_info()[0]
        self._x, self._y = ctypes.c_void_p(origin_at), ctypes.c_void_p(origin_at + self._origin.itemsize)
        self._matrix_at = ctypes.c_void_p(self._matrix.buffer_info()[0])
        self._number_at = ctypes.addressof(self._number)
        self._styles: dict[int, Style | None] = {}                           # by text object
        self._shared_styles: dict[tuple[int, float, float, float], Style] = {}  # by font, size, a, d
        self._fonts: dict[int, tuple[bool, float]] = {}
        self._widths: dict[tuple[int, str], float] = {}

    def words(self, frame: Frame) -> list[Word]:
        """The page's upright words: runs of non-blank characters drawn by one text object,
        geometry as pdfminer's (see the module's docstring)."""
        page, text, styles, widths = self._page, self.text(), self._styles, self._widths
        origin, x, y = self._origin, self._x, self._y
        dx, dy = frame.dx, frame.dy
        words: list[Word] = []
        for start, end, text_object in self._runs(text):
            style = styles.get(text_object, NEW)
            if style is NEW:
                style = self._style(start, text_object)
            if style is None:
                continue
            font, size, scale, bold, descent = style
            last = end - 1
            _char_origin(page, start, x, y)
            x0, baseline = origin
            if last > start:
                _char_origin(page, last, x, y)
            advance = widths.get((font, text[last]))
            if advance is None:
                advance = self._advance(font, text[last])
            if last > start:
                advance += self._ligature_rest(start, last, font, text)
            bottom = dy - baseline - descent * size
            words.append(Word(text[start:end], x0 + dx, origin[0] + advance * scale + dx, bottom - size, bottom,
                              size, bold))
        return words

    def _ligature_rest(self, start: int, last: int, font: int, text: str) -> float:
        """The advance of the characters before `last` that share its origin: one ligature
        glyph ("ff", "fi") that PDFium gives as several characters at one place."""
        x_last = self._origin[0]
        rest, index = 0.0, last - 1
        while index >= start:
            _char_origin(self._page, index, self._x, self._y)
            if abs(self._origin[0] - x_last) > 0.01:
                break
            rest += self._widths.get((font, text[index])) or self._advance(font, text[index])
            index -= 1
        self._origin[0] = x_last
        return rest

    def _runs(self, text: str) -> Iterator[tuple[int, int, int]]:
        """The runs of non-blank characters in the page text, cut where the text object
        changes: (start, end, text object)."""
        page = self._page
        for match in NON_BLANK.finditer(text):
            start, end = match.span()
            first = _text_object(page, start)
            if end - start == 1 or _text_object(page, end - 1) == first:
                yield start, end, first
            else:
                yield from self._object_runs(start, end)

    def text(self) -> str:
        """The page text, one character for each of PDFium's characters, a line-end hyphen
        "-" again."""
        count = _count_chars(self.handle)
        buffer = ctypes.create_string_buffer(2 * (count + 1))
        written = _get_text(self.handle, 0, count, buffer)
        text = buffer.raw[:2 * max(written - 1, 0)].decode("utf-16-le", errors="surrogatepass")
        if len(text) < count:
            text = self._with_control_characters(text, count)
        hyphens = [m.start() for m in LINE_END_HYPHEN.finditer(text) if _is_hyphen(self.handle, m.start())]
        if not hyphens:
            return text
        chars = list(text)
        for index in hyphens:
            chars[index] = "-"
        return "".join(chars)

    def _with_control_characters(self, text: str, count: int) -> str:
        """`text` with the characters PDFium leaves out of its page text (a glyph mapped to
        U+0000, control codes such as U+0093) put back in place, as pdfplumber reads them."""
        positions = [_text_index(self.handle, i) for i in range(count)]
        return "".join(text[k] if k >= 0 else chr(_unicode(self.handle, i)) for i, k in enumerate(positions))

    def _object_runs(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The characters start..end-1 cut where the text object changes: (start, end, object)."""
        objects = [_text_object(self._page, i) for i in range(start, end)]
        cuts = [start] + [start + k for k in range(1, len(objects)) if objects[k] != objects[k - 1]] + [end]
        return [(run_start, run_end, objects[run_start - start]) for run_start, run_end in zip(cuts, cuts[1:])]

    def _style(self, index: int, text_object: int) -> Style | None:
        """The style of the text object drawing the character, kept for the object's other
        words (and for other objects of the same font, size and scale: often each word has an
        object of its own); None when it is not upright."""
        page = self._page
        _char_matrix(page, index, self._matrix_at)
        a, b, c, d = self._matrix[:4]
        style = None
        if a * d > 0 and b * c <= 0:   # upright, as pdfminer's LTChar
            key = (_object_font(ctypes.c_void_p(text_object)), _font_size(page, index), a, d)
            style = self._shared_styles.get(key)
            if style is None:
                font, size, a, d = key
                bold, descent = self._fonts[font] if font in self._fonts else self._font(font)
                style = self._shared_styles[key] = Style(font, size * abs(d), size * a, bold, descent)
        self._styles[text_object] = style
        return style

    def _font(self, font: int) -> tuple[bool, float]:
        """Whether the font is bold by its name (as pdfplumber's fontname), and its descent;
        kept for the page."""
        length = _font_name(font, None, 0)
        name = ctypes.create_string_buffer(length)
        _font_name(font, name, length)
        _font_descent(font, 1.0, self._number_at)
        facts = self._fonts[font] = (b"Bold" in name.value, self._number.value)
        return facts

    def _advance(self, font: int, char: str) -> float:
        """The advance per point of size of the font's glyph for the character (PDFium maps
        the character back to its code), kept for the page."""
        self._number.value = 0.0
        _glyph_width(font, ord(char), 1.0, self._number_at)
        advance = self._widths[font, char] = self._number.value
        return advance


def _line_and_rectangle_points(page: int) -> Iterator[list[Point]]:
    """The points of each subpath of the page's paths, forms included, that pdfminer reads as
    a line or a rectangle, in PDF space."""
    handle = ctypes.c_void_p(page)
    objects = (_page_object(handle, index) for index in range(_count_objects(page)))
    for path, outer in _paths(objects, IDENTITY):
        for shape, points in _subpaths(path, _multiply(_matrix_of(path), outer)):
            if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
                shape, points = shape[:-2] + "h", points[:-2] + points[-1:]   # pdfminer drops it
            if shape in LINE_SHAPES or (shape in RECTANGLE_SHAPES and _is_rectangle(points)):
                yield points


def _paths(objects: Iterable[_Object], outer: Matrix) -> Iterator[tuple[_Object, Matrix]]:
    """The path objects among `objects` and inside their forms, each with the matrix of the
    forms it is drawn in."""
    for obj in objects:
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, outer
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = (_form_object(obj, index) for index in range(_count_form_objects(obj)))
            yield from _paths(inner, _multiply(_matrix_of(obj), outer))


def _subpaths(path: _Object, matrix: Matrix) -> Iterator[tuple[str, list[Point]]]:
    """The path's subpaths in pdfminer's letters with their points in PDF space: "mlllh" and
    five points for a rectangle ("h" closes at the subpath's first point)."""
    shape, points = "", []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(_count_segments(path)):
        segment = _path_segment(path, index)
        _segment_point(segment, ctypes.byref(x), ctypes.byref(y))
        shape += SEGMENT_LETTERS.get(_segment_type(segment), "c")
        points.append(_apply(matrix, x.value, y.value))
        if _segment_closes(segment):
            shape += "h"
            points.append(points[shape.rindex("m")])
    for match in SUBPATH.finditer(shape):
        yield match.group(), points[match.start():match.end()]


def _is_rectangle(points: list[Point]) -> bool:
    """Five points closing an axis-aligned rectangle, as pdfminer tells an LTRect."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    return points[0] == points[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                       or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def _rule(points: list[Point], frame: Frame) -> Rule:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Rule(min(xs) + frame.dx, frame.dy - max(ys), max(xs) + frame.dx, frame.dy - min(ys))


def _matrix_of(obj: _Object) -> Matrix:
    matrix = pdfium_c.FS_MATRIX()
    _object_matrix(obj, ctypes.byref(matrix))
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying `first`, then `then`."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(matrix: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f
