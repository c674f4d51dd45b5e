"""The cluster map's data against the real test Neo4j: nodes, sizes and member ties, and an opened cluster."""

from __future__ import annotations

import pytest

from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from queries.bridges import tie_matrix_of
from queries.projection_cache import projection
from queries.cluster_map import cluster_map, cluster_view
from queries.errors import NotFound
from tests.integration.test_analytics_ecosystem import CLUSTERS, ORGS, load_ecosystem


@pytest.fixture
def ecosystem(driver, database):
    load_ecosystem(driver, database)
    return driver, database


def matrix_pairs(matrix) -> dict:
    ids = [c for c, _ in matrix.clusters]
    return {(a, b): matrix.counts[i][j] for i, a in enumerate(ids) for j, b in enumerate(ids)
            if a < b and matrix.counts[i][j]}


def test_one_node_per_cluster_sized_by_members(ecosystem):
    found = cluster_map(*ecosystem)
    members = {c: sum(c in v[4] for v in ORGS.values()) for c in CLUSTERS}
    assert {c.id: c.members for c in found.clusters} == members == {"cl_tm": 3, "cl_ph": 3, "cl_mt": 4}
    assert {c.id: c.name for c in found.clusters} == {k: v[0] for k, v in CLUSTERS.items()}


def test_edges_are_member_ties_as_the_tie_matrix_counts_them(ecosystem):
    found = cluster_map(*ecosystem)
    ties = {tuple(sorted((t.a, t.b))): t.ties for t in found.ties}
    # By hand (see test_analytics): TM–MT 4 through Fraunhofer IPA, PH–TM and PH–MT 1 each (o1–o6).
    assert ties == {("cl_mt", "cl_tm"): 4, ("cl_mt", "cl_ph"): 1, ("cl_ph", "cl_tm"): 1}
    assert ties == matrix_pairs(tie_matrix_of(projection(*ecosystem)))
    assert {c.id: c.inner_ties for c in found.clusters}["cl_ph"] == 3  # o1–o5, o1–o8, o5–o8
    assert {tuple(sorted((t.a, t.b))): t.weight for t in found.ties}[("cl_ph", "cl_tm")] == 1.0


def test_a_subunit_counts_for_its_parents_cluster_as_in_the_tie_matrix(ecosystem):
    driver, database = ecosystem
    # o9 (Freiburg, no cluster) becomes a subunit of o2 (microTEC): its ties now count for microTEC.
    write_relationships(driver, database, RelType.SUBUNIT_OF, [{"start": "o9", "end": "o2", "sources": ["src:test"]}])
    ties = {tuple(sorted((t.a, t.b))): t.ties for t in cluster_map(driver, database).ties}
    assert ties == matrix_pairs(tie_matrix_of(projection(driver, database)))
    assert ties[("cl_mt", "cl_tm")] == 5  # + o9–o3
    stated = {tuple(sorted((t.a, t.b))): t.ties for t in cluster_map(driver, database, no_hierarchy=True).ties}
    assert stated[("cl_mt", "cl_tm")] == 4
    opened = cluster_view(driver, database, "cl_mt")
    assert {a.id: a.stated for a in opened.actors if a.member}["o9"] is False


def test_an_opened_cluster_shows_members_and_partners_and_aggregates_the_rest(ecosystem):
    driver, database = ecosystem
    write_nodes(driver, database, NodeLabel.ORGANISATION, [
        {"id": "o12", "name": "Berlin Optics GmbH", "kind": "Firm", "region": "country:DE", "country": "DE", "sources": ["src:test"]},
        {"id": "o13", "name": "Lyon Photonique", "kind": "Firm", "country": "FR", "sources": ["src:test"]},
        {"id": "o14", "name": "Paris Laser", "kind": "Firm", "country": "FR", "sources": ["src:test"]},
    ])
    write_relationships(driver, database, RelType.COLLABORATES_WITH, [
        {"start": "o1", "end": "o12", "weight": 2}, {"start": "o5", "end": "o13", "weight": 1},
        {"start": "o14", "end": "o1", "weight": 1},
    ])
    opened = cluster_view(driver, database, "cl_ph")
    assert opened.name == "Photonics BW"
    assert {a.id for a in opened.actors if a.member} == {"o1", "o5", "o8"}
    assert {a.id for a in opened.actors if not a.member} == {"o6", "place:germany", "place:abroad"}
    aggregates = {a.id: a.aggregate for a in opened.actors if a.aggregate}
    assert aggregates == {"place:germany": 1, "place:abroad": 2}
    ties = {(t.source, t.target): (t.weight, t.ties) for t in opened.ties}
    assert ties[("o1", "place:abroad")] == (1.0, 1) and ties[("o5", "place:abroad")] == (1.0, 1)
    assert ties[("o1", "place:germany")] == (2.0, 1) and ties[("o1", "o6")] == (1.0, 1)
    assert ("o1", "o5") in ties and ("o5", "o8") in ties  # ties among members, once each

    one_by_one = cluster_view(driver, database, "cl_ph", outside=True)
    assert {a.id for a in one_by_one.actors if not a.member} == {"o6", "o12", "o13", "o14"}
    assert {a.place for a in one_by_one.actors if a.id in ("o12", "o13")} == {"germany", "abroad"}
    limited = cluster_view(driver, database, "cl_ph", outside=True, partners=1)
    assert [a.id for a in limited.actors if not a.member] == ["o12"] and limited.hidden == 3  # the strongest tie


def test_an_unknown_cluster_is_a_clear_error(ecosystem):
    with pytest.raises(NotFound, match="no cluster 'nope'"):
        cluster_view(*ecosystem, "nope")
