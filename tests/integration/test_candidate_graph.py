"""Issue 19: cross-clustering candidates ranked on a two-hop expansion read in the database. With both
bounds 0 (exact) they equal the ranking on the whole-graph projection, on the hand-made ecosystem and on the
BW demo; with bounds, the result says that it is bounded (library, CLI table and JSON)."""

from __future__ import annotations

import json

import pytest

import queries.candidate_graph
from cli.main import main
from loaders.demo import load_demo
from queries.candidate_graph import EXACT, Bounds
from queries.candidates import candidates, rank_cluster_candidates, rank_organisation_candidates
from queries.projection import build_projection
from queries.selection import Selection, resolve
from tests.integration.test_analytics import cli_env
from tests.integration.test_analytics_ecosystem import CLUSTERS, load_ecosystem

FILTERS = [
    Selection(),
    Selection(min_weight=2),
    Selection(kinds=("Firm", "ResearchInstitute")),
    Selection(include_partners=True, no_hierarchy=True),
]


def _rows(rows) -> list:
    return [(r.to_dict(), r.reason_parts) for r in rows]


def _no_projection(monkeypatch):
    def refuse(*_, **__):
        raise AssertionError("built a whole-graph projection")
    monkeypatch.setattr(queries.candidate_graph, "projection", refuse)


def _same_as_projection(driver, database, cluster, flt, top=15):
    G = build_projection(driver, database, flt)
    found = candidates(driver, database, cluster, top=top, flt=flt, bounds=EXACT)
    assert not found.bounded
    assert _rows(found.clusters) == _rows(rank_cluster_candidates(G, cluster, top=top))
    assert _rows(found.organisations) == _rows(rank_organisation_candidates(G, cluster, top=top))
    return found


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_exact_expansion_equals_the_projection_on_the_ecosystem(driver, database, monkeypatch, index):
    load_ecosystem(driver, database)
    flt = resolve(driver, database, FILTERS[index])
    for cluster in sorted(CLUSTERS):
        G = build_projection(driver, database, flt)
        if not any(cluster in (cs or []) for _, cs in G.nodes(data="clusters")):
            continue
        _no_projection(monkeypatch)
        _same_as_projection(driver, database, cluster, flt)
        monkeypatch.undo()


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    load_demo(session_driver, neo4j_settings.database, progress=False)
    return session_driver, neo4j_settings.database


def _demo_clusters(driver, database, count=6) -> list[str]:
    """The largest clusters and a few small ones."""
    G = build_projection(driver, database, Selection())
    sizes: dict = {}
    for _, cs in G.nodes(data="clusters"):
        for c in cs or []:
            sizes[c] = sizes.get(c, 0) + 1
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
    return ranked[:count // 2] + ranked[-(count - count // 2):]


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_exact_expansion_equals_the_projection_on_the_demo(demo, index):
    flt = resolve(*demo, FILTERS[index])
    G = build_projection(*demo, flt)
    compared = 0
    for cluster in _demo_clusters(*demo):
        if any(cluster in (cs or []) for _, cs in G.nodes(data="clusters")):
            found = _same_as_projection(*demo, cluster, flt, top=20)
            compared += bool(found.clusters and found.organisations)
    assert compared >= 2


def test_bounded_expansion_says_so(demo):
    cluster = _demo_clusters(*demo, count=2)[0]
    found = candidates(*demo, cluster, bounds=Bounds(max_partners=2, max_fanout=3))
    assert found.bounded and found.max_partners == 2 and found.max_fanout == 3
    assert found.clusters and found.organisations
    existing = build_projection(*demo, Selection())
    for row in found.organisations:  # bounded or not, an existing tie is never suggested
        assert not existing.has_edge(row.member_id, row.candidate_id)
    assert not candidates(*demo, cluster, bounds=EXACT).bounded


def test_cli_and_json_carry_the_flag(demo, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    cluster = _demo_clusters(*demo, count=2)[0]
    assert main(["candidates", "--cluster", cluster, "--max-partners", "2", "--max-fanout", "3"]) == 0
    assert "bounded expansion" in capsys.readouterr().out
    assert main(["candidates", "--cluster", cluster, "--max-partners", "0", "--max-fanout", "0"]) == 0
    assert "bounded expansion" not in capsys.readouterr().out
    assert main(["candidates", "--cluster", cluster, "--max-partners", "2", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["bounded"] is True and payload["max_partners"] == 2 and payload["max_fanout"] == 200
    assert payload["cluster"]["id"] == cluster and payload["organisations"]
