"""Taking a source back: load the demo, load a workbook on top, remove the workbook's source →
the graph is as before (counts and property checksum), and the removal is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph.admin import clear_database
from loaders.demo import load_demo
from loaders.sources import UnknownSource, list_sources, remove_source
from loaders.workbook import load_workbook
from tests.graph_checksum import graph_checksum, graph_rows, row_diff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    """The demo loaded once for the module, and its checksum."""
    clear_database(session_driver, neo4j_settings.database)
    load_demo(session_driver, neo4j_settings.database, progress=False)
    return graph_checksum(session_driver, neo4j_settings.database)


@pytest.mark.parametrize("workbook, source_id", [
    ("agenda_workbook", "src:agenda-test"),
    ("small_ecosystem", "src:workbook:example"),  # shares Universität Stuttgart & co. with the demo
])
def test_load_then_remove_gives_the_graph_as_before(session_driver, database, demo, workbook, source_id):
    before_rows = graph_rows(session_driver, database)
    load_workbook(session_driver, database, FIXTURES / workbook, progress=False)
    loaded = graph_checksum(session_driver, database)
    assert loaded != demo
    listed = {s.id: s for s in list_sources(session_driver, database)}
    assert listed[source_id].nodes > 0 and len(listed[source_id].runs) == 1

    preview = remove_source(session_driver, database, source_id, dry_run=True)
    assert graph_checksum(session_driver, database) == loaded  # a dry run writes nothing
    done = remove_source(session_driver, database, source_id)

    assert row_diff(before_rows, graph_rows(session_driver, database)) == []
    assert graph_checksum(session_driver, database) == demo
    assert (done.nodes_deleted, done.node_tags_removed, done.load_runs_deleted) == (
        preview.nodes_deleted, preview.node_tags_removed, preview.load_runs_deleted)
    assert done.nodes_deleted == loaded["nodes"] - demo["nodes"] - done.load_runs_deleted
    assert done.relationships_deleted == loaded["relationships"] - demo["relationships"]
    assert source_id not in {s.id for s in list_sources(session_driver, database)}


def test_an_interrupted_removal_is_finished_by_running_it_again(session_driver, database, demo):
    """Half a removal (the relationship steps only) followed by a full one ends where one full removal does."""
    from loaders import sources

    load_workbook(session_driver, database, FIXTURES / "agenda_workbook", progress=False)
    with session_driver.session(database=database) as session:
        for step in (sources._UNTAG_RELATIONSHIPS, sources._DELETE_RELATIONSHIPS):
            session.run(step, id="src:agenda-test").consume()
    remove_source(session_driver, database, "src:agenda-test")
    assert graph_checksum(session_driver, database) == demo
    with pytest.raises(UnknownSource):
        remove_source(session_driver, database, "src:agenda-test")


def test_shared_nodes_lose_only_the_tag(session_driver, database, demo):
    load_workbook(session_driver, database, FIXTURES / "small_ecosystem", progress=False)
    cypher = "MATCH (o:Organisation {pic: '999974747'}) RETURN o.sources AS sources"
    records, _, _ = session_driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    assert "src:workbook:example" in records[0]["sources"]
    remove_source(session_driver, database, "src:workbook:example")
    records, _, _ = session_driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    assert records and "src:workbook:example" not in records[0]["sources"]


def test_an_unknown_source_is_one_clear_error_with_suggestions(session_driver, database, demo):
    with pytest.raises(UnknownSource, match=r"no source 'src:cordis-h202' .*did you mean src:cordis-h2020"):
        remove_source(session_driver, database, "src:cordis-h202", dry_run=True)


def test_values_a_source_restated_come_back_from_the_others(session_driver, database, demo, tmp_path):
    """A workbook restates a demo member, its membership (another ``since``) and its cluster (another
    website) and renames the member; taken back, the demo's own values are there again."""
    found, _, _ = session_driver.execute_query(
        "MATCH (o:Organisation)-[m:MEMBER_OF]->(c:ClusterInitiative) WHERE o.pic IS NOT NULL "
        "RETURN o.pic AS pic, c.id AS cluster, c.name AS cluster_name, o.name AS name, m.since AS since "
        "ORDER BY c.id, o.id LIMIT 1", database_=database, routing_=RoutingControl.READ)
    member = found[0]
    book = tmp_path / "restating"
    book.mkdir()
    (book / "sources.csv").write_text("id;name;licence\nsrc:restating;Restating list;CC0\n", encoding="utf-8")
    (book / "organisations.csv").write_text(f"id;name;kind;pic\nm1;Umbenannt GmbH;Other;{member['pic']}\n",
                                            encoding="utf-8")
    (book / "clusters.csv").write_text(f"id;name;website\n{member['cluster']};{member['cluster_name']};"
                                       "https://elsewhere.example\n", encoding="utf-8")
    (book / "memberships.csv").write_text(f"organisation;cluster;since\nm1;{member['cluster']};1999-01-01\n",
                                          encoding="utf-8")
    before_rows = graph_rows(session_driver, database)
    load_workbook(session_driver, database, book, progress=False)
    changed, _, _ = session_driver.execute_query(
        "MATCH (o:Organisation {pic: $pic})-[m:MEMBER_OF]->(c:ClusterInitiative {id: $cluster}) "
        "RETURN o.name AS name, m.since AS since, c.website AS website", pic=member["pic"],
        cluster=member["cluster"], database_=database, routing_=RoutingControl.READ)
    assert (changed[0]["name"], changed[0]["since"], changed[0]["website"]) == (
        "Umbenannt GmbH", "1999-01-01", "https://elsewhere.example")
    preview = remove_source(session_driver, database, "src:restating", dry_run=True)
    done = remove_source(session_driver, database, "src:restating")
    assert done.redecided == preview.redecided >= 3  # the organisation, the cluster, the membership
    assert row_diff(before_rows, graph_rows(session_driver, database)) == []


def test_a_loads_review_list_is_about_what_it_loaded(session_driver, database, demo, tmp_path):
    """The demo's own undecided pairs (listed when the demo was loaded) are not listed again."""
    book = tmp_path / "members"
    book.mkdir()
    (book / "sources.csv").write_text("id;name;licence\nsrc:review-test;Review test;CC0\n", encoding="utf-8")
    (book / "organisations.csv").write_text("id;name;city\nm1;EnBW;Karlsruhe\nm2;Neue Werkstatt GmbH;Ulm\n",
                                            encoding="utf-8")
    report = load_workbook(session_driver, database, book, progress=False)
    try:
        assert report.review and {item["name"] for item in report.review} <= {"EnBW", "Neue Werkstatt GmbH"}
    finally:
        remove_source(session_driver, database, "src:review-test")
