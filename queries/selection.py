"""The one selection: which organisations and ties the map, export, bridges page and CLI show.

Every reader takes a :class:`Selection`, resolves its names with :func:`resolve` and picks the
organisations with the one Cypher filter ``selection_organisations.cypher``. The meaning of each
filter is written once, in docs/analytics.md ("The selection").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from neo4j import Driver

from graph.schema import NodeLabel, OrgKind

from .cypher import read
from .errors import BadSelection, NotFound

MAX_EGO_DEPTH = 2


@dataclass(frozen=True)
class Selection:
    """What to select; empty filters mean "no restriction".

    Node filters (``clusters``, ``fields``, ``kinds``, ``regions``, ``include_partners``,
    ``no_hierarchy``) pick organisations; ``years`` and ``min_weight`` keep ties. ``ego_id``,
    ``path_ids``, ``cypher``, ``limit`` and ``include_projects`` shape a map or export only.

    >>> Selection(kinds=("Firm",), years=(2015, 2020), min_weight=2, limit=100).describe()
    'organisations of kind Firm; projects and ties 2015–2020; ties of weight ≥ 2; at most 100 nodes (most connected first)'
    """

    clusters: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int | None, int | None] | None = None
    min_weight: float | None = None
    include_partners: bool = False
    no_hierarchy: bool = False
    ego_id: str | None = None
    ego_depth: int = 1
    path_ids: tuple[str, ...] = ()
    cypher: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    limit: int | None = None
    include_projects: bool = False

    @property
    def mode(self) -> str:
        return "ego" if self.ego_id else "path" if self.path_ids else "cypher" if self.cypher else "filters"

    @property
    def restricts_nodes(self) -> bool:
        return bool(self.clusters or self.kinds or self.fields or self.regions)

    @property
    def tie_floor(self) -> float:
        """The smallest tie weight kept: ``min_weight``, or every tie (weight ≥ 1)."""
        return 1 if self.min_weight is None else self.min_weight

    def is_restricted(self) -> bool:
        """Whether analytics see less than the default whole graph (what ``analyze`` stores)."""
        return self.analytics_part() != Selection()

    def analytics_part(self) -> Selection:
        """Only what analytics use (the projection cache's key): node filters, years, tie weight
        (a floor of 1 is every tie, as no floor: the dashboard's slider starts there)."""
        return Selection(clusters=self.clusters, fields=self.fields, kinds=self.kinds, regions=self.regions,
                         years=self.years, min_weight=None if self.tie_floor == 1 else self.min_weight,
                         include_partners=self.include_partners,
                         no_hierarchy=self.no_hierarchy)

    def for_view(self, *, limit: int | None, ego_id: str | None = None, ego_depth: int = 1) -> Selection:
        """This selection drawn with ``limit`` nodes; an ego network keeps only the tie filters."""
        if ego_id:
            return Selection(ego_id=ego_id, ego_depth=ego_depth, years=self.years, min_weight=self.min_weight,
                             limit=limit)
        return replace(self, limit=limit)

    def validate(self) -> None:
        """Raise :class:`BadSelection` for contradictions and values out of range."""
        modes = [m for m, on in (("ego", self.ego_id), ("path", self.path_ids), ("cypher", self.cypher)) if on]
        if len(modes) > 1:
            raise BadSelection("choose one of ego network, path and Cypher query, not " + " and ".join(modes))
        if modes and (self.restricts_nodes or self.include_projects):
            raise BadSelection(f"cluster, field, kind and region filters do not combine with a {modes[0]} selection")
        if not 1 <= self.ego_depth <= MAX_EGO_DEPTH:
            raise BadSelection(f"the ego depth must be 1 or 2, not {self.ego_depth}")
        if self.limit is not None and self.limit < 1:
            raise BadSelection(f"the node limit must be at least 1, not {self.limit}")
        unknown = sorted(set(self.kinds) - {k.value for k in OrgKind})
        if unknown:
            raise BadSelection(f"unknown organisation kind {', '.join(unknown)}: use {', '.join(k.value for k in OrgKind)}")
        low, high = self.years or (None, None)
        if low is not None and high is not None and low > high:
            raise BadSelection(f"the years run backwards: {low} to {high}")

    def describe(self) -> str:
        """One English line naming everything that shaped the selection."""
        parts = []
        if self.mode == "ego":
            parts.append(f"ego network of {self.ego_id} (depth {self.ego_depth})")
        elif self.mode == "path":
            parts.append("path " + " → ".join(self.path_ids))
        elif self.mode == "cypher":
            parts.append("Cypher query: " + " ".join(self.cypher.split()))
            if self.params:
                parts.append("parameters " + ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items())))
        for name, values in (("clusters", self.clusters), ("technology fields", self.fields),
                             ("organisations of kind", self.kinds), ("regions", self.regions)):
            if values:
                parts.append(name + " " + ", ".join(values))
        if self.include_partners:
            parts.append("partners count as members")
        if self.no_hierarchy:
            parts.append("memberships only where stated")
        if self.include_projects:
            parts.append("with projects")
        if self.years:
            low, high = self.years
            parts.append(f"projects and ties {low or '…'}–{high or '…'}")
        if self.min_weight is not None and self.min_weight > 1:
            parts.append(f"ties of weight ≥ {self.min_weight:g}")
        if self.limit is not None:
            parts.append(f"at most {self.limit} nodes (most connected first)")
        return "; ".join(parts) if parts else "the whole graph"


def parse_years(text: str | None, option: str = "--years") -> tuple[int | None, int | None] | None:
    """``"2015-2020"`` → ``(2015, 2020)``; ``"2018-"`` → ``(2018, None)``; ``"2019"`` → ``(2019, 2019)``.

    >>> parse_years("-2016"), parse_years(" 2014 - 2020 ")
    ((None, 2016), (2014, 2020))
    """
    if not text or not text.strip():
        return None
    low, sep, high = text.strip().partition("-")
    try:
        years = (int(low) if low.strip() else None, int(high) if high.strip() else None)
    except ValueError:
        raise BadSelection(f"{option} takes FROM-TO in whole years, e.g. 2014-2020, not '{text}'") from None
    if not sep:
        years = (years[0], years[0])
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise BadSelection(f"the years run backwards: {years[0]} to {years[1]}")
    return years


def resolve(driver: Driver, database: str, selection: Selection) -> Selection:
    """The selection with cluster, field and region names replaced by their ids (one id may stand for several)."""
    return replace(
        selection,
        clusters=resolve_names(driver, database, NodeLabel.CLUSTER, selection.clusters),
        fields=resolve_names(driver, database, NodeLabel.FIELD, selection.fields),
        regions=resolve_names(driver, database, NodeLabel.REGION, selection.regions),
    )


def resolve_names(driver: Driver, database: str, label: NodeLabel, values: tuple[str, ...]) -> tuple[str, ...]:
    """Natural ids for ids, names or acronyms of ``label`` (case-insensitive).

    Raises :class:`NotFound` naming the closest spellings ("did you mean …") for a value that matches nothing.
    """
    if not values:
        return ()
    rows = read(driver, database, "selection_resolve", label=label.value, values=list(values))
    missing = [row["value"] for row in rows if not row["ids"]]
    if missing:
        raise NotFound("; ".join(_not_found(driver, database, label, value) for value in missing))
    return tuple(dict.fromkeys(i for row in rows for i in row["ids"]))


def organisation_eids(driver: Driver, database: str, resolved: Selection) -> list[str]:
    """Element ids of the organisations passing the node filters of a :func:`resolve`-d selection."""
    return [row["eid"] for row in _selected(driver, database, resolved)]


def organisation_ids(driver: Driver, database: str, resolved: Selection) -> list[str]:
    """Their ``id`` properties (what per-call queries pass on as ``$allowed``)."""
    return [row["id"] for row in _selected(driver, database, resolved)]


def _selected(driver: Driver, database: str, resolved: Selection) -> list[dict]:
    as_list = lambda values: list(values or ()) or None  # noqa: E731
    return read(driver, database, "selection_organisations",
                kinds=as_list(resolved.kinds), regions=as_list(resolved.regions), clusters=as_list(resolved.clusters),
                fields=as_list(resolved.fields), include_partners=resolved.include_partners,
                no_hierarchy=resolved.no_hierarchy)


def _not_found(driver: Driver, database: str, label: NodeLabel, value: str) -> str:
    names = {row["name"]: row["id"] for row in read(driver, database, "selection_names", label=label.value)}
    close = difflib.get_close_matches(value.lower(), {n.lower(): n for n in names}, n=3, cutoff=0.5)
    by_lower = {n.lower(): n for n in names}
    hint = "; did you mean " + ", ".join(f"{by_lower[c]} ({names[by_lower[c]]})" for c in close) + "?" if close else ""
    return f"no {label.value} with id or name {value!r}{hint}"
