"""The real server answers, the schema exists, and the writer is idempotent and all-or-nothing."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.admin import count_by_label, count_by_type
from graph.errors import WriteError
from graph.schema import NodeLabel, RelType, ensure_schema
from graph.writer import write_nodes, write_relationships


def test_real_neo4j_5_answers(driver: Driver, database: str) -> None:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition",
        database_=database,
    )
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["v"].startswith("5.")
    assert records[0]["edition"] == "community"


def test_constraints_exist_and_schema_is_idempotent(driver: Driver, database: str) -> None:
    ensure_schema(driver, database)
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes[0] AS label, properties, type",
        database_=database,
    )
    unique = {r["label"] for r in records if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert {label.value for label in NodeLabel} <= unique


def test_writing_the_same_1000_records_twice_leaves_1000_nodes(driver: Driver, database: str) -> None:
    rows = [{"id": f"org-{i}", "name": f"Organisation {i}", "kind": "Firm", "sources": ["test"]} for i in range(1000)]
    first = write_nodes(driver, database, NodeLabel.ORGANISATION, rows, batch_size=300)
    second = write_nodes(driver, database, NodeLabel.ORGANISATION, rows, batch_size=300)
    assert first.nodes_created == 1000
    assert second.nodes_created == 0
    assert count_by_label(driver, database) == {"Organisation": 1000, "Firm": 1000}


def test_unknown_values_never_erase_and_lists_are_unions(driver: Driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION,
                [{"id": "o1", "name": "Uni", "city": "Stuttgart", "kind": "University", "sources": ["a"], "aliases": ["X"]}])
    write_nodes(driver, database, NodeLabel.ORGANISATION,
                [{"id": "o1", "name": "Universität", "city": None, "kind": "University", "sources": ["b", "a"], "aliases": ["Y"]}])
    records, _, _ = driver.execute_query("MATCH (n:Organisation {id: 'o1'}) RETURN n", database_=database)
    node = records[0]["n"]
    assert node["name"] == "Universität"
    assert node["city"] == "Stuttgart"
    assert node["sources"] == ["a", "b"]
    assert node["aliases"] == ["X", "Y"]


def test_kind_label_is_replaced_and_ministry_is_a_public_body(driver: Driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "m", "name": "WM", "kind": "Other"}])
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "m", "name": "WM", "kind": "Ministry"}])
    records, _, _ = driver.execute_query("MATCH (n {id: 'm'}) RETURN labels(n) AS labels", database_=database)
    assert sorted(records[0]["labels"]) == ["Ministry", "Organisation", "PublicBody"]


def test_relationships_match_endpoints_and_report_missing_ones(driver: Driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o1", "name": "A", "kind": "Firm"}])
    write_nodes(driver, database, NodeLabel.CLUSTER, [{"id": "c1", "name": "Cluster"}])
    rows = [{"start": "o1", "end": "c1", "since": 2020}, {"start": "nobody", "end": "c1"}]
    stats = write_relationships(driver, database, RelType.MEMBER_OF, rows)
    again = write_relationships(driver, database, RelType.MEMBER_OF, rows)
    assert (stats.relationships_created, stats.missing_endpoints) == (1, 1)
    assert stats.missing_examples == [("nobody", "c1")]
    assert again.relationships_created == 0
    assert count_by_type(driver, database) == {"MEMBER_OF": 1}
    assert count_by_label(driver, database) == {"Organisation": 1, "Firm": 1, "ClusterInitiative": 1}


def test_merge_keys_keep_distinct_roles_apart(driver: Driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o1", "name": "A", "kind": "Firm"}])
    write_nodes(driver, database, NodeLabel.CLUSTER, [{"id": "c1", "name": "Cluster"}])
    rows = [{"start": "o1", "end": "c1", "role": "founder"}, {"start": "o1", "end": "c1", "role": "supporter"}]
    write_relationships(driver, database, RelType.PARTNER_OF, rows, merge_keys=["role"])
    write_relationships(driver, database, RelType.PARTNER_OF, rows, merge_keys=["role"])
    assert count_by_type(driver, database) == {"PARTNER_OF": 2}


def test_a_failing_batch_leaves_nothing_behind(driver: Driver, database: str) -> None:
    good = [{"id": f"o{i}", "name": "n", "kind": "Firm"} for i in range(5)]
    bad = good + [{"id": "o-bad", "name": {"nested": "maps are not property values"}, "kind": "Firm"}]
    with pytest.raises(WriteError, match="rolled back"):
        write_nodes(driver, database, NodeLabel.ORGANISATION, bad, batch_size=100)
    assert count_by_label(driver, database) == {}


def test_property_names_are_checked(driver: Driver, database: str) -> None:
    with pytest.raises(WriteError, match="not a valid property name"):
        write_nodes(driver, database, NodeLabel.CLUSTER, [{"id": "c", "name} DETACH DELETE n //": 1}])


def test_batches_before_a_failing_one_stay_and_none_after_it_is_written(driver: Driver, database: str) -> None:
    rows = [{"id": f"o{i}", "name": "n", "kind": "Firm"} for i in range(9)]
    rows[4]["name"] = {"nested": "maps are not property values"}
    with pytest.raises(WriteError, match="rolled back"):
        write_nodes(driver, database, NodeLabel.ORGANISATION, rows, batch_size=3)
    assert count_by_label(driver, database) == {"Organisation": 3, "Firm": 3}


def test_concurrent_batches_of_distinct_organisations_write_each_once_with_its_kind(driver: Driver, database: str) -> None:
    kinds = ("Firm", "University", "ResearchInstitute", "Other")
    rows = [{"id": f"org-{i}", "name": f"Organisation {i}", "kind": kinds[i % 4], "sources": ["test"],
             "aliases": [f"Org {i}"]} for i in range(12_000)]
    stats = write_nodes(driver, database, NodeLabel.ORGANISATION, rows, batch_size=500, distinct_keys=True)
    assert (stats.rows, stats.nodes_created) == (12_000, 12_000)
    counts = count_by_label(driver, database)
    assert counts["Organisation"] == 12_000 and counts["Firm"] == counts["University"] == 3_000
    records, _, _ = driver.execute_query("MATCH (n:Organisation {id: 'org-7'}) RETURN n.aliases_text AS text",
                                         database_=database)
    assert records[0]["text"] == "Org 7"


def test_a_failed_concurrent_batch_is_one_error(driver: Driver, database: str) -> None:
    rows = [{"id": f"org-{i}", "name": f"Organisation {i}", "kind": "Firm"} for i in range(3_000)]
    rows[1_700]["bad name"] = 1
    with pytest.raises(WriteError, match="not a valid property name"):
        write_nodes(driver, database, NodeLabel.ORGANISATION, rows, batch_size=500, distinct_keys=True)
