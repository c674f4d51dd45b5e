"""The geography page draws its points over the shipped base map and fetches no tiles unless asked."""

import json

from tests.dashboard.conftest import texts


def deck(app) -> dict:
    charts = app.get("deck_gl_json_chart")
    assert charts, "the map is missing"
    return json.loads(charts[0].proto.json)


def test_points_over_the_offline_base_map(open_page):
    app = open_page("geography.py", lang="en")
    assert not app.exception, app.exception
    spec = deck(app)
    kinds = [layer["@@type"] for layer in spec["layers"]]
    assert kinds == ["GeoJsonLayer", "GeoJsonLayer", "ScatterplotLayer"]  # Kreise, Land outline, points on top
    assert len(spec["layers"][0]["data"]["features"]) == 44
    assert not spec.get("mapProvider") and not spec.get("mapStyle")  # no tiles from the internet
    assert "© GeoBasis-DE / BKG 2017 (dl-de/by-2-0)" in texts(app)


def test_tiles_only_when_switched_on(open_page):
    app = open_page("geography.py", lang="en")
    app.toggle(key="geo.basemap").set_value(True).run()
    assert not app.exception
    assert deck(app).get("mapProvider") == "carto"


def test_points_coloured_by_cluster(open_page):
    app = open_page("geography.py", lang="en")
    app.radio(key="geo.colour_by").set_value("cluster").run()
    assert not app.exception
    points = deck(app)["layers"][2]["data"]
    assert len({tuple(p["color"]) for p in points}) >= 3  # three clusters and the unclustered
