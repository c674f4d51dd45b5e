"""Issue 17: one selection, one meaning. On the demo data, five selections pick exactly the same
organisations on the map (dashboard subgraph read), in the export (``innograph export``), on the
bridges page (its projection read) and in the analytics CLI (``innograph stats``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import RoutingControl

from cli.main import build_parser, main
from cli.selection import selection_from_args
from dashboard import data
from graph.admin import clear_database
from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from loaders import load
from queries.projection_cache import projection
from queries.selection import Selection


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    clear_database(session_driver, neo4j_settings.database)
    load(session_driver, neo4j_settings, "demo", progress=False)
    # The demo's fields have no hierarchy (its CORDIS slice has no EuroSciVoc file): two of its fields
    # become narrower fields of a broader one, as EuroSciVoc's would be.
    records, _, _ = session_driver.execute_query(
        "MATCH (:Organisation)-[:WORKS_ON]->(f:TechnologyField) RETURN DISTINCT f.id AS id ORDER BY id LIMIT 2",
        database_=neo4j_settings.database, routing_=RoutingControl.READ)
    write_nodes(session_driver, neo4j_settings.database, NodeLabel.FIELD,
                [{"id": "field:test:broad", "name": "Broad test field", "sources": ["src:test"]}])
    write_relationships(session_driver, neo4j_settings.database, RelType.BROADER,
                        [{"start": r["id"], "end": "field:test:broad", "sources": ["src:test"]} for r in records])
    return session_driver, neo4j_settings.database


def one(driver, database, cypher: str) -> dict:
    records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    assert records, "the demo data lacks the case this test needs"
    return records[0].data()


def selections(driver, database) -> dict[str, tuple[list[str], Selection, str | None]]:
    """Each selection as CLI arguments and as the dashboard's filter widgets build it, and an
    organisation only the documented semantics include."""
    region = one(driver, database, """
        MATCH (o:Organisation)-[:LOCATED_IN]->(:Region)-[:PART_OF*1..3]->(r:Region)
        WHERE coalesce(o.region, '') <> r.id AND NOT (o)-[:LOCATED_IN]->(r)
        RETURN r.id AS region, o.id AS org ORDER BY r.id, o.id LIMIT 1""")
    field = one(driver, database, """
        MATCH (o:Organisation)-[:WORKS_ON]->(:TechnologyField)-[:BROADER*1..3]->(f:TechnologyField)
        WHERE f.name IS NOT NULL AND NOT (o)-[:WORKS_ON]->(f)
        RETURN f.name AS field, o.id AS org ORDER BY f.id, o.id LIMIT 1""")
    cluster = one(driver, database, """
        MATCH (o:Organisation)-[:PARTNER_OF]->(c:ClusterInitiative)
        WHERE NOT (o)-[:MEMBER_OF]->(c) AND NOT (o)-[:SUBUNIT_OF]-(:Organisation)-[:MEMBER_OF]->(c)
        RETURN c.id AS cluster, o.id AS org ORDER BY c.id, o.id LIMIT 1""")
    return {
        "region with sub-regions": (["--region", region["region"]], Selection(regions=(region["region"],)), region["org"]),
        "field with narrower fields (by name)": (["--field", field["field"]], Selection(fields=(field["field"],)),
                                                 field["org"]),
        "cluster with partners": (["--cluster", cluster["cluster"], "--include-partners"],
                                  Selection(clusters=(cluster["cluster"],), include_partners=True), cluster["org"]),
        "year range": (["--years", "2016-2019"], Selection(years=(2016, 2019)), None),
        "minimum weight": (["--min-weight", "2"], Selection(min_weight=2), None),
    }


def test_map_export_bridges_and_cli_select_the_same_organisations(demo, tmp_path: Path, monkeypatch,
                                                                   neo4j_settings, capsys) -> None:
    driver, database = demo
    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", database)):
        monkeypatch.setenv(name, value)
    everyone = {n for n in projection(driver, database, Selection()).nodes}
    for case, (argv, selection, must_include) in selections(driver, database).items():
        on_map = {n.id for n in data.subgraph(driver, database, selection.for_view(limit=None)).nodes
                  if "Organisation" in n.labels}
        on_bridges_page = set(projection(driver, database, selection).nodes)  # what bridge_report projects
        in_cli = set(projection(driver, database, selection_from_args(build_parser().parse_args(["stats", *argv]))).nodes)
        out = tmp_path / "selection.json"
        assert main(["export", "-o", str(out), *argv]) == 0, capsys.readouterr().err
        capsys.readouterr()
        exported = {n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"] if "Organisation" in n["labels"]}
        assert main(["stats", "--format", "json", *argv]) == 0, capsys.readouterr().err
        stats = json.loads(capsys.readouterr().out)

        assert on_map == exported == on_bridges_page == in_cli, case
        assert stats["organisations"] == len(in_cli), case
        assert on_map, case
        if must_include:
            assert must_include in on_map and on_map < everyone, case
        else:
            assert on_map == everyone, case  # years and tie weight keep ties, not organisations
