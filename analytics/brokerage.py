"""Brokerage across groups: Gould–Fernandez roles, participation coefficient, Burt's structural holes.

Groups are cluster initiatives. Each organisation gets one *primary* group (Gould–Fernandez needs
a partition): its cluster when it has one, the cluster most of its partners share when it has
several, and — for organisations without any membership — its detected community, which every
result that uses it says.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping

import networkx as nx
import numpy as np

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


@dataclass(frozen=True)
class Groups:
    """A partition of the nodes and how it was obtained."""

    of: dict
    from_clusters: int
    from_communities: int

    def describe(self) -> str:
        if self.from_communities == 0:
            return "groups = cluster initiatives"
        if self.from_clusters == 0:
            return "groups = detected communities (no organisation has a cluster membership)"
        return (
            f"groups = cluster initiatives; {self.from_communities} organisations without "
            "membership are grouped by their detected community instead"
        )


def primary_groups(G: nx.Graph, *, communities: Mapping | None = None, clusters: str = "clusters") -> Groups:
    """One group per node: its cluster, the best-connected of its clusters, or its community.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": ["X", "Y"], "b": ["Y"], "c": ["X"], "d": []}, "clusters")
    >>> groups = primary_groups(G, communities={"d": 7})
    >>> sorted(groups.of.items())
    [('a', 'X'), ('b', 'Y'), ('c', 'X'), ('d', 'community:7')]

    ``a`` is in X and Y and has one partner in each: ties are broken by the smaller id.
    """
    of: dict = {}
    counted = Counter()
    for node, data in G.nodes(data=True):
        own = data.get(clusters) or []
        if len(own) == 1:
            of[node] = own[0]
        elif own:
            shared = Counter(c for nb in G[node] for c in (G.nodes[nb].get(clusters) or []) if c in own)
            of[node] = min(own, key=lambda c: (-shared[c], c))
        elif communities is not None and node in communities:
            of[node] = f"community:{communities[node]}"
            counted["community"] += 1
            continue
        else:
            continue
        counted["cluster"] += 1
    return Groups(of, counted["cluster"], counted["community"])


def brokerage_roles(G: nx.Graph, groups: Mapping) -> dict:
    """Gould–Fernandez brokerage counts per node.

    For each open two-path ``a – v – c`` (``a`` and ``c`` not tied), the broker ``v`` is a
    *coordinator* (all three in one group), *itinerant* (``a``, ``c`` in one group, ``v`` in
    another), *liaison* (three groups), or, when ``v`` shares its group with exactly one end, both
    *representative* and *gatekeeper*: in an undirected graph the flow may go either way, so these
    two counts are equal. Each unordered pair ``{a, c}`` counts once. Nodes without a group are
    left out of every triad.

    Examples
    --------
    A star: hub ``h`` in group 1; leaves ``a`` (1), ``b`` (2), ``c`` (2), ``d`` (3).

    >>> G = nx.star_graph(["h", "a", "b", "c", "d"])
    >>> roles = brokerage_roles(G, {"h": 1, "a": 1, "b": 2, "c": 2, "d": 3})
    >>> roles["h"]
    {'coordinator': 0, 'itinerant': 1, 'gatekeeper': 3, 'representative': 3, 'liaison': 2}
    >>> roles["a"]["liaison"]
    0

    Pairs: {b,c} itinerant; {a,b},{a,c},{a,d} mixed; {b,d},{c,d} liaison.
    """
    result = {}
    for v in G:
        counts = dict.fromkeys(ROLES, 0)
        gv = groups.get(v)
        neighbours = [u for u in G[v] if u != v and groups.get(u) is not None]
        if gv is None or len(neighbours) < 2:
            result[v] = counts
            continue
        per_group = Counter(groups[u] for u in neighbours)
        total = len(neighbours)
        own = per_group.get(gv, 0)
        others = [n for g, n in per_group.items() if g != gv]
        counts["coordinator"] = own * (own - 1) // 2
        counts["itinerant"] = sum(n * (n - 1) // 2 for n in others)
        counts["gatekeeper"] = counts["representative"] = own * (total - own)
        counts["liaison"] = ((total - own) ** 2 - sum(n * n for n in others)) // 2
        neighbour_set = set(neighbours)
        for a in neighbours:
            for c in neighbour_set.intersection(G[a]):
                if repr(a) < repr(c):
                    _remove_closed(counts, gv, groups[a], groups[c])
        result[v] = counts
    return result


def _remove_closed(counts: dict, gv, ga, gc) -> None:
    if ga == gc:
        counts["coordinator" if ga == gv else "itinerant"] -= 1
    elif gv in (ga, gc):
        counts["gatekeeper"] -= 1
        counts["representative"] -= 1
    else:
        counts["liaison"] -= 1


def participation_coefficient(G: nx.Graph, groups: Mapping, *, weight: str = "weight") -> dict:
    """Guimerà–Amaral participation: ``1 - Σ_s (k_is / k_i)²`` over the groups ``s`` of the partners.

    0 when all of a node's (weighted) ties go to one group, approaching 1 when they are spread
    evenly over many. Partners without a group are left out; a node without such ties gets 0.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("v", "a", weight=2)
    >>> G.add_edge("v", "b", weight=1)
    >>> G.add_edge("v", "c", weight=1)
    >>> p = participation_coefficient(G, {"v": "X", "a": "X", "b": "Y", "c": "Y"})
    >>> p["v"], p["a"]
    (0.5, 0.0)

    ``v`` sends half its weight to X and half to Y: ``1 - (0.5² + 0.5²) = 0.5``.
    """
    result = {}
    for v in G:
        strength = Counter()
        for u, data in G[v].items():
            if groups.get(u) is not None:
                strength[groups[u]] += data.get(weight, 1)
        total = sum(strength.values())
        result[v] = 1.0 - sum((s / total) ** 2 for s in strength.values()) if total else 0.0
    return result


def structural_holes(G: nx.Graph, *, weight: str = "weight") -> tuple[dict, dict]:
    """Burt's constraint and effective size for every node, vectorised with sparse matrices.

    Same definitions as :func:`networkx.constraint` and :func:`networkx.effective_size`
    (``p_ij`` = share of i's tie strength going to j; ``m_jq`` = j's tie to q relative to j's
    strongest tie). Isolated nodes get ``nan``, as in NetworkX.

    Examples
    --------
    A triangle a–b–c with a pendant d on a:

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("a", "d")])
    >>> constraint, size = structural_holes(G)
    >>> round(constraint["a"], 4), round(constraint["d"], 4)
    (0.6111, 1.0)
    >>> round(size["a"], 4)
    2.3333

    ``a`` has three partners of whom b and c are tied: effective size ``3 - 2·1/3``.
    """
    nodes = list(G)
    if not nodes:
        return {}, {}
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr").astype(float)
    A.setdiag(0)
    A.eliminate_zeros()
    strength = np.asarray(A.sum(axis=1)).ravel()
    strongest = A.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore"):
        P = _scale_rows(A, np.where(strength > 0, 1 / strength, 0))
        M = _scale_rows(A, np.where(strongest > 0, 1 / strongest, 0))
    indirect = (P @ P).tocsr()
    redundancy = (P @ M.T).tocsr()
    constraint, size = {}, {}
    for i, v in enumerate(nodes):
        row = slice(A.indptr[i], A.indptr[i + 1])
        partners = A.indices[row]
        if len(partners) == 0:
            constraint[v] = size[v] = float("nan")
            continue
        direct = P[[i], :].toarray().ravel()[partners]
        via = indirect[[i], :].toarray().ravel()[partners]
        constraint[v] = float(((direct + via) ** 2).sum())
        size[v] = float(len(partners) - redundancy[[i], :].toarray().ravel()[partners].sum())
    return constraint, size


def _scale_rows(A, factors):
    from scipy.sparse import diags

    return (diags(factors) @ A).tocsr()
