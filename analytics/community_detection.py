"""Detected communities compared with formal cluster membership, and the "hidden clusters"."""

from __future__ import annotations

import random
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import networkx as nx


@contextmanager
def seeded_random(seed: int) -> Iterator[None]:
    """Python's ``random`` seeded for the block and restored after it: igraph's Louvain draws from it,
    so a seeded run repeats without changing anyone else's random state."""
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


def detect_communities(G: nx.Graph, *, weight: str = "weight", resolution: float = 1.0, seed: int = 42) -> dict:
    """Louvain communities as ``{node: community number}``; 0 is the largest community.

    Examples
    --------
    Two triangles joined by one weak tie:

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> G.add_edge("c", "d", weight=0.1)
    >>> parts = detect_communities(G)
    >>> parts["a"] == parts["b"] == parts["c"], parts["d"] == parts["e"] == parts["f"], parts["a"] == parts["d"]
    (True, True, False)
    """
    found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(repr, c))))
    return {node: number for number, members in enumerate(ordered) for node in members}


@dataclass(frozen=True)
class HiddenCluster:
    """A dense community that no cluster initiative covers."""

    community: int
    size: int
    density: float
    best_cluster: str | None
    coverage: float


def hidden_clusters(
    G: nx.Graph,
    partition: dict,
    *,
    clusters: str = "clusters",
    min_size: int = 5,
    density_factor: float = 2.0,
    max_coverage: float = 0.5,
) -> list[HiddenCluster]:
    """Communities of at least ``min_size`` nodes, at least ``density_factor`` times as dense as
    the whole graph, in which no single cluster initiative has more than ``max_coverage`` of the
    members. Sorted by size, largest first.

    Examples
    --------
    A 5-clique nobody is a member of, next to a 5-clique of cluster X members and a tail:

    >>> G = nx.union(nx.complete_graph(5), nx.relabel_nodes(nx.complete_graph(5), lambda n: n + 5))
    >>> G.add_edges_from([(4, 5), (9, 10), (10, 11), (11, 12)])
    >>> nx.set_node_attributes(G, {n: (["X"] if 5 <= n < 10 else []) for n in G}, "clusters")
    >>> partition = {n: 0 if n < 5 else 1 if n < 10 else 2 for n in G}
    >>> [(h.community, h.size, h.best_cluster, h.coverage) for h in hidden_clusters(G, partition)]
    [(0, 5, None, 0.0)]
    """
    overall = nx.density(G)
    members: dict = {}
    for node, number in partition.items():
        members.setdefault(number, []).append(node)
    found = []
    for number, nodes in members.items():
        if len(nodes) < min_size:
            continue
        density = nx.density(G.subgraph(nodes))
        if density < density_factor * overall:
            continue
        counts = Counter(c for n in nodes for c in (G.nodes[n].get(clusters) or []))
        best, covered = counts.most_common(1)[0] if counts else (None, 0)
        coverage = covered / len(nodes)
        if coverage <= max_coverage:
            found.append(HiddenCluster(number, len(nodes), density, best, coverage))
    return sorted(found, key=lambda h: (-h.size, h.community))
