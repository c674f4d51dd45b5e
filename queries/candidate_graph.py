"""The small graph cross-clustering candidates are ranked on, read in the database (issue 19).

Instead of a projection of the whole graph: every cluster's members (nodes only), all ties of the chosen
cluster's members, and a two-hop expansion from them: each member's ``max_partners`` strongest partners,
and their ``max_fanout`` strongest ties each (hubs bounded). With both bounds 0 the expansion is exact, and
:mod:`analytics.recommend` scores on it exactly what it scores on the projection (docs/analytics.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import networkx as nx
from neo4j import Driver

from queries.actors import Actor
from queries.cypher import read, read_records
from queries.errors import EmptySelection
from queries.projection import add_nodes, empty_graph, node_rows
from queries.projection_cache import projection
from queries.selection import Selection, organisation_ids

MAX_PARTNERS, MAX_FANOUT = 100, 200


@dataclass(frozen=True)
class Bounds:
    """How far the expansion reads: 0 means no bound (exact)."""

    max_partners: int = MAX_PARTNERS
    max_fanout: int = MAX_FANOUT


EXACT = Bounds(0, 0)


@dataclass(frozen=True)
class CandidateGraph:
    """``graph`` to rank on; ``bounded``: a bound left ties out; ``partner_counts``: each cluster's outside
    partners as the database counts them (None when ``graph`` is the whole projection)."""

    graph: nx.Graph
    bounded: bool
    partner_counts: dict | None
    complete: Callable[[Iterable], None] | None = None  # reads the attributes of nodes ``graph`` holds bare


def candidate_graph(driver: Driver, database: str, cluster: str, flt: Selection, bounds: Bounds = Bounds(), *,
                    clusters: bool = True) -> CandidateGraph:
    """The expansion around ``cluster`` (an id) within the resolved selection ``flt``.

    A year filter re-weighs every tie from its projects, which the projection already does: then the
    (cached) projection is used. ``clusters=False`` skips the partner counts only cluster pairs need.
    """
    if flt.years is not None:
        return CandidateGraph(projection(driver, database, flt), False, None)
    allowed = organisation_ids(driver, database, flt) if flt.restricts_nodes else None
    params = {"min_weight": flt.tie_floor, "allowed": allowed}
    in_clusters = read(driver, database, "candidate_cluster_members", allowed=allowed,
                       include_partners=flt.include_partners, no_hierarchy=flt.no_hierarchy)
    G = empty_graph(driver, database, flt)
    add_nodes(G, _nodes(driver, database, flt, [r["eid"] for r in in_clusters]))
    members = sorted(n for n, cs in G.nodes(data="clusters") if cluster in cs)
    bounded = _expand(driver, database, G, members, flt, bounds, params)
    counts = _partner_counts(driver, database, G, params) if clusters else None
    return CandidateGraph(G, bounded, counts)


def organisation_graph(driver: Driver, database: str, organisation: Actor, flt: Selection,
                       bounds: Bounds = Bounds()) -> CandidateGraph:
    """The same expansion around one organisation: its ties, and its ``max_partners`` strongest
    partners' ``max_fanout`` strongest ties; no other cluster members, so its cost does not grow with the graph.

    Its nodes are bare (an ``eid`` only) until ``complete`` reads them: a hub's partners' partners number
    thousands, and a ranking needs the attributes of a few hundred (on L, 80 ms of a 255 ms call went to
    reading them all)."""
    allowed = organisation_ids(driver, database, flt) if flt.restricts_nodes else None
    if allowed is not None and organisation.id not in allowed:  # read once: the expansion needs the same ids
        raise EmptySelection(f"{organisation.name} is not within the selection ({flt.describe()})")
    if flt.years is not None:
        return CandidateGraph(projection(driver, database, flt), False, None)
    G = empty_graph(driver, database, flt)
    bounded = _expand(driver, database, G, [organisation.id], flt, bounds, {"min_weight": flt.tie_floor, "allowed": allowed},
                      bare=True)

    def complete(nodes: Iterable) -> None:
        add_nodes(G, _nodes(driver, database, flt, sorted(G.nodes[n]["eid"] for n in nodes
                                                          if "name" not in G.nodes[n] and "eid" in G.nodes[n])))
    return CandidateGraph(G, bounded, None, complete)


def _expand(driver: Driver, database: str, G: nx.Graph, starts: list, flt: Selection, bounds: Bounds, params: dict, *,
            bare: bool = False) -> bool:
    """Add the ties of ``starts`` and the bounded second hop to ``G``, new nodes with their attributes or
    ``bare`` (their ``eid`` only); whether a bound left ties out."""
    first = read_records(driver, database, "candidate_ties", ids=starts, limit=0, degrees=True, **params)
    expand, eids, degrees = set(), {}, {}
    for row in first:  # every tie of a start, so no existing tie is suggested as a new one
        eids[row["source"]] = row["eid"]
        for i, tie in enumerate(row["kept"]):
            eids[tie["id"]], degrees[tie["id"]] = tie["eid"], tie["degree"]
            if not bounds.max_partners or i < bounds.max_partners:
                expand.add(tie["id"])
    expand -= set(starts)
    second = read_records(driver, database, "candidate_ties", ids=sorted(expand), limit=bounds.max_fanout,
                          degrees=False, **params)
    for row in second:
        degrees[row["source"]] = row["total"]  # its ties within the selection
        for tie in row["kept"]:
            eids.setdefault(tie["id"], tie["eid"])
    new = sorted((e, n) for n, e in eids.items() if n not in G)
    if bare:
        G.add_nodes_from((n, {"eid": e}) for e, n in new)
    else:
        add_nodes(G, _nodes(driver, database, flt, [e for e, _ in new]))
    for row in first + second:
        for tie in row["kept"]:
            G.add_edge(row["source"], tie["id"], weight=float(tie["weight"]))
    cut = {row["source"] for row in second if len(row["kept"]) < row["total"]}
    partners = {t["id"] for row in first for t in row["kept"]} - set(starts)
    for n in cut | (partners - expand):  # hubs whose ties the expansion left out keep their true degree
        G.nodes[n]["full_degree"] = degrees[n]
    return bool(cut or partners - expand)


def _nodes(driver: Driver, database: str, flt: Selection, eids: list[str]) -> list[dict]:
    """The projection's node rows for just these organisations."""
    if not eids:
        return []
    return node_rows(driver, database, eids=eids, include_partners=flt.include_partners,
                     no_hierarchy=flt.no_hierarchy)


def _partner_counts(driver: Driver, database: str, G: nx.Graph, params: dict) -> dict:
    groups: dict = {}
    for n, cs in G.nodes(data="clusters"):
        for c in cs or []:
            groups.setdefault(c, []).append(n)
    rows = read(driver, database, "cluster_partner_counts",
                groups=[{"cluster": c, "members": sorted(ms)} for c, ms in sorted(groups.items())], **params)
    return {r["cluster"]: r["partners"] for r in rows}
