"""Regions: Germany, Baden-Württemberg, its four Regierungsbezirke, its 44 Kreise, and countries.

A place becomes a region id by, in order: a NUTS code the source states (a code outside
Baden-Württemberg gives its country), the shipped city → district table
(``data/demo/bw_city_districts.csv``, German cities only), the country. A Kreis (``kreis:<AGS>``)
comes from :mod:`loaders.places` (GeoNames), which refines a BW region to the Kreis of a postal code or city.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Mapping

from graph.schema import NodeLabel, RelType

from .names import city_key, district_of
from .places import KREIS_PREFIX, geonames_source, kreis_region
from .places import SOURCE_ID as GEONAMES
from .reading import read_csv
from .records import NodeRecord, RelRecord

DATA = Path(__file__).resolve().parents[1] / "data"
CITY_TABLE = DATA / "demo" / "bw_city_districts.csv"
SOURCE_ID = "src:innograph-regions"

STATE = "nuts:DE1"
DISTRICTS = {
    "nuts:DE11": "Regierungsbezirk Stuttgart",
    "nuts:DE12": "Regierungsbezirk Karlsruhe",
    "nuts:DE13": "Regierungsbezirk Freiburg",
    "nuts:DE14": "Regierungsbezirk Tübingen",
}
COUNTRIES = {
    "DE": "Germany", "AT": "Austria", "CH": "Switzerland", "FR": "France", "IT": "Italy", "ES": "Spain",
    "NL": "Netherlands", "BE": "Belgium", "LU": "Luxembourg", "DK": "Denmark", "SE": "Sweden", "FI": "Finland",
    "NO": "Norway", "PL": "Poland", "CZ": "Czechia", "SK": "Slovakia", "HU": "Hungary", "SI": "Slovenia",
    "HR": "Croatia", "RO": "Romania", "BG": "Bulgaria", "EL": "Greece", "GR": "Greece", "PT": "Portugal",
    "IE": "Ireland", "UK": "United Kingdom", "GB": "United Kingdom", "IL": "Israel", "TR": "Türkiye",
    "US": "United States", "LI": "Liechtenstein", "IS": "Iceland", "EE": "Estonia", "LV": "Latvia",
    "LT": "Lithuania", "CY": "Cyprus", "MT": "Malta", "RS": "Serbia", "UA": "Ukraine", "CN": "China",
    "JP": "Japan", "CA": "Canada", "AU": "Australia", "IN": "India", "BR": "Brazil", "KR": "South Korea",
}


@lru_cache(maxsize=1)
def city_districts(path: Path = CITY_TABLE) -> Mapping[str, str]:
    """City key → district region id, from the shipped table."""
    return {city_key(row.get("city")): row.get("region") for row in read_csv(path)}


def country_region(country: str | None) -> str | None:
    code = (country or "").strip().upper()
    return "country:" + code if len(code) == 2 and code.isalpha() else None


def region_for(city: str | None, country: str | None, nuts: str | None = None) -> str | None:
    """The most specific region id known for a place (see the module docstring)."""
    nuts = (nuts or "").strip().upper()
    if nuts.startswith("DE1"):
        return "nuts:" + nuts[:4] if "nuts:" + nuts[:4] in DISTRICTS else STATE
    if nuts:
        return country_region(nuts[:2])
    code = (country or "").strip().upper()
    if code in ("", "DE"):
        district = district_of(city_key(city), city_districts())
        if district:
            return district
    return country_region(code)


def region_rank(region: str) -> tuple[int, int]:
    """How specific a region id is: a Kreis beats a district, a district the state, the state a country."""
    return (2 if region.startswith(KREIS_PREFIX) else 1 if region.startswith("nuts:") else 0, len(region))


def region_records(region_ids: set[str]) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Region nodes for ``region_ids`` and their parents, with ``PART_OF`` up to the country, and the
    GeoNames Source node when there is a Kreis."""
    wanted = set(region_ids)
    kreise = {r: kreis_region(r) for r in wanted if r.startswith(KREIS_PREFIX)}
    wanted |= {district for _, district in filter(None, kreise.values())}
    if any(r.startswith("nuts:DE1") for r in wanted):
        wanted |= {STATE, "country:DE"}
    nodes, rels = [geonames_source()] if any(kreise.values()) else [], []
    for region in sorted(wanted):
        if kreise.get(region):
            (name, parent), ags = kreise[region], region.removeprefix(KREIS_PREFIX)
            nodes.append(NodeRecord(NodeLabel.REGION, region, {"name": name, "level": "kreis", "ags": ags}, GEONAMES))
            rels.append(RelRecord(RelType.PART_OF, region, parent, source=GEONAMES))
            continue
        if region in DISTRICTS:
            name, level, parent = DISTRICTS[region], "district", STATE
        elif region == STATE:
            name, level, parent = "Baden-Württemberg", "state", "country:DE"
        elif region.startswith("country:"):
            code = region.split(":", 1)[1]
            name, level, parent = COUNTRIES.get(code, code), "country", None
        else:
            continue
        nodes.append(NodeRecord(NodeLabel.REGION, region, {"name": name, "level": level}, SOURCE_ID))
        if parent:
            rels.append(RelRecord(RelType.PART_OF, region, parent, source=SOURCE_ID))
    return nodes, rels


def region_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, SOURCE_ID, {
        "name": "innograph region table (NUTS 2021 codes of Baden-Württemberg; city → Regierungsbezirk by hand)",
        "licence": "MIT (innograph)", "url": "https://ec.europa.eu/eurostat/web/nuts",
        "retrieved": "2026-11-27", "attribution": "NUTS codes: © European Union, Eurostat",
    }, SOURCE_ID)
