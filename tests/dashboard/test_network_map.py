"""The network map page's organisation view: drawn subgraph, filters, ego search, profile, escaping."""

from tests.dashboard.conftest import texts
from tests.dashboard.fixture_graph import XSS_NAME
from tests.dashboard.html_nodes import embedded_nodes, labels


def open_map(open_page, lang: str = "de"):
    """The map page switched from its first view (the clusters) to the organisation network."""
    app = open_page("network_map.py", lang=lang)
    app.radio(key="map.view").set_value("organisations").run()
    return app


def map_html(app) -> str:
    frames = app.get("iframe")
    assert frames, "the map iframe is missing"
    return frames[0].proto.srcdoc


def test_map_draws_the_selection(open_page):
    app = open_map(open_page, lang="en")
    assert not app.exception, app.exception
    page = map_html(app)
    assert "vis.Network" in page and "Universität Stuttgart" in labels(page)
    assert "https://cdn" not in page
    # 10 organisations, 3 clusters, 3 fields; 7 collaborations, 10 memberships, 3 cluster foci, 1 field
    assert "16 nodes and 21 ties shown, 0 hidden." in texts(app)


def test_filters_change_the_map(open_page):
    app = open_map(open_page, lang="en")
    before = texts(app)
    app.multiselect(key="map.clusters").set_value(["ci:health"]).run()
    assert not app.exception
    after = texts(app)
    assert before != after
    page = map_html(app)
    assert "MedTech Freiburg GmbH" in labels(page) and "Robert Bosch GmbH" not in labels(page)


def test_names_from_data_are_escaped_in_the_map(open_page):
    app = open_map(open_page)
    page = map_html(app)
    assert XSS_NAME not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert any(label.startswith("<script>alert('x')") for label in labels(page))  # decoded on the canvas only
    assert any(node["label"].startswith("&lt;script&gt;") for node in embedded_nodes(page))


def test_profile_of_a_chosen_node(open_page):
    app = open_map(open_page, lang="en")
    app.selectbox(key="map.profile").set_value("org:unistuttgart").run()
    assert not app.exception
    shown = texts(app)
    assert "Robert Bosch GmbH (2)" in shown
    assert "Automotive Süd" in shown
    # the latest projects, described by period, programme part and topic where known
    assert "DELTA (2022–2024, H2020 LEIT, Smart factories); GAMMA (H2020); ALPHA (H2020)" in shown


def test_partners_for_an_organisation_on_request(open_page):
    for lang, toggle, reason in (("en", "Partners for Universität Stuttgart", "1 common partner(s): Karlsruher Institut für Technologie"),
                                 ("de", "Partner für Universität Stuttgart", "1 gemeinsame(r) Partner: Karlsruher Institut für Technologie")):
        app = open_map(open_page, lang=lang)
        app.selectbox(key="map.profile").set_value("org:unistuttgart").run()
        assert not app.dataframe  # read only when asked for
        assert app.toggle(key="map.profile.partners").label == toggle
        app.toggle(key="map.profile.partners").set_value(True).run()
        assert not app.exception, app.exception
        frame = app.dataframe[0].value
        # KIT's other partners (BETA), not yet Stuttgart's: Fraunhofer and MedTech, through KIT
        assert set(frame.iloc[:, 0]) == {"Fraunhofer-Institut Freiburg", "MedTech Freiburg GmbH"}
        assert all(cell.startswith(reason) for cell in frame.iloc[:, 3])


def test_the_profile_shows_the_kinds_other_sources_state(open_page):
    for lang, line in (("en", "Also stated: Firm (test-cordis)"), ("de", "Auch angegeben: Unternehmen (test-cordis)")):
        app = open_map(open_page, lang=lang)
        app.selectbox(key="map.profile").set_value("org:agency").run()
        assert not app.exception
        assert line in texts(app).splitlines()
        app.selectbox(key="map.profile").set_value("org:unistuttgart").run()
        assert "Also stated" not in texts(app) and "Auch angegeben" not in texts(app)


def test_an_empty_selection_says_so_and_what_to_change(open_page):
    app = open_map(open_page, lang="en")
    # The ministry belongs to no cluster, so ministries in the health cluster are nobody.
    app.multiselect(key="map.kinds").set_value(["Ministry"])
    app.multiselect(key="map.clusters").set_value(["ci:health"]).run()
    assert not app.exception
    assert not app.get("iframe")
    assert "nothing matches the selection" in texts(app) or "Nothing found." in texts(app)


def test_centre_on_an_actor_shows_its_ego_network(open_page):
    app = open_map(open_page, lang="en")
    app.selectbox(key="map.ego").set_value("org:medtech").run()
    assert not app.exception
    shown = {node["id"] for node in embedded_nodes(map_html(app))}
    # its partners (one shared project each), its project, cluster and region
    assert {"org:medtech", "org:kit", "org:fraunhofer", "cordis:H2020:2", "ci:health", "nuts:DE13"} <= shown
    assert "org:bosch" not in shown


def test_filters_do_not_apply_to_an_ego_network(open_page):
    app = open_map(open_page, lang="en")
    app.multiselect(key="map.kinds").set_value(["Firm"])
    app.selectbox(key="map.ego").set_value("org:medtech").run()
    assert not app.exception
    assert "org:kit" in {node["id"] for node in embedded_nodes(map_html(app))}
    assert "Filters do not apply to an ego network" in texts(app)
