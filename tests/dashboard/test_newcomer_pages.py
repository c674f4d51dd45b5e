"""Issue 13, newcomer friction: Cross-Clustering opens on the cluster chosen last, else the largest;
every column header and explanation in both languages; the Data page takes a source back."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from dashboard.i18n import catalogue
from tests.dashboard.conftest import APP, TIMEOUT, texts


def _open(page: str, lang: str, **state) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.session_state["lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"app_pages/{page}").run()
    assert not app.exception, app.exception
    return app


def test_cross_clustering_opens_on_the_largest_cluster_then_on_the_one_chosen_last(loaded, app_env):
    app = _open("cross_clustering.py", "en")
    assert app.selectbox(key="cross.cluster").value == "ci:ai"  # 4 members; the others have 3
    app.selectbox(key="cross.cluster").set_value("ci:health").run()
    assert app.session_state["innograph.cluster"] == "ci:health"
    app.switch_page("app_pages/overview.py").run()
    app.switch_page("app_pages/cross_clustering.py").run()
    assert app.selectbox(key="cross.cluster").value == "ci:health"


def test_cross_clustering_opens_on_the_cluster_another_page_chose(loaded, app_env):
    """The "My cluster" upload sets ``innograph.cluster``; Cross-Clustering then opens on it."""
    app = _open("cross_clustering.py", "de", **{"innograph.cluster": "ci:auto"})
    assert app.selectbox(key="cross.cluster").value == "ci:auto"


def test_cross_clustering_headers_and_reasons_are_german(loaded, app_env):
    app = _open("cross_clustering.py", "de")
    german, english = catalogue("de"), catalogue("en")
    for frame in (app.dataframe[0].value, app.dataframe[1].value):
        for column in frame.columns:  # every header is a German label, none a field name
            assert column in german.values() and not re.fullmatch(r"[a-z_]+", column), column
    clusters = app.dataframe[0].value
    assert {"Überschneidung der Felder", "Überschneidung der Partner", "Verbindungen"} <= set(clusters.columns)
    reasons = " ".join(clusters["Gründe"]) + " ".join(app.dataframe[1].value["Gründe"])
    assert "Mitgliedern" in reasons and "members" not in reasons and "shares" not in reasons
    assert english["cross.col.field_overlap"] == "Field overlap"


def test_bridge_explanations_are_in_the_chosen_language(loaded, app_env):
    german = " ".join(texts(_open("bridges.py", "de")).split())
    english = " ".join(texts(_open("bridges.py", "en")).split())
    assert "vermittelt" in german and "offene Paare zwischen Gruppen" in german and "brokers" not in german
    assert "brokers" in english and "open pairs between groups" in english


def test_agenda_tables_have_translated_headers(loaded, app_env):
    app = _open("agenda.py", "de")
    for frame in app.dataframe:
        raw = [c for c in frame.value.columns if isinstance(c, str) and re.fullmatch(r"[a-z_A-Z]+_[a-z_]+|name|when|members|id", c)]
        assert raw == [], raw
