"""The offline base map: Baden-Württemberg's outline and its 44 Kreise, read from ``data/basemap/``.

Shipped as GeoJSON (built by ``data/build_basemap.py`` from an npm package, © GeoBasis-DE / BKG,
dl-de/by-2-0), so the geography page draws an orientation without fetching tiles from anywhere.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "data" / "basemap"
KREIS_PREFIX = "kreis:"  # the graph's Region ids for Kreise (see loaders/places.py)
CENTRE = (48.66, 9.0)  # Baden-Württemberg's bounding box (47.53–49.79 N, 7.51–10.49 E) has its middle here
ATTRIBUTION = "© GeoBasis-DE / BKG 2017 (dl-de/by-2-0)"


@lru_cache(maxsize=None)
def layer(name: str) -> dict:
    """One GeoJSON FeatureCollection, ``"kreise"`` or ``"outline"`` (read once per process)."""
    path = FOLDER / f"bw_{name}.geojson"
    if name not in ("kreise", "outline") or not path.is_file():
        raise FileNotFoundError(f"no base map layer '{name}' in {FOLDER.name}/ (run data/build_basemap.py)")
    return json.loads(path.read_text(encoding="utf-8"))


def kreis_ids() -> dict[str, str]:
    """``{region id: name}`` for the Kreise of the base map, ids as the graph writes them.

    >>> ids = kreis_ids()
    >>> len(ids), ids["kreis:08111"]
    (44, 'Stadtkreis Stuttgart')
    """
    return {KREIS_PREFIX + f["properties"]["ags"]: f["properties"]["name"] for f in layer("kreise")["features"]}
