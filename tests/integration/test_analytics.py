"""Projection, bridges, tie matrix, communities, stats and analyze against the real test Neo4j.

Expected answers come from the ecosystem's tables via plain NetworkX (reference_graph) or by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
from neo4j import RoutingControl

from cli.main import main
from queries.analyze import analyze
from queries.bridges import bridge_report, rank_bridges, tie_matrix_of
from queries.communities import communities, community_report
from queries.errors import EmptySelection, NotFound
from queries.selection import Selection
from queries.projection import build_projection
from queries.projection_cache import projection
from queries.stats import graph_stats
from tests.integration.test_analytics_ecosystem import ORGS, load_ecosystem, reference_graph


@pytest.fixture
def ecosystem(driver, database):
    load_ecosystem(driver, database)
    return driver, database


def edge_set(G):
    return {(tuple(sorted((u, v))), d["weight"]) for u, v, d in G.edges(data=True)}


def test_projection_matches_the_tables(ecosystem):
    G = build_projection(*ecosystem)
    assert set(G) == set(ORGS)
    assert edge_set(G) == edge_set(reference_graph())
    assert G.nodes["o6"]["clusters"] == ["cl_mt", "cl_tm"]
    assert G.nodes["o6"]["cluster_names"] == ["microTEC Südwest", "TechnologyMountains"]
    assert G.nodes["o8"]["sme"] is True and G.nodes["o1"]["kind"] == "University"
    assert G["o1"]["o5"]["projects"] == ["p1", "p5"] and G["o1"]["o5"]["distance"] == 0.5


def test_projection_filters(ecosystem):
    by_years = build_projection(*ecosystem, Selection(years=(2018, 2021)))
    assert edge_set(by_years) == edge_set(reference_graph((2018, 2021)))
    assert by_years["o1"]["o5"]["weight"] == 1 and by_years["o1"]["o5"]["projects"] == ["p5"]
    firms = build_projection(*ecosystem, Selection(kinds=("Firm",)))
    assert set(firms) == {k for k, v in ORGS.items() if v[1] == "Firm"}
    assert set(build_projection(*ecosystem, Selection(regions=("nuts:DE13",)))) == {"o7", "o9"}
    assert set(build_projection(*ecosystem, Selection(clusters=("cl_ph",)))) == {"o1", "o5", "o8"}
    with_partners = build_projection(*ecosystem, Selection(clusters=("cl_mt",), include_partners=True))
    assert set(with_partners) == {"o2", "o6", "o7", "o9", "o11"}
    assert set(build_projection(*ecosystem, Selection(fields=("f_med",)))) == {"o3", "o4", "o9"}
    assert edge_set(build_projection(*ecosystem, Selection(min_weight=2))) == {(("o1", "o5"), 2.0)}


def test_empty_selection_is_a_clear_message(ecosystem):
    with pytest.raises(EmptySelection, match="no organisations match the selection.*clusters cl_ph; regions nuts:DE13"):
        build_projection(*ecosystem, Selection(clusters=("cl_ph",), regions=("nuts:DE13",)))
    with pytest.raises(NotFound, match="no Region with id or name 'nuts:DE99'"):
        build_projection(*ecosystem, Selection(regions=("nuts:DE99",)))


def test_bridges_rank_by_betweenness_computed_independently(ecosystem):
    report = rank_bridges(projection(*ecosystem), top=3)
    expected = nx.betweenness_centrality(reference_graph(), weight="distance")
    ranked = sorted(expected, key=lambda n: -expected[n])[:3]
    assert [r.id for r in report.rows] == ranked
    for row in report.rows:
        assert row.betweenness == pytest.approx(expected[row.id])
    top = report.rows[0]
    assert top.id == "o6" and top.name == "Fraunhofer IPA"
    assert set(top.clusters_linked) >= {"TechnologyMountains", "microTEC Südwest", "Photonics BW"}
    assert top.explanation.startswith("links ") and "main partners:" in top.explanation
    assert "exact" in report.betweenness_method
    assert "detected community" in report.groups  # o9 and o10 have no membership


def test_cluster_tie_matrix(ecosystem):
    matrix = tie_matrix_of(projection(*ecosystem))
    ids = [c for c, _ in matrix.clusters]
    count = lambda a, b: matrix.counts[ids.index(a)][ids.index(b)]  # noqa: E731
    # By hand: TM–MT: o6 (both) ties o3, o4 (TM) → 2 pairs via o6's MT side, o2, o7 (MT) via its TM side → 4.
    assert count("cl_tm", "cl_mt") == count("cl_mt", "cl_tm") == 4
    assert count("cl_ph", "cl_tm") == 1 and count("cl_ph", "cl_mt") == 1  # o1–o6
    assert count("cl_ph", "cl_ph") == 3  # o1–o5, o1–o8, o5–o8
    assert matrix.carriers["cl_mt|cl_tm"][0] == "Fraunhofer IPA"


def test_communities_and_stats(ecosystem):
    report = community_report(projection(*ecosystem), min_size=2)
    assert 0 <= report.nmi <= 1 and -1 <= report.ari <= 1
    assert report.compared == 9  # o9 and o10 have no membership
    assert sum(c.size for c in report.communities) <= len(ORGS)
    stats = graph_stats(projection(*ecosystem))
    assert stats.organisations == 11 and stats.ties == 13
    assert stats.by_kind == {"Firm": 7, "ResearchInstitute": 2, "University": 2}
    assert stats.components == 2 and stats.isolated == 1 and stats.largest_component == 10
    assert stats.sme["organisations"] == 2 and stats.sme["share_of_ties_with_sme"] == round(2 / 13, 4)


def test_analyze_writes_metrics_back(ecosystem):
    driver, database = ecosystem
    report = analyze(driver, database)
    assert report.written == 11 and report.organisations == 11
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation) RETURN o.id AS id, o.betweenness AS b, o.degree AS d, "
        "o.metrics_computed_at AS at, o.constraint AS c, o.brokerage_liaison AS l",
        database_=database, routing_=RoutingControl.READ,
    )
    rows = {r["id"]: r for r in records}
    expected = nx.betweenness_centrality(reference_graph(), weight="distance")
    G = reference_graph()
    for node, row in rows.items():
        assert row["b"] == pytest.approx(expected[node]) and row["d"] == G.degree(node)
        assert row["at"] == report.computed_at
    assert rows["o10"]["c"] is None  # isolated: constraint undefined, so not stored
    assert rows["o6"]["c"] == pytest.approx(nx.constraint(G, nodes=["o6"], weight="weight")["o6"])


def test_analyze_on_a_narrowed_selection_writes_inline_and_stores_no_cluster_tables(ecosystem, monkeypatch):
    driver, database = ecosystem

    def no_fork(task, main, workers=None):
        raise AssertionError("a narrowed analyze ranks no cluster tables, so it has nothing to run beside")

    monkeypatch.setattr("queries.analyze.run_beside", no_fork)
    report = analyze(driver, database, flt=Selection(kinds=("Firm",)))
    assert report.organisations == 7
    records, _, _ = driver.execute_query(
        "MATCH (r:AnalysisRun) WHERE r.id STARTS WITH 'analysis:latest:pairs:' RETURN count(r) AS n",
        database_=database, routing_=RoutingControl.READ,
    )
    assert records[0]["n"] == 0


def cli_env(monkeypatch, neo4j_settings):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)


def test_cli_prints_tables_json_and_csv(ecosystem, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    assert main(["bridges", "--top", "2"]) == 0
    table = capsys.readouterr().out
    assert "Fraunhofer IPA" in table and "betweenness" in table
    assert main(["bridges", "--top", "2", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"][0]["id"] == "o6" and "betweenness_method" in payload
    assert main(["stats", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("figure,value")
    assert main(["communities", "--format", "json"]) == 0
    assert "nmi" in json.loads(capsys.readouterr().out)
    assert main(["bridges", "--matrix", "--format", "csv"]) == 0
    matrix = capsys.readouterr().out.splitlines()
    assert matrix[0] == "cluster_a,cluster_b,ties,weight,carriers"
    # ids sort as cl_mt < cl_tm while names sort TechnologyMountains < microTEC: carriers still found
    assert matrix[1].startswith("TechnologyMountains,microTEC Südwest,4,4.0,Fraunhofer IPA; ")
    assert main(["analyze", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["written"] == 11


@pytest.mark.parametrize("command", [["bridges"], ["bridges", "--matrix"], ["communities", "--min-size", "2"], ["stats"],
                                     ["partners", "o3"],
                                     ["paths", "o1", "--reach", "cl_tm"]])
def test_every_analytics_command_prints_every_format(command, ecosystem, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    outputs = {}
    for fmt in ("table", "json", "csv"):
        assert main([*command, "--format", fmt]) == 0
        outputs[fmt] = capsys.readouterr().out
    assert isinstance(json.loads(outputs["json"]), dict)
    rows = list(csv.reader(io.StringIO(outputs["csv"])))
    assert len(rows) >= 2 and len({len(row) for row in rows}) == 1, outputs["csv"]
    assert any(len(cell) > 2 and cell in outputs["table"] for cell in rows[1]), outputs
    assert not outputs["table"].lstrip().startswith("{")


def test_cli_bad_input_is_one_line(ecosystem, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    assert main(["stats", "--region", "nuts:DE99"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("innograph: no Region with id or name 'nuts:DE99'") and err.count("\n") == 1
    assert main(["bridges", "--years", "soon"]) == 1
    assert "--years takes FROM-TO" in capsys.readouterr().err


def test_write_properties_sets_removes_and_counts_missing(driver, database):
    from graph.schema import NodeLabel
    from graph.writer import write_nodes, write_properties

    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "x", "name": "X", "kind": "Firm", "constraint": 0.5}])
    stats = write_properties(driver, database, NodeLabel.ORGANISATION, [
        {"id": "x", "constraint": None, "betweenness": 0.25}, {"id": "ghost", "betweenness": 1.0}])
    assert stats.rows == 2 and stats.missing_endpoints == 1 and stats.nodes_created == 0
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation) RETURN o.id AS id, o.constraint AS c, o.betweenness AS b",
        database_=database, routing_=RoutingControl.READ)
    assert [(r["id"], r["c"], r["b"]) for r in records] == [("x", None, 0.25)]


def test_bridges_and_communities_read_what_analyze_stored_until_the_graph_changes(ecosystem):
    from graph.schema import NodeLabel
    from graph.writer import write_nodes
    from queries.bridges import rank_bridges
    from queries.projection_cache import PROJECTIONS, projection

    driver, database = ecosystem
    computed = rank_bridges(projection(driver, database), top=5)
    report = analyze(driver, database)
    assert report.engine == "igraph"
    builds = PROJECTIONS.builds
    stored = bridge_report(driver, database, top=5)
    assert PROJECTIONS.builds == builds  # ranked from the stored metrics, no projection built
    assert [r.id for r in stored.rows] == [r.id for r in computed.rows]
    # igraph's Louvain (stored) and NetworkX's (computed) may split differently: compare the rest
    without_communities = lambda rows: [re.sub(r"; reaches \d+ other detected communities", "", r.explanation) for r in rows]  # noqa: E731
    assert without_communities(stored.rows) == without_communities(computed.rows)
    assert [r.betweenness for r in stored.rows] == pytest.approx([r.betweenness for r in computed.rows])
    assert stored.betweenness_method == report.betweenness_method and stored.organisations == 11
    found = communities(driver, database, min_size=2)
    assert PROJECTIONS.builds == builds
    assert found.compared == 9 and sum(c.size for c in found.communities) <= len(ORGS)
    assert found.to_dict() == communities(driver, database, min_size=2).to_dict()
    # a load changes the graph: the stored metrics are stale, and bridges and communities compute the
    # same metrics again on the lean projection (no NetworkX projection), which analyze then stores
    for newcomer, sort in enumerate(("betweenness", "brokerage", "participation")):
        write_nodes(driver, database, NodeLabel.ORGANISATION,
                    [{"id": f"o9{newcomer}", "name": "Newcomer", "kind": "Firm", "sources": ["src:test"]}])
        again = bridge_report(driver, database, top=5, sort=sort)
        again_communities = communities(driver, database, min_size=2)
        assert PROJECTIONS.builds == builds and again.organisations == 12 + newcomer
        analyze(driver, database)
        stored = bridge_report(driver, database, top=5, sort=sort)
        assert [(r.id, r.explanation) for r in stored.rows] == [(r.id, r.explanation) for r in again.rows]
        assert [r.betweenness for r in stored.rows] == pytest.approx([r.betweenness for r in again.rows])
        assert (stored.betweenness_method, stored.groups, stored.ties) == (again.betweenness_method, again.groups, again.ties)
        assert communities(driver, database, min_size=2).to_dict() == again_communities.to_dict()
    # a selection is projected even while the stored metrics are current
    analyze(driver, database)
    builds = PROJECTIONS.builds
    bridge_report(driver, database, top=3, flt=Selection(kinds=("Firm",)))
    assert PROJECTIONS.builds == builds + 1


def test_analyze_beyond_one_transaction_unstamps_its_run_while_it_writes(ecosystem, monkeypatch):
    """More metric rows than one transaction holds are written batch by batch; while they are written,
    the stored run is not current, so a write that stops half-way is never read as current."""
    import graph.writer
    import queries.analyze
    from queries.stored_metrics import current_analysis

    driver, database = ecosystem
    analyze(driver, database)
    assert current_analysis(driver, database) is not None
    transactions, seen = [], []
    original = graph.writer._run_in_one_transaction

    def counted(*args):
        transactions.append(len(args[3]))
        return original(*args)

    def observed(*args, **kwargs):
        seen.append(current_analysis(driver, database))
        return graph.writer.write_properties(*args, **{**kwargs, "batch_size": 4})

    monkeypatch.setattr(graph.writer, "ATOMIC_UP_TO", 5)
    monkeypatch.setattr(graph.writer, "_run_in_one_transaction", counted)
    monkeypatch.setattr(queries.analyze, "write_properties", observed)
    report = analyze(driver, database)
    assert seen == [None] and report.written == len(ORGS)
    assert transactions == [1, 1, 1]  # 11 rows in batches of 4: three transactions of one batch each
    assert current_analysis(driver, database) is not None
    records, _, _ = driver.execute_query("MATCH (o:Organisation) RETURN count(DISTINCT o.metrics_computed_at) AS runs",
                                         database_=database, routing_=RoutingControl.READ)
    assert records[0]["runs"] == 1


def test_cli_tie_matrix_over_everything_reads_only_cluster_members(ecosystem, monkeypatch, neo4j_settings, capsys):
    from queries.projection_cache import PROJECTIONS

    cli_env(monkeypatch, neo4j_settings)
    builds = PROJECTIONS.builds
    assert main(["bridges", "--matrix", "--format", "json"]) == 0
    assert PROJECTIONS.builds == builds  # the member projection, not the whole graph's
    matrix = json.loads(capsys.readouterr().out)
    assert matrix == json.loads(json.dumps(tie_matrix_of(projection(*ecosystem)).to_dict()))


def test_stats_over_everything_read_what_analyze_stored_until_the_graph_changes(ecosystem, monkeypatch):
    import queries.stats
    from graph.schema import NodeLabel
    from graph.writer import write_nodes
    from queries.stats import ecosystem_stats

    driver, database = ecosystem
    computed = ecosystem_stats(driver, database)
    assert computed.to_dict() == graph_stats(projection(driver, database)).to_dict()
    analyze(driver, database)
    reads = []
    original = queries.stats.tie_arrays
    monkeypatch.setattr(queries.stats, "tie_arrays", lambda *a, **k: reads.append(1) or original(*a, **k))
    assert ecosystem_stats(driver, database) == computed and reads == []  # stored: no tie read
    assert ecosystem_stats(driver, database, Selection(kinds=("Firm",))).organisations == 7 and reads == [1]
    assert ecosystem_stats(driver, database, top=1) == graph_stats(projection(driver, database), top=1)
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o98", "name": "Later", "kind": "Firm", "sources": ["src:test"]}])
    assert ecosystem_stats(driver, database).organisations == 12  # changed since analyze: computed again


def test_analyze_reads_every_tie_once_for_its_metrics_and_the_stored_figures(ecosystem, monkeypatch):
    import queries.lean_projection
    import queries.stats

    reads = []
    for module in (queries.lean_projection, queries.stats):
        original = module.tie_arrays
        monkeypatch.setattr(module, "tie_arrays", lambda *a, _original=original, **k: reads.append(1) or _original(*a, **k))
    analyze(*ecosystem)
    assert reads == [1]  # the stored figures come from the projection analyze holds anyway
    from queries.stats import store_ecosystem_stats
    from queries.stored_metrics import current_analysis

    assert store_ecosystem_stats(*ecosystem) is None  # analyze holds them; a second run node would make it look stale
    assert current_analysis(*ecosystem) is not None and reads == [1]
