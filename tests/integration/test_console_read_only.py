"""The console against the real server: writes refused and nothing changed, runaways stopped, reads answered."""

from __future__ import annotations

import time

import pytest
from neo4j import Driver

import queries.console
from graph.admin import count_by_label, count_by_type
from queries.console import run_read_only
from queries.errors import QueryFailed, QueryTimedOut, WriteRefused
from tests.integration.export_graph import write_dense_clique, write_small_ecosystem
from tests.unit.test_console_guard import WRITES


def snapshot(driver: Driver, database: str) -> tuple:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id", database_=database)
    return count_by_label(driver, database), count_by_type(driver, database), [r.data() for r in records]


def test_every_disguised_write_is_refused_and_the_database_is_unchanged(driver: Driver, database: str) -> None:
    write_small_ecosystem(driver, database)
    before = snapshot(driver, database)
    for cypher in WRITES:
        with pytest.raises(WriteRefused):
            run_read_only(driver, database, cypher)
    assert snapshot(driver, database) == before


def test_the_server_refuses_writes_even_if_the_guard_let_one_through(
    driver: Driver, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last fence: the READ session. The first filter and the plan check are switched off to prove it."""
    write_small_ecosystem(driver, database)
    before = snapshot(driver, database)
    monkeypatch.setattr(queries.console, "check_read_only", lambda cypher: None)
    monkeypatch.setattr(queries.console, "check_plan", lambda *args: None)
    for cypher in ("CREATE (n:Organisation {id: 'evil'})", "MATCH (n {id: 'o1'}) SET n.name = 'x'",
                   "MATCH (n) DETACH DELETE n"):
        with pytest.raises(WriteRefused, match="server refused"):
            run_read_only(driver, database, cypher)
    assert snapshot(driver, database) == before


def test_a_runaway_path_query_is_stopped_by_the_server_and_the_server_still_answers(
    driver: Driver, database: str
) -> None:
    write_dense_clique(driver, database, size=40)
    started = time.monotonic()
    with pytest.raises(QueryTimedOut, match="longer than 5 s"):
        run_read_only(driver, database, "MATCH p = (a)-[*]-(b) RETURN count(p) AS runaway_marker", timeout=5)
    elapsed = time.monotonic() - started
    assert 4 <= elapsed < 20
    follow_up = run_read_only(driver, database, "MATCH (n:Organisation) RETURN count(n) AS n")
    assert follow_up.rows == [[40]]
    assert _running(driver, database, "runaway" + "_marker") == 0


def _running(driver: Driver, database: str, marker: str) -> int:
    """Transactions still running the query (a moment's grace for the server to clean up)."""
    for _ in range(10):
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n",
            marker=marker, database_=database)
        if records[0]["n"] == 0:
            return 0
        time.sleep(0.5)
    return records[0]["n"]


def test_rows_are_limited_and_values_made_plain(driver: Driver, database: str) -> None:
    write_small_ecosystem(driver, database)
    result = run_read_only(driver, database, "MATCH (p:Project) RETURN p.acronym AS a, p.start_date AS d ORDER BY a",
                           limit=2)
    assert result.columns == ["a", "d"]
    assert result.rows == [["ONE", "2016-02-01"], ["THREE", None]]
    assert result.truncated is True
    assert result.subgraph is None


def test_parameters_travel_separately_and_graph_results_become_a_subgraph(driver: Driver, database: str) -> None:
    write_small_ecosystem(driver, database)
    result = run_read_only(driver, database,
                           "MATCH (o:Organisation {id: $id})-[r:MEMBER_OF]->(c) RETURN o, r, c ORDER BY c.id",
                           {"id": "o2"})
    assert not result.truncated and len(result.rows) == 2
    assert result.rows[0][0]["properties"]["name"] == 'Uni "Beta" <Karlsruhe> & Co'
    assert {n.id for n in result.subgraph.nodes} == {"o2", "ci:a", "ci:b"}
    assert len(result.subgraph.relationships) == 2


def test_syntax_errors_are_one_readable_line(driver: Driver, database: str) -> None:
    with pytest.raises(QueryFailed, match="could not parse"):
        run_read_only(driver, database, "MATCH (n RETURN n")
