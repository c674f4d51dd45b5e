"""Placing organisations: coordinates and Kreis from a postal code or a city (GeoNames, CC BY 4.0).

The table is the Baden-Württemberg part of the GeoNames postal-code dump
(``data/demo/geonames/bw_postal_codes.tsv``, built by ``data/build_demo.py``). A record is placed

1. by its postal code, when that code is a BW code and names one Kreis (or the city picks one of
   the code's places);
2. else by its city, but only when the record is already known to lie in Baden-Württemberg (its
   region is BW or one of its districts: a BW-only table must not place a Neustadt of another
   state), and only when the name, within that region, fits places in one Kreis.

A name that fits several Kreise ("Altdorf": Böblingen and Esslingen) is *ambiguous*: the record
stays unplaced, and :class:`Unplaced` counts it for the load report. Nothing is guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from statistics import fmean
from typing import Iterable, Mapping

from graph.schema import NodeLabel

from .names import city_key, city_prefixes
from .reading import read_csv
from .records import NodeRecord, OrgRecord

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "demo" / "geonames" / "bw_postal_codes.tsv"
SOURCE_ID = "src:geonames"
KREIS_PREFIX = "kreis:"
BW_PREFIX = "nuts:DE1"
_SUFFIX = re.compile(r"\s+(im|am|an|ob|auf|bei|unter|in|vor)\s.*$")  # "freiburg im breisgau" → "freiburg"


@dataclass(frozen=True)
class Spot:
    """One row of the table: a place of a postal code."""

    postal_code: str
    key: str
    kreis: str  # region id, e.g. ``kreis:08111``
    district: str  # Regierungsbezirk region id, e.g. ``nuts:DE11``
    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """Where a record is, or why not: ``how`` is ``postal code``, ``city``, ``ambiguous`` or ``unknown``."""

    how: str
    region: str | None = None
    lat: float | None = None
    lon: float | None = None
    candidates: tuple[str, ...] = ()  # the Kreise an ambiguous name fits


@dataclass(frozen=True)
class Gazetteer:
    by_code: Mapping[str, tuple[Spot, ...]]
    by_name: Mapping[str, tuple[Spot, ...]]
    kreise: Mapping[str, tuple[str, str]]  # kreis id → (name, district id)


@lru_cache(maxsize=1)
def gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """The shipped table, indexed by postal code and by city key (also without ``im …``/``am …``)."""
    by_code: dict[str, list[Spot]] = defaultdict(list)
    by_name: dict[str, list[Spot]] = defaultdict(list)
    kreise = {}
    for row in read_csv(path, delimiter="\t"):
        spot = Spot(row.get("postal_code"), city_key(row.get("place_name")), KREIS_PREFIX + row.get("kreis"),
                    row.get("district"), float(row.get("latitude")), float(row.get("longitude")))
        kreise[spot.kreis] = (row.get("kreis_name"), spot.district)
        by_code[spot.postal_code].append(spot)
        for key in dict.fromkeys((spot.key, _SUFFIX.sub("", spot.key))):
            by_name[key].append(spot)
    return Gazetteer({k: tuple(v) for k, v in by_code.items()}, {k: tuple(v) for k, v in by_name.items()}, kreise)


def postal_code(text: str | None) -> str:
    """``D-70569`` → ``70569``; anything that is not a five-digit German code → ``""``."""
    digits = re.sub(r"^(DE|D)\s*-?\s*", "", (text or "").strip().upper())
    return digits if re.fullmatch(r"\d{5}", digits) else ""


def locate(code: str | None, city: str | None, region: str | None) -> Place:
    """Where a place is (see the module docstring); ``region`` is what the source already says."""
    table = gazetteer()
    key = city_key(city)
    spots = table.by_code.get(postal_code(code), ())
    if spots:
        named = [s for s in spots if _fits(key, s.key)]
        place = _one_kreis(named or spots, "postal code")
        if place.how != "ambiguous" or named:
            return place
    if not (region or "").startswith(BW_PREFIX) or not key:
        return Place("unknown")
    for prefix in city_prefixes(key):
        spots = [s for s in table.by_name.get(prefix, ()) if _within(s, region)]
        if spots:
            return _one_kreis(spots, "city")
    return Place("unknown")


def _fits(key: str, place: str) -> bool:
    return bool(key) and (place == key or place.startswith(key + " ") or key.startswith(place + " "))


def _within(spot: Spot, region: str) -> bool:
    """A spot in the record's region: the state (any BW spot), its district or its Kreis."""
    return region == BW_PREFIX or region in (spot.district, spot.kreis)


def _one_kreis(spots: Iterable[Spot], how: str) -> Place:
    by_kreis: dict[str, list[Spot]] = defaultdict(list)
    for spot in spots:
        by_kreis[spot.kreis].append(spot)
    if len(by_kreis) > 1:
        return Place("ambiguous", candidates=tuple(sorted(by_kreis)))
    kreis, found = next(iter(by_kreis.items()))
    return Place(how, kreis, round(fmean(s.lat for s in found), 5), round(fmean(s.lon for s in found), 5))


def place(record: OrgRecord, code: str | None = None) -> OrgRecord:
    """``record`` with the Kreis as its region and, if it had none, the place's coordinates."""
    found = locate(code, record.city, record.region)
    if found.region is None:
        return record
    if record.lat is not None and record.lon is not None:
        return replace(record, region=found.region)
    return replace(record, region=found.region, lat=found.lat, lon=found.lon)


@dataclass
class Unplaced:
    """Counts, record by record as a load reads them, the BW records left unplaced because their place
    name is ambiguous, for the load report."""

    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    records: int = 0

    def see(self, record: OrgRecord) -> None:
        if record.lat is None and (record.region or "").startswith(BW_PREFIX) and record.city:
            found = locate(None, record.city, record.region)
            if found.how == "ambiguous":
                self.records += 1
                self.ambiguous.setdefault(record.city, found.candidates)

    def notes(self) -> list[str]:
        if not self.ambiguous:
            return []
        names = gazetteer().kreise
        examples = "; ".join(f"'{city}' fits {', '.join(names[k][0] for k in kreise)}"
                             for city, kreise in sorted(self.ambiguous.items())[:5])
        return [f"{self.records} record(s) of BW organisations left unplaced: their {len(self.ambiguous)} "
                f"place name(s) fit several Kreise ({examples})"]


def kreis_region(region_id: str) -> tuple[str, str] | None:
    """(name, district id) of a Kreis region id, e.g. ``("Landkreis Esslingen", "nuts:DE11")``."""
    return gazetteer().kreise.get(region_id)


def geonames_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, SOURCE_ID, {
        "name": "GeoNames postal codes of Baden-Württemberg (coordinates, Kreis, Regierungsbezirk)",
        "licence": "CC BY 4.0", "url": "https://www.geonames.org/", "retrieved": "2026",
        "attribution": "Postal code data © GeoNames (www.geonames.org), CC BY 4.0"}, SOURCE_ID)
