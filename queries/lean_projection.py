"""The whole-graph projection for ``analyze``: organisations and weights straight into igraph arrays.

The NetworkX projection (:mod:`queries.projection`) keeps a dict per node and per tie plus every
tie's project list, which only path evidence needs; on the Germany-wide graph (25,000
organisations, 665,000 ties) that took 25-30 s and gigabytes. Here the ties arrive grouped by
organisation (one record per organisation, not per tie) and land in one igraph graph and one
weight array; node attributes stay plain lists indexed by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import igraph
import numpy as np
from neo4j import Driver

from queries.cypher import read, read_records
from queries.errors import EmptySelection
from queries.selection import Selection, resolve
from queries.projection import _edge_rows, _node_params, hierarchy_memberships, node_rows


@dataclass(frozen=True)
class LeanNodes:
    """The selection's organisations as columns by position (what the projection and the stats read)."""

    ids: list
    names: list
    kinds: list
    regions: list
    smes: list
    clusters: list  # with one hierarchy step, as in the NetworkX projection
    fields: list
    inherited: list = field(default_factory=list)  # the clusters each has only through that step (``clusters_via``)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class LeanGraph:
    """The selection's organisations (``nodes``, by position ``0..n-1``); ``graph`` carries the ties,
    ``weights`` their weights in igraph's edge order."""

    nodes: LeanNodes
    graph: igraph.Graph
    weights: np.ndarray
    cluster_names: dict
    field_names: dict
    selection: str

    def __len__(self) -> int:
        return len(self.nodes)

    def adjacency(self, weighted: bool = True):
        """The symmetric sparse adjacency matrix (CSR), weights or ones, no self-ties."""
        from scipy.sparse import coo_matrix

        edges = np.asarray(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        values = self.weights if weighted else np.ones(len(edges))
        n = len(self.nodes)
        rows = np.concatenate([edges[:, 0], edges[:, 1]])
        cols = np.concatenate([edges[:, 1], edges[:, 0]])
        matrix = coo_matrix((np.concatenate([values, values]), (rows, cols)), shape=(n, n)).tocsr()
        matrix.setdiag(0)
        matrix.eliminate_zeros()
        return matrix


def build_lean_projection(driver: Driver, database: str, flt: Selection | None = None) -> LeanGraph:
    """Read the selection's organisations and ties once; the same selection as
    :func:`queries.projection.build_projection`, without per-tie project lists."""
    flt = resolve(driver, database, flt or Selection())
    nodes = lean_nodes(driver, database, flt)
    sources, targets, weights = tie_arrays(driver, database, flt, {node: i for i, node in enumerate(nodes.ids)})
    graph = igraph.Graph(n=len(nodes), edges=np.column_stack([sources, targets]).tolist(), directed=False)
    return LeanGraph(nodes, graph, weights, *names_of(driver, database), flt.describe())


def lean_nodes(driver: Driver, database: str, flt: Selection) -> LeanNodes:
    """The resolved selection's organisations; an :class:`EmptySelection` when there are none."""
    nodes = LeanNodes([], [], [], [], [], [], [])
    for row in node_rows(driver, database, **_node_params(driver, database, flt)):
        nodes.ids.append(row["id"])
        nodes.names.append(row["name"] or row["id"])
        nodes.kinds.append(row["kind"] or "Other")
        nodes.regions.append(row["region"])
        nodes.smes.append(row["sme"])
        clusters, via = hierarchy_memberships(row["clusters"], row["via"])
        nodes.clusters.append(clusters)
        nodes.inherited.append(sorted(via))
        nodes.fields.append(sorted(row["fields"]))
    if not nodes.ids:
        raise EmptySelection(
            f"no organisations match the selection ({flt.describe()}); "
            "relax the filters or load data with 'innograph load demo'"
        )
    return nodes


def names_of(driver: Driver, database: str) -> tuple[dict, dict]:
    """Every cluster's and every field's name by id."""
    names = read(driver, database, "names")[0]
    return dict(names["clusters"]), dict(names["fields"])


def tie_arrays(driver: Driver, database: str, flt: Selection, index: dict) -> tuple:
    """Tie endpoints as positions and weights; ties leaving the selection and self-ties dropped,
    a pair stored twice (both directions) counted once."""
    if flt.years is None:
        sources, targets, weights = [], [], []
        for row in read_records(driver, database, "lean_projection_ties", min_weight=flt.tie_floor):
            source = index.get(row["source"])
            if source is not None:
                ends = row["targets"]
                sources.append(np.full(len(ends), source, np.int64))
                targets.append(np.fromiter((index.get(t, -1) for t in ends), np.int64, len(ends)))
                weights.append(np.asarray(row["weights"], float))
        sources, targets, weights = (np.concatenate(part) if part else np.zeros(0, dtype)
                                     for part, dtype in ((sources, np.int64), (targets, np.int64), (weights, float)))
    else:
        rows = _edge_rows(driver, database, flt)
        sources = np.fromiter((index.get(row["source"], -1) for row in rows), np.int64, len(rows))
        targets = np.fromiter((index.get(row["target"], -1) for row in rows), np.int64, len(rows))
        weights = np.fromiter((row["weight"] for row in rows), float, len(rows))
    keep = (targets >= 0) & (sources >= 0) & (sources != targets)
    return _unique_pairs(sources[keep], targets[keep], weights[keep])


def _unique_pairs(sources: np.ndarray, targets: np.ndarray, weights: np.ndarray) -> tuple:
    """One tie per unordered pair, the last one read winning, as ``nx.Graph.add_edge`` does.

    >>> s, t, w = _unique_pairs(np.array([0, 1, 2]), np.array([1, 0, 0]), np.array([1.0, 2.0, 3.0]))
    >>> s.tolist(), t.tolist(), w.tolist()
    ([0, 0], [1, 2], [2.0, 3.0])
    """
    low, high = np.minimum(sources, targets), np.maximum(sources, targets)
    key = low * (int(max(high.max(initial=0), low.max(initial=0))) + 1) + high
    reversed_order = np.arange(len(key))[::-1]
    _, first = np.unique(key[reversed_order], return_index=True)
    keep = np.sort(reversed_order[first])
    return low[keep], high[keep], weights[keep]
