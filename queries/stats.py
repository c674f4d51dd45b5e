"""Ecosystem figures: who is there, how connected, how much SMEs take part."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np
from neo4j import Driver
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph.record import Record
from queries.errors import EmptySelection
from queries.lean_projection import LeanGraph, LeanNodes, lean_nodes, names_of, tie_arrays
from queries.selection import Selection, resolve

DEGREE_BINS = (0, 1, 2, 5, 10, 20, 50, 100)
STORED_TOP = 5  # the organisations per kind ``analyze`` stores the figures with


@dataclass(frozen=True)
class Stats(Record):
    organisations: int
    ties: int
    density: float
    components: int
    largest_component: int
    isolated: int
    by_kind: dict
    by_region: dict
    by_field: dict
    by_cluster: dict
    degree: dict  # mean, median, max, histogram {"0": n, "1": n, "2-4": n, …}
    top_by_kind: dict  # kind -> [(name, ties, shared projects)]
    sme: dict  # organisations, with_ties, share_of_ties_with_sme
    selection: str

def ecosystem_stats(driver: Driver, database: str, flt: Selection | None = None, *, top: int = STORED_TOP) -> Stats:
    """Counts by kind, region, field and cluster, density, components, degrees, SME share.

    Read from the database as node rows and lean tie lists (ids and weights, no project lists; with a
    year filter, the ties re-weighed from their projects), so a national graph needs no NetworkX
    projection. The figures equal :func:`graph_stats` of the projection. Over everything, the figures
    ``analyze`` or the last CLI load stored (:func:`store_ecosystem_stats`) are read while the graph is
    unchanged since (reading every tie for the components is most of the time on a national graph).
    """
    flt = resolve(driver, database, flt or Selection())
    if not flt.is_restricted() and top == STORED_TOP:
        from queries.stored_metrics import RUN_ID, STATS_RUN_ID, current_analysis, stored_stats

        for run_id in (RUN_ID, STATS_RUN_ID):
            run = current_analysis(driver, database, run_id=run_id)
            stored = stored_stats(run) if run is not None else None
            if stored is not None:
                return stored
    return _computed(driver, database, flt, top)


def _computed(driver: Driver, database: str, flt: Selection, top: int) -> Stats:
    nodes = lean_nodes(driver, database, flt)
    ties = tie_arrays(driver, database, flt, {node: i for i, node in enumerate(nodes.ids)})
    return _stats_of(nodes, ties, *names_of(driver, database), flt.describe(), top)


def store_ecosystem_stats(driver: Driver, database: str) -> Stats | None:
    """Compute the figures over everything and leave them with the graph's version, as ``analyze`` leaves
    its metrics: a CLI load calls this, so ``stats`` reads them instead of every tie until the graph
    changes. ``None`` for an empty graph, or when a current ``analyze`` holds them (a new node would
    make it look stale)."""
    from queries.stored_metrics import STATS_RUN_ID, current_analysis, record_analysis

    if current_analysis(driver, database) is not None:
        return None
    everything = resolve(driver, database, Selection())
    try:
        figures = _computed(driver, database, everything, STORED_TOP)
    except EmptySelection:
        return None
    record_analysis(driver, database, {"selection": everything.describe(), "stats_report": json.dumps(figures.to_dict())},
                    run_id=STATS_RUN_ID)
    return figures


def lean_stats(lg: LeanGraph, *, top: int = STORED_TOP) -> Stats:
    """:class:`Stats` of the projection ``analyze`` holds anyway: no second read of every tie."""
    ends = np.asarray(lg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    return _stats_of(lg.nodes, (ends[:, 0], ends[:, 1], lg.weights), lg.cluster_names, lg.field_names, lg.selection, top)


def _stats_of(nodes: LeanNodes, ties: tuple, cluster_names: dict, field_names: dict, selection: str,
              top: int) -> Stats:
    """:class:`Stats` from node columns and ``(low, high, weights)``: one tie per pair, positions into ``nodes``."""
    n = len(nodes)
    low, high, weights = ties
    degrees = (np.bincount(low, minlength=n) + np.bincount(high, minlength=n)).tolist()
    strength = (np.bincount(low, weights, minlength=n) + np.bincount(high, weights, minlength=n)).tolist()
    adjacency = coo_matrix((np.ones(len(low)), (low, high)), shape=(n, n))
    count, labels = connected_components(adjacency, directed=False)
    sizes = np.bincount(labels, minlength=count)
    by_kind: dict = {}
    for i, kind in enumerate(nodes.kinds):
        by_kind.setdefault(kind, []).append(i)
    top_by_kind = {
        kind: [(nodes.names[i], degrees[i], strength[i])
               for i in sorted(members, key=lambda i: (-strength[i], repr(nodes.ids[i])))[:top]]
        for kind, members in sorted(by_kind.items())
    }
    smes = np.array([sme is True for sme in nodes.smes], dtype=bool)
    with_sme = int(np.count_nonzero(smes[low] | smes[high]))
    return Stats(
        organisations=n,
        ties=len(low),
        density=round(2 * len(low) / (n * (n - 1)), 6) if n > 1 else 0,
        components=int(count),
        largest_component=int(sizes.max()) if n else 0,
        isolated=sum(1 for d in degrees if d == 0),
        by_kind={k: len(v) for k, v in sorted(by_kind.items())},
        by_region=_counted(region or "unknown" for region in nodes.regions),
        by_field=_counted(field_names.get(f, f) for fields in nodes.fields for f in set(fields)),
        by_cluster=_counted(cluster_names.get(c, c) for clusters in nodes.clusters for c in clusters),
        degree=_degree_summary(degrees),
        top_by_kind=top_by_kind,
        sme={
            "organisations": int(smes.sum()),
            "with_ties": sum(1 for i, sme in enumerate(smes) if sme and degrees[i] > 0),
            "share_of_ties_with_sme": round(with_sme / len(low), 4) if len(low) else 0.0,
        },
        selection=selection,
    )


def graph_stats(G: nx.Graph, *, top: int = 5) -> Stats:
    """:class:`Stats` of a projection.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2)
    >>> G.add_edge("b", "c", weight=1)
    >>> G.add_node("d")
    >>> kinds = {"a": "Firm", "b": "University", "c": "Firm", "d": "Firm"}
    >>> nx.set_node_attributes(G, kinds, "kind")
    >>> nx.set_node_attributes(G, {"a": True, "b": False, "c": None, "d": True}, "sme")
    >>> s = graph_stats(G)
    >>> s.by_kind, s.density, s.components, s.isolated
    ({'Firm': 3, 'University': 1}, 0.333333, 2, 1)
    >>> s.degree["histogram"], s.sme["share_of_ties_with_sme"]
    ({'0': 1, '1': 2, '2-4': 1}, 0.5)
    """
    components = list(nx.connected_components(G))
    degrees = [d for _, d in G.degree()]
    label = lambda n: G.nodes[n].get("name", n)  # noqa: E731
    names = G.graph.get("clusters", {})
    fields = G.graph.get("fields", {})
    by_kind: dict = {}
    for n, kind in G.nodes(data="kind"):
        by_kind.setdefault(kind or "Other", []).append(n)
    strength = dict(G.degree(weight="weight"))
    top_by_kind = {
        kind: [(label(n), G.degree(n), strength[n]) for n in sorted(nodes, key=lambda n: (-strength[n], repr(n)))[:top]]
        for kind, nodes in sorted(by_kind.items())
    }
    smes = {n for n, sme in G.nodes(data="sme") if sme is True}
    with_sme = sum(1 for u, v in G.edges if u in smes or v in smes)
    return Stats(
        organisations=G.number_of_nodes(),
        ties=G.number_of_edges(),
        density=round(nx.density(G), 6),
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        isolated=sum(1 for d in degrees if d == 0),
        by_kind={k: len(v) for k, v in sorted(by_kind.items())},
        by_region=_counted(r or "unknown" for _, r in G.nodes(data="region")),
        by_field=_counted(fields.get(f, f) for _, fs in G.nodes(data="fields") for f in fs or []),
        by_cluster=_counted(names.get(c, c) for _, cs in G.nodes(data="clusters") for c in cs or []),
        degree=_degree_summary(degrees),
        top_by_kind=top_by_kind,
        sme={
            "organisations": len(smes),
            "with_ties": sum(1 for n in smes if G.degree(n) > 0),
            "share_of_ties_with_sme": round(with_sme / G.number_of_edges(), 4) if G.number_of_edges() else 0.0,
        },
        selection=G.graph.get("selection", "everything"),
    )


def _counted(values) -> dict:
    return dict(sorted(Counter(values).items(), key=lambda x: (-x[1], x[0])))


def _degree_summary(degrees: list[int]) -> dict:
    return {
        "mean": round(statistics.fmean(degrees), 3) if degrees else 0,
        "median": statistics.median(degrees) if degrees else 0,
        "max": max(degrees, default=0),
        "histogram": _histogram(degrees),
    }


def _histogram(degrees: list[int]) -> dict:
    bins = list(DEGREE_BINS) + [None]
    histogram = {}
    for low, high in zip(bins, bins[1:]):
        count = sum(1 for d in degrees if d >= low and (high is None or d < high))
        if count:
            name = str(low) if high == low + 1 else f"{low}+" if high is None else f"{low}-{high - 1}"
            histogram[name] = count
    return histogram
