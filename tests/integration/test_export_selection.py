"""select_subgraph on the hand-made ecosystem: each mode's nodes and relationships, worked out by hand."""

from __future__ import annotations

import pytest
from neo4j import Driver

from queries.errors import Ambiguous, BadSelection, EmptySelection, NotFound, WriteRefused
from queries.subgraph import Selection, select_subgraph
from tests.integration.export_graph import write_small_ecosystem


@pytest.fixture
def graph(driver: Driver, database: str) -> tuple[Driver, str]:
    write_small_ecosystem(driver, database)
    return driver, database


def ids(subgraph) -> set[str]:
    return {n.id for n in subgraph.nodes}


def rels(subgraph) -> set[tuple[str, str, str]]:
    return {(r.start, r.type, r.end) for r in subgraph.relationships}


def test_no_filter_takes_organisations_their_clusters_and_the_clusters_fields(graph) -> None:
    sub = select_subgraph(*graph, Selection())
    assert ids(sub) == {"o1", "o2", "o3", "o4", "o5", "ci:a", "ci:b", "field:ai", "field:bio"}
    assert len(sub.relationships) == 4 + 2 + 2 + 5  # members, awards, focus, ties
    assert sub.hidden_nodes == 0
    assert [s.id for s in sub.sources] == ["src:clusters-bw", "src:cordis-h2020", "src:ror"]


def test_kind_filter_keeps_firms_and_their_context(graph) -> None:
    sub = select_subgraph(*graph, Selection(kinds=("Firm",)))
    assert ids(sub) == {"o1", "o3", "ci:a", "ci:b", "field:ai", "field:bio"}
    assert rels(sub) == {("o1", "MEMBER_OF", "ci:a"), ("o3", "MEMBER_OF", "ci:b"),
                         ("ci:a", "FOCUSES_ON", "field:ai"), ("ci:b", "FOCUSES_ON", "field:bio")}


def test_cluster_by_name_selects_its_members(graph) -> None:
    sub = select_subgraph(*graph, Selection(clusters=("cluster a",)))
    assert ids(sub) == {"o1", "o2", "ci:a", "field:ai"}
    assert ("o1", "COLLABORATES_WITH", "o2") in rels(sub)
    assert len(sub.relationships) == 4


def test_field_includes_narrower_fields_and_project_fields(graph) -> None:
    sub = select_subgraph(*graph, Selection(fields=("field:ai",)))
    assert ids(sub) == {"o1", "o2", "o4", "ci:a", "ci:b", "field:ai"}
    assert len(sub.relationships) == 7


def test_state_region_includes_its_districts(graph) -> None:
    sub = select_subgraph(*graph, Selection(regions=("Baden-Württemberg",), kinds=("ResearchInstitute", "University")))
    assert ids(sub) == {"o2", "o4", "ci:a", "ci:b", "field:ai", "field:bio"}


def test_min_weight_and_years_drop_ties_and_years_pick_projects(graph) -> None:
    strong = select_subgraph(*graph, Selection(min_weight=2))
    assert {r for r in rels(strong) if r[1] == "COLLABORATES_WITH"} == {("o1", "COLLABORATES_WITH", "o2")}
    recent = select_subgraph(*graph, Selection(years=(2019, 2021), include_projects=True))
    assert {r for r in rels(recent) if r[1] == "COLLABORATES_WITH"} == {
        ("o2", "COLLABORATES_WITH", "o3"), ("o3", "COLLABORATES_WITH", "o4")}
    assert {"p2", "p3"} <= ids(recent) and not {"p0", "p1"} & ids(recent)


def test_ego_network_depth_one_and_two(graph) -> None:
    one = select_subgraph(*graph, Selection(ego_id="o3"))
    assert ids(one) == {"o3", "ci:b", "p2", "p3", "o2", "o4", "nuts:DE11"}
    two = select_subgraph(*graph, Selection(ego_id="=Gamma AG", ego_depth=2))
    assert {"o1", "o5", "ci:a", "field:bio", "nuts:DE1"} <= ids(two)
    assert "field:ai" not in ids(two)  # three steps away


def test_limit_keeps_most_connected_and_counts_hidden(graph) -> None:
    sub = select_subgraph(*graph, Selection(limit=3))
    # degrees in the 9-node subgraph: o2 5 (A, B, o1, o4, o3), ci:a 4, ci:b 4, o1 3, o3 3, o4 3, o5 2
    assert ids(sub) == {"o2", "ci:a", "ci:b"}
    assert sub.hidden_nodes == 6
    assert rels(sub) == {("o2", "MEMBER_OF", "ci:a"), ("o2", "MEMBER_OF", "ci:b")}


def test_ego_node_survives_any_limit(graph) -> None:
    sub = select_subgraph(*graph, Selection(ego_id="o5", limit=1))
    assert ids(sub) == {"o5"}
    assert sub.hidden_nodes == 3


def test_path_takes_exactly_its_nodes_and_the_relationships_among_them(graph) -> None:
    sub = select_subgraph(*graph, Selection(path_ids=("o1", "o2", "o3")))
    assert ids(sub) == {"o1", "o2", "o3"}
    assert rels(sub) == {("o1", "COLLABORATES_WITH", "o2"), ("o2", "COLLABORATES_WITH", "o3")}


def test_cypher_selection_takes_what_the_query_returns(graph) -> None:
    query = "MATCH p = (a:Organisation {id: $id})-[:MEMBER_OF]->(c) RETURN p"
    sub = select_subgraph(*graph, Selection(cypher=query, params={"id": "o2"}))
    assert ids(sub) == {"o2", "ci:a", "ci:b"}
    assert rels(sub) == {("o2", "MEMBER_OF", "ci:a"), ("o2", "MEMBER_OF", "ci:b")}


def test_cypher_selection_is_guarded(graph) -> None:
    with pytest.raises(WriteRefused):
        select_subgraph(*graph, Selection(cypher="MATCH (n) DETACH DELETE n RETURN n"))


def test_to_networkx_keeps_labels_properties_and_parallel_relationships(graph) -> None:
    g = select_subgraph(*graph, Selection()).to_networkx()
    assert g.nodes["o1"]["labels"] == ["Firm", "Organisation"]
    assert g.nodes["o1"]["aliases"] == ["Alpha", "ALPHA GMBH"]
    assert g.edges["o1", "o2", "o1|COLLABORATES_WITH|o2"]["weight"] == 2


@pytest.mark.parametrize(
    ("selection", "error"),
    [
        (Selection(clusters=("No such cluster",)), NotFound),
        (Selection(ego_id="nobody"), NotFound),
        (Selection(kinds=("Spaceship",)), BadSelection),
        (Selection(ego_id="o1", ego_depth=3), BadSelection),
        (Selection(ego_id="o1", path_ids=("o1",)), BadSelection),
        (Selection(ego_id="o1", kinds=("Firm",)), BadSelection),
        (Selection(years=(2020, 2010)), BadSelection),
        (Selection(cypher="RETURN 1 AS one"), EmptySelection),
        (Selection(kinds=("Other",)), EmptySelection),
    ],
)
def test_bad_selections_raise_one_readable_error(graph, selection, error) -> None:
    with pytest.raises(error):
        select_subgraph(*graph, selection)


def test_ambiguous_name_lists_the_ids(graph, driver: Driver, database: str) -> None:
    from graph.writer import write_nodes
    from graph.schema import NodeLabel
    write_nodes(driver, database, NodeLabel.PROJECT, [{"id": "p9", "acronym": "Cluster A"}])
    with pytest.raises(Ambiguous, match="ci:a, p9"):
        select_subgraph(*graph, Selection(ego_id="Cluster A"))


def test_a_misspelt_name_suggests_the_closest_ones(graph) -> None:
    """The one resolver (queries.selection) names what was probably meant, for every reader."""
    from queries.projection import build_projection

    with pytest.raises(NotFound, match=r"no ClusterInitiative with id or name 'Clustr A'; did you mean Cluster A \(ci:a\)"):
        select_subgraph(*graph, Selection(clusters=("Clustr A",)))
    with pytest.raises(NotFound, match=r"did you mean Cluster A \(ci:a\)"):
        build_projection(*graph, Selection(clusters=("Clustr A",)))
