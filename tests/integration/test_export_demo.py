"""The bundled BW demo data in all five formats: exported, read back, and the script replayed.

Sizes and times are written to ``export-demo-measurements.json`` in pytest's temporary folder
and printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import igraph
import networkx as nx
from neo4j import Driver

from graph.admin import clear_database, count_by_label, count_by_type
from loaders.demo import load_demo
from queries.cypher_guard import split_statements
from queries.export import FORMATS, export_subgraph
from queries.subgraph import Selection, select_subgraph

EVERYTHING = Selection(cypher="MATCH (n) WHERE NOT n:Source AND NOT n:LoadRun OPTIONAL MATCH (n)-[r]->() RETURN n, r")


def test_demo_data_round_trips_in_every_format(driver: Driver, database: str, tmp_path: Path) -> None:
    load_demo(driver, database, progress=False)
    measurements: dict = {}
    started = time.monotonic()
    everything = select_subgraph(driver, database, EVERYTHING, timeout=120)
    measurements["select_everything_s"] = round(time.monotonic() - started, 2)
    for name, selection in (("default", Selection()), ("map_300", Selection(limit=300))):
        started = time.monotonic()
        sub = select_subgraph(driver, database, selection)
        measurements[f"select_{name}_s"] = round(time.monotonic() - started, 2)
        measurements[f"select_{name}_nodes"] = len(sub.nodes)
    nodes = {n.id for n in everything.nodes}
    rels = {(r.start, r.type, r.end) for r in everything.relationships}
    measurements.update(nodes=len(nodes), relationships=len(everything.relationships), sources=len(everything.sources))
    assert len(nodes) > 1000 and everything.sources

    contents = {}
    for fmt in FORMATS:
        started = time.monotonic()
        contents[fmt] = export_subgraph(everything, fmt, EVERYTHING.describe())
        measurements[fmt] = {"bytes": len(contents[fmt]), "seconds": round(time.monotonic() - started, 2)}
        (tmp_path / ("demo." + fmt)).write_bytes(contents[fmt])

    for fmt, reader, type_key in (("graphml", nx.read_graphml, "rel_type"), ("gexf", nx.read_gexf, "label")):
        g = reader(tmp_path / ("demo." + fmt))
        if fmt == "graphml":
            by_element = {n: d["node_id"] for n, d in g.nodes(data=True)}
            assert set(by_element.values()) == nodes
            assert {(by_element[a], d[type_key], by_element[b]) for a, b, d in g.edges(data=True)} == rels
        else:
            assert set(g.nodes) == nodes
            assert {(a, d[type_key], b) for a, b, d in g.edges(data=True)} == rels
        assert g.number_of_edges() == len(everything.relationships)
    assert igraph.Graph.Read_GraphML(str(tmp_path / "demo.graphml")).vcount() == len(nodes)
    data = json.loads(contents["json"])
    g = nx.node_link_graph(data, edges="edges")
    assert set(g.nodes) == nodes and g.number_of_edges() == len(everything.relationships)
    assert any("European Union" in line for line in data["graph"]["attribution"])
    archive = zipfile.ZipFile(io.BytesIO(contents["csv"]))
    assert archive.read("nodes.csv").decode().count("\r\n") == len(nodes) + 1

    labels, types = count_by_label(driver, database), count_by_type(driver, database)
    clear_database(driver, database)
    started = time.monotonic()
    with driver.session(database=database) as session:
        for statement in split_statements(contents["cypher"].decode("utf-8")):
            session.run(statement).consume()
    measurements["cypher_replay_s"] = round(time.monotonic() - started, 2)
    labels.pop("LoadRun", None)
    labels["Source"] = len(everything.sources)
    assert count_by_label(driver, database) == labels
    assert count_by_type(driver, database) == types

    (tmp_path / "export-demo-measurements.json").write_text(json.dumps(measurements, indent=1))
    print("\nexport of the demo data:", json.dumps(measurements))
