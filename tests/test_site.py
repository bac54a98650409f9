"""The site generator (`cop-pipeline site`) on the real report: every record appears with its
anchor, every link resolves to a file and an anchor of the site, and text from a document is
escaped.  tests/test_site_browser.py opens the same site in a real browser."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow.parquet as pq
import pytest

from pipeline.publish.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent


class _Links(HTMLParser):
    """The ids and the local hrefs/srcs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not attrs[name].startswith(("http:", "https:", "mailto:")):
                self.links.append(attrs[name])


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def site(pipeline_run, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    shutil.copytree(pipeline_run, out)
    counts = build_site(out, [ROOT / "raw"])
    assert counts["documents"] == 1 and counts["page_images"] == 0      # a text input: its lines, no images
    return out


def test_every_record_has_its_anchor_on_its_document_page(site):
    doc_id = pq.read_table(site / "documents.parquet").column("doc_id")[0].as_py()
    ids = parse(site / "site" / doc_id / "index.html").ids
    tables = {name: pq.read_table(site / f"{name}.parquet").to_pylist() for name in
              ("resolutions", "resolution_paragraphs", "annex_recommendations", "statements", "votes", "officers")}
    expected = {f"res-{t['resolution_id']}" for t in tables["resolutions"]}
    expected |= {f"rp-{p['resolution_id']}-{p['paragraph_id']}" for p in tables["resolution_paragraphs"]}
    expected |= {f"rec-{r['resolution_id']}-{r['annex_number']}-{r['position']}" for r in tables["annex_recommendations"]}
    expected |= {f"st-{s['statement_id']}" for s in tables["statements"]}
    expected |= {f"vote-{v['vote_id']}" for v in tables["votes"]} | {f"officer-{o['officer_id']}" for o in tables["officers"]}
    assert len(expected) == 9 + 204 + 75 + 261 + 3 + len(tables["officers"])
    assert expected <= ids
    source_ids = parse(site / "site" / doc_id / "source.html").ids
    lines = pq.read_table(site / "lines.parquet").column("line_no").to_pylist()
    assert {f"L{n}" for n in lines} == source_ids - {"main"}


def test_every_link_of_the_site_resolves(site):
    pages = sorted((site / "site").rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    checked = 0
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), (page, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed[target].ids, (page, link)
            checked += 1
    assert checked >= 204 + 75 + 261      # at least the source link of every paragraph, recommendation, statement


def test_qa_findings_link_to_their_lines(site):
    doc_id = pq.read_table(site / "documents.parquet").column("doc_id")[0].as_py()
    issues = pq.read_table(site / "qa_issues.parquet").to_pylist()
    links = parse(site / "site" / doc_id / "qa.html").links
    with_lines = [i for i in issues if i["line_start"] is not None]
    for issue in with_lines:
        assert f"source.html?from={issue['line_start']}&to={issue['line_end']}#L{issue['line_start']}" in links
    assert "index.html#vote-1" in links        # the vote threshold finding links to its record


def test_text_from_a_document_is_escaped(report_text, tmp_path):
    """A paragraph, a footnote and a speaker that carry markup are shown as text."""
    from pipeline import cli

    hostile = report_text.replace("Urges Member States that have not yet done so to",
                                  'Urges <script>alert("x")</script> <img src=x onerror=alert(1)> States to', 1)
    assert hostile != report_text
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "report.txt").write_text(hostile, encoding="utf-8")
    assert cli.main(["-q", "run", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    assert cli.main(["-q", "site", "--out", str(tmp_path / "out"), "--inputs", str(tmp_path / "raw")]) == 0
    doc_id = pq.read_table(tmp_path / "out" / "documents.parquet").column("doc_id")[0].as_py()
    for name in ("index.html", "source.html"):
        html = (tmp_path / "out" / "site" / doc_id / name).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    index = (tmp_path / "out" / "site" / "search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in index and "<\\/script>" in index


def test_site_without_a_published_set_is_one_clear_line(tmp_path, capsys):
    from pipeline import cli

    assert cli.main(["-q", "site", "--out", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no published set" in err[0]
