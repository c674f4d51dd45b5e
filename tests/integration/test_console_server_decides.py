"""The server decides what the console may run: its plan, not the text, is checked (issue 14).

The openCypher TCK is the independent corpus: every statement the server types as updating is
refused, every reading one is allowed; the crafted attacks are refused even with the first filter
switched off; and no statement makes the server fetch a URL.
"""

from __future__ import annotations

import pytest
from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import ClientError, Neo4jError

import cli.query
import queries.console
from cli.main import main
from graph.settings import Settings
from queries.console import run_read_only
from queries.cypher_guard import check_read_only
from queries.errors import QueryFailed, WriteRefused
from queries.plan_guard import plan_refusal
from tests.console_attacks import CRAFTED, KEYWORD_NAMES
from tests.http_listener import http_listener  # noqa: F401 (a fixture)
from tests.integration.test_console_read_only import snapshot
from tests.integration.export_graph import write_small_ecosystem
from tests.tck import tck_statements

UPDATING = ("w", "rw", "s")


def _tck_verdicts(driver: Driver, database: str) -> list[tuple[str, str, str, str | None, str | None]]:
    """(statement, where, server's query type or 'error', first filter's refusal, plan's refusal)."""
    verdicts = []
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        for statement in {s.cypher: s for s in tck_statements()}.values():
            try:
                check_read_only(statement.cypher)
                first = None
            except WriteRefused as refused:
                first = str(refused)
            try:
                summary = session.run("EXPLAIN " + statement.cypher).consume()
            except Neo4jError:
                verdicts.append((statement.cypher, statement.where, "error", first, None))
                continue
            verdicts.append((statement.cypher, statement.where, summary.query_type, first,
                             plan_refusal(summary.plan, summary.query_type)))
    return verdicts


def test_the_tck_updating_statements_are_refused_and_reading_ones_allowed(driver: Driver, database: str) -> None:
    verdicts = _tck_verdicts(driver, database)
    updating = [v for v in verdicts if v[2] in UPDATING]
    reading = [v for v in verdicts if v[2] == "r"]
    assert len(updating) > 500 and len(reading) > 2500, "the TCK corpus was not read"
    # The server's plan alone refuses every updating statement, whatever the first filter says.
    assert [v[:2] for v in updating if v[4] is None] == []
    # Every reading statement passes both the first filter and the plan check.
    assert [(v[0], v[1], v[3] or v[4]) for v in reading if v[3] or v[4]] == []
    # The TCK's own test.* procedures do not exist on a server: it cannot plan them, so they never run.
    procedure_tests = [v for v in verdicts if "CALL test." in v[0]]
    assert procedure_tests and all(v[2] == "error" for v in procedure_tests)


def _refused_without_effect(run, driver: Driver, database: str, listener) -> list[str]:
    before = snapshot(driver, database)
    let_through = []
    for template in CRAFTED:
        cypher = template.replace("{url}", listener.url)
        try:
            run(cypher)
            let_through.append(cypher)
        except (WriteRefused, QueryFailed):
            pass
    assert listener.requests == []
    assert snapshot(driver, database) == before
    return let_through


def test_every_crafted_attack_is_refused_and_nothing_is_fetched(driver: Driver, database: str, http_listener) -> None:
    write_small_ecosystem(driver, database)
    assert _refused_without_effect(lambda c: run_read_only(driver, database, c), driver, database, http_listener) == []


def test_the_server_refuses_them_with_the_first_filter_switched_off(
    driver: Driver, database: str, http_listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_ecosystem(driver, database)
    monkeypatch.setattr(queries.console, "check_read_only", lambda cypher: None)
    assert _refused_without_effect(lambda c: run_read_only(driver, database, c), driver, database, http_listener) == []
    with pytest.raises(WriteRefused, match="LOAD CSV"):
        run_read_only(driver, database, "LOAD CSV FROM $url AS l RETURN l", {"url": http_listener.url})


def test_keywords_used_as_names_are_read(driver: Driver, database: str) -> None:
    write_small_ecosystem(driver, database)
    for cypher in KEYWORD_NAMES:
        run_read_only(driver, database, cypher)
    assert run_read_only(driver, database, "RETURN {start: 0}.start AS s").rows == [[0]]


def test_the_cli_console_makes_the_server_fetch_nothing(
    driver: Driver, database: str, neo4j_settings: Settings, http_listener, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", neo4j_settings.database)):
        monkeypatch.setenv(name, value)
    for switched_off in (False, True):
        if switched_off:  # the first filter off in both places the CLI calls it: the plan still decides
            monkeypatch.setattr(cli.query, "check_read_only", lambda cypher: None)
            monkeypatch.setattr(queries.console, "check_read_only", lambda cypher: None)
        for template in CRAFTED:
            assert main(["query", template.replace("{url}", http_listener.url)]) == 1
            assert capsys.readouterr().err.startswith("innograph: ")
    assert http_listener.requests == []


def test_the_local_server_itself_refuses_load_csv_from_files_and_addresses(
    driver: Driver, database: str, http_listener
) -> None:
    """Defence in depth, outside the console: the launcher's configuration (docs/reliability.md)."""
    for url in (http_listener.url, "file:///etc/passwd"):
        with pytest.raises(ClientError, match="ExternalResourceFailed"):
            driver.execute_query("LOAD CSV FROM $url AS l RETURN l", url=url, database_=database)
    assert http_listener.requests == []
