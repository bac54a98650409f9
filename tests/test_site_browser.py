"""The site in a real headless Chromium (the system's `chromium`, driven by Playwright; no
browser download): opened from file://, navigated, searched, a record's source highlighted,
a QA finding followed, and no console error anywhere.  Screenshots go to the test's tmp dir.

For a PDF input (a typesetting of the report by another engine, from ../shared/corpus/pdf/)
the highlight of a paragraph must cover the paragraph's lines on the page image: its boxes are
compared with the coordinates in `lines`, and the image under them must hold ink.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
ZOO_PDF = ROOT.parent / "shared" / "corpus" / "pdf" / "zoo-weasyprint-un-classic.pdf"


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (test extra)")
pytestmark = pytest.mark.skipif(_chromium() is None, reason="no Chromium found (apt-get install chromium, or set CHROMIUM)")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path):
    """A page that records console errors and uncaught exceptions; none may occur."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def text_site(pipeline_run, tmp_path_factory) -> Path:
    from pipeline.publish.site.build import build_site

    out = tmp_path_factory.mktemp("browser") / "out"
    shutil.copytree(pipeline_run, out)
    build_site(out, [ROOT / "raw"])
    return out


def test_browse_a_resolution_its_source_search_and_qa(text_site, page, tmp_path):
    tables = {n: pq.read_table(text_site / f"{n}.parquet").to_pylist() for n in ("lines", "resolution_paragraphs")}
    page.goto((text_site / "site" / "index.html").as_uri())
    page.get_by_role("link", name="CTOC/COP/2022/9").click()
    page.locator("nav.toc").get_by_role("link", name="Resolution 11/5", exact=True).click()
    assert page.url.endswith("#res-5")
    top = [p for p in tables["resolution_paragraphs"] if p["symbol"] == "11/5" and p["level"] == 1]
    items = page.locator("#res-5 > ol.paragraphs > li")
    assert items.count() == len(top)
    labels = [t.strip() for t in page.locator("#res-5 > ol.paragraphs > li > .label").all_inner_texts()]
    assert [x for x in labels if x.endswith(".")] == [f"{n}." for n in range(1, 22)]
    page.screenshot(path=tmp_path / "resolution-11-5.png")

    first = next(p for p in top if p["number"] == 1)
    page.locator(f"#rp-5-{first['paragraph_id']} > a.src").click()
    highlighted = [int(x.removeprefix("L")) for x in page.locator("li.hl").evaluate_all("els => els.map(e => e.id)")]
    expected = [ln["line_no"] for ln in tables["lines"] if first["line_start"] <= ln["line_no"] <= first["line_end"]]
    assert highlighted == expected and len(expected) >= 2
    assert "Urges Member States" in page.locator("li.hl").first.inner_text()
    page.screenshot(path=tmp_path / "source-highlight.png")

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words in paragraphs, recommendations and statements").fill("joint investigations")
    count = page.locator("#count").inner_text()
    assert count.endswith("hits") and int(count.split()[0]) >= 2
    page.locator("#hits a").first.click()
    assert "#rec-" in page.url or "#rp-" in page.url
    page.screenshot(path=tmp_path / "search-hit.png")

    page.go_back()
    page.go_back()
    page.goto(page.url.split("#")[0].replace("source.html", "qa.html").split("?")[0])
    assert page.locator("table.qa tbody tr").count() >= 10
    page.locator("table.qa tbody tr a.src").first.click()
    assert page.locator("li.hl").count() >= 1
    page.screenshot(path=tmp_path / "qa-finding.png")


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory) -> Path:
    if not ZOO_PDF.exists():
        pytest.skip(f"{ZOO_PDF} is absent (a clone outside this workplace)")
    from pipeline import cli

    folder = tmp_path_factory.mktemp("pdfsite")
    (folder / "raw").mkdir()
    shutil.copy(ZOO_PDF, folder / "raw")
    assert cli.main(["-q", "run", str(folder / "raw"), "--out", str(folder / "out")]) == 0
    assert cli.main(["-q", "site", "--out", str(folder / "out"), "--inputs", str(folder / "raw")]) == 0
    return folder / "out"


def test_a_paragraph_is_highlighted_on_its_page_image(pdf_site, page, tmp_path):
    from PIL import Image

    from pipeline.publish.site.pages import SCALE

    paragraphs = pq.read_table(pdf_site / "resolution_paragraphs.parquet").to_pylist()
    lines = pq.read_table(pdf_site / "lines.parquet").to_pylist()
    doc_id = paragraphs[0]["doc_id"]
    first = next(p for p in paragraphs if p["symbol"] == "11/5" and p["number"] == 1)
    page.goto((pdf_site / "site" / doc_id / "index.html").as_uri())
    page.locator(f"#rp-5-{first['paragraph_id']} > a.src").click()
    assert f"page-{first['page_start']}.html" in page.url
    image = page.locator(".page img")
    page.wait_for_function("document.querySelector('.page img').complete")
    img = image.bounding_box()
    assert img and img["width"] > 300
    boxes = page.locator(".box.hl")
    ids = [int(x) for x in boxes.evaluate_all("els => els.map(e => e.dataset.line)")]
    ours = [ln for ln in lines if first["line_start"] <= ln["line_no"] <= first["line_end"]
            and ln["page"] == first["page_start"] and ln["x0"] is not None]
    assert ids == [ln["line_no"] for ln in ours] and len(ours) >= 2
    natural = page.evaluate("() => { const i = document.querySelector('.page img'); "
                            "return [i.naturalWidth, i.naturalHeight]; }")
    width_pt = natural[0] / SCALE
    scale = img["width"] / width_pt                 # screen pixels per PDF point
    shot = tmp_path / "pdf-highlight.png"
    page.screenshot(path=shot, full_page=True)
    for line, box in zip(ours, boxes.all()):
        b = box.bounding_box()
        assert b is not None
        # the box sits on the line's coordinates, to a pixel
        assert abs(b["x"] - (img["x"] + line["x0"] * scale)) < 1.5
        assert abs(b["y"] - (img["y"] + line["top"] * scale)) < 1.5
        assert abs(b["width"] - (line["x1"] - line["x0"]) * scale) < 1.5
    # and the page image under the highlight holds ink: the rendered text is where the lines say
    rendered = Image.open(next((pdf_site / "site" / "images").glob(f"*-p{first['page_start']}-*"))).convert("L")
    for line in ours:
        crop = rendered.crop(tuple(int(v * SCALE) for v in (line["x0"], line["top"], line["x1"], line["bottom"])))
        dark = sum(crop.histogram()[:128])
        assert dark > 0.03 * crop.width * crop.height, line["text"]
