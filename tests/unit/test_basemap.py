"""The offline base map: all 44 Kreise of Baden-Württemberg, keyed as the graph's Kreis regions."""

import csv

from dashboard import basemap
from loaders.places import GAZETTEER, KREIS_PREFIX


def gazetteer() -> dict[str, dict]:
    """Kreis region id → its name and the postal-code places in it (as ``innograph load demo`` places them)."""
    kreise: dict[str, dict] = {}
    with GAZETTEER.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            entry = kreise.setdefault(KREIS_PREFIX + row["kreis"], {"name": row["kreis_name"], "points": []})
            entry["points"].append((float(row["longitude"]), float(row["latitude"])))
    return kreise


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def test_all_44_kreise_are_there_keyed_as_the_graph_keys_them():
    kreise = basemap.kreis_ids()
    assert len(kreise) == 44
    assert {key: entry["name"] for key, entry in gazetteer().items()} == kreise


def test_each_kreis_lies_where_its_places_are():
    """Every postal-code place of a Kreis falls inside that Kreis' outline's bounding box (0.01° slack)."""
    places = gazetteer()
    for feature in basemap.layer("kreise")["features"]:
        west, south, east, north = bbox(feature["geometry"])
        for lon, lat in places[KREIS_PREFIX + feature["properties"]["ags"]]["points"]:
            assert west - 0.01 <= lon <= east + 0.01 and south - 0.01 <= lat <= north + 0.01, feature["properties"]


def test_the_land_outline_and_the_licence_ship_with_the_product():
    outline = basemap.layer("outline")["features"]
    assert [f["properties"]["ags"] for f in outline] == ["08"]
    west, south, east, north = bbox(outline[0]["geometry"])
    assert 7.4 < west < 7.6 and 10.4 < east < 10.6 and 47.5 < south < 47.6 and 49.7 < north < 49.9
    licence = (basemap.FOLDER / "LICENCE.md").read_text(encoding="utf-8")
    assert "GeoBasis-DE / BKG" in licence and "dl-de/by-2-0" in licence
    assert "dl-de/by-2-0" in basemap.ATTRIBUTION



def test_the_world_layer_colours_partner_countries_by_count():
    countries = {f["properties"]["iso"] for f in basemap.layer("world")["features"]}
    assert len(countries) > 170 and {"FR", "GB", "GR", "US", "CN", "DE"} <= countries
    world = basemap.partner_countries({"UK": 9, "EL": 1, "FR": 0}, name=lambda code: f"name of {code}")
    props = {f["properties"]["iso"]: f["properties"] for f in world["features"]}
    assert props["GB"]["n"] == 9 and props["GR"]["n"] == 1 and props["FR"]["n"] == 0  # CORDIS codes mapped
    assert props["GB"]["fill"][3] > props["GR"]["fill"][3] and props["FR"]["fill"] == basemap.NO_PARTNER
    assert props["GB"]["name"] == "name of GB"
    licence = (basemap.FOLDER / "LICENCE.md").read_text(encoding="utf-8")
    assert "Natural Earth" in licence and "public domain" in licence
