"""Triangles listed in chunks: each exactly once, with the ids of its three ties."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from scipy.sparse import coo_matrix

from queries.lean_triangles import Ties, triangles


def adjacency(G: nx.Graph, n: int):
    edges = np.array(list(G.edges), dtype=np.int64).reshape(-1, 2)
    rows, cols = np.concatenate([edges[:, 0], edges[:, 1]]), np.concatenate([edges[:, 1], edges[:, 0]])
    return coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()


@pytest.mark.parametrize("pairs_per_chunk", [1, 5, 1000])
@pytest.mark.parametrize("seed", range(6))
def test_every_triangle_once_with_its_ties(seed, pairs_per_chunk):
    n = 60
    G = nx.gnm_random_graph(n, [0, 40, 300, 900, 1770, 120][seed], seed=seed)
    G.add_edges_from((0, v) for v in range(1, n, 3))  # a hub
    ties = Ties.of(adjacency(G, n))
    found = []
    for a, b, c, ab, ac, bc in triangles(ties, n, pairs_per_chunk=pairs_per_chunk):
        for x, y, tie in ((a, b, ab), (a, c, ac), (b, c, bc)):
            assert (np.minimum(x, y) == ties.lo[tie]).all() and (np.maximum(x, y) == ties.hi[tie]).all()
        found += [tuple(sorted(t)) for t in zip(a.tolist(), b.tolist(), c.tolist())]
    expected = [t for t in itertools.combinations(range(n), 3)
                if G.has_edge(t[0], t[1]) and G.has_edge(t[0], t[2]) and G.has_edge(t[1], t[2])]
    assert sorted(found) == expected and len(set(found)) == len(found)
