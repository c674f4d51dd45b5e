"""Issue 19: over its node limit, the export page counts the file's relationships only when asked
(ranking every node first takes seconds on a national graph). Against the BW demo in the test Neo4j."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import queries.subgraph
from loaders.demo import load_demo
from queries.selection import Selection
from tests.dashboard.conftest import APP, TIMEOUT, texts


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    load_demo(session_driver, neo4j_settings.database, progress=False)
    return neo4j_settings


def test_the_relationships_are_counted_when_asked(demo, app_env, monkeypatch, session_driver):
    nodes, ties, hidden = queries.subgraph.subgraph_size(session_driver, demo.database, Selection(min_weight=1, limit=1000))
    assert hidden > 0
    real = queries.subgraph.subgraph_size

    def refuse(*_, **__):
        raise AssertionError("ranked on first paint")

    monkeypatch.setattr(queries.subgraph, "subgraph_size", refuse)
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.session_state["lang"] = "en"
    app.run()
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert app.metric[0].value == str(nodes)
    assert f"{hidden} hidden" in texts(app) and "relationships ·" not in texts(app)

    monkeypatch.setattr(queries.subgraph, "subgraph_size", real)
    app.button(key="export.count").click().run()
    assert not app.exception, app.exception
    assert f"{ties} relationships · {hidden} hidden" in texts(app)
