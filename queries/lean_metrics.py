"""Every organisation metric of :func:`queries.metrics.node_metrics`, on a :class:`LeanGraph`.

igraph (C) runs betweenness, Louvain and PageRank; brokerage, participation and Burt's measures
sum over tie triangles listed in chunks (:mod:`queries.lean_triangles`), so that the two-step matrix of
a graph with hubs is never formed. The definitions are those of :mod:`queries.brokerage`, which
the tests compare against; Louvain is igraph's (multilevel), whose partition may differ from
NetworkX's on large graphs with the same modularity quality.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Callable

import numpy as np
from scipy.sparse import csr_matrix, diags

from analytics.brokerage import ROLES, Groups
from analytics.centrality import BATCHES, EXACT_UP_TO, SAMPLES, Betweenness, _std_error
from analytics.community_detection import seeded_random
from queries.lean_projection import LeanGraph
from queries.lean_triangles import Ties, triangles
from analytics.metrics import NodeMetrics


def lean_node_metrics(lg: LeanGraph, *, seed: int = 42, exact_up_to: int = EXACT_UP_TO, core: tuple | None = None,
                      workers: int | None = None) -> NodeMetrics:
    """Betweenness (distance = 1/weight), PageRank, Louvain, brokerage over groups, keyed by id.

    ``core`` is ``(betweenness, partition, pagerank by id)`` from another engine (GDS); without
    it igraph computes them. Burt's measures, the brokerage roles, PageRank and the betweenness batches
    run side by side in ``workers`` forked processes (default: one per usable CPU).
    """
    ids = lg.nodes.ids
    partition = core[1] if core else louvain(lg, seed=seed)
    groups = lean_primary_groups(lg, partition)
    group_of = [groups.of.get(node) for node in ids]
    A = lg.adjacency()
    tasks = [partial(lean_structural_holes, A), partial(lean_brokerage_roles, A, group_of)]  # the longest first
    if not core:
        tasks.append(partial(lg.graph.pagerank, weights=lg.weights.tolist() if len(lg.weights) else None,
                             directed=False))
        sums, combine = _betweenness_plan(lg, seed=seed, exact_up_to=exact_up_to, samples=SAMPLES)
        tasks += sums
    results = run_forked(tasks, workers)
    (constraint, size), roles = results[0], results[1]
    if core:
        betweenness, pagerank = core[0], [core[2][node] for node in ids]
    else:
        betweenness, pagerank = combine(results[3:]), results[2]
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
    sums, combine = _betweenness_plan(lg, seed=seed, exact_up_to=exact_up_to, samples=samples)
    return combine(run_forked(sums, workers))


def _betweenness_plan(lg: LeanGraph, *, seed: int, exact_up_to: int, samples: int) -> tuple[list, Callable]:
    """The betweenness as tasks (igraph's sums, the whole graph's or one batch of sampled sources' each)
    and the function that turns their results into a :class:`Betweenness`."""
    n = len(lg.nodes.ids)
    distances = (1.0 / lg.weights).tolist() if len(lg.weights) else None
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if n <= exact_up_to or samples >= n:
        def exact(raws: list) -> Betweenness:
            return Betweenness(dict(zip(lg.nodes.ids, (2 * raws[0] * scale).tolist())), True, None, None, "igraph")
        return [partial(_sums, lg.graph, distances, None)], exact
    rng = random.Random(seed)
    per_batch = max(1, samples // BATCHES)
    positions = list(range(n))
    batches = [rng.sample(positions, per_batch) for _ in range(BATCHES)]

    def sampled(raws: list) -> Betweenness:
        stacked = np.vstack([2 * raw * scale * n / per_batch for raw in raws])
        std_error = max(_std_error(list(column)) for column in stacked.T) if n else 0.0
        return Betweenness(dict(zip(lg.nodes.ids, stacked.mean(axis=0).tolist())), False, per_batch * BATCHES,
                           std_error, "igraph")
    return [partial(_sums, lg.graph, distances, sources) for sources in batches], sampled


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_FORKED: list = []  # the tasks forked workers run (shared copy-on-write), set only while a pool runs


def run_forked(tasks: list[Callable], workers: int | None = None) -> list:
    """Each task's result, in order; in ``workers`` forked processes (default: one per usable CPU) when there
    are several CPUs and tasks. igraph holds the GIL while it computes, and numpy's sums run on one core, so
    threads would not help: on L, one betweenness batch or Burt's measures take seconds each, and a second
    core halves the wall time."""
    workers = usable_cpus() if workers is None else workers
    if workers < 2 or len(tasks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [task() for task in tasks]
    _FORKED[:] = tasks
    try:
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_forked_task, range(len(tasks))))
    finally:
        _FORKED.clear()


def _forked_task(index: int):
    return _FORKED[index]()


def run_beside(task: Callable, main: Callable, workers: int | None = None) -> tuple:
    """``(main(), task())``, ``task`` in a forked process while ``main`` runs here when there are several
    CPUs (``workers``, default: usable ones): ``analyze`` ranks every cluster's pairs while the server
    writes the metrics, which keeps this process mostly waiting."""
    workers = usable_cpus() if workers is None else workers
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return main(), task()
    _FORKED[:] = [task]
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            beside = pool.submit(_forked_task, 0)
            return main(), beside.result()
    finally:
        _FORKED.clear()


def _sums(graph, distances: list | None, sources: list[int] | None) -> np.ndarray:
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
    them; isolated nodes get ``nan``. The two-step sums over a tie's common neighbours come from its
    triangles (:mod:`queries.lean_triangles`)."""
    n = A.shape[0]
    ties = Ties.of(A)
    strength = np.asarray(A.sum(axis=1)).ravel()
    strongest = A.max(axis=1).toarray().ravel()
    # per directed tie i→j (2·tie for lo→hi, 2·tie + 1 for hi→lo): Σ_k p_ik·p_kj and Σ_k p_ik·m_jk
    through, redundant = np.zeros(2 * len(ties.lo)), np.zeros(2 * len(ties.lo))
    for a, b, c, ab, ac, bc in triangles(ties, n):
        for i, j, k, ij, ik, kj in ((a, b, c, ab, ac, bc), (b, a, c, ab, bc, ac), (a, c, b, ac, ab, bc),
                                    (c, a, b, ac, bc, ab), (b, c, a, bc, ab, ac), (c, b, a, bc, ac, ab)):
            directed = 2 * ij + (i != ties.lo[ij])
            p_ik, w_kj = ties.weight[ik] / strength[i], ties.weight[kj]
            through += np.bincount(directed, weights=p_ik * w_kj / strength[k], minlength=len(through))
            redundant += np.bincount(directed, weights=p_ik * w_kj / strongest[j], minlength=len(through))
    source = np.empty(len(through), dtype=np.int64)
    source[0::2], source[1::2] = ties.lo, ties.hi
    direct = np.repeat(ties.weight, 2) / strength[source] if len(source) else np.zeros(0)
    constraint = np.bincount(source, weights=(direct + through) ** 2, minlength=n)
    degree = np.diff(A.indptr)
    size = degree - np.bincount(source, weights=redundant, minlength=n)
    isolated = degree == 0
    constraint[isolated] = size[isolated] = np.nan
    return constraint, size


def lean_brokerage_roles(A: csr_matrix, group_of: list) -> dict:
    """Gould–Fernandez counts per role as arrays, as :func:`queries.brokerage.brokerage_roles`
    counts them: every open pair of grouped neighbours, minus the closed ones, which are
    counted from the triangles of grouped organisations (:mod:`queries.lean_triangles`)."""
    grouped = np.array([g is not None for g in group_of], dtype=bool)
    G = diags(grouped.astype(float)) @ _pattern(A) @ diags(grouped.astype(float))
    G = csr_matrix(G)
    G.eliminate_zeros()
    codes = _codes(group_of)
    rows_of = np.repeat(np.arange(G.shape[0]), np.diff(G.indptr))
    same = codes[rows_of] == codes[G.indices]
    total = np.asarray(G.sum(axis=1)).ravel()
    own = np.bincount(rows_of[same], minlength=G.shape[0]).astype(float)
    per_group = (G @ _one_hot(group_of)).tocsr()
    squares = np.asarray(per_group.multiply(per_group).sum(axis=1)).ravel()
    others = total - own
    counts = {
        "coordinator": own * (own - 1) / 2,
        "itinerant": (squares - own**2 - others) / 2,
        "gatekeeper": own * others,
        "liaison": (others**2 - (squares - own**2)) / 2,
    }
    closed = _closed_pairs(G, codes)
    counts["coordinator"] -= closed["own"] / 2
    counts["itinerant"] -= (closed["same_ends"] - closed["own"]) / 2
    one_own = closed["one_own"] - closed["own"]
    counts["gatekeeper"] -= one_own
    counts["liaison"] -= (closed["all"] - closed["same_ends"]) / 2 - one_own
    result = {role: np.rint(counts[role]).astype(np.int64) for role in counts}
    result["representative"] = result["gatekeeper"]
    return {role: np.where(grouped, result[role], 0) for role in ROLES}


def _closed_pairs(G: csr_matrix, codes: np.ndarray) -> dict:
    """Per node i, over the pairs of its neighbours j, k that are tied themselves (B: a tie within one group):
    ``all`` Σ G_ij (G·G)_ij, ``one_own`` Σ B_ij (G·G)_ij, ``same_ends`` Σ G_ij (G·B)_ij, ``own`` Σ B_ij (B·B)_ij;
    each triangle (i, j, k) adds to them what its two orderings at i add."""
    n = G.shape[0]
    closed = {name: np.zeros(n) for name in ("all", "same_ends", "own", "one_own")}
    for a, b, c, *_ in triangles(Ties.of(G), n):
        ab, ac, bc = codes[a] == codes[b], codes[a] == codes[c], codes[b] == codes[c]
        within = (ab & ac).astype(float)
        for node, one, other, opposite in ((a, ab, ac, bc), (b, ab, bc, ac), (c, ac, bc, ab)):
            closed["all"] += np.bincount(node, minlength=n) * 2.0
            closed["one_own"] += np.bincount(node, weights=one.astype(float) + other, minlength=n)
            closed["same_ends"] += np.bincount(node, weights=2.0 * opposite, minlength=n)
            closed["own"] += np.bincount(node, weights=2.0 * within, minlength=n)
    return closed


def _pattern(A: csr_matrix) -> csr_matrix:
    pattern = A.copy().tocsr()
    pattern.data = np.ones_like(pattern.data)
    return pattern


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
