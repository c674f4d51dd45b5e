"""Whole-database operations: counts for reports and tests, and emptying a database."""

from __future__ import annotations

from neo4j import Driver, RoutingControl


def count_by_label(driver: Driver, database: str) -> dict[str, int]:
    """Nodes per label (a node with two labels counts under both)."""
    return _counts(driver, database, "MATCH (n) UNWIND labels(n) AS key RETURN key, count(*) AS n ORDER BY key")


def count_by_type(driver: Driver, database: str) -> dict[str, int]:
    """Relationships per type."""
    return _counts(driver, database, "MATCH ()-[r]->() RETURN type(r) AS key, count(*) AS n ORDER BY key")


def _counts(driver: Driver, database: str, cypher: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    return {r["key"]: r["n"] for r in records}


def clear_database(driver: Driver, database: str) -> None:
    """Delete every node and relationship in batches; constraints and indexes stay.

    Relationships go first, in their own batches: a DETACH DELETE of a hub with a million ties
    would otherwise put them all into one transaction and exhaust the server's memory.
    """
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
