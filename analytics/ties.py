"""The cluster-to-cluster tie matrix: how many collaborations link members of A and B, and who carries them."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class PairTies:
    """Ties between two clusters (``a == b`` for ties inside one cluster)."""

    a: str
    b: str
    ties: int
    weight: float
    carriers: list  # [(node, ties it carries)], most first
    strongest: list  # [(u, v, weight)], strongest first


def tie_matrix(G: nx.Graph, *, clusters: str = "clusters", weight: str = "weight", top: int = 5) -> dict:
    """``{(a, b): PairTies}`` over cluster pairs ``a <= b`` with at least one tie.

    A tie between an organisation in clusters {A, B} and one in {C} counts once for A–C and once
    for B–C: the matrix counts memberships, not organisations. A carrier of A–B is an endpoint of
    such a tie; carriers are ranked by how many of the pair's ties they are part of.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("p", "q", weight=3)
    >>> G.add_edge("p", "r", weight=1)
    >>> G.add_edge("q", "r", weight=1)
    >>> nx.set_node_attributes(G, {"p": ["A"], "q": ["B"], "r": ["B"]}, "clusters")
    >>> m = tie_matrix(G)
    >>> m[("A", "B")].ties, m[("A", "B")].weight, m[("A", "B")].carriers[0]
    (2, 4.0, ('p', 2))
    >>> m[("B", "B")].ties
    1
    """
    ties: Counter = Counter()
    weights: Counter = Counter()
    carriers: dict = defaultdict(Counter)
    edges: dict = defaultdict(list)
    for u, v, data in G.edges(data=True):
        w = float(data.get(weight, 1))
        pairs = {
            tuple(sorted((a, b)))
            for a in G.nodes[u].get(clusters) or []
            for b in G.nodes[v].get(clusters) or []
        }
        for pair in pairs:
            ties[pair] += 1
            weights[pair] += w
            carriers[pair][u] += 1
            carriers[pair][v] += 1
            edges[pair].append((*sorted((u, v), key=repr), w))  # one orientation, whatever the edge order
    return {
        pair: PairTies(
            pair[0], pair[1], ties[pair], weights[pair],
            sorted(carriers[pair].items(), key=lambda x: (-x[1], repr(x[0])))[:top],
            sorted(edges[pair], key=lambda e: (-e[2], repr(e[0]), repr(e[1])))[:top],
        )
        for pair in sorted(ties)
    }
