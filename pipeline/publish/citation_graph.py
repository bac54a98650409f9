"""The citation graph: `OUT/citations.graphml` and `OUT/citation_edges.csv`.

Nodes are the citing units (a paragraph of an adopted or draft text, or a recommendation of
its annex) and the cited instruments; each row of `citations` is one edge from the unit to the
instrument, with the citation's provenance (document, page, lines).

An instrument node is the citation's `instrument_id` (pipeline.extract.instruments), so
"the Convention" and "the Organized Crime Convention" meet in one node `UNTOC`, and
General Assembly resolution 76/233 is `A/RES/76/233`; the article cited goes on the edge.
Where the text leaves the instrument open ("the Protocol", "the rules of procedure", a treaty
outside the known list), the node is the name as printed, marked `resolved` false: nothing is
guessed.
A citing unit's id is its key: "<doc_id>:<resolution_id>:p<paragraph_id>", or
"<doc_id>:<resolution_id>:a<annex_number>.<position>" for a recommendation.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pyarrow as pa

from pipeline.extract.instruments import instrument_label

GRAPHML = "citations.graphml"
EDGES_CSV = "citation_edges.csv"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

# The columns of citation_edges.csv (and of the citation_edges table in cop.duckdb), as Table
# Schema fields: datapackage.json describes the file with them.
EDGE_FIELDS = [{"name": name, "type": typ, "description": text} for name, typ, text in (
    ("source", "string", "Id of the citing unit (a node of citations.graphml)."),
    ("target", "string", "The cited instrument: citations.instrument_id, or where the text leaves it "
                         "open, its name as printed ('Protocol', 'rules of procedure')."),
    ("source_label", "string", "The citing unit: 'resolution 11/1, preambular paragraph 1', "
                               "'resolution 11/1, annex I, recommendation (b)'."),
    ("target_label", "string", "The cited instrument: 'General Assembly resolution 76/233'."),
    ("instrument_id", "string", "citations.instrument_id; null where the text leaves the instrument open."),
    ("kind", "string", "citations.kind: resolution, decision, article, rule, document or treaty."),
    ("article", "integer", "citations.article: the article cited, for an article."),
    ("subdivision", "string", "citations.subdivision: the part cited ('paragraph (b)')."),
    ("doc_id", "string", "The citing document (documents.doc_id)."),
    ("citation_id", "integer", "The citation (citations.citation_id, with doc_id its key)."),
    ("resolution_id", "integer", "The citing text (resolutions.resolution_id)."),
    ("paragraph_id", "integer", "The citing paragraph (resolution_paragraphs.paragraph_id); null for a "
                                "recommendation."),
    ("annex_number", "integer", "For a recommendation: its annex (annex_recommendations.annex_number)."),
    ("position", "integer", "For a recommendation: its position in the annex (annex_recommendations.position)."),
    ("footnote_number", "integer", "When the citation is in a footnote of the unit: its number."),
    ("page", "integer", "Page of the citing paragraph or footnote; null when unknown."),
    ("line_start", "integer", "First source line of the citing paragraph, recommendation or footnote "
                              "(lines.line_no)."),
    ("line_end", "integer", "Last source line."),
)]
_ARROW = {"string": pa.string(), "integer": pa.int64()}
# The GraphML attributes of the nodes and of the edges: (name, GraphML type); a null is left out.
_NODE_KEYS = [("type", "string"), ("label", "string"), ("resolved", "boolean"), ("title", "string"),
              ("doc_id", "string"), ("resolution_id", "long"), ("paragraph_id", "long"), ("annex_number", "long"),
              ("position", "long")]
_EDGE_KEYS = [("kind", "string"), ("article", "long"), ("subdivision", "string"), ("as_printed", "string"),
              ("doc_id", "string"),
              ("citation_id", "long"), ("footnote_number", "long"), ("page", "long"), ("line_start", "long"),
              ("line_end", "long")]
_PART = {"preamble": "preambular paragraph", "operative": "paragraph", "opening": "opening",
         "list": "list item", "list_heading": "list heading"}


def target(citation: dict) -> str:
    """The cited instrument's node: its canonical id, or the name as printed when the text
    leaves it open (the body for an article or rule: 'Protocol'; else kind:body:symbol)."""
    if citation["instrument_id"]:
        return citation["instrument_id"]
    if citation["kind"] in ("article", "rule") and citation["cited_body"]:
        return _blanks(citation["cited_body"])
    return ":".join(_blanks(citation[k]) for k in ("kind", "cited_body", "cited_symbol") if citation[k])


def edges(tables: dict[str, pa.Table]) -> list[dict]:
    """One edge per citation, in the citations table's order."""
    units = _unit_labels(tables)
    out = []
    for c in tables["citations"].to_pylist():
        source = _unit_id(c)
        node = target(c)
        out.append({"source": source, "target": node, "source_label": units.get(source, source),
                    "target_label": instrument_label(node) if c["instrument_id"] else _printed_label(c), **{k: c[k] for k in (
                        "instrument_id", "kind", "article", "subdivision", "doc_id", "citation_id", "resolution_id", "paragraph_id",
                        "annex_number", "position", "footnote_number", "page", "line_start", "line_end",
                        "title", "as_printed")}})
    return out


def edges_table(rows: list[dict]) -> pa.Table:
    """The edges with the columns of EDGE_FIELDS."""
    schema = pa.schema([pa.field(f["name"], _ARROW[f["type"]]) for f in EDGE_FIELDS])
    return pa.Table.from_pylist([{f.name: r[f.name] for f in schema} for r in rows], schema=schema)


def graphml(rows: list[dict]) -> bytes:
    """The graph as GraphML (directed; parallel edges when a unit cites an instrument twice):
    citing units first, then instruments, each in order of first citation; one edge per row."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    for scope, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, typ in keys:
            ET.SubElement(root, "key", {"id": f"{scope}_{name}", "for": scope, "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, "graph", {"id": "citations", "edgedefault": "directed"})
    units: dict[str, dict] = {}
    instruments: dict[str, dict] = {}
    for r in rows:
        units.setdefault(r["source"], {"type": "citing_unit", "label": r["source_label"], **{
            k: r[k] for k in ("doc_id", "resolution_id", "paragraph_id", "annex_number", "position")}})
        node = instruments.setdefault(r["target"], {"type": "instrument", "label": r["target_label"],
                                                    "resolved": r["instrument_id"] is not None, "title": None})
        node["title"] = node["title"] or r["title"]
    for node_id, attrs in [*units.items(), *instruments.items()]:
        _data(ET.SubElement(graph, "node", {"id": node_id}), "node", _NODE_KEYS, attrs)
    for r in rows:
        edge = ET.SubElement(graph, "edge", {"id": f"{r['doc_id']}:c{r['citation_id']}",
                                             "source": r["source"], "target": r["target"]})
        _data(edge, "edge", _EDGE_KEYS, r)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _data(element: ET.Element, scope: str, keys: list[tuple[str, str]], values: dict) -> None:
    for name, _ in keys:
        if values.get(name) is not None:
            value = values[name]
            text = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(element, "data", {"key": f"{scope}_{name}"}).text = text


def _unit_id(c: dict) -> str:
    if c["paragraph_id"] is not None:
        return f"{c['doc_id']}:{c['resolution_id']}:p{c['paragraph_id']}"
    return f"{c['doc_id']}:{c['resolution_id']}:a{c['annex_number']}.{c['position']}"


def _unit_labels(tables: dict[str, pa.Table]) -> dict[str, str]:
    """Citing unit id -> 'resolution 11/5, paragraph 7 (a)', 'decision 11/1, preambular
    paragraph 2' (its place among the text's preambular paragraphs), 'resolution 11/1, annex I,
    recommendation (b)'."""
    texts = {(t["doc_id"], t["resolution_id"]): _text_name(t) for t in tables["resolutions"].to_pylist()}
    paragraphs = tables["resolution_paragraphs"].to_pylist()
    by_key = {(p["doc_id"], p["resolution_id"], p["paragraph_id"]): p for p in paragraphs}
    out: dict[str, str] = {}
    counted: dict[tuple, int] = {}
    for p in paragraphs:
        text = (p["doc_id"], p["resolution_id"])
        counted[text + (p["part"],)] = nth = counted.get(text + (p["part"],), 0) + 1
        parent = by_key.get(text + (p["parent"],))
        out[f"{p['doc_id']}:{p['resolution_id']}:p{p['paragraph_id']}"] = \
            f"{texts[text]}, {_paragraph_name(p, parent, nth)}"
    for r in tables["annex_recommendations"].to_pylist():
        text = (r["doc_id"], r["resolution_id"])
        out[f"{r['doc_id']}:{r['resolution_id']}:a{r['annex_number']}.{r['position']}"] = \
            f"{texts[text]}, annex {r['annex_label'] or r['annex_number']}, recommendation ({r['letter']})"
    return out


def _paragraph_name(p: dict, parent: dict | None, nth: int) -> str:
    """'paragraph 7 (a)', 'preambular paragraph 2' (the second of the preamble), 'opening'."""
    if p["part"] == "opening":
        return "opening"
    printed = f"{parent['label']} ({p['label']})" if parent and parent["label"] and p["label"] else p["label"] or nth
    return f"{_PART.get(p['part'], p['part'])} {printed}"


def _text_name(text: dict) -> str:
    """'resolution 11/1', 'decision 11/2', 'draft decision CTOC/COP/2022/L.9/Rev.1'."""
    kind = text["kind"].replace("_", " ")
    return f"{kind} {text['symbol'] or text['document_symbol'] or text['resolution_id']}"


def _printed_label(citation: dict) -> str:
    """An open instrument's name as printed: 'Protocol', 'rules of procedure', 'Some Body resolution 3/2'."""
    kind, body, symbol = citation["kind"], _blanks(citation["cited_body"] or ""), _blanks(citation["cited_symbol"])
    if kind in ("article", "rule") and body:
        return body
    if kind in ("resolution", "decision"):
        return f"{body} {kind} {symbol}".strip()
    return f"{body}, {symbol}" if body else symbol


def _blanks(text: str) -> str:
    return " ".join(text.split())
