"""Every organisation metric of :func:`queries.metrics.node_metrics`, on a :class:`LeanGraph`.

igraph (C) runs betweenness, Louvain and PageRank; brokerage, participation and Burt's measures
are sparse-matrix products taken a block of rows at a time, so that the two-step matrix of a
graph with hubs is never held whole. The definitions are those of :mod:`queries.brokerage`, which
the tests compare against; Louvain is igraph's (multilevel), whose partition may differ from
NetworkX's on large graphs with the same modularity quality.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.sparse import csr_matrix, diags

from analytics.brokerage import ROLES, Groups
from analytics.centrality import BATCHES, EXACT_UP_TO, SAMPLES, Betweenness, _std_error
from analytics.community_detection import seeded_random
from queries.lean_projection import LeanGraph
from analytics.metrics import NodeMetrics

ROWS_PER_BLOCK = 512


def lean_node_metrics(lg: LeanGraph, *, seed: int = 42, exact_up_to: int = EXACT_UP_TO, core: tuple | None = None) -> NodeMetrics:
    """Betweenness (distance = 1/weight), PageRank, Louvain, brokerage over groups, keyed by id.

    ``core`` is ``(betweenness, partition, pagerank by id)`` from another engine (GDS); without
    it igraph computes them.
    """
    ids = lg.nodes.ids
    partition = core[1] if core else louvain(lg, seed=seed)
    groups = lean_primary_groups(lg, partition)
    group_of = [groups.of.get(node) for node in ids]
    A = lg.adjacency()
    constraint, size = lean_structural_holes(A)
    roles = lean_brokerage_roles(A, group_of)
    if core:
        betweenness, pagerank = core[0], [core[2][node] for node in ids]
    else:
        betweenness = lean_betweenness(lg, seed=seed, exact_up_to=exact_up_to)
        pagerank = lg.graph.pagerank(weights=lg.weights.tolist() if len(lg.weights) else None, directed=False)
    return NodeMetrics(
        betweenness=betweenness,
        groups=groups,
        communities={node: partition[i] for i, node in enumerate(ids)},
        pagerank=dict(zip(ids, pagerank)),
        participation=dict(zip(ids, lean_participation(A, group_of))),
        constraint=dict(zip(ids, constraint)),
        effective_size=dict(zip(ids, size)),
        roles={node: {role: int(roles[role][i]) for role in ROLES} for i, node in enumerate(ids)},
    )


def louvain(lg: LeanGraph, *, resolution: float = 1.0, seed: int = 42) -> list[int]:
    """igraph's multilevel Louvain; community 0 is the largest, ties broken by the smallest member id.

    igraph draws from Python's ``random``, seeded here so that a run repeats.
    """
    with seeded_random(seed):
        found = lg.graph.community_multilevel(weights=lg.weights.tolist() if len(lg.weights) else None, resolution=resolution)
    members = [list(c) for c in found]
    members.sort(key=lambda c: (-len(c), min(repr(lg.nodes.ids[i]) for i in c)))
    partition = [0] * len(lg.nodes.ids)
    for number, nodes in enumerate(members):
        for i in nodes:
            partition[i] = number
    return partition


def lean_betweenness(lg: LeanGraph, *, exact_up_to: int = EXACT_UP_TO, samples: int = SAMPLES, seed: int = 42,
                     workers: int | None = None) -> Betweenness:
    """:func:`queries.centrality.weighted_betweenness` on igraph directly: the same sources are
    sampled (same seed, same node order), so the values are the same. The sampled batches run in
    ``workers`` processes (default: one per usable CPU), since igraph holds the GIL while it computes."""
    n = len(lg.nodes.ids)
    distances = (1.0 / lg.weights).tolist() if len(lg.weights) else None
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if n <= exact_up_to or samples >= n:
        raw = np.asarray(lg.graph.betweenness(directed=False, weights=distances))
        return Betweenness(dict(zip(lg.nodes.ids, (2 * raw * scale).tolist())), True, None, None, "igraph")
    rng = random.Random(seed)
    per_batch = max(1, samples // BATCHES)
    positions = list(range(n))
    batches = [rng.sample(positions, per_batch) for _ in range(BATCHES)]
    raws = _batch_sums(lg.graph, distances, batches, workers if workers is not None else usable_cpus())
    stacked = np.vstack([2 * raw * scale * n / per_batch for raw in raws])
    values = stacked.mean(axis=0)
    std_error = max(_std_error(list(column)) for column in stacked.T) if n else 0.0
    return Betweenness(dict(zip(lg.nodes.ids, values.tolist())), False, per_batch * BATCHES, std_error, "igraph")


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_FORKED: dict = {}  # the graph forked workers read (shared copy-on-write), set only while a pool runs


def _batch_sums(graph, distances: list | None, batches: list[list[int]], workers: int) -> list[np.ndarray]:
    """igraph's betweenness sums from each batch of sources, in forked processes when there are
    several CPUs (one batch on 100,000 organisations takes seconds; the server is idle meanwhile)."""
    if workers < 2 or len(batches) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_sums(graph, distances, sources) for sources in batches]
    _FORKED.update(graph=graph, distances=distances)
    try:
        with ProcessPoolExecutor(min(workers, len(batches)), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_forked_sums, batches))
    finally:
        _FORKED.clear()


def _forked_sums(sources: list[int]) -> np.ndarray:
    return _sums(_FORKED["graph"], _FORKED["distances"], sources)


def _sums(graph, distances: list | None, sources: list[int]) -> np.ndarray:
    return np.asarray(graph.betweenness(directed=False, weights=distances, sources=sources))


def lean_primary_groups(lg: LeanGraph, partition: list[int]) -> Groups:
    """:func:`queries.brokerage.primary_groups` by position: own cluster, best-shared cluster, community."""
    of, from_clusters, from_communities = {}, 0, 0
    for i, own in enumerate(lg.nodes.clusters):
        if len(own) == 1:
            of[lg.nodes.ids[i]] = own[0]
        elif own:
            shared = {c: 0 for c in own}
            for neighbour in lg.graph.neighbors(i):
                for c in lg.nodes.clusters[neighbour]:
                    if c in shared:
                        shared[c] += 1
            of[lg.nodes.ids[i]] = min(own, key=lambda c: (-shared[c], c))
        else:
            of[lg.nodes.ids[i]] = f"community:{partition[i]}"
            from_communities += 1
            continue
        from_clusters += 1
    return Groups(of, from_clusters, from_communities)


def lean_participation(A: csr_matrix, group_of: list) -> np.ndarray:
    """Guimerà–Amaral participation from the weighted adjacency and a group (or ``None``) per node."""
    H = _one_hot(group_of)
    strength = (A @ H).tocsr()
    total = np.asarray(strength.sum(axis=1)).ravel()
    squares = np.asarray(strength.multiply(strength).sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 1.0 - squares / np.where(total > 0, total, 1) ** 2, 0.0)


def lean_structural_holes(A: csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Burt's constraint and effective size as :func:`queries.brokerage.structural_holes` defines
    them; isolated nodes get ``nan``."""
    strength = np.asarray(A.sum(axis=1)).ravel()
    strongest = A.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore"):
        P = (diags(np.where(strength > 0, 1 / strength, 0)) @ A).tocsr()
        M = (diags(np.where(strongest > 0, 1 / strongest, 0)) @ A).tocsr()
    pattern = _pattern(A)
    MT = M.T.tocsr()
    n = A.shape[0]
    constraint, size = np.full(n, np.nan), np.full(n, np.nan)
    degree = np.diff(A.indptr)
    for start in range(0, n, ROWS_PER_BLOCK):
        rows = slice(start, min(n, start + ROWS_PER_BLOCK))
        mask = pattern[rows]
        combined = P[rows] + (P[rows] @ P).multiply(mask)
        constraint[rows] = np.asarray(combined.multiply(combined).sum(axis=1)).ravel()
        size[rows] = degree[rows] - np.asarray((P[rows] @ MT).multiply(mask).sum(axis=1)).ravel()
    isolated = degree == 0
    constraint[isolated] = size[isolated] = np.nan
    return constraint, size


def lean_brokerage_roles(A: csr_matrix, group_of: list) -> dict:
    """Gould–Fernandez counts per role as arrays, as :func:`queries.brokerage.brokerage_roles`
    counts them: every open pair of grouped neighbours, minus the closed ones, which are
    counted per row block from the two-step products restricted to the ties."""
    grouped = np.array([g is not None for g in group_of])
    G = diags(grouped.astype(float)) @ _pattern(A) @ diags(grouped.astype(float))
    G = csr_matrix(G)
    G.eliminate_zeros()
    codes = _codes(group_of)
    rows_of = np.repeat(np.arange(G.shape[0]), np.diff(G.indptr))
    same = codes[rows_of] == codes[G.indices]
    B = csr_matrix((G.data * same, G.indices.copy(), G.indptr.copy()), shape=G.shape)
    B.eliminate_zeros()
    total = np.asarray(G.sum(axis=1)).ravel()
    own = np.asarray(B.sum(axis=1)).ravel()
    per_group = (G @ _one_hot(group_of)).tocsr()
    squares = np.asarray(per_group.multiply(per_group).sum(axis=1)).ravel()
    others = total - own
    counts = {
        "coordinator": own * (own - 1) / 2,
        "itinerant": (squares - own**2 - others) / 2,
        "gatekeeper": own * others,
        "liaison": (others**2 - (squares - own**2)) / 2,
    }
    n = G.shape[0]
    closed = {name: np.zeros(n) for name in ("all", "same_ends", "own", "one_own")}
    for start in range(0, n, ROWS_PER_BLOCK):
        rows = slice(start, min(n, start + ROWS_PER_BLOCK))
        two_steps = G[rows] @ G
        closed["all"][rows] = _row_sums(two_steps.multiply(G[rows]))
        closed["one_own"][rows] = _row_sums(two_steps.multiply(B[rows]))
        closed["same_ends"][rows] = _row_sums((G[rows] @ B).multiply(G[rows]))
        closed["own"][rows] = _row_sums((B[rows] @ B).multiply(B[rows]))
    counts["coordinator"] -= closed["own"] / 2
    counts["itinerant"] -= (closed["same_ends"] - closed["own"]) / 2
    one_own = closed["one_own"] - closed["own"]
    counts["gatekeeper"] -= one_own
    counts["liaison"] -= (closed["all"] - closed["same_ends"]) / 2 - one_own
    result = {role: np.rint(counts[role]).astype(np.int64) for role in counts}
    result["representative"] = result["gatekeeper"]
    return {role: np.where(grouped, result[role], 0) for role in ROLES}


def _pattern(A: csr_matrix) -> csr_matrix:
    pattern = A.copy().tocsr()
    pattern.data = np.ones_like(pattern.data)
    return pattern


def _row_sums(matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1)).ravel()


def _codes(group_of: list) -> np.ndarray:
    """A number per group (``-1`` for none), so groups compare as integers."""
    numbers: dict = {}
    return np.array([-1 if g is None else numbers.setdefault(g, len(numbers)) for g in group_of], dtype=np.int64)


def _one_hot(group_of: list) -> csr_matrix:
    codes = _codes(group_of)
    present = codes >= 0
    width = int(codes.max(initial=-1)) + 1
    return csr_matrix(
        (np.ones(int(present.sum())), (np.flatnonzero(present), codes[present])), shape=(len(codes), max(width, 1))
    )
