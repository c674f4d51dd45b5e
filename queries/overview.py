"""Read-only figures the dashboard shows: key figures, charts, sources, load history, profiles, map points.

Each function runs one statement from ``queries/cypher/dashboard/`` in a read session and returns a
frozen dataclass with ``to_dict()``, so the dashboard can cache it and tests can compare it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from graph.record import Record
from queries.actors import Actor
from queries.cypher import read

def _read(driver: Driver, database: str, name: str, **params: Any) -> list[dict]:
    return read(driver, database, "dashboard/" + name, **params)


@dataclass(frozen=True)
class Count(Record):
    """One bar of a chart: a region or field with its number of organisations."""

    key: str
    name: str
    name_de: str | None
    n: int


@dataclass(frozen=True)
class KeyFigures(Record):
    organisations: int
    smes: int
    clusters: int
    projects: int
    ties: int
    fields: int
    by_kind: dict[str, int]


@dataclass(frozen=True)
class SourceInfo(Record):
    id: str
    name: str
    licence: str | None
    url: str | None
    retrieved: str | None
    attribution: str | None
    nodes: int


@dataclass(frozen=True)
class Overview(Record):
    figures: KeyFigures
    by_region: list[Count]
    by_field: list[Count]
    sources: list[SourceInfo]

    @property
    def empty(self) -> bool:
        return self.figures.organisations == 0 and self.figures.clusters == 0


def key_figures(driver: Driver, database: str) -> KeyFigures:
    row = _read(driver, database, "key_figures")[0]
    by_kind = {entry["kind"]: entry["n"] for entry in row.pop("by_kind")}
    return KeyFigures(by_kind=by_kind, **row)


def sources(driver: Driver, database: str) -> list[SourceInfo]:
    return [SourceInfo(**row) for row in _read(driver, database, "sources")]


def overview(driver: Driver, database: str, *, top: int = 15) -> Overview:
    """Everything the overview page shows, in one call."""
    return Overview(
        figures=key_figures(driver, database),
        by_region=[Count(**row) for row in _read(driver, database, "organisations_by_region", limit=top)],
        by_field=[Count(**row) for row in _read(driver, database, "organisations_by_field", limit=top)],
        sources=sources(driver, database),
    )


@dataclass(frozen=True)
class Choice(Record):
    id: str
    name: str
    name_de: str | None = None
    members: int | None = None  # clusters: organisations MEMBER_OF it (pages open on the largest)


@dataclass(frozen=True)
class FilterOptions(Record):
    """What the filter widgets offer, sorted by name."""

    clusters: list[Choice]
    fields: list[Choice]
    regions: list[Choice]
    kinds: list[str]
    first_year: int | None
    last_year: int | None


def filter_options(driver: Driver, database: str) -> FilterOptions:
    row = _read(driver, database, "filter_options")[0]

    def choices(entries: list[dict]) -> list[Choice]:
        return sorted((Choice(**entry) for entry in entries), key=lambda c: (c.name.casefold(), c.id))

    return FilterOptions(
        clusters=choices(row["clusters"]),
        fields=choices(row["fields"]),
        regions=choices(row["regions"]),
        kinds=sorted(row["kinds"]),
        first_year=row["first_year"],
        last_year=row["last_year"],
    )


@dataclass(frozen=True)
class LoadRunInfo(Record):
    """One ``innograph load``: what it wrote, rejected and merged (JSON text decoded)."""

    id: str
    source: str | None
    started_at: str | None
    finished_at: str | None
    seconds: float | None
    counts: Any
    rejected: int | None
    rejected_rows: list
    merged: int | None
    merges: Any
    review: list  # candidates entity resolution did not merge (loaders.linkage.ReviewItem dicts)
    notes: list


def load_history(driver: Driver, database: str, *, limit: int = 50) -> list[LoadRunInfo]:
    runs = []
    for row in _read(driver, database, "load_history", limit=limit):
        for key in ("counts", "rejected_rows", "merges", "review", "notes"):
            row[key] = _json(row[key])
        row["review"] = row["review"] or []
        row["rejected_rows"] = row["rejected_rows"] or []
        row["notes"] = row["notes"] or []
        runs.append(LoadRunInfo(**row))
    return runs


@dataclass(frozen=True)
class NodeProfile(Record):
    """One node as the profile panel shows it."""

    id: str
    labels: list[str]
    props: dict[str, Any]
    clusters: list[str]
    fields: list[dict]
    region: str | None
    partners: list[dict]
    source_names: list[str]
    members: int
    projects: int
    recent_projects: list[dict]  # acronym, title, topic, programme, part, period of the latest five

    @property
    def name(self) -> str:
        return str(self.props.get("name") or self.props.get("acronym") or self.id)

    @property
    def kind(self) -> str:
        return str(self.props.get("kind") or next((l for l in self.labels if l != "Organisation"), ""))

    @property
    def other_kinds(self) -> list[tuple[str, str]]:
        """(kind, source id) for each source that states a kind other than the one that won (``stated``;
        a kind a source only guessed from the name is no statement), e.g. ``("Intermediary", "src:clusters-bw")``."""
        stated = json.loads(self.props.get("stated") or "{}")
        return [(said["kind"], source) for source, said in sorted(stated.items())
                if said.get("kind") not in (None, self.kind) and not said.get("kind_inferred")]


def node_profile(driver: Driver, database: str, node_id: str) -> NodeProfile | None:
    """The profile of an organisation, cluster, field or project; ``None`` when no such id exists."""
    rows = _read(driver, database, "node_profile", id=node_id)
    if not rows:
        return None
    row = rows[0]
    row["props"] = {key: _plain(value) for key, value in row["props"].items()}
    row["partners"] = [p for p in row["partners"] if p.get("id")]
    row["fields"] = [f for f in row["fields"] if f.get("name")]
    row["recent_projects"] = [p for p in row["recent_projects"] if p.get("id")]
    return NodeProfile(**row)


@dataclass(frozen=True)
class GeoPoint(Record):
    id: str
    name: str
    kind: str
    city: str | None
    lat: float
    lon: float
    clusters: list[str] = field(default_factory=list)
    community: Any = None


@dataclass(frozen=True)
class GeoPoints(Record):
    points: list[GeoPoint]
    without_coordinates: int


def geo_points(driver: Driver, database: str, *, kinds: tuple[str, ...] = (), clusters: tuple[str, ...] = ()) -> GeoPoints:
    """Organisations with coordinates (optionally of some kinds or clusters) and how many lack them."""
    rows = _read(driver, database, "geo_points", kinds=list(kinds), clusters=list(clusters))
    points = [GeoPoint(**row) for row in rows if row["lat"] is not None and row["lon"] is not None]
    return GeoPoints(points=points, without_coordinates=len(rows) - len(points))


def actors(driver: Driver, database: str) -> list[Actor]:
    """Organisations and cluster initiatives by name, for pickers."""
    rows = _read(driver, database, "actors")
    return sorted((Actor(row["id"], row["name"], row["kind"]) for row in rows), key=lambda a: (a.name.casefold(), a.id))


def _json(text: Any) -> Any:
    """Load runs store their reports as JSON text; anything else is kept as it is."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _plain(value: Any) -> Any:
    """Neo4j temporal values as ISO text, so profiles cache and serialise as plain data."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
