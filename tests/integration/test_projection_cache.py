"""The shared projection cache against the real test Neo4j: reused while the graph is unchanged,
rebuilt after any write, built once for many threads, and read-only for its callers."""

from __future__ import annotations

import threading

import networkx as nx
import pytest

from graph.admin import clear_database
from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from queries.bridges import rank_bridges
from queries.candidates import candidates
from queries.paths import reach, transfer_paths
from queries.selection import Selection
from queries.projection_cache import PROJECTIONS, ProjectionCache, projection
from tests.integration.test_analytics_ecosystem import ORGS, load_ecosystem


@pytest.fixture
def ecosystem(driver, database):
    load_ecosystem(driver, database)
    return driver, database


def add_organisation(driver, database, org_id: str, partner: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": org_id, "name": "New Partner GmbH", "kind": "Firm",
                                                            "sources": ["src:test"]}])
    write_relationships(driver, database, RelType.COLLABORATES_WITH, [{"start": org_id, "end": partner, "weight": 2,
                                                                        "projects": [], "sources": ["src:test"]}])


def test_a_second_call_reuses_the_projection(ecosystem):
    cache = ProjectionCache()
    first = cache.get(*ecosystem)
    assert cache.get(*ecosystem) is first
    assert cache.get(*ecosystem, Selection()) is first
    assert cache.builds == 1


def test_each_filter_has_its_own_projection(ecosystem):
    cache = ProjectionCache()
    firms = cache.get(*ecosystem, Selection(kinds=("Firm",)))
    assert set(firms) == {k for k, v in ORGS.items() if v[1] == "Firm"}
    assert len(cache.get(*ecosystem)) == len(ORGS)
    assert cache.get(*ecosystem, Selection(kinds=("Firm",))) is firms
    assert cache.builds == 2


def test_a_new_organisation_and_tie_are_seen_by_the_next_call(ecosystem):
    cache = ProjectionCache()
    assert "o99" not in cache.get(*ecosystem)
    add_organisation(*ecosystem, "o99", "o1")
    G = cache.get(*ecosystem)
    assert G.has_edge("o99", "o1") and G["o99"]["o1"]["weight"] == 2.0
    assert cache.builds == 2


def test_a_changed_name_is_seen_although_no_count_changed(ecosystem):
    cache = ProjectionCache()
    assert cache.get(*ecosystem).nodes["o2"]["name"] == "Robert Bosch GmbH"
    write_nodes(*ecosystem, NodeLabel.ORGANISATION, [{"id": "o2", "name": "Bosch AG", "kind": "Firm"}])
    assert cache.get(*ecosystem).nodes["o2"]["name"] == "Bosch AG"


def test_a_clear_and_a_reload_of_the_same_shape_are_seen(ecosystem):
    """What the per-test fixture does between tests: same counts afterwards, different data."""
    cache = ProjectionCache()
    driver, database = ecosystem
    assert cache.get(driver, database).nodes["o2"]["name"] == "Robert Bosch GmbH"
    clear_database(driver, database)
    load_ecosystem(driver, database)
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o2", "name": "Bosch AG", "kind": "Firm"}])
    assert cache.get(driver, database).nodes["o2"]["name"] == "Bosch AG"


def test_ten_threads_asking_at_once_cause_one_build(ecosystem):
    cache = ProjectionCache()
    start = threading.Barrier(10)
    graphs, errors = [], []

    def ask() -> None:
        start.wait()
        try:
            graphs.append(cache.get(*ecosystem))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(graphs) == 10
    assert cache.builds == 1
    assert all(G is graphs[0] for G in graphs)


def test_the_cache_keeps_only_its_size(ecosystem):
    cache = ProjectionCache(size=2)
    for kind in ("Firm", "University", "ResearchInstitute"):
        cache.get(*ecosystem, Selection(kinds=(kind,)))
    assert len(cache) == 2
    cache.get(*ecosystem, Selection(kinds=("Firm",)))  # the oldest, evicted
    assert cache.builds == 4
    off = ProjectionCache(size=0)
    off.get(*ecosystem)
    off.get(*ecosystem)
    assert off.builds == 2 and len(off) == 0


def test_the_cached_graph_is_read_only(ecosystem):
    G = ProjectionCache().get(*ecosystem)
    assert nx.is_frozen(G)
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        G.add_edge("o1", "o10")
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        G.remove_node("o1")
    with pytest.raises(TypeError):
        G.nodes["o1"]["name"] = "changed"
    with pytest.raises(TypeError):
        G["o1"]["o5"]["weight"] = 99
    with pytest.raises(TypeError):
        G.graph["selection"] = "changed"
    copy = G.copy()
    copy.add_edge("o1", "o10")
    copy.nodes["o1"]["name"] = "changed"
    assert not G.has_edge("o1", "o10") and G.nodes["o1"]["name"] == "Universität Stuttgart"


def test_the_product_questions_share_one_build_and_leave_it_unchanged(ecosystem):
    PROJECTIONS.clear()
    before = PROJECTIONS.builds
    transfer_paths(*ecosystem, "Universität Stuttgart", "Robert Bosch GmbH", k=2)
    transfer_paths(*ecosystem, "TechnologyMountains", "Microsystems", k=1)  # attaches its ends to a copy
    candidates(*ecosystem, "cl_ph")
    reach(*ecosystem, "Universität Stuttgart", "microTEC Südwest")
    rank_bridges(projection(*ecosystem))
    assert PROJECTIONS.builds - before == 1
    shared = projection(*ecosystem)
    assert "cl_tm" not in shared and "f_micro" not in shared
    assert shared.number_of_nodes() == len(ORGS)
