"""The whole-graph projection for ``analyze``: organisations and weights straight into igraph arrays.

The NetworkX projection (:mod:`queries.projection`) keeps a dict per node and per tie plus every
tie's project list, which only path evidence needs; on the Germany-wide graph (25,000
organisations, 665,000 ties) that took 25-30 s and gigabytes. Here the ties arrive grouped by
organisation (one record per organisation, not per tie) and land in one igraph graph and one
weight array; node attributes stay plain lists indexed by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph
import numpy as np
from neo4j import Driver

from queries.cypher import read, read_records
from queries.errors import EmptySelection
from queries.selection import Selection, resolve
from queries.projection import _edge_rows, _node_params, hierarchy_memberships, node_rows


@dataclass(frozen=True)
class LeanGraph:
    """Organisations by position ``0..n-1``; ``graph`` carries the ties, ``weights`` their weights
    in igraph's edge order. ``clusters`` hold the memberships with one hierarchy step, as in the
    NetworkX projection."""

    ids: list
    names: list
    kinds: list
    clusters: list
    fields: list
    graph: igraph.Graph
    weights: np.ndarray
    cluster_names: dict
    field_names: dict
    selection: str

    def __len__(self) -> int:
        return len(self.ids)

    def adjacency(self, weighted: bool = True):
        """The symmetric sparse adjacency matrix (CSR), weights or ones, no self-ties."""
        from scipy.sparse import coo_matrix

        edges = np.asarray(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        values = self.weights if weighted else np.ones(len(edges))
        n = len(self.ids)
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
    ids, names, kinds, clusters, fields = [], [], [], [], []
    for row in node_rows(driver, database, **_node_params(driver, database, flt)):
        ids.append(row["id"])
        names.append(row["name"] or row["id"])
        kinds.append(row["kind"] or "Other")
        clusters.append(hierarchy_memberships(row["clusters"], row["via"])[0])
        fields.append(sorted(row["fields"]))
    if not ids:
        raise EmptySelection(
            f"no organisations match the selection ({flt.describe()}); "
            "relax the filters or load data with 'innograph load demo'"
        )
    index = {node: i for i, node in enumerate(ids)}
    sources, targets, weights = tie_arrays(driver, database, flt, index)
    graph = igraph.Graph(n=len(ids), edges=np.column_stack([sources, targets]).tolist(), directed=False)
    all_clusters = read(driver, database, "clusters")
    return LeanGraph(
        ids, names, kinds, clusters, fields, graph, weights,
        {c["id"]: c["name"] or c["id"] for c in all_clusters},
        {f["id"]: f["name"] or f["id"] for f in read(driver, database, "fields")},
        flt.describe(),
    )


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
