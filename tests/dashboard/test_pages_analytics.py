"""Bridges, transfer paths, cross-clustering, export and console pages against the fixture graph."""

import pytest
import streamlit as st

from tests.dashboard.conftest import texts
from tests.dashboard.html_nodes import labels


def test_bridges_rank_the_actor_between_clusters_first(open_page):
    app = open_page("bridges.py", lang="en")
    assert not app.exception, app.exception
    ranking = app.dataframe[0].value
    # Universität Stuttgart and KIT lie on every path between the Stuttgart and Freiburg groups.
    assert set(ranking["Name"].head(2)) == {"Universität Stuttgart", "Karlsruher Institut für Technologie"}
    assert "Ties between clusters" in texts(app)


def test_bridges_filters_change_the_ranking(open_page):
    app = open_page("bridges.py", lang="en")
    before = list(app.dataframe[0].value["Name"])
    app.multiselect(key="bridges.regions").set_value(["nuts:DE13"]).run()
    assert not app.exception
    after = texts(app) if not app.dataframe else list(app.dataframe[0].value["Name"])
    assert after != before


def test_transfer_paths_between_two_actors(open_page):
    app = open_page("paths.py", lang="en")
    assert "Choose two actors." in texts(app)
    app.selectbox(key="paths.source").set_value("org:startup")
    app.selectbox(key="paths.target").set_value("org:medtech").run()
    assert not app.exception, app.exception
    shown = texts(app)
    assert "Path 1:" in shown
    # Start-up → Uni Stuttgart → KIT → MedTech (three shared-project hops).
    assert "Start-up A GmbH → Universität Stuttgart → Karlsruher Institut für Technologie → MedTech Freiburg GmbH" in shown
    assert {"Start-up A GmbH", "MedTech Freiburg GmbH"} <= labels(app.get("iframe")[0].proto.srcdoc)


def test_cross_clustering_lists_candidates_with_reasons_and_csv(open_page):
    app = open_page("cross_clustering.py", lang="en")
    assert not app.exception, app.exception
    assert app.selectbox(key="cross.cluster").value == "ci:ai"  # the cluster with the most members (4)
    assert len(app.dataframe) >= 1
    assert any(d.label == "Download as CSV" for d in app.get("download_button"))
    first = texts(app)
    app.selectbox(key="cross.cluster").set_value("ci:health").run()
    assert not app.exception
    assert texts(app) != first or app.dataframe[0].value.to_csv() != ""


@pytest.mark.parametrize("lang", ["en", "de"])
def test_cross_clustering_shows_names_score_and_reasons_first_and_ids_last(open_page, lang):
    from dashboard.i18n import catalogue

    words = catalogue(lang)
    app = open_page("cross_clustering.py", lang=lang)
    assert not app.exception, app.exception
    clusters, pairs = (list(d.value.columns) for d in app.dataframe)
    col = lambda key: words[f"cross.col.{key}"]  # noqa: E731
    assert clusters[:3] == [col("name"), col("score"), col("reasons")] and clusters[-1] == col("id")
    # not calibrated on the fixture graph (no analyze), so no chance column
    assert pairs[:5] == [col(k) for k in ("member", "candidate", "candidate_kind", "score", "reasons")]
    assert pairs[-2:] == [col("member_id"), col("candidate_id")]


def test_cross_clustering_names_kinds_in_the_page_language(open_page):
    from dashboard.i18n import kind_label

    app = open_page("cross_clustering.py", lang="de")
    assert not app.exception, app.exception
    kinds = set(app.dataframe[-1].value["Art des Kandidaten"])
    assert kinds and "Firm" not in kinds and "University" not in kinds
    assert kinds <= {kind_label(k) for k in ("Firm", "University", "ResearchInstitute", "PublicBody", "Intermediary", "Other")}


@pytest.mark.parametrize("lang, words", [("en", "Bounded search"), ("de", "Begrenzte Suche")])
def test_cross_clustering_says_when_the_expansion_was_bounded(open_page, monkeypatch, lang, words):
    import queries.candidates
    from queries.candidate_graph import Bounds

    app = open_page("cross_clustering.py", lang=lang)
    assert not any(words in i.value for i in app.info)  # the fixture graph fits within the default bounds
    real = queries.candidates.candidate_graph
    monkeypatch.setattr(queries.candidates, "candidate_graph",
                        lambda d, db, cluster, flt, bounds, **kw: real(d, db, cluster, flt, Bounds(1, 1), **kw))
    st.cache_data.clear()
    app = open_page("cross_clustering.py", lang=lang)
    assert not app.exception, app.exception
    assert any(words in i.value for i in app.info)


def test_export_offers_every_format(open_page):
    app = open_page("export.py", lang="en")
    assert not app.exception, app.exception
    assert "Nodes in the selection 16" in texts(app)
    assert app.radio(key="export.format").options == ["GraphML", "GEXF", "JSON", "CSV", "Cypher"]
    app.multiselect(key="export.kinds").set_value(["University"]).run()
    assert not app.exception
    assert "Nodes in the selection 16" not in texts(app)


def test_console_runs_a_read_query_and_refuses_a_write(open_page):
    app = open_page("console.py", lang="en")
    assert not app.exception
    app.text_area(key="console.cypher").set_value("MATCH (c:ClusterInitiative) RETURN c.name AS name ORDER BY name")
    app.button(key="console.run").click().run()
    assert not app.exception, app.exception
    assert list(app.dataframe[0].value["name"]) == ["Automotive Süd", "BioRegion Test", "KI-Allianz Test"]
    assert not app.get("iframe")  # plain values: no map
    app.text_area(key="console.cypher").set_value(
        "MATCH (a:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation) WHERE r.weight = 2 RETURN a, r, b")
    app.button(key="console.run").click().run()
    assert not app.exception
    assert {"Robert Bosch GmbH", "Universität Stuttgart"} <= labels(app.get("iframe")[0].proto.srcdoc)
    app.text_area(key="console.cypher").set_value("MATCH (n) DETACH DELETE n")
    app.button(key="console.run").click().run()
    assert not app.exception
    assert "only reads" in texts(app)


def test_export_download_is_generated_from_the_selection(loaded, app_env):
    from dashboard import data
    from queries.selection import Selection

    driver, database = data.connection()
    selection = Selection(kinds=("University",)).for_view(limit=100)
    graphml = data.export_bytes(driver, database, selection, "graphml").decode("utf-8")
    assert "<graphml" in graphml and "Universität Stuttgart" in graphml and "Robert Bosch GmbH" not in graphml


def test_unconnected_actors_say_so_and_what_to_change(open_page):
    app = open_page("paths.py", lang="en")
    app.selectbox(key="paths.source").set_value("org:startup")
    app.selectbox(key="paths.target").set_value("org:nocoord").run()  # no projects, no memberships
    assert not app.exception
    assert "Nothing found." in texts(app) and "not connected" in texts(app)


def test_bridges_with_a_filter_that_matches_nobody(open_page):
    app = open_page("bridges.py", lang="de")
    app.multiselect(key="bridges.kinds").set_value(["Ministry"])
    app.multiselect(key="bridges.clusters").set_value(["ci:health"]).run()
    assert not app.exception
    assert "Keine Treffer." in texts(app) and "Lockern Sie die Filter" in texts(app)
