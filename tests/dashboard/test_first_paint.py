"""Issue 19: what the pages do on first paint and on a rerun, against the fixture graph in the test Neo4j.

The bridges page builds no whole-graph projection: over the whole graph it reads what ``analyze``
stored; without current metrics a large graph is projected only when the user asks, and then a
progress bar runs. The export page counts its selection instead of reading it; the agenda page
recomputes nothing on a rerun."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard.data
import queries.projection_cache
import queries.subgraph
from queries.analyze import analyze
from tests.dashboard.conftest import APP, TIMEOUT, texts


def _refuse_projections(monkeypatch) -> None:
    def refuse(*_, **__):
        raise AssertionError("the page built a projection")

    monkeypatch.setattr(queries.projection_cache.ProjectionCache, "get", refuse)


@pytest.fixture
def progress_bars(monkeypatch) -> list:
    """The texts of the progress bars the pages start."""
    shown = []
    real = st.progress

    def progress(value, text=None):
        shown.append(text)
        return real(value, text=text)

    monkeypatch.setattr(st, "progress", progress)
    return shown


def _open(lang: str = "en", page: str = "bridges.py") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.session_state["lang"] = lang
    app.run()
    return app.switch_page(f"app_pages/{page}").run()


@pytest.fixture
def analysed(loaded, app_env, session_driver):
    analyze(session_driver, loaded.database)
    yield
    # leave no current analysis behind for the next test
    session_driver.execute_query("MATCH (run:AnalysisRun) DETACH DELETE run", database_=loaded.database)


def test_the_first_paint_ranks_from_stored_metrics(analysed, monkeypatch, progress_bars):
    _refuse_projections(monkeypatch)
    app = _open()
    assert not app.exception, app.exception
    ranking = app.dataframe[0].value
    assert set(ranking["Name"].head(2)) == {"Universität Stuttgart", "Karlsruher Institut für Technologie"}
    assert "Ties between clusters" in texts(app)
    assert progress_bars == []


@pytest.mark.parametrize("lang, words", [("en", "Compute over the whole graph"),
                                         ("de", "Über den ganzen Graphen berechnen")])
def test_a_large_graph_without_current_metrics_asks_first(loaded, app_env, monkeypatch, lang, words):
    monkeypatch.setattr(dashboard.data, "QUICK_PROJECTION_TIES", 0)
    with monkeypatch.context() as refused:
        _refuse_projections(refused)
        app = _open(lang)
        assert not app.exception, app.exception
        assert not app.dataframe and app.button(key="bridges.compute").label == words
    app.button(key="bridges.compute").click().run()
    assert not app.exception, app.exception
    assert "Universität Stuttgart" in set(app.dataframe[0].value["Name"])


def test_a_filter_projects_with_a_progress_bar(analysed, progress_bars):
    app = _open()
    assert progress_bars == []
    app.multiselect(key="bridges.regions").set_value(["nuts:DE13"]).run()
    assert not app.exception, app.exception
    assert progress_bars == ["Computing the ranking (projecting the graph) …"]


def test_the_export_page_counts_the_selection_without_reading_it(loaded, app_env, monkeypatch, session_driver):
    from queries.selection import Selection
    from queries.subgraph import select_subgraph

    found = select_subgraph(session_driver, loaded.database, Selection(min_weight=1, limit=1000))

    def refuse(*_, **__):
        raise AssertionError("the page read the whole selection")

    monkeypatch.setattr(queries.subgraph, "select_subgraph", refuse)
    app = _open(page="export.py")
    assert not app.exception, app.exception
    assert app.metric[0].value == str(len(found.nodes))
    assert f"{len(found.relationships)} relationships" in texts(app)


def test_a_rerun_of_the_agenda_page_recomputes_nothing(loaded, app_env, monkeypatch):
    app = _open(page="agenda.py")
    assert not app.exception, app.exception
    shown = texts(app)

    def refuse(*_, **__):
        raise AssertionError("the rerun computed again")

    for name in ("indicators", "by_period", "new_cross_cluster_ties"):
        monkeypatch.setattr(f"dashboard.agenda_data.{name}", refuse)
    monkeypatch.setattr("dashboard.agenda_data.rows", refuse)
    monkeypatch.setattr("dashboard.agenda_data.read_facts", refuse)
    app.run()
    assert not app.exception, app.exception
    assert texts(app) == shown
