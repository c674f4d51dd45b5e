"""Issue 19: figures the dashboard now counts in the database agree with the reads they replace, on the
BW demo in the test Neo4j: the export page's subgraph size, the sources' citation counts and the
whole graph's cluster tie matrix."""

from __future__ import annotations

import pytest
from neo4j import RoutingControl

from loaders.demo import load_demo
from loaders.sources import list_sources
from queries.overview import sources
from queries.selection import Selection
from queries.subgraph import select_subgraph, subgraph_size

SELECTIONS = [
    Selection(min_weight=1, limit=1000),
    Selection(limit=150),
    Selection(kinds=("Firm",), years=(2016, 2019), min_weight=2, limit=100),
    Selection(include_projects=True, limit=None),
]


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    load_demo(session_driver, neo4j_settings.database, progress=False)
    return session_driver, neo4j_settings.database


@pytest.mark.parametrize("index", range(len(SELECTIONS) + 1))
def test_the_size_equals_the_subgraph_read(demo, index):
    selection = SELECTIONS[index] if index < len(SELECTIONS) else Selection(ego_id=_hub(*demo), ego_depth=2, limit=50)
    found = select_subgraph(*demo, selection)
    assert subgraph_size(*demo, selection) == (len(found.nodes), len(found.relationships), found.hidden_nodes)


def _hub(driver, database) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation) RETURN o.id AS id ORDER BY COUNT { (o)--() } DESC, o.id LIMIT 1",
        database_=database, routing_=RoutingControl.READ)
    return records[0]["id"]


def _per_source(driver, database, cypher):
    records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    return {r["id"]: r["n"] for r in records}


def test_one_pass_citation_counts_equal_one_count_per_source(demo):
    nodes = _per_source(*demo, "MATCH (s:Source) RETURN s.id AS id, "
                               "COUNT { MATCH (n) WHERE s.id IN n.sources AND NOT n:LoadRun } AS n")
    rels = _per_source(*demo, "MATCH (s:Source) RETURN s.id AS id, COUNT { MATCH ()-[r]->() WHERE s.id IN r.sources } AS n")
    assert sum(rels.values()) > 0 and sum(nodes.values()) > 0
    assert {s.id: (s.nodes, s.relationships) for s in list_sources(*demo)} == {k: (nodes[k], rels[k]) for k in nodes}
    assert {s.id: s.nodes for s in sources(*demo)} == nodes


def test_the_whole_graphs_tie_matrix_from_members_alone_equals_the_projections(demo, monkeypatch):
    from queries.bridges import cluster_tie_matrix, tie_matrix_of
    from queries.projection import build_projection

    expected = tie_matrix_of(build_projection(*demo)).to_dict()
    assert any(any(row) for row in expected["counts"])

    def refuse(*_, **__):
        raise AssertionError("projected the whole graph")

    monkeypatch.setattr("queries.bridges.projection", refuse)
    assert cluster_tie_matrix(*demo).to_dict() == expected
    assert cluster_tie_matrix(*demo, Selection(min_weight=1)).to_dict() == expected


@pytest.mark.parametrize("selection", [Selection(limit=1), Selection(limit=20), Selection(min_weight=2, limit=150),
                                       Selection(kinds=("Firm",), years=(2016, 2019), limit=40)])
def test_the_limit_keeps_the_nodes_an_exhaustive_count_keeps(demo, selection):
    """Degrees are counted for the likeliest nodes first; the kept nodes are those of counting all."""
    from queries.cypher import read
    from queries.subgraph import _node_eids, _ranked_in_database

    eids, keep = _node_eids(*demo, selection)
    low, high = selection.years or (None, None)
    every = read(*demo, "subgraph_degrees", candidates=eids, eids=eids, min_weight=selection.min_weight,
                 year_from=low, year_to=high)
    expected = [r["eid"] for r in sorted(every, key=lambda r: (-r["degree"], r["id"]))[:selection.limit]]
    assert len(eids) > selection.limit
    assert set(_ranked_in_database(*demo, eids, keep, selection)) == set(expected)
