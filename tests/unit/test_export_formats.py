"""Each format on an in-memory subgraph with awkward values: read back, typed, and by the formats' rules."""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import igraph
import jsonschema
import networkx as nx
import neo4j.time
import pytest

from queries.cypher_guard import split_statements, tokenize
from queries.export import FORMATS, export_subgraph
from queries.exporters.cypher_script import literal
from queries.subgraph_model import GraphNode, Subgraph, relationships_with_ids

WHEN = datetime.datetime(2026, 11, 27, 6, 0, tzinfo=datetime.timezone.utc)
SELECTION = "clusters: Cluster A\nMATCH (n) DETACH DELETE n // injected"
SCHEMA = Path(__file__).resolve().parents[2] / "queries" / "exporters" / "node_link.schema.json"

SOURCES = [
    GraphNode("src:cordis", ("Source",), {"id": "src:cordis", "name": "CORDIS", "licence": "CC BY 4.0",
                                          "attribution": "© European Union, CORDIS, CC BY 4.0", "url": "https://cordis.europa.eu"}),
    GraphNode("src:ror", ("Source",), {"id": "src:ror", "name": "ROR", "licence": "CC0 1.0", "url": "https://ror.org"}),
]
NODES = [
    GraphNode("o1", ("Firm", "Organisation"), {
        "id": "o1", "name": "Alpha <GmbH> & \"Co\"", "sme": True, "aliases": ["A", "B'quote"], "betweenness": -0.25,
        "founded": neo4j.time.Date(1999, 3, 1), "sources": ["src:cordis"], "label": "Gold", "since": 2012,
        "note": "=HYPERLINK(\"http://evil\")", "ctrl": "bell\x07 and\nnewline",
    }),
    GraphNode("org:Ä b|c", ("Organisation", "University"), {
        "id": "org:Ä b|c", "name": "Universität Ä", "sme": False, "betweenness": 0.5, "sources": ["src:ror"],
        "since": "unknown", "pagerank": float("nan"),
    }),
    GraphNode("ci:a", ("ClusterInitiative",), {"id": "ci:a", "name": "Cluster A", "as_of": "2023"}),
]
RELS = relationships_with_ids([
    ("MEMBER_OF", "o1", "ci:a", {"since": 2012, "sources": ["src:cordis"]}),
    ("PARTNER_OF", "o1", "ci:a", {"role": "founder"}),
    ("PARTNER_OF", "o1", "ci:a", {"role": "supporter"}),
    ("COLLABORATES_WITH", "o1", "org:Ä b|c", {"weight": 3, "projects": ["p1", "p2"], "first_year": 2016}),
])
SUBGRAPH = Subgraph(NODES, RELS, hidden_nodes=7, sources=SOURCES)


def export(fmt: str) -> bytes:
    return export_subgraph(SUBGRAPH, fmt, SELECTION, exported_at=WHEN)


def write(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / ("export." + fmt)
    path.write_bytes(export(fmt))
    return path


# --- GraphML -------------------------------------------------------------------------------------

G = "{http://graphml.graphdrawing.org/xmlns}"
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}
NMTOKEN = re.compile(r"^[\w.\-:]+$")


def check_graphml_rules(content: bytes) -> None:
    """The structure graphml.xsd and graphml-attributes.xsd require."""
    root = ET.fromstring(content)
    assert root.tag == G + "graphml"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split() == [
        "http://graphml.graphdrawing.org/xmlns", "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"]
    tags = [child.tag for child in root]
    assert tags == sorted(tags, key=[G + "desc", G + "key", G + "graph"].index), "desc?, key*, graph order"
    keys = {}
    for key in root.findall(G + "key"):
        assert NMTOKEN.match(key.get("id")) and key.get("id") not in keys
        assert key.get("for") in {"graph", "node", "edge", "all"}
        assert key.get("attr.type") in GRAPHML_TYPES and key.get("attr.name")
        assert [c.tag for c in key] in ([], [G + "desc"])
        keys[key.get("id")] = key
    (graph,) = root.findall(G + "graph")
    assert graph.get("edgedefault") in {"directed", "undirected"}
    node_ids = set()
    for element in graph.iter():
        domain = element.tag.removeprefix(G)
        if domain in ("node", "edge"):
            for data in element.findall(G + "data"):
                _check_graphml_value(keys[data.get("key")], domain, data.text or "")
        if domain == "node":
            assert NMTOKEN.match(element.get("id")) and element.get("id") not in node_ids
            node_ids.add(element.get("id"))
    for data in graph.findall(G + "data"):
        _check_graphml_value(keys[data.get("key")], "graph", data.text or "")
    edges = graph.findall(G + "edge")
    assert len({e.get("id") for e in edges}) == len(edges)
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)


def _check_graphml_value(key: ET.Element, domain: str, text: str) -> None:
    assert key.get("for") in (domain, "all")
    kind = key.get("attr.type")
    if kind == "boolean":
        assert text in ("true", "false")
    elif kind in ("int", "long"):
        int(text)
    elif kind in ("float", "double"):
        assert re.match(r"^(NaN|-?INF|[-+]?\d+(\.\d*)?([eE][-+]?\d+)?)$", text), text


def test_graphml_follows_the_schema_rules() -> None:
    check_graphml_rules(export("graphml"))


def test_graphml_round_trips_through_networkx(tmp_path: Path) -> None:
    g = nx.read_graphml(write(tmp_path, "graphml"))
    assert g.is_directed() and g.is_multigraph()
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 4
    alpha = g.nodes["o1"]
    assert alpha["labels"] == ":Firm:Organisation" and alpha["label"] == "Alpha <GmbH> & \"Co\""
    assert alpha["sme"] is True and alpha["betweenness"] == -0.25
    assert json.loads(alpha["aliases"]) == ["A", "B'quote"]
    assert alpha["founded"] == "1999-03-01" and alpha["prop_label"] == "Gold"
    assert alpha["ctrl"] == "bell\ufffd and\nnewline"
    odd = next(n for n, d in g.nodes(data=True) if d["node_id"] == "org:Ä b|c")
    assert math.isnan(g.nodes[odd]["pagerank"])
    assert {d["since"] for _, _, d in g.edges(data=True) if "since" in d} == {2012}
    assert g.graph["hidden_nodes"] == 7 and "© European Union, CORDIS, CC BY 4.0" in g.graph["attribution"]
    types = sorted(d["rel_type"] for _, _, d in g.edges(data=True))
    assert types == ["COLLABORATES_WITH", "MEMBER_OF", "PARTNER_OF", "PARTNER_OF"]


def test_graphml_loads_in_igraph(tmp_path: Path) -> None:
    g = igraph.Graph.Read_GraphML(str(write(tmp_path, "graphml")))
    assert (g.vcount(), g.ecount(), g.is_directed()) == (3, 4, True)
    assert sorted(g.vs["node_id"]) == ["ci:a", "o1", "org:Ä b|c"]
    assert sorted(g.es["rel_type"]) == ["COLLABORATES_WITH", "MEMBER_OF", "PARTNER_OF", "PARTNER_OF"]


# --- GEXF ----------------------------------------------------------------------------------------

X = "{http://gexf.net/1.3}"
GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte", "char", "short",
              "liststring", "listboolean", "listinteger", "listlong", "listfloat", "listdouble", "listbyte",
              "listshort", "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI"}


def check_gexf_rules(content: bytes) -> None:
    """The structure the GEXF 1.3 schema (gexf.rng / gexf.xsd) requires."""
    root = ET.fromstring(content)
    assert root.tag == X + "gexf" and root.get("version") == "1.3"
    assert [c.tag for c in root] == [X + "meta", X + "graph"]
    meta = root.find(X + "meta")
    datetime.date.fromisoformat(meta.get("lastmodifieddate"))
    assert {c.tag for c in meta} <= {X + "creator", X + "keywords", X + "description"}
    graph = root.find(X + "graph")
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    assert graph.get("mode") in {None, "static", "dynamic", "slice"}
    order = [c.tag for c in graph]
    assert order == [X + "attributes"] * (len(order) - 2) + [X + "nodes", X + "edges"]
    declared = {}
    for attributes in graph.findall(X + "attributes"):
        assert attributes.get("class") in {"node", "edge"}
        for attribute in attributes:
            assert attribute.tag == X + "attribute" and attribute.get("title")
            assert attribute.get("type") in GEXF_TYPES
            key = (attributes.get("class"), attribute.get("id"))
            assert key not in declared
            declared[key] = attribute.get("type")
    nodes, edges = graph.find(X + "nodes"), graph.find(X + "edges")
    assert int(nodes.get("count")) == len(nodes) and int(edges.get("count")) == len(edges)
    ids = [n.get("id") for n in nodes]
    assert len(set(ids)) == len(ids)
    for domain, elements in (("node", list(nodes)), ("edge", list(edges))):
        for element in elements:
            assert [c.tag for c in element] in ([], [X + "attvalues"])
            for value in element.iter(X + "attvalue"):
                kind = declared[(domain, value.get("for"))]
                text = value.get("value")
                if kind == "boolean":
                    assert text in ("true", "false")
                elif kind == "long":
                    int(text)
                elif kind == "double":
                    float(text)
    for edge in edges:
        assert edge.get("source") in ids and edge.get("target") in ids
        if edge.get("weight") is not None:
            float(edge.get("weight"))


def test_gexf_follows_the_schema_rules() -> None:
    check_gexf_rules(export("gexf"))


def test_gexf_round_trips_through_networkx(tmp_path: Path) -> None:
    g = nx.read_gexf(write(tmp_path, "gexf"))
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 4
    alpha = g.nodes["o1"]
    assert alpha["label"] == "Alpha <GmbH> & \"Co\"" and alpha["labels"] == ":Firm:Organisation"
    assert alpha["sme"] is True and alpha["betweenness"] == -0.25 and alpha["prop_label"] == "Gold"
    assert json.loads(alpha["aliases"]) == ["A", "B'quote"]
    assert g.nodes["org:Ä b|c"]["name"] == "Universität Ä"
    tie = g.edges["o1", "org:Ä b|c", "o1|COLLABORATES_WITH|org:Ä b|c"]
    assert tie["weight"] == 3.0 and tie["label"] == "COLLABORATES_WITH" and tie["first_year"] == 2016
    assert {d["role"] for _, _, d in g.edges(data=True) if "role" in d} == {"founder", "supporter"}


def test_gexf_meta_carries_the_header() -> None:
    description = ET.fromstring(export("gexf")).find(X + "meta/" + X + "description").text
    assert "© European Union, CORDIS, CC BY 4.0" in description and "hidden by the node limit: 7" in description


# --- JSON ----------------------------------------------------------------------------------------

def test_json_matches_its_schema_and_round_trips_through_networkx() -> None:
    data = json.loads(export("json"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    g = nx.node_link_graph(data, edges="edges")
    assert g.is_multigraph() and g.is_directed()
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 4
    assert g.nodes["o1"]["properties"]["aliases"] == ["A", "B'quote"]
    assert g.nodes["o1"]["properties"]["founded"] == "1999-03-01"
    assert g.nodes["o1"]["labels"] == ["Firm", "Organisation"]
    assert g.nodes["org:Ä b|c"]["properties"]["pagerank"] == "NaN"
    assert data["graph"]["property_types"]["node"]["founded"] == "temporal"
    assert data["graph"]["attribution"][0].startswith("© European Union, CORDIS, CC BY 4.0")


# --- CSV -----------------------------------------------------------------------------------------

def test_csv_zip_has_gephi_columns_header_first_and_no_formulas() -> None:
    archive = zipfile.ZipFile(io.BytesIO(export("csv")))
    assert archive.namelist() == ["README.txt", "metadata.json", "nodes.csv", "edges.csv", "sources.csv"]
    assert "© European Union, CORDIS, CC BY 4.0" in archive.read("README.txt").decode()
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert list(nodes[0])[:3] == ["Id", "Label", "labels"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    alpha = next(n for n in nodes if n["Id"] == "o1")
    assert alpha["note"] == "'=HYPERLINK(\"http://evil\")"
    assert alpha["betweenness"] == "-0.25"  # a number, not a formula
    assert json.loads(alpha["aliases"]) == ["A", "B'quote"]
    tie = next(e for e in edges if e["Label"] == "COLLABORATES_WITH")
    assert (tie["Type"], tie["Weight"]) == ("Directed", "3")
    every_cell = [c for row in nodes + edges for c in row.values()]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "@")]


# --- Cypher script -------------------------------------------------------------------------------

def test_cypher_script_header_cannot_smuggle_a_statement() -> None:
    script = export("cypher").decode()
    assert script.startswith("// innograph export (cypher)\n// Selection: clusters: Cluster A MATCH (n)")
    statements = split_statements(script)
    first_words = {tokenize(s)[0].text for s in statements}
    assert first_words == {"CREATE", "UNWIND"}
    assert not [t for s in statements for t in tokenize(s) if t.text in ("DETACH", "DELETE")]
    assert "© European Union, CORDIS, CC BY 4.0" in script


def test_cypher_script_writes_only_schema_labels_and_types() -> None:
    odd = Subgraph(
        [GraphNode("x", ("Organisation", "Evil`) DETACH DELETE n //"), {"id": "x"}), GraphNode("y", ("Organisation",), {"id": "y"})],
        relationships_with_ids([("EVIL_TYPE", "x", "y", {})]),
    )
    script = export_subgraph(odd, "cypher", "test").decode()
    body = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    assert "Evil" not in body and "EVIL_TYPE" not in body
    assert "// Left out (not in innograph's schema): relationship x|EVIL_TYPE|y" in script


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("it's", "'it\\'s'"),
        ("a\\b", "'a\\\\b'"),
        ("line\nbreak\r\t", "'line\\nbreak\\r\\t'"),
        ("sep\u2028x", "'sep\\u2028x'"),
        ("ctl\x00", "'ctl\\u0000'"),
        ("Ökologie ✓", "'Ökologie ✓'"),
        (["a", 1, 2.5, False], "['a', 1, 2.5, false]"),
        (neo4j.time.Date(2020, 1, 2), "date('2020-01-02')"),
        (float("inf"), "1.0 / 0.0"),
        ({"odd key": 1, "ok": "v"}, "{`odd key`: 1, ok: 'v'}"),
    ],
)
def test_cypher_literals_are_escaped(value, text) -> None:
    assert literal(value) == text


def test_every_format_names_selection_time_and_attribution() -> None:
    for fmt in FORMATS:
        content = export(fmt)
        if fmt == "csv":
            content = zipfile.ZipFile(io.BytesIO(content)).read("README.txt")
        text = content.decode("utf-8")
        assert "clusters: Cluster A" in text, fmt
        assert "2026-11-27T06:00:00Z" in text, fmt
        assert "© European Union, CORDIS, CC BY 4.0" in text, fmt
        assert "ROR" in text, fmt


def test_every_format_carries_the_review_list() -> None:
    item = {"name": "EnBW", "candidate": "baden enbw energie wurttemberg", "candidate_id": "org:enbw", "score": 24,
            "reason": "one-word short name"}
    reviewed = Subgraph(NODES, RELS, hidden_nodes=7, sources=SOURCES, review=[item])
    for fmt in FORMATS:
        data = export_subgraph(reviewed, fmt, "test")
        text = (zipfile.ZipFile(io.BytesIO(data)).read("README.txt") if data[:2] == b"PK" else data).decode("utf-8")
        assert "EnBW" in text and "one-word short name" in text, fmt
