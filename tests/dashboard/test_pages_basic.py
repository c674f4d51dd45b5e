"""Overview, geography and data pages against the fixture graph."""

from tests.dashboard.conftest import texts
from tests.dashboard.fixture_graph import CLUSTER_COUNT, ORGANISATION_COUNT, PROJECT_COUNT, SME_COUNT, TIE_COUNT


def metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_overview_shows_the_key_figures(open_page):
    app = open_page()
    assert not app.exception
    assert metric(app, "Organisationen") == str(ORGANISATION_COUNT)
    assert metric(app, "Clusterinitiativen") == str(CLUSTER_COUNT)
    assert metric(app, "Projekte") == str(PROJECT_COUNT)
    assert metric(app, "Kooperationen") == str(TIE_COUNT)
    assert metric(app, "KMU") == str(SME_COUNT)


def test_overview_language_switch_changes_labels(open_page):
    app = open_page()
    assert "Überblick" in texts(app)
    app.radio(key="language_switch").set_value("en").run()
    assert not app.exception
    shown = texts(app)
    assert "Overview" in shown and "Organisations" in shown and "Überblick" not in shown
    assert metric(app, "Organisations") == str(ORGANISATION_COUNT)


def test_overview_lists_sources_with_licences(open_page):
    app = open_page(lang="en")
    sources = app.dataframe[0].value
    assert set(sources["Source"]) == {"Test cluster atlas", "Test CORDIS"}
    assert set(sources["Licence"]) == {"CC BY 4.0"}
    assert sources.set_index("Source").loc["Test CORDIS", "Attribution"] == "–"  # a source without one: no "None"
    assert not sources.astype(str).isin(["None", "nan"]).any().any()


def test_geography_plots_located_organisations_and_filters(open_page):
    app = open_page("geography.py", lang="en")
    assert not app.exception
    assert metric(app, "Organisations on the map") == "9"
    assert "1 organisations without coordinates" in texts(app)
    app.multiselect(key="geo.kinds").set_value(["University"]).run()
    assert not app.exception
    assert metric(app, "Organisations on the map") == "2"


def test_data_page_shows_sources_counts_and_offers_loading(open_page):
    app = open_page("data_sources.py", lang="en")
    assert not app.exception
    shown = texts(app)
    assert "Sources and licences" in shown and "Load history" in shown
    loads = app.dataframe[1].value
    assert list(loads["Source"]) == ["workbook"] and list(loads["Rejected"]) == [1]
    expanders = [e.label for e in app.expander]
    assert "Validation of the latest load (workbook): 1 rejected rows" in expanders
    assert "Merges of the latest load (workbook): 1 groups" in expanders
    assert "organisations.csv:7: the name is empty" in list(app.dataframe[2].value.iloc[:, 0])
    assert "Review list of the latest load (workbook): 1 uncertain candidates" in expanders
    review = app.dataframe[4].value
    assert list(review["Name"]) == ["Bosch"] and list(review["Reason"]) == ["one-word short name"]
    assert any(b.label == "Load the bundled BW data" for b in app.button)


def test_viewer_mode_hides_loading(open_page, app_env):
    app_env.setenv("INNOGRAPH_READONLY", "1")
    app = open_page("data_sources.py", lang="en")
    assert not app.exception
    assert not any(b.label == "Load the bundled BW data" for b in app.button)
    assert "Viewer mode" in "\n".join(c.value for c in app.sidebar.caption) or "Viewer mode" in texts(app)


def test_a_database_that_is_down_shows_how_to_start_it(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP
    from tests.neo4j_server import free_port

    app_env.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert [e.value for e in app.error] == ["Die Datenbank ist nicht erreichbar."]
    assert "innograph db start" in texts(app)
