"""Dashboard tests: the test Neo4j loaded with the small fixture graph, and an AppTest per page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard.fixture_graph import load_fixture

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TIMEOUT = 60


@pytest.fixture(scope="module")
def loaded(session_driver, neo4j_settings):
    """The fixture graph, loaded once per test module (pages only read)."""
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    load_fixture(session_driver, neo4j_settings.database)
    return neo4j_settings


@pytest.fixture
def app_env(monkeypatch, neo4j_settings):
    """Point the dashboard at the test Neo4j and start with empty caches."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)
    monkeypatch.delenv("INNOGRAPH_READONLY", raising=False)
    st.cache_data.clear()
    yield monkeypatch
    st.cache_data.clear()


@pytest.fixture
def open_page(loaded, app_env):
    """``open_page("network_map.py", lang="en")``: the app run on one page, in one language."""

    def run(page: str | None = None, *, lang: str = "de") -> AppTest:
        app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        app.session_state["lang"] = lang
        app.run()
        if page:
            app.switch_page(f"app_pages/{page}").run()
        return app

    return run


def texts(app: AppTest) -> str:
    """Everything the page shows as text (titles, captions, markdown, metrics, alerts)."""
    parts = [e.value for e in [*app.title, *app.subheader, *app.caption, *app.markdown, *app.info,
                               *app.warning, *app.error, *app.success]]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # Markdown escapes removed
