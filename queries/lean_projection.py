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

from queries.cypher import read
from queries.errors import EmptySelection
from queries.selection import Selection, resolve
from queries.projection import _edge_rows, _node_params, hierarchy_memberships


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
    for row in read(driver, database, "projection_nodes", **_node_params(driver, database, flt)):
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
    sources, targets, weights = _ties(driver, database, flt, index)
    graph = igraph.Graph(n=len(ids), edges=np.column_stack([sources, targets]).tolist(), directed=False)
    all_clusters = read(driver, database, "clusters")
    return LeanGraph(
        ids, names, kinds, clusters, fields, graph, weights,
        {c["id"]: c["name"] or c["id"] for c in all_clusters},
        {f["id"]: f["name"] or f["id"] for f in read(driver, database, "fields")},
        flt.describe(),
    )


def _ties(driver: Driver, database: str, flt: Selection, index: dict) -> tuple:
    """Tie endpoints as positions and weights; ties leaving the selection and self-ties dropped,
    a pair stored twice (both directions) counted once."""
    sources, targets, weights = [], [], []
    if flt.years is None:
        for row in read(driver, database, "lean_projection_ties", min_weight=flt.tie_floor):
            source = index.get(row["source"])
            if source is None:
                continue
            for target, weight in zip(row["targets"], row["weights"]):
                position = index.get(target)
                if position is not None and position != source:
                    sources.append(source)
                    targets.append(position)
                    weights.append(weight)
    else:
        for row in _edge_rows(driver, database, flt):
            source, target = index.get(row["source"]), index.get(row["target"])
            if source is not None and target is not None and source != target:
                sources.append(source)
                targets.append(target)
                weights.append(row["weight"])
    return _unique_pairs(np.asarray(sources, np.int64), np.asarray(targets, np.int64), np.asarray(weights, float))


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
