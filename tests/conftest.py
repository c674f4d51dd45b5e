"""Fixtures: a real Neo4j started for the session, emptied before every test that uses it.

A Neo4j that cannot start fails the tests that need it; nothing is skipped.
"""

from __future__ import annotations

from typing import Iterator

import pytest
from neo4j import Driver

from graph import local
from graph.admin import clear_database
from graph.connection import connect
from graph.schema import ensure_schema
from graph.settings import Settings
from tests.neo4j_server import make_test_server


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings, server = make_test_server(tmp_path_factory.mktemp("innograph-test-home"))
    local.start(settings, server, timeout=240)
    try:
        yield settings
    finally:
        local.stop(server)


@pytest.fixture(scope="session")
def session_driver(neo4j_settings: Settings) -> Iterator[Driver]:
    driver = connect(neo4j_settings)
    ensure_schema(driver, neo4j_settings.database)
    yield driver
    driver.close()


@pytest.fixture
def driver(session_driver: Driver, neo4j_settings: Settings) -> Driver:
    """The test server's driver on an empty database (constraints and indexes kept)."""
    clear_database(session_driver, neo4j_settings.database)
    return session_driver


@pytest.fixture
def database(neo4j_settings: Settings) -> str:
    return neo4j_settings.database
