"""The Data page takes a source back: the list, a preview of the counts, a confirmation, and then the
graph as before the source was loaded; viewer mode shows the list without the removal."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from loaders.sources import remove_source
from loaders.workbook import load_workbook
from tests.dashboard.conftest import APP, TIMEOUT, texts
from tests.dashboard.fixture_graph import load_fixture
from tests.graph_checksum import graph_checksum

WORKBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "agenda_workbook"
SOURCE = "src:agenda-test"


def _data_page(lang: str = "en") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.session_state["lang"] = lang
    app.run()
    app.switch_page("app_pages/data_sources.py").run()
    assert not app.exception, app.exception
    return app


def test_preview_confirm_and_the_graph_is_as_before(driver, database, app_env):
    load_fixture(driver, database)
    # A load also writes the region scaffolding (Kreise, districts) under their own sources, which
    # the fixture lacks; one load taken back gives the state to which every later take-back returns.
    load_workbook(driver, database, WORKBOOK, progress=False)
    remove_source(driver, database, SOURCE)
    before = graph_checksum(driver, database)
    load_workbook(driver, database, WORKBOOK, progress=False)
    loaded = graph_checksum(driver, database)

    app = _data_page()
    sources = next(f.value for f in app.dataframe if "Source id" in f.value.columns)
    assert SOURCE in set(sources["Source id"])
    app.selectbox(key="data.remove_source").set_value(SOURCE).run()
    app.button(key="data.remove_preview").click().run()
    assert not app.exception, app.exception
    assert f"Taking back {SOURCE} deletes" in texts(app)
    assert graph_checksum(driver, database) == loaded  # the preview wrote nothing
    assert app.button(key="data.remove").disabled  # not before the confirmation
    app.checkbox(key="data.remove_confirm").check().run()
    app.button(key="data.remove").click().run()
    assert not app.exception, app.exception
    assert f"{SOURCE} taken back" in texts(app)
    assert graph_checksum(driver, database) == before


def test_viewer_mode_lists_the_sources_but_offers_no_removal(driver, database, app_env):
    load_fixture(driver, database)
    app_env.setenv("INNOGRAPH_READONLY", "1")
    app = _data_page("de")
    assert "Eine Quelle zurücknehmen" in texts(app)
    assert not [s for s in app.selectbox if s.key == "data.remove_source"]
    assert not [b for b in app.button if b.key in ("data.remove_preview", "data.remove")]
