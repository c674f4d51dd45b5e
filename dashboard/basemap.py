"""The offline base maps, read from ``data/basemap/``: Baden-Württemberg's outline and its 44 Kreise
(geography page), the world's countries (Agenda page, partner countries).

Shipped as GeoJSON (built by ``data/build_basemap.py`` from npm packages: © GeoBasis-DE / BKG,
dl-de/by-2-0; Natural Earth, public domain), so no page fetches tiles from anywhere.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from graph.countries import CORDIS_TO_ISO, cordis_code

FOLDER = Path(__file__).resolve().parents[1] / "data" / "basemap"
KREIS_PREFIX = "kreis:"  # the graph's Region ids for Kreise (see loaders/places.py)
CENTRE = (48.66, 9.0)  # Baden-Württemberg's bounding box (47.53–49.79 N, 7.51–10.49 E) has its middle here
ATTRIBUTION = "© GeoBasis-DE / BKG 2017 (dl-de/by-2-0)"
WORLD_ATTRIBUTION = "Natural Earth (public domain), via world-atlas"
LAYERS = ("kreise", "outline", "world")
FILES = {"kreise": "bw_kreise", "outline": "bw_outline", "world": "world_countries"}
NO_PARTNER = [228, 228, 228, 255]


@lru_cache(maxsize=None)
def layer(name: str) -> dict:
    """One GeoJSON FeatureCollection, ``"kreise"``, ``"outline"`` or ``"world"`` (read once per process)."""
    path = FOLDER / f"{FILES.get(name, name)}.geojson"
    if name not in LAYERS or not path.is_file():
        raise FileNotFoundError(f"no base map layer '{name}' in {FOLDER.name}/ (run data/build_basemap.py)")
    return json.loads(path.read_text(encoding="utf-8"))


def kreis_ids() -> dict[str, str]:
    """``{region id: name}`` for the Kreise of the base map, ids as the graph writes them.

    >>> ids = kreis_ids()
    >>> len(ids), ids["kreis:08111"]
    (44, 'Stadtkreis Stuttgart')
    """
    return {KREIS_PREFIX + f["properties"]["ags"]: f["properties"]["name"] for f in layer("kreise")["features"]}


def partner_countries(counts: Mapping[str, int], name: Callable[[str], str] = str) -> dict:
    """The world layer with each country's partner count (``n``), its name from ``name(iso code)``
    and a fill that deepens with the count (square root: one big partner must not pale the rest).

    Codes may be CORDIS' (``UK``, ``EL``) or ISO's.

    >>> world = partner_countries({"UK": 4, "FR": 1})
    >>> {f["properties"]["iso"]: f["properties"]["n"] for f in world["features"] if f["properties"]["n"]}
    {'FR': 1, 'GB': 4}
    """
    iso = {CORDIS_TO_ISO.get(cordis_code(code), code): n for code, n in counts.items() if n}
    top = max(iso.values(), default=1)
    features = []
    for feature in layer("world")["features"]:
        code = feature["properties"]["iso"]
        n = iso.get(code, 0)
        fill = [31, 119, 180, round(70 + 185 * math.sqrt(n / top))] if n else NO_PARTNER
        features.append({**feature, "properties": {"iso": code, "name": name(code), "n": n, "fill": fill}})
    return {"type": "FeatureCollection", "features": features}
