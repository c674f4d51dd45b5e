"""Select from the real database, export, read back: same nodes, relationships and key properties."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import igraph
import networkx as nx
import pytest
from neo4j import Driver

from graph.admin import clear_database, count_by_label, count_by_type
from queries.cypher_guard import split_statements
from queries.export import FORMATS, export_subgraph, export_to_file
from queries.subgraph import Selection, select_subgraph
from tests.integration.export_graph import CORDIS_ATTRIBUTION, NODE_COUNT, write_small_ecosystem

EVERYTHING = Selection(cypher="MATCH (n) WHERE NOT n:Source OPTIONAL MATCH (n)-[r]->() RETURN n, r")


@pytest.fixture
def subgraph(driver: Driver, database: str):
    write_small_ecosystem(driver, database)
    return select_subgraph(driver, database, EVERYTHING)


def expected(subgraph) -> tuple[set, set]:
    nodes = {n.id for n in subgraph.nodes}
    rels = {(r.start, r.type, r.end) for r in subgraph.relationships}
    return nodes, rels


def test_everything_selection_has_every_node_and_relationship(subgraph) -> None:
    assert len(subgraph.nodes) == NODE_COUNT
    assert len(subgraph.relationships) == 32
    assert len(subgraph.sources) == 3


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_round_trip_through_networkx(subgraph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / ("all." + fmt)
    export_to_file(subgraph, fmt, path, EVERYTHING.describe())
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    nodes, rels = expected(subgraph)
    assert set(g.nodes) == nodes
    assert {(a, d["rel_type"] if fmt == "graphml" else d["label"], b) for a, b, d in g.edges(data=True)} == rels
    assert g.nodes["o3"]["name"] == "=Gamma AG"
    assert g.nodes["o3"]["note"] == "line one\nline two; 'quoted' \\ backslash\ttab"
    assert g.nodes["o1"]["founded"] == "1999-03-01" and g.nodes["o1"]["sme"] is True
    assert json.loads(g.nodes["o2"]["sources"]) == ["src:cordis-h2020", "src:ror"]


def test_graphml_of_the_database_loads_in_igraph(subgraph, tmp_path: Path) -> None:
    path = tmp_path / "all.graphml"
    export_to_file(subgraph, "graphml", path, "everything")
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (NODE_COUNT, 32)


def test_json_round_trips_through_networkx(subgraph) -> None:
    data = json.loads(export_subgraph(subgraph, "json", "everything"))
    g = nx.node_link_graph(data, edges="edges")
    nodes, rels = expected(subgraph)
    assert set(g.nodes) == nodes
    assert {(a, d["type"], b) for a, b, d in g.edges(data=True)} == rels
    assert g.nodes["p1"]["properties"]["ec_contribution"] == 1234567.5
    assert data["graph"]["attribution"][1].startswith(CORDIS_ATTRIBUTION)


def test_csv_lists_every_node_and_relationship(subgraph) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_subgraph(subgraph, "csv", "everything")))
    assert archive.read("nodes.csv").decode().count("\r\n") == NODE_COUNT + 1
    assert len(archive.read("sources.csv").decode().splitlines()) == 4


def test_cypher_script_recreates_the_subgraph_in_an_empty_database(subgraph, driver: Driver, database: str) -> None:
    labels_before, types_before = count_by_label(driver, database), count_by_type(driver, database)
    original = _all_properties(driver, database)
    script = export_subgraph(subgraph, "cypher", "everything").decode("utf-8")
    clear_database(driver, database)
    with driver.session(database=database) as session:
        for statement in split_statements(script):
            session.run(statement).consume()
    assert count_by_label(driver, database) == labels_before
    assert count_by_type(driver, database) == types_before
    assert _all_properties(driver, database) == original


def test_every_format_exports_a_filtered_selection(driver: Driver, database: str, tmp_path: Path) -> None:
    write_small_ecosystem(driver, database)
    selection = Selection(clusters=("ci:a",), min_weight=2)
    sub = select_subgraph(driver, database, selection)
    for fmt in FORMATS:
        report = export_to_file(sub, fmt, tmp_path / ("a." + fmt), selection.describe())
        assert report.bytes > 0 and report.nodes == 4 and report.relationships == 4


def _all_properties(driver: Driver, database: str) -> tuple[list, list]:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY n.id", database_=database)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b, toString(p.role)",
        database_=database)
    return [sorted(r["l"]) + [r["p"]] for r in nodes], [r.data() for r in rels]
