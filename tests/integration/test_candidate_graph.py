"""Issue 19: cross-clustering candidates ranked on a two-hop expansion read in the database. With both
bounds 0 (exact) they equal the ranking on the whole-graph projection, on the hand-made ecosystem and on the
BW demo; with bounds, the result says that it is bounded (library, CLI table and JSON)."""

from __future__ import annotations

import json

import pytest

import queries.candidate_graph
import queries.candidates
import queries.stored_metrics
from cli.main import main
from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from loaders.demo import load_demo
from queries.candidate_graph import EXACT, Bounds
from queries.analyze import analyze
from queries.errors import EmptySelection
from queries.partner_chance import stored_calibration
from queries.stored_metrics import current_analysis
from queries.candidates import (candidates, partners, rank_cluster_candidates, rank_organisation_candidates,
                                rank_partners)
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
    alone = candidates(driver, database, cluster, top=top, flt=flt, bounds=EXACT, pairs="organisations")
    assert _rows(alone.organisations) == _rows(found.organisations) and not alone.clusters  # the lean graph
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


def test_organisation_pairs_alone_reach_pairs_sharing_only_a_field(driver, database, monkeypatch):
    """Asked for organisation pairs only, the expansion holds one cluster's members and bare outsiders; when
    the ranking reaches pairs without a common partner, it reads the other clusters' members as well (the
    demo has none: its clustered organisations name no field)."""
    load_ecosystem(driver, database)
    src = {"sources": ["src:test"]}  # an optics start-up in microTEC Südwest, without a tie yet
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o12", "name": "Optics Start-up", "kind": "Firm", **src}])
    write_relationships(driver, database, RelType.MEMBER_OF, [{"start": "o12", "end": "cl_mt", **src}])
    write_relationships(driver, database, RelType.WORKS_ON, [{"start": "o12", "end": "f_opt"}])
    G = build_projection(driver, database, Selection())
    _no_projection(monkeypatch)
    field_only = 0
    for cluster in sorted(c for c in CLUSTERS if any(c in (cs or []) for _, cs in G.nodes(data="clusters"))):
        found = candidates(driver, database, cluster, top=1000, pairs="organisations", bounds=EXACT)
        assert _rows(found.organisations) == _rows(rank_organisation_candidates(G, cluster, top=1000))
        field_only += any(r.link_score == 0 for r in found.organisations)
    assert field_only


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


def _hubs_and_ordinary(G, count: int = 6) -> list:
    ranked = sorted((n for n in G if G.degree(n)), key=lambda n: (-G.degree(n), n))
    return ranked[:count // 2] + ranked[len(ranked) // 2:len(ranked) // 2 + count - count // 2]


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_partners_of_one_organisation_equal_the_projection_ranking(demo, monkeypatch, index):
    flt = resolve(*demo, FILTERS[index])
    G = build_projection(*demo, flt)
    _no_projection(monkeypatch)
    outside = _demo_clusters(*demo, count=1)[0]
    for organisation in _hubs_and_ordinary(G):
        found = partners(*demo, organisation, top=15, flt=flt, bounds=EXACT)
        assert not found.bounded and found.organisation.id == organisation
        assert _rows(found.partners) == _rows(rank_partners(G, organisation, top=15))
        assert found.partners, organisation
        for row in found.partners:  # a partner's partner, never an existing tie
            assert row.member_id == organisation and not G.has_edge(organisation, row.candidate_id)
            assert set(G[organisation]) & set(G[row.candidate_id])
        apart = partners(*demo, organisation, top=15, flt=flt, outside_cluster=outside, bounds=EXACT)
        assert _rows(apart.partners) == _rows(rank_partners(G, organisation, top=15, outside=outside))
        assert all(outside not in (G.nodes[r.candidate_id].get("clusters") or []) for r in apart.partners)


def test_partners_bounded_and_cli(demo, monkeypatch, neo4j_settings, capsys):
    G = build_projection(*demo, Selection())
    found = [partners(*demo, n, bounds=Bounds(max_partners=1, max_fanout=0)) for n in _hubs_and_ordinary(G)]
    assert all(f.bounded for f in found) and any(f.partners for f in found)
    for f in found:  # only the strongest partner's partners, never an existing tie
        strongest = min(G[f.organisation.id], key=lambda n: (-G[f.organisation.id][n]["weight"], n))  # as ordered in Cypher
        assert all(not G.has_edge(f.organisation.id, r.candidate_id) and G.has_edge(strongest, r.candidate_id)
                   for r in f.partners)
    hub = found[0].organisation.id
    cli_env(monkeypatch, neo4j_settings)
    assert main(["partners", hub, "--top", "3", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["organisation"]["id"] == hub and len(payload["partners"]) == 3 and payload["partners"][0]["reasons"]
    assert main(["partners", hub, "--top", "3", "--max-partners", "2", "--max-fanout", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"partners for {G.nodes[hub]['name']}") and "note: bounded expansion" in out


def test_partners_outside_the_selection_are_refused_by_name_after_one_read(demo, monkeypatch):
    """The selection's organisations are read once, for the check and the expansion alike."""
    G = build_projection(*demo, Selection())
    firm = next(n for n in _hubs_and_ordinary(G) if G.nodes[n].get("kind") != "Firm")
    reads = []
    real = queries.candidate_graph.organisation_ids
    counted = lambda *a, **k: reads.append(1) or real(*a, **k)  # noqa: E731
    for module in (queries.candidate_graph, queries.candidates):  # wherever it is imported by name
        monkeypatch.setattr(module, "organisation_ids", counted, raising=False)
    with pytest.raises(EmptySelection, match=f"{G.nodes[firm]['name']} is not within the selection"):
        partners(*demo, firm, flt=Selection(kinds=("Firm",)))
    assert len(reads) == 1
    reads.clear()
    assert partners(*demo, firm, flt=Selection(kinds=(G.nodes[firm]["kind"],))).partners is not None
    assert len(reads) == 1


def test_analyze_calibrates_the_chance_beside_partners(demo, monkeypatch, neo4j_settings, capsys):
    """After ``analyze`` each partner with common partners carries its calibrated chance (over
    everything, resource allocation); another method or a narrowed selection carries none."""
    driver, database = demo
    G = build_projection(driver, database, Selection())
    hub = _hubs_and_ordinary(G)[0]
    cli_env(monkeypatch, neo4j_settings)
    try:
        assert main(["partners", hub, "--top", "3"]) == 0
        assert "chance: none yet; innograph analyze" in capsys.readouterr().out
        report = analyze(driver, database)
        calibration = stored_calibration(current_analysis(driver, database))
        assert calibration is not None and calibration.positives > 0
        assert report.partner_chance.startswith(f"calibrated on {calibration.years}: ")
        rows = partners(driver, database, hub, top=10).partners
        assert rows and all(r.chance == round(calibration.chance(r.link_score), 4) and r.chance_years == calibration.years
                            for r in rows)
        assert all(r.chance is None for r in partners(driver, database, hub, top=10, method="adamic_adar").partners)
        assert all(r.chance is None for r in partners(driver, database, hub, top=10, flt=Selection(min_weight=2)).partners)
        orgs = [o for c in _demo_clusters(driver, database, count=3) for o in candidates(driver, database, c, top=10).organisations]
        assert any(o.link_score > 0 for o in orgs)
        assert all((o.chance is not None) == (o.link_score > 0) for o in orgs)  # no common partner: not replayed
        assert main(["partners", hub, "--top", "3"]) == 0
        out = capsys.readouterr().out
        assert " chance " in out.splitlines()[1] and f"started a joint project in {calibration.years}" in out
        assert main(["partners", hub, "--top", "3", "--format", "json"]) == 0
        assert all("chance" in p for p in json.loads(capsys.readouterr().out)["partners"])
    finally:
        driver.execute_query("MATCH (run:AnalysisRun) DETACH DELETE run", database_=database)


def test_the_history_read_per_project_holds_every_dated_participation(demo):
    """The calibration reads one record per project (its participants as a list): the same
    (project, year, organisation) rows as one record per participation, duplicates included."""
    from neo4j import RoutingControl

    from queries.cypher import read_records

    records, _, _ = demo[0].execute_query(
        "MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p:Project) WHERE p.start_year IS NOT NULL "
        "RETURN p.id AS project, toInteger(p.start_year) AS year, o.id AS organisation",
        database_=demo[1], routing_=RoutingControl.READ)
    per_participation = sorted((r["project"], r["year"], r["organisation"]) for r in records)
    per_project = sorted((r["project"], r["year"], o) for r in read_records(*demo, "participations")
                         for o in r["organisations"])
    assert per_project == per_participation and per_participation


def _without_chance(rows) -> list:
    return [(r.to_dict() | {"chance": None, "chance_years": None}, r.reason_parts) for r in rows]


def test_analyze_stores_every_clusters_pairs_exactly_and_they_are_read_only_while_current(demo, monkeypatch):
    """After ``analyze`` both tables of every cluster are the exact ranking (organisation pairs: bounds 0;
    cluster pairs: the projection's), read without any expansion; a larger top, another method, a narrowed
    selection or a changed graph rank afresh."""
    from queries.stored_pairs import STORED_TOP

    driver, database = demo
    G = build_projection(driver, database, Selection())
    clusters = []
    for c in [r["id"] for r in driver.execute_query("MATCH (c:ClusterInitiative) RETURN c.id AS id ORDER BY id",
                                                    database_=database).records]:
        try:
            clusters.append((c, candidates(driver, database, c, top=60, pairs="organisations", bounds=EXACT),
                             rank_cluster_candidates(G, c, top=30)))
        except EmptySelection:
            pass
    assert len(clusters) >= 5 and all(found.pairs_ranked_at is None for _, found, _ in clusters)
    try:
        report = analyze(driver, database)
        with monkeypatch.context() as m:
            m.setattr(queries.candidates, "candidate_graph", lambda *_, **__: pytest.fail("read an expansion"))
            for cluster, exact, cluster_pairs in clusters:
                stored = candidates(driver, database, cluster, top=30, top_organisations=60)
                assert stored.pairs_ranked_at == stored.clusters_ranked_at == report.computed_at and not stored.bounded
                assert _without_chance(stored.organisations) == _without_chance(exact.organisations)
                assert _rows(stored.clusters) == _rows(cluster_pairs)
        cluster = max(clusters, key=lambda c: len(c[1].organisations))[0]
        runs_read = []
        with monkeypatch.context() as m:  # ranked afresh, the chance still comes from the run read once
            read_run = queries.stored_metrics.current_analysis
            m.setattr(queries.stored_metrics, "current_analysis", lambda *a: runs_read.append(1) or read_run(*a))
            m.setattr(queries.candidates, "current_analysis", queries.stored_metrics.current_analysis)
            more = candidates(driver, database, cluster, top=5, top_organisations=STORED_TOP + 1)
        assert more.clusters_ranked_at and not more.pairs_ranked_at and len(more.organisations) == STORED_TOP + 1
        calibration = stored_calibration(current_analysis(driver, database))
        assert len(runs_read) == 1 and all(o.chance == round(calibration.chance(o.link_score), 4)
                                           for o in more.organisations if o.link_score > 0)
        other = candidates(driver, database, cluster, top=5, method="adamic_adar")
        assert other.clusters_ranked_at and not other.pairs_ranked_at and all(o.chance is None for o in other.organisations)
        narrowed = candidates(driver, database, cluster, top=5, flt=Selection(min_weight=2))
        assert not narrowed.clusters_ranked_at and not narrowed.pairs_ranked_at
        driver.execute_query("CREATE (:Organisation {id: 'test:newcomer', name: 'Newcomer'})", database_=database)
        changed = candidates(driver, database, cluster, top=5)
        assert not changed.clusters_ranked_at and not changed.pairs_ranked_at
    finally:
        driver.execute_query("MATCH (o:Organisation {id: 'test:newcomer'}) DETACH DELETE o", database_=database)
        driver.execute_query("MATCH (run:AnalysisRun) DETACH DELETE run", database_=database)
