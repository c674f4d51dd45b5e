"""One load entry (issue 14): the CLI and the dashboard both create the schema before they write."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from graph.schema import ensure_schema, schema_statements
from graph.settings import Settings
from loaders import load

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small_ecosystem"


def _drop_schema(driver: Driver, database: str) -> None:
    """Drop innograph's constraints and indexes, each named by graph.schema (never by user input)."""
    for statement in schema_statements():
        words = statement.split()
        kind = "CONSTRAINT" if words[1] == "CONSTRAINT" else "INDEX"
        name = words[words.index("IF") - 1]
        driver.execute_query("DROP " + kind + " " + name + " IF EXISTS", database_=database)


def _constraint_count(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n", database_=database)
    return records[0]["n"]


@pytest.fixture
def fresh_database(driver: Driver, database: str):
    """An empty database without innograph's constraints and indexes, put back afterwards."""
    _drop_schema(driver, database)
    assert _constraint_count(driver, database) == 0
    yield driver
    ensure_schema(driver, database)


def test_load_creates_the_schema_on_a_fresh_database(fresh_database: Driver, database: str,
                                                     neo4j_settings: Settings, tmp_path: Path) -> None:
    load(fresh_database, neo4j_settings, "workbook", FIXTURE, progress=False, report_dir=tmp_path)
    expected = sum(1 for s in schema_statements() if s.startswith("CREATE CONSTRAINT"))
    assert _constraint_count(fresh_database, database) == expected


def test_the_dashboard_load_demo_creates_the_schema(fresh_database: Driver, database: str,
                                                    neo4j_settings: Settings, monkeypatch, tmp_path: Path) -> None:
    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", database),
                        ("INNOGRAPH_HOME", str(tmp_path))):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("INNOGRAPH_READONLY", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=300)
    app.session_state["lang"] = "en"
    app.run()
    app.switch_page("app_pages/data_sources.py").run()
    app.button(key="data.load_demo").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert _constraint_count(fresh_database, database) > 0
    records, _, _ = fresh_database.execute_query("MATCH (c:ClusterInitiative) RETURN count(c) AS n", database_=database)
    assert records[0]["n"] > 10
    st.cache_data.clear()
    st.cache_resource.clear()


def test_an_unknown_source_is_named(driver: Driver, neo4j_settings: Settings) -> None:
    with pytest.raises(ValueError, match="one of demo, workbook, cordis, ror"):
        load(driver, neo4j_settings, "wikidata")
