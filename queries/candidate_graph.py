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
    partners as the database counts them (None when ``graph`` is the whole projection or no cluster pairs
    are asked for); ``complete`` and ``clustered`` for a ``graph`` that holds some nodes bare."""

    graph: nx.Graph
    bounded: bool
    partner_counts: dict | None
    complete: Callable[[Iterable], None] | None = None  # reads the attributes of nodes ``graph`` holds bare
    clustered: Callable[[], None] | None = None  # adds every organisation in a cluster, with its attributes


def candidate_graph(driver: Driver, database: str, cluster: str, flt: Selection, bounds: Bounds = Bounds(), *,
                    clusters: bool = True) -> CandidateGraph:
    """The expansion around ``cluster`` (an id) within the resolved selection ``flt``.

    A year filter re-weighs every tie from its projects, which the projection already does: then the
    (cached) projection is used. Cluster pairs (``clusters``) need every cluster's members with their
    attributes and the partner counts. Organisation pairs alone need only this cluster's members: the
    expansion stays bare, ``complete`` reads the outsiders the ranking reaches and ``clustered`` the other
    clusters' members, if pairs sharing only a field can reach the top (on the L graph, 5–8 s of 8–16 s went
    to reading every cluster's members).
    """
    if flt.years is not None:
        return CandidateGraph(projection(driver, database, flt), False, None)
    allowed = organisation_ids(driver, database, flt) if flt.restricts_nodes else None
    params = {"min_weight": flt.tie_floor, "allowed": allowed}
    G = empty_graph(driver, database, flt)

    def add_clustered(of: list[str]) -> None:
        rows = node_rows(driver, database, eids=None, members_of=of, allowed=allowed,
                         include_partners=flt.include_partners, no_hierarchy=flt.no_hierarchy)
        add_nodes(G, [row for row in rows if "name" not in G.nodes.get(row["id"], {})])

    add_clustered(sorted(G.graph["clusters"]) if clusters else [cluster])
    members = sorted(n for n, cs in G.nodes(data="clusters") if cluster in cs)
    bounded = _expand(driver, database, G, members, flt, bounds, params, bare=not clusters)
    if clusters:
        return CandidateGraph(G, bounded, _partner_counts(driver, database, G, params))
    return CandidateGraph(G, bounded, None, _completer(driver, database, flt, G),
                          lambda: add_clustered(sorted(set(G.graph["clusters"]) - {cluster})))


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

    return CandidateGraph(G, bounded, None, _completer(driver, database, flt, G))


def _completer(driver: Driver, database: str, flt: Selection, G: nx.Graph) -> Callable[[Iterable], None]:
    """``complete(nodes)``: read the attributes of those of ``nodes`` that ``G`` holds bare."""
    def complete(nodes: Iterable) -> None:
        add_nodes(G, _nodes(driver, database, flt, sorted(G.nodes[n]["eid"] for n in nodes
                                                          if "name" not in G.nodes[n] and "eid" in G.nodes[n])))
    return complete


def _expand(driver: Driver, database: str, G: nx.Graph, starts: list, flt: Selection, bounds: Bounds, params: dict, *,
            bare: bool = False) -> bool:
    """Add the ties of ``starts`` and the bounded second hop to ``G``, new nodes with their attributes or
    ``bare`` (their ``eid`` only); whether a bound left ties out."""
    first = _hop(driver, database, starts, 0, True, params)
    expand, eids, degrees = set(), {}, {}
    for source, eid, _, kept in first:  # every tie of a start, so no existing tie is suggested as a new one
        eids[source] = eid
        for i, tie in enumerate(kept):
            eids[tie["id"]], degrees[tie["id"]] = tie["eid"], tie["degree"]
            if not bounds.max_partners or i < bounds.max_partners:
                expand.add(tie["id"])
    expand -= set(starts)
    second = _hop(driver, database, sorted(expand), bounds.max_fanout, False, params)
    for source, _, total, kept in second:
        degrees[source] = total  # its ties within the selection
        for tie in kept:
            eids.setdefault(tie["id"], tie["eid"])
    new = sorted((e, n) for n, e in eids.items() if n not in G)
    if bare:
        G.add_nodes_from((n, {"eid": e}) for e, n in new)
    else:
        add_nodes(G, _nodes(driver, database, flt, [e for e, _ in new]))
    G.add_weighted_edges_from((source, tie["id"], float(tie["weight"])) for source, _, _, kept in first + second
                              for tie in kept)
    cut = {source for source, _, total, kept in second if len(kept) < total}
    partners = {t["id"] for _, _, _, kept in first for t in kept} - set(starts)
    for n in cut | (partners - expand):  # hubs whose ties the expansion left out keep their true degree
        G.nodes[n]["full_degree"] = degrees[n]
    return bool(cut or partners - expand)


def _hop(driver: Driver, database: str, ids: list, limit: int, degrees: bool, params: dict) -> list[tuple]:
    """``candidate_ties`` as (source, eid, total, kept) tuples: a record's fields are slow to look up (3 µs each)."""
    return [tuple(record.values()) for record in read_records(driver, database, "candidate_ties", ids=ids, limit=limit,
                                                              degrees=degrees, **params)]


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
