"""``innograph load demo`` against issue 12's figures for names, places and projects (items 4–6):
ALL-CAPS display names ≤ 5 % of multi-word organisations (85 % before), ≥ 90 % of BW organisations with
coordinates (23 % before), every H2020 project with a programme part (none before)."""

from __future__ import annotations

import pytest
from neo4j import RoutingControl

from loaders.demo import load_demo
from queries.overview import filter_options, sources
from queries.projection import build_projection
from queries.selection import Selection
from queries.subgraph import select_subgraph



def _one(driver, database, cypher):
    records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    return dict(records[0])


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    report = load_demo(session_driver, neo4j_settings.database, progress=False)
    return session_driver, neo4j_settings.database, report


def test_few_display_names_are_in_capitals(demo):
    driver, database, _ = demo
    row = _one(driver, database, "MATCH (o:Organisation) WHERE size(split(trim(o.name), ' ')) >= 2 "
               "RETURN count(o) AS multi, count(CASE WHEN o.name = toUpper(o.name) THEN 1 END) AS capitals")
    assert row["multi"] > 2000 and row["capitals"] <= 0.05 * row["multi"]
    tuebingen = _one(driver, database, "MATCH (o:Organisation) WHERE 'EBERHARD KARLS UNIVERSITAET TUEBINGEN' IN o.aliases "
                     "RETURN o.name AS name, o.aliases AS aliases")
    assert tuebingen["name"] == "Eberhard Karls Universität Tübingen"


def test_bw_organisations_have_coordinates_and_a_kreis(demo):
    driver, database, report = demo
    row = _one(driver, database, "MATCH (o:Organisation) WHERE o.region STARTS WITH 'nuts:DE1' OR "
               "o.region STARTS WITH 'kreis:' RETURN count(o) AS bw, "
               "count(CASE WHEN o.lat IS NOT NULL AND o.lon IS NOT NULL THEN 1 END) AS placed, "
               "count(CASE WHEN o.region STARTS WITH 'kreis:' THEN 1 END) AS in_kreis")
    assert row["bw"] > 900 and row["placed"] >= 0.9 * row["bw"] and row["in_kreis"] >= 0.9 * row["bw"]
    assert any("left unplaced" in note for note in report.notes)  # ambiguous names are counted, not guessed
    kreise = _one(driver, database, "MATCH (k:Region {level: 'kreis'})-[:PART_OF]->(:Region {id: 'nuts:DE11'}) "
                  "RETURN count(k) AS n")
    assert kreise["n"] == 13  # the Kreise of the Regierungsbezirk Stuttgart
    source = _one(driver, database, "MATCH (s:Source {id: 'src:geonames'}) RETURN s.licence AS licence, "
                  "s.attribution AS attribution")
    assert source["licence"] == "CC BY 4.0" and "GeoNames" in source["attribution"]


def test_region_filters_reach_the_organisations_of_their_kreise(demo):
    """Analysts filter by Landkreis, and a Regierungsbezirk or the state still covers its Kreise."""
    driver, database, _ = demo
    esslingen = build_projection(driver, database, Selection(regions=("kreis:08116",)))
    district = build_projection(driver, database, Selection(regions=("nuts:DE11",)))
    assert esslingen.number_of_nodes() > 10 and set(esslingen) < set(district)
    assert {d["region"] for _, d in esslingen.nodes(data=True)} == {"kreis:08116"}
    selected = select_subgraph(driver, database, Selection(regions=("nuts:DE11",)))
    assert {n.id for n in selected.nodes} >= set(esslingen)


def test_the_new_sources_are_listed_with_licence_and_attribution(demo):
    """The Data page and the Overview's source table read these Source nodes."""
    driver, database, _ = demo
    listed = {s.id: s for s in sources(driver, database)}
    # nodes citing the source: the 44 Kreise, the H2020 projects, the projects with a topic title; each Source cites itself
    for source_id, cited_by in (("src:geonames", 44 + 1), ("src:h2020-programme-parts", 1849 + 1),
                                ("src:h2020-topics", 537 + 1)):
        assert listed[source_id].licence.startswith("CC BY 4.0") and listed[source_id].attribution
        assert listed[source_id].nodes == cited_by
    regions = {r.id for r in filter_options(driver, database).regions}
    assert {"kreis:08116", "nuts:DE11", "nuts:DE1"} <= regions  # a district is offered although its organisations sit in Kreise


def test_every_h2020_project_has_a_programme_part(demo):
    driver, database, _ = demo
    row = _one(driver, database, "MATCH (p:Project {programme: 'H2020'}) RETURN count(p) AS n, "
               "count(p.programme_part) AS with_part, count(p.topic_title) AS with_topic")
    assert row["n"] == 1849 and row["with_part"] == row["n"] and row["with_topic"] > 500
    undated = _one(driver, database, "MATCH (p:Project {programme: 'FP7'}) WHERE p.start_year IS NULL "
                   "RETURN count(p) AS n, collect(DISTINCT p.period) AS periods")
    assert undated["n"] > 0 and undated["periods"] == ["2007–2013"]


def test_a_reload_changes_no_name_alias_or_place(demo):
    """Restored names are read back from the graph as records on the next load: nothing may change."""
    driver, database, _ = demo
    query = ("MATCH (o:Organisation) RETURN o.id AS id, o.name AS name, "
             "COLLECT { UNWIND o.aliases AS a RETURN a ORDER BY a } AS aliases, o.region AS region, o.lat AS lat "
             "ORDER BY id")
    before, _, _ = driver.execute_query(query, database_=database, routing_=RoutingControl.READ)
    load_demo(driver, database, progress=False)
    after, _, _ = driver.execute_query(query, database_=database, routing_=RoutingControl.READ)
    assert [dict(r) for r in after] == [dict(r) for r in before]
