"""The dashboard when Neo4j is down or refuses the login: every page shows one message and no
exception, within the configured timeout; the password never shows. Viewer mode
(``INNOGRAPH_READONLY=1``) offers no loading and no analysis write-back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGE_TABLE
from tests.neo4j_server import free_port
from tests.reliability.conftest import OwnServer

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGES = [name for name, *_ in PAGE_TABLE]
TIMEOUT = 2.0


def _env(monkeypatch, **values: str) -> None:
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "INNOGRAPH_READONLY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INNOGRAPH_TIMEOUT", str(TIMEOUT))
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    st.cache_data.clear()
    st.cache_resource.clear()


def _open(page: str) -> tuple[AppTest, float]:
    started = time.monotonic()
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()
    if page != PAGES[0]:
        app.switch_page(f"app_pages/{page}").run()
    return app, time.monotonic() - started


def _everything(app: AppTest) -> str:
    parts = [e.value for e in [*app.title, *app.subheader, *app.caption, *app.markdown, *app.info,
                               *app.warning, *app.error, *app.success]]
    return "\n".join(str(p) for p in parts)


def test_the_app_with_neo4j_down(monkeypatch) -> None:
    port = free_port()
    _env(monkeypatch, NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="dashboard-secret-xyz")
    app, seconds = _open(PAGES[0])
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.error) == 1
    assert f"127.0.0.1:{port}" in _everything(app)
    assert "dashboard-secret-xyz" not in _everything(app)
    assert seconds < 3 * TIMEOUT + 20


def test_every_page_when_neo4j_dies_under_it(own_server: OwnServer, own_driver, monkeypatch) -> None:
    """Users sit on every page; the server is killed; each page's next run shows one message."""
    from tests.dashboard.fixture_graph import load_fixture

    s = own_server.settings
    load_fixture(own_driver, s.database)
    _env(monkeypatch, NEO4J_URI=s.uri, NEO4J_PASSWORD=s.password)
    apps = {}
    for page in PAGES:
        app, _ = _open(page)
        assert not app.exception, (page, [e.value for e in app.exception])
        apps[page] = app
    own_server.kill()
    slow = {}
    # First rerun: what the page caches it may still show; what it must fetch fails with one message.
    # Second rerun, caches expired: the reachability gate shows the one "unavailable" page.
    for expired in (False, True):
        if expired:
            st.cache_data.clear()
        for page, app in apps.items():
            started = time.monotonic()
            app.run()
            seconds = time.monotonic() - started
            assert not app.exception, (page, expired, [e.value for e in app.exception])
            assert len(app.error) == (1 if expired else len(app.error) and 1), (page, [e.value for e in app.error])
            assert s.password not in _everything(app)
            if seconds > 3 * TIMEOUT + 20:
                slow[(page, expired)] = round(seconds, 1)
    own_server.restart()
    assert slow == {}


def test_the_app_with_a_wrong_password(own_server: OwnServer, monkeypatch) -> None:
    own_server.restart()
    wrong = "wrong-" + own_server.settings.password[:6]
    _env(monkeypatch, NEO4J_URI=own_server.settings.uri, NEO4J_PASSWORD=wrong)
    app, _ = _open(PAGES[0])
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.error) == 1
    shown = _everything(app)
    assert "refused the login" in shown and wrong not in shown


def _data_page_buttons(monkeypatch, own_server: OwnServer, readonly: bool) -> set[str]:
    s = own_server.settings
    _env(monkeypatch, NEO4J_URI=s.uri, NEO4J_PASSWORD=s.password, **({"INNOGRAPH_READONLY": "1"} if readonly else {}))
    app, _ = _open("data_sources.py")
    assert not app.exception, [e.value for e in app.exception]
    assert s.password not in _everything(app)
    return {b.key for b in app.button if b.key}


def test_viewer_mode_hides_loading_and_analysis(own_server: OwnServer, own_driver, monkeypatch) -> None:
    assert {"data.load_demo", "data.analyse"} <= _data_page_buttons(monkeypatch, own_server, readonly=False)
    assert not {"data.load_demo", "data.analyse"} & _data_page_buttons(monkeypatch, own_server, readonly=True)


def test_loading_from_the_dashboard_refuses_when_the_disk_is_too_full(own_server: OwnServer, own_driver,
                                                                       monkeypatch) -> None:
    s = own_server.settings
    _env(monkeypatch, NEO4J_PASSWORD=s.password, INNOGRAPH_HOME=str(s.home), INNOGRAPH_NEO4J_PORT=str(s.bolt_port),
         INNOGRAPH_MIN_FREE_MB=str(1 << 40))
    app, _ = _open("data_sources.py")
    app.button(key="data.load_demo").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "not enough free disk space" in _everything(app)
    records, _, _ = own_driver.execute_query("RETURN COUNT { MATCH (n) } AS nodes", database_=s.database)
    assert records[0]["nodes"] == 0
