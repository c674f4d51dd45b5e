"""Pure path finding on the projection: k shortest simple paths and two-hop reach."""

from __future__ import annotations

from itertools import islice

import networkx as nx


def k_shortest_paths(G: nx.Graph, source, target, *, k: int = 3, distance: str = "distance") -> list[list]:
    """The ``k`` shortest simple paths from ``source`` to ``target``, shortest first.

    Path length is the sum of ``distance`` (``1/weight``: strong ties are short). Returns an
    empty list when the two are not connected.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("u", "a", distance=0.5)
    >>> G.add_edge("a", "f", distance=0.5)
    >>> G.add_edge("u", "b", distance=1.0)
    >>> G.add_edge("b", "f", distance=1.0)
    >>> G.add_edge("u", "f", distance=3.0)
    >>> k_shortest_paths(G, "u", "f", k=2)
    [['u', 'a', 'f'], ['u', 'b', 'f']]
    >>> G.add_node("x")
    >>> k_shortest_paths(G, "u", "x")
    []
    """
    if source not in G or target not in G or not nx.has_path(G, source, target):
        return []
    return list(islice(nx.shortest_simple_paths(G, source, target, weight=distance), k))


def two_hop_reach(G: nx.Graph, source, targets, *, weight: str = "weight") -> dict:
    """Which ``targets`` ``source`` reaches within two hops, and through whom.

    Returns ``{target: [intermediaries]}``: an empty list for a direct tie, otherwise the
    common partners, strongest combined tie first. Targets further away are left out.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("uni", "f1", weight=1)
    >>> G.add_edge("uni", "i1", weight=3)
    >>> G.add_edge("uni", "i2", weight=1)
    >>> G.add_edge("i1", "f2", weight=1)
    >>> G.add_edge("i2", "f2", weight=1)
    >>> G.add_edge("f2", "f3", weight=1)
    >>> two_hop_reach(G, "uni", ["f1", "f2", "f3"])
    {'f1': [], 'f2': ['i1', 'i2']}
    """
    reach = {}
    partners = G[source] if source in G else {}
    for target in targets:
        if target == source or target not in G:
            continue
        if target in partners:
            reach[target] = []
            continue
        via = [m for m in G[target] if m in partners and m != source]
        if via:
            strength = lambda m: G[source][m].get(weight, 1) + G[m][target].get(weight, 1)  # noqa: E731
            reach[target] = sorted(via, key=lambda m: (-strength(m), repr(m)))
    return reach
