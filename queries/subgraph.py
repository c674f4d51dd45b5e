"""Choose the part of the graph a map shows or an export writes.

A selection has one of four modes, each giving a set of nodes; the subgraph is then the
*induced* subgraph (every relationship between two chosen nodes), except in Cypher mode where the
query's own nodes and relationships are taken as they are.

- **filters** (the default): organisations that pass every given filter (kinds, regions with their
  sub-regions, membership or partnership in clusters, technology fields incl. narrower ones), plus
  the chosen clusters (else those the organisations belong to), the chosen fields (else those the
  clusters focus on) and, with ``include_projects``, the organisations' projects within ``years``;
- **ego**: a node and everything within ``ego_depth`` (1 or 2) relationships of it;
- **path**: exactly the listed nodes;
- **cypher**: the nodes, relationships and paths a read-only query returns (checked and run by
  :mod:`queries.console`).

In every mode ``min_weight`` and ``years`` drop collaboration ties (``COLLABORATES_WITH``) that
are too weak or lie wholly outside the years, and ``limit`` keeps the most connected nodes
(highest degree in the subgraph, ties by id; the ego node and path nodes always stay) and counts
the rest in ``hidden_nodes``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from neo4j import Driver

from graph.schema import NodeLabel, OrgKind, RelType

from .console import run_read_only
from .cypher import read as _read
from .errors import Ambiguous, BadSelection, EmptySelection, NotFound
from .subgraph_model import GraphNode, GraphRel, Subgraph, cited_source_ids, relationships_with_ids

__all__ = ["GraphNode", "GraphRel", "Selection", "Subgraph", "select_subgraph"]

MAX_EGO_DEPTH = 2


@dataclass(frozen=True)
class Selection:
    """What to select; empty filters mean "no restriction" (see the module docstring).

    >>> Selection(kinds=("Firm",), years=(2015, 2020), min_weight=2, limit=100).describe()
    'organisations of kind Firm; projects and ties 2015–2020; ties of weight ≥ 2; at most 100 nodes (most connected first)'
    """

    clusters: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int | None, int | None] | None = None
    min_weight: float | None = None
    ego_id: str | None = None
    ego_depth: int = 1
    path_ids: tuple[str, ...] = ()
    cypher: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    limit: int | None = None
    include_projects: bool = False

    @property
    def mode(self) -> str:
        return "ego" if self.ego_id else "path" if self.path_ids else "cypher" if self.cypher else "filters"

    def validate(self) -> None:
        """Raise :class:`BadSelection` for contradictions and values out of range."""
        modes = [m for m, on in (("ego", self.ego_id), ("path", self.path_ids), ("cypher", self.cypher)) if on]
        if len(modes) > 1:
            raise BadSelection("choose one of ego network, path and Cypher query, not " + " and ".join(modes))
        if modes and (self.clusters or self.fields or self.kinds or self.regions or self.include_projects):
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
        if self.include_projects:
            parts.append("with projects")
        if self.years:
            low, high = self.years
            parts.append(f"projects and ties {low or '…'}–{high or '…'}")
        if self.min_weight is not None:
            parts.append(f"ties of weight ≥ {self.min_weight:g}")
        if self.limit is not None:
            parts.append(f"at most {self.limit} nodes (most connected first)")
        return "; ".join(parts) if parts else "the whole graph"


def select_subgraph(driver: Driver, database: str, selection: Selection, *, timeout: float = 30.0) -> Subgraph:
    """The subgraph ``selection`` describes; raises :class:`EmptySelection` when it matches nothing.

    ``timeout`` (seconds) bounds a Cypher-mode query on the server.
    """
    selection.validate()
    if selection.mode == "cypher":
        result = run_read_only(driver, database, selection.cypher, dict(selection.params), timeout=timeout, limit=None)
        if result.subgraph is None:
            raise EmptySelection("the query returned no nodes, relationships or paths to select")
        nodes, rels, keep = result.subgraph.nodes, result.subgraph.relationships, set()
    else:
        eids, keep_eids = _node_eids(driver, database, selection)
        if not eids:
            raise EmptySelection(f"nothing matches the selection ({selection.describe()})")
        chosen = _ranked_in_database(driver, database, eids, keep_eids, selection)
        nodes, rels, keep = _induced(driver, database, chosen, keep_eids)
    rels = [r for r in rels if _tie_passes(r, selection)]
    nodes, rels, hidden = _limit(nodes, rels, selection.limit, keep)
    if selection.mode != "cypher":
        hidden += len(eids) - len(chosen)
    return Subgraph(nodes, rels, hidden, _sources(driver, database, cited_source_ids([*nodes, *rels])),
                    _review(driver, database, {n.id for n in nodes}))


def _node_eids(driver: Driver, database: str, selection: Selection) -> tuple[list[str], set[str]]:
    """Element ids of the selected nodes, and those the limit must keep."""
    if selection.mode == "ego":
        ego = _resolve_one(driver, database, selection.ego_id)
        around = _column(driver, database, f"subgraph_ego_depth{selection.ego_depth}", eid=ego)
        return _unique([ego, *around]), {ego}
    if selection.mode == "path":
        path = [_resolve_one(driver, database, value) for value in selection.path_ids]
        return _unique(path), set(path)
    return _filter_eids(driver, database, selection), set()


def _filter_eids(driver: Driver, database: str, selection: Selection) -> list[str]:
    clusters = _resolve_all(driver, database, NodeLabel.CLUSTER, selection.clusters)
    fields = _resolve_all(driver, database, NodeLabel.FIELD, selection.fields)
    regions = _resolve_all(driver, database, NodeLabel.REGION, selection.regions)
    organisations = _column(
        driver, database, "subgraph_organisations",
        kinds=list(selection.kinds) or None, regions=regions, clusters=clusters, fields=fields,
    )
    cluster_eids = _column(driver, database, "subgraph_clusters", clusters=clusters, organisations=organisations)
    field_eids = _column(driver, database, "subgraph_fields", fields=fields, clusters=cluster_eids)
    projects = []
    if selection.include_projects:
        low, high = selection.years or (None, None)
        projects = _column(driver, database, "subgraph_projects", organisations=organisations, year_from=low, year_to=high)
    return _unique([*organisations, *cluster_eids, *field_eids, *projects])


def _ranked_in_database(driver: Driver, database: str, eids: list[str], keep_eids: set[str], selection: Selection) -> list[str]:
    """The ``limit`` most connected of ``eids`` (``keep_eids`` first), ranked on degrees counted in
    the database, so that a 150-node map of a national graph reads 150 nodes' properties, not all."""
    if selection.limit is None or len(eids) <= selection.limit:
        return eids
    low, high = selection.years or (None, None)
    rows = _read(driver, database, "subgraph_degrees", eids=eids, min_weight=selection.min_weight,
                 year_from=low, year_to=high)
    ranked = sorted(rows, key=lambda r: (r["eid"] not in keep_eids, -r["degree"], r["id"]))
    return [r["eid"] for r in ranked[: max(selection.limit, len(keep_eids))]]


def _induced(driver: Driver, database: str, eids: list[str], keep_eids: set[str]):
    node_rows = _read(driver, database, "subgraph_nodes", eids=eids)
    ids = {row["eid"]: str(row["props"].get("id", row["eid"])) for row in node_rows}
    nodes = [GraphNode(ids[row["eid"]], tuple(sorted(row["labels"])), row["props"]) for row in node_rows]
    rel_rows = _read(driver, database, "subgraph_relationships", eids=eids)
    rels = relationships_with_ids((r["type"], ids[r["start"]], ids[r["end"]], r["props"]) for r in rel_rows)
    return sorted(nodes, key=lambda n: n.id), rels, {ids[e] for e in keep_eids}


def _tie_passes(rel: GraphRel, selection: Selection) -> bool:
    if rel.type != RelType.COLLABORATES_WITH.value:
        return True
    if selection.min_weight is not None and (rel.props.get("weight") or 0) < selection.min_weight:
        return False
    low, high = selection.years or (None, None)
    first, last = rel.props.get("first_year"), rel.props.get("last_year")
    if low is not None and last is not None and last < low:
        return False
    return not (high is not None and first is not None and first > high)


def _limit(nodes: list[GraphNode], rels: list[GraphRel], limit: int | None, keep: set[str]):
    """Keep the ``limit`` most connected nodes (``keep`` first) and the relationships among them."""
    if limit is None or len(nodes) <= limit:
        return nodes, rels, 0
    degree: dict[str, int] = {}
    for rel in rels:
        degree[rel.start] = degree.get(rel.start, 0) + 1
        degree[rel.end] = degree.get(rel.end, 0) + 1
    ranked = sorted(nodes, key=lambda n: (n.id not in keep, -degree.get(n.id, 0), n.id))
    kept = {n.id for n in ranked[: max(limit, len(keep))]}
    return (
        [n for n in nodes if n.id in kept],
        [r for r in rels if r.start in kept and r.end in kept],
        len(nodes) - len(kept),
    )


def _sources(driver: Driver, database: str, ids: list[str]) -> list[GraphNode]:
    if not ids:
        return []
    rows = _read(driver, database, "subgraph_sources", ids=ids)
    return [GraphNode(str(r["props"]["id"]), tuple(sorted(r["labels"])), r["props"]) for r in rows]


def _review(driver: Driver, database: str, ids: set[str]) -> list[dict]:
    """The latest loads' review items (loaders.linkage) whose candidate is among ``ids``."""
    items = [item for row in _read(driver, database, "subgraph_review") for item in json.loads(row["review"])]
    return [item for item in items if item.get("candidate_id") in ids]


def _resolve_all(driver: Driver, database: str, label: NodeLabel, values: tuple[str, ...]) -> list[str] | None:
    """Natural ids for ids or names of ``label``; ``None`` when no values were given."""
    if not values:
        return None
    rows = _read(driver, database, "subgraph_resolve", label=label.value, values=list(values))
    missing = [row["value"] for row in rows if not row["ids"]]
    if missing:
        raise NotFound(f"no {label.value} with id or name {', '.join(map(repr, missing))}")
    return _unique([i for row in rows for i in row["ids"]])


def _resolve_one(driver: Driver, database: str, value: str) -> str:
    """The element id of the one node whose id, name or acronym is ``value``."""
    row = _read(driver, database, "subgraph_resolve", label=None, values=[value])[0]
    if not row["eids"]:
        raise NotFound(f"no node with id or name {value!r}")
    if len(row["eids"]) > 1:
        raise Ambiguous(f"{value!r} names several nodes: use one of the ids {', '.join(sorted(row['ids']))}",
                        sorted(row["ids"]))
    return row["eids"][0]


def _column(driver: Driver, database: str, name: str, **params) -> list[str]:
    return [row["eid"] for row in _read(driver, database, name, **params)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
