"""The source pages of a PDF input as images, and each line's box on them.

Pages are rendered with PDFium (pypdfium2) at `SCALE` (1.5: 108 dpi, readable and small) as
WebP, named by the PDF's SHA-256 and the page number, so a page is rendered once: a second
build, or another output folder sharing the image folder, finds it.  A line's box is its
coordinates from `lines` (PDF points from the top-left) in per cent of the page's size, so the
overlay scales with the image.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCALE = 1.5
FORMAT = "webp"
QUALITY = 80


@dataclass(frozen=True)
class Page:
    number: int             # 1-based
    image: str              # file name in the site's images/ folder
    width: float            # points
    height: float


def render_pages(pdf: Path, sha256: str, images: Path) -> list[Page]:
    """Every page of `pdf` as an image in `images` (rendered only when not there yet)."""
    import pypdfium2 as pdfium

    images.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            name = f"{sha256[:16]}-p{index + 1}-x{SCALE:g}.{FORMAT}"
            if not (images / name).exists():
                bitmap = page.render(scale=SCALE)
                bitmap.to_pil().save(images / name, quality=QUALITY)
            pages.append(Page(index + 1, name, width, height))
    finally:
        document.close()
    return pages


def line_box(line: dict, page: Page) -> dict | None:
    """The line's box in per cent of the page: left, top, width, height (None without coordinates)."""
    if None in (line.get("x0"), line.get("top"), line.get("x1"), line.get("bottom")):
        return None
    return {"left": 100 * line["x0"] / page.width, "top": 100 * line["top"] / page.height,
            "width": 100 * (line["x1"] - line["x0"]) / page.width,
            "height": 100 * (line["bottom"] - line["top"]) / page.height}
