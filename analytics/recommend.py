"""Pure scoring of cross-clustering candidates: cluster pairs and organisation pairs."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

LINK_SHARE, FIELD_SHARE, REGION_SHARE = 0.6, 0.3, 0.1


def jaccard(a: set, b: set) -> float:
    """``|a ∩ b| / |a ∪ b|``, 0 for two empty sets.

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True)
class ClusterPairScore:
    other: str
    score: float
    field_overlap: float
    partner_overlap: float
    ties: int
    shared_fields: list
    common_partners: list
    sizes: tuple


def degree(G: nx.Graph, n) -> int:
    """A node's number of partners: ``full_degree`` when ``G`` is a bounded expansion that holds only some
    of a hub's ties (the database counted them all), else its degree in ``G``.

    >>> G = nx.Graph([("a", "b")]); G.nodes["b"]["full_degree"] = 7
    >>> degree(G, "a"), degree(G, "b")
    (1, 7)
    """
    return G.nodes[n].get("full_degree") or G.degree(n)


def cluster_complementarity(G: nx.Graph, cluster: str, *, cluster_fields: dict | None = None,
                            partner_counts: dict | None = None) -> list[ClusterPairScore]:
    """Rank the other clusters by complementarity with ``cluster``, discounted by existing ties.

    ``field_overlap`` is the Jaccard overlap of the clusters' technology fields (their own
    ``FOCUSES_ON`` fields, ``cluster_fields``, plus their members' fields); ``partner_overlap`` the
    Jaccard overlap of their members' outside partners. With ``c`` their mean and ``t`` the ties
    between members of the two clusters, ``score = c / (1 + t / sqrt(|A|·|B|))``: complementary
    clusters with few ties rank first.

    ``partner_counts`` ({cluster: number of outside partners}, counted in the database) is for a ``G``
    that holds every cluster's members but only the partners near ``cluster`` (a two-hop expansion):
    the shared partners are all in ``G``, the other cluster's total comes from the count.

    Examples
    --------
    >>> G = nx.Graph([("a1", "x"), ("b1", "x"), ("c1", "y"), ("a1", "c1")])
    >>> attrs = {"a1": (["A"], ["f1", "f2"]), "b1": (["B"], ["f1", "f2"]), "c1": (["C"], ["f1"]),
    ...          "x": ([], []), "y": ([], [])}
    >>> nx.set_node_attributes(G, {n: v[0] for n, v in attrs.items()}, "clusters")
    >>> nx.set_node_attributes(G, {n: v[1] for n, v in attrs.items()}, "fields")
    >>> [(s.other, round(s.score, 3), s.ties) for s in cluster_complementarity(G, "A")]
    [('B', 0.75, 0), ('C', 0.125, 1)]

    A and B share both fields and x, one of A's two outside partners {x, c1}: ``(1 + 0.5) / 2``.
    A and C share one field of two, no outside partner, and already have one tie:
    ``(0.5 + 0) / 2 / (1 + 1) = 0.125``.
    """
    cluster_fields = cluster_fields or {}
    members: dict = {}
    for node, clusters in G.nodes(data="clusters"):
        for c in clusters or []:
            members.setdefault(c, set()).add(node)
    if cluster not in members:
        return []
    fields = {
        c: set(cluster_fields.get(c, [])) | {f for n in nodes for f in G.nodes[n].get("fields") or []}
        for c, nodes in members.items()
    }
    partners = {c: {p for n in nodes for p in G[n]} - nodes for c, nodes in members.items()}
    mine = members[cluster]
    scores = []
    for other, theirs in members.items():
        if other == cluster:
            continue
        both = mine | theirs
        p_mine, p_theirs = partners[cluster] - both, partners[other] - both
        ties = sum(1 for u in mine for v in G[u] if v in theirs and u != v and not (u in theirs and v in mine))
        f_overlap = jaccard(fields[cluster], fields[other])
        if partner_counts is None:
            p_overlap = jaccard(p_mine, p_theirs)
        else:  # |theirs − A| = their count − those of A among them (A's ties are all in G)
            shared = len(p_mine & p_theirs)
            union = len(p_mine) + partner_counts.get(other, 0) - len(partners[other] & mine) - shared
            p_overlap = shared / union if union > 0 else 0.0
        complementarity = (f_overlap + p_overlap) / 2
        score = complementarity / (1 + ties / math.sqrt(len(mine) * len(theirs)))
        scores.append(
            ClusterPairScore(
                other, score, f_overlap, p_overlap, ties,
                sorted(fields[cluster] & fields[other]),
                sorted(p_mine & p_theirs, key=lambda n: (-degree(G, n), repr(n))),
                (len(mine), len(theirs)),
            )
        )
    return sorted(scores, key=lambda s: (-s.score, s.ties, s.other))


@dataclass(frozen=True)
class PairScore:
    u: object
    v: object
    score: float
    link: float
    field_similarity: float
    same_region: bool
    common: list = field(default_factory=list)
    distance: int | None = None


def link_score(G: nx.Graph, u, v, *, method: str = "resource_allocation") -> tuple[float, list]:
    """Adamic–Adar (``Σ 1/log deg(w)``) or resource allocation (``Σ 1/deg(w)``) over the common
    partners ``w`` of ``u`` and ``v``, and those partners (most exclusive first).

    >>> G = nx.Graph([("u", "w"), ("v", "w"), ("w", "z"), ("u", "y"), ("v", "y")])
    >>> score, common = link_score(G, "u", "v")
    >>> round(score, 4), common
    (0.8333, ['y', 'w'])
    """
    common = sorted(nx.common_neighbors(G, u, v), key=lambda w: (degree(G, w), repr(w)))
    if method == "resource_allocation":
        return sum(1 / degree(G, w) for w in common), common
    if method == "adamic_adar":
        return sum(1 / math.log(degree(G, w)) for w in common if degree(G, w) > 1), common
    raise ValueError(f"unknown link-prediction method '{method}'")


def score_pairs(G: nx.Graph, pairs, *, method: str = "resource_allocation") -> list[PairScore]:
    """Combine the link score (scaled to [0, 1] by the best pair), field similarity (Jaccard of
    ``fields``) and same ``region``: ``0.6·link + 0.3·fields + 0.1·region``. Best first.

    Examples
    --------
    >>> G = nx.Graph([("a", "m"), ("m", "b"), ("m", "c")])
    >>> nx.set_node_attributes(G, {"a": ["f"], "b": ["f"], "c": ["g"], "m": []}, "fields")
    >>> nx.set_node_attributes(G, {"a": "r1", "b": "r2", "c": "r1", "m": None}, "region")
    >>> [(p.v, round(p.score, 2)) for p in score_pairs(G, [("a", "b"), ("a", "c")])]
    [('b', 0.9), ('c', 0.7)]
    """
    raw = []
    for u, v in pairs:
        link, common = link_score(G, u, v, method=method)
        fields_u, fields_v = set(G.nodes[u].get("fields") or []), set(G.nodes[v].get("fields") or [])
        region_u, region_v = G.nodes[u].get("region"), G.nodes[v].get("region")
        raw.append((u, v, link, common, jaccard(fields_u, fields_v), region_u is not None and region_u == region_v))
    best = max((r[2] for r in raw), default=0) or 1
    scored = [
        PairScore(
            u, v, LINK_SHARE * link / best + FIELD_SHARE * fsim + REGION_SHARE * same,
            link, fsim, same, common, 2 if common else None,
        )
        for u, v, link, common, fsim, same in raw
    ]
    return sorted(scored, key=lambda p: (-p.score, repr(p.u), repr(p.v)))


def two_hop_pairs(G: nx.Graph, sources, *, exclude=frozenset()) -> set:
    """Unordered non-adjacent pairs ``(s, w)`` with ``s`` in ``sources`` and ``w`` two hops away,
    ``w`` not in ``exclude``.

    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(two_hop_pairs(G, ["a", "b"]))
    [('a', 'c'), ('b', 'd')]
    """
    found = set()
    for s in sources:
        for m in G[s]:
            for w in G[m]:
                if w != s and w not in G[s] and w not in exclude:
                    found.add((s, w) if repr(s) < repr(w) else (w, s))
    return found
