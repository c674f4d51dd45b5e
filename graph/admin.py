"""Whole-database operations: counts for reports and tests, and emptying a database."""

from __future__ import annotations

from neo4j import Driver, RoutingControl


def count_by_label(driver: Driver, database: str) -> dict[str, int]:
    """Nodes per label (a node with two labels counts under both)."""
    records, _, _ = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label",
        database_=database,
        routing_=RoutingControl.READ,
    )
    return {r["label"]: r["n"] for r in records}


def count_by_type(driver: Driver, database: str) -> dict[str, int]:
    """Relationships per type."""
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type",
        database_=database,
        routing_=RoutingControl.READ,
    )
    return {r["type"]: r["n"] for r in records}


def clear_database(driver: Driver, database: str) -> None:
    """Delete every node and relationship in batches; constraints and indexes stay.

    Relationships go first, in their own batches: a DETACH DELETE of a hub with a million ties
    would otherwise put them all into one transaction and exhaust the server's memory.
    """
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
