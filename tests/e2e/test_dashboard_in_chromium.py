"""End to end: `innograph serve` against the test Neo4j, the network map drawn in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.fixture_graph import load_fixture
from tests.e2e.browser import browser_page, drawn_nodes, map_frame, open_app, serving, wait_idle
from tests.neo4j_server import free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def served(driver, database, neo4j_settings, tmp_path):
    load_fixture(driver, database)
    env = {
        "NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": database,
    }
    with serving(free_port(), env, tmp_path / "serve.log") as url:
        yield url


def test_network_map_is_drawn_in_chromium(served):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_app(page, served + "/network")
        assert page.locator("h1").first.inner_text() == "Netzwerkkarte"
        clusters = drawn_nodes(map_frame(page))  # the map opens on the fixture's 3 clusters, all tied
        page.screenshot(path=str(ARTIFACTS / "network_clusters.png"), full_page=True)
        page.get_by_text("Organisationen", exact=True).click()
        page.wait_for_timeout(1500)
        wait_idle(page, 60_000)
        drawn = drawn_nodes(map_frame(page))
        page.screenshot(path=str(ARTIFACTS / "network_map.png"), full_page=True)
    assert clusters["nodes"] == 3 and clusters["edges"] == 3
    assert drawn["nodes"] == 16 and drawn["edges"] == 21
    assert drawn["inked"] > 2000, drawn  # the canvas shows nodes and edges, not an empty frame
    assert errors == []


def test_the_overview_has_its_own_url(served):
    """`/overview` opens the overview (it said "Page not found" while only "/" served it)."""
    with browser_page() as page:
        open_app(page, served + "/overview")
        heading = page.locator("h1").first.inner_text()
        body = page.locator("body").inner_text()
        open_app(page, served + "/")
        assert page.locator("h1").first.inner_text() == heading
    assert "Page not found" not in body and "nicht gefunden" not in body
    assert heading == "Überblick"
