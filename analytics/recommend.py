"""Pure scoring of cross-clustering candidates: cluster pairs and organisation pairs."""

from __future__ import annotations

import copy
import heapq
import math
from dataclasses import dataclass, field
from itertools import groupby, islice
from typing import Iterator

import networkx as nx
import numpy as np
import scipy.sparse as sp

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
    _known_method(method)
    common = sorted(nx.common_neighbors(G, u, v), key=lambda w: (degree(G, w), repr(w)))
    return sum(_through(degree(G, w), method) for w in common), common


def _known_method(method: str) -> None:
    if method not in ("resource_allocation", "adamic_adar"):
        raise ValueError(f"unknown link-prediction method '{method}'")


def _through(degree_w: int, method: str) -> float:
    """What one common partner with ``degree_w`` partners adds to a link score (a known ``method``)."""
    if method == "resource_allocation":
        return 1 / degree_w
    return 1 / math.log(degree_w) if degree_w > 1 else 0.0


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
    raw = [_pair_parts(G, u, v, method) for u, v in pairs]
    best = max((r[2] for r in raw), default=0) or 1
    return sorted((_pair_score(r, best) for r in raw), key=_rank_key)


def _pair_parts(G: nx.Graph, u, v, method: str) -> tuple:
    """``(u, v, link, common partners, field similarity, same region)``: what a pair's score is made of."""
    return (u, v, *link_score(G, u, v, method=method), *_field_and_region(G, u, v))


def _pair_score(parts: tuple, best: float) -> PairScore:
    """A pair's :class:`PairScore` from its :func:`_pair_parts`, given the best link score."""
    u, v, link, common, fsim, same = parts
    return PairScore(u, v, combined_score(link, best, fsim, same), link, fsim, same, common, 2 if common else None)


def _field_and_region(G: nx.Graph, u, v) -> tuple[float, bool]:
    """The Jaccard overlap of ``u``'s and ``v``'s fields, and whether both lie in the same known region."""
    region_u = G.nodes[u].get("region")
    return (jaccard(set(G.nodes[u].get("fields") or []), set(G.nodes[v].get("fields") or [])),
            region_u is not None and region_u == G.nodes[v].get("region"))


def combined_score(link: float, best: float, field_similarity: float, same_region: bool) -> float:
    """``0.6·link/best + 0.3·fields + 0.1·region``: the one formula of :func:`score_pairs`."""
    return LINK_SHARE * link / best + FIELD_SHARE * field_similarity + REGION_SHARE * same_region


def _rank_key(p: PairScore) -> tuple:
    return -p.score, repr(p.u), repr(p.v)


# How far the vectorised scores may lie from the exact ones (floating-point summation order, far below):
# every pair within this much of the top is scored again exactly, with score_pairs' own parts.
_SLACK = 1e-9


def rank_member_pairs(G: nx.Graph, members, *, top: int, method: str = "resource_allocation",
                      complete=None, clustered=None, table: "PairTable | None" = None) -> list[PairScore]:
    """The ``top`` best pairs (member, organisation outside ``members``) without a tie: two hops apart, or
    sharing a field with the outsider in a cluster; exactly the first ``top`` of :func:`score_pairs`
    over all of them, without scoring each pair in Python.

    A cluster of 3,000 members has millions of such pairs. The link scores of the two-hop pairs come
    from one sparse product (members' ties × 1/deg × ties); they are scored exactly in order of link
    score, in rounds, until the next pair's link share + 0.4 (fields, region) can no longer reach the
    ``top``-th score. The pairs that only share fields (at most 0.4: no link) are scored per (member,
    field set, region) group, and only when they can reach the top.

    ``G`` may hold the outsiders bare (ties only, ``full_degree`` of bounded hubs): ``complete(nodes)``
    then reads the attributes of those of ``nodes`` it lacks, and is asked only about the outsiders of
    the pairs scored; ``clustered()`` adds every organisation in a cluster with its attributes, called
    only when pairs sharing only a field can reach the top (:func:`queries.candidate_graph.candidate_graph`).
    ``table``: ``PairTable(G)`` built once for many rankings on the same ``G`` (every cluster at ``analyze``).

    >>> G = nx.Graph([("m", "p"), ("p", "o"), ("q", "z")])
    >>> nx.set_node_attributes(G, {"m": ["A"], "p": [], "o": ["B"], "q": ["B"], "z": []}, "clusters")
    >>> nx.set_node_attributes(G, {"m": ["f"], "p": [], "o": [], "q": ["f"], "z": []}, "fields")
    >>> [(p.v, round(p.score, 2)) for p in rank_member_pairs(G, {"m"}, top=5)]
    [('o', 0.6), ('q', 0.3)]
    """
    if top <= 0 or not members:
        return []
    _known_method(method)
    ordered = sorted(members, key=repr)
    table = (PairTable(G) if table is None else table).around(ordered)
    linked = table.two_hop(method)
    best, near = _exact_near_top(G, table, linked, top, method, complete or _nothing)
    floor = near[-1].score - _SLACK if len(near) >= top else -math.inf
    if floor > FIELD_SHARE + REGION_SHARE:
        return near
    rows, cols, _ = linked
    linked_pairs = set(zip((ordered[r] for r in rows.tolist()), (table.nodes[c] for c in cols.tolist())))
    if clustered is not None:
        clustered()
        table = PairTable(G).around(ordered)  # G holds more organisations now
    field_only = table.field_only(linked_pairs, floor, best)
    return list(islice(heapq.merge(near, field_only, key=_rank_key), top))


def _nothing(*_) -> None:
    """The ``complete`` and ``clustered`` of a graph that holds every node with its attributes."""


def _exact_near_top(G: nx.Graph, table: "PairTable", linked: tuple, top: int, method: str,
                    complete) -> tuple[float, list]:
    """The best link score (exact) and the ``top`` best two-hop pairs, scored exactly, best first.

    Pairs are scored from their vectorised link score in order of it, ``_FIRST_ASKED`` first and twice as
    many each round, until the next one's best possible score (its link share + 0.4) lies below the
    ``top``-th score; then only those near the top are scored again exactly, with :func:`score_pairs`' parts
    (on a 100,000-organisation graph, exact parts for every pair asked cost ``analyze`` 20 s)."""
    rows, cols, link = linked
    if not len(link):
        return 1, []
    nodes = table.nodes
    near_best = np.flatnonzero(link >= link.max() - _SLACK)
    best = max(link_score(G, nodes[table.members[rows[i]]], nodes[cols[i]], method=method)[0] for i in near_best) or 1
    asked, scores = np.zeros(0, dtype=np.int64), np.zeros(0)
    step = max(2 * top, _FIRST_ASKED)
    while len(asked) < len(link):
        order = _by_link(link, len(asked) + step)
        if len(asked) >= top and \
                combined_score(link[order[len(asked)]], best, 1.0, True) < _nth_largest(scores, top) - 2 * _SLACK:
            break
        chunk, step = order[len(asked):], 2 * step
        pairs = [(nodes[table.members[rows[i]]], nodes[cols[i]]) for i in chunk]
        complete(sorted({v for _, v in pairs}, key=repr))
        asked = np.concatenate([asked, chunk])
        scores = np.concatenate([scores, [combined_score(link[i], best, *_field_and_region(G, u, v))
                                          for i, (u, v) in zip(chunk, pairs)]])
    near = asked[scores >= _nth_largest(scores, top) - 2 * _SLACK]
    exact = [_pair_score(_pair_parts(G, nodes[table.members[rows[i]]], nodes[cols[i]], method), best) for i in near]
    return best, sorted(exact, key=_rank_key)[:top]


def _nth_largest(values: np.ndarray, n: int) -> float:
    """The ``n``-th largest of ``values`` (the smallest when there are fewer).

    >>> _nth_largest(np.array([0.2, 0.9, 0.5]), 2), _nth_largest(np.array([0.2]), 3)
    (0.5, 0.2)
    """
    return float(np.partition(values, max(len(values) - n, 0))[max(len(values) - n, 0)])


def _by_link(link: np.ndarray, end: int) -> np.ndarray:
    """Positions of the ``end`` highest ``link`` values, highest first and ties by position: one order,
    whose first ``end`` it returns without sorting the rest.

    >>> _by_link(np.array([0.5, 0.9, 0.5, 0.1]), 3).tolist()
    [1, 0, 2]
    """
    chosen = np.arange(len(link))
    if end < len(link):
        chosen = np.flatnonzero(link >= np.partition(link, len(link) - end)[len(link) - end])
    return chosen[np.lexsort((chosen, -link[chosen]))][:end]


def rank_pairs_of(G: nx.Graph, u, candidates, *, top: int, method: str = "resource_allocation",
                  admit=None) -> list[PairScore]:
    """Exactly the first ``top`` of :func:`score_pairs` over ``(u, v)`` for the ``candidates`` v that
    ``admit`` keeps (all when None), asking ``admit`` only about those that can still reach the top.

    ``admit(vs)`` returns the kept ones among ``vs``; it may read their attributes first, so a caller
    reads (fields, region, clusters) for a few hundred of an organisation's 3,000 partners' partners.
    A pair's link share bounds its score from below, and its link share + 0.4 (fields, region) from above:
    the candidates are asked about in order of link score until the next can no longer reach the ``top``-th.
    Only the ties in ``G`` are needed for that order (and ``full_degree`` of bounded hubs).

    >>> G = nx.Graph([("m", "p"), ("p", "o"), ("p", "q"), ("m", "r"), ("r", "q")])
    >>> nx.set_node_attributes(G, {"o": ["f"], "m": ["f"]}, "fields")
    >>> [(p.v, round(p.score, 2)) for p in rank_pairs_of(G, "m", ["o", "q"], top=1)]
    [('q', 0.6)]
    """
    if top <= 0:
        return []
    admit = admit or list
    approx = _link_from(G, u, method)
    order = sorted((v for v in candidates if v in approx), key=lambda v: (-approx[v], repr(v)))
    kept, scores, start, step = [], [], 0, max(2 * top, _FIRST_ASKED)
    while start < len(order):
        if len(scores) >= top and \
                combined_score(approx[order[start]], best, 1.0, True) < heapq.nlargest(top, scores)[-1] - _SLACK:
            break
        chunk = order[start:start + step]
        start, step = start + len(chunk), 2 * step
        new = admit(chunk)
        kept += new
        if kept:
            best = approx[kept[0]] or 1  # the first kept has the highest link score: fixed from then on
        scores += [combined_score(approx[v], best, *_field_and_region(G, u, v)) for v in new]
    return score_pairs(G, [(u, v) for v in kept], method=method)[:top]


# How many candidates rank_pairs_of asks about at first (twice the top when more); it doubles each round.
_FIRST_ASKED = 64


def _link_from(G: nx.Graph, u, method: str) -> dict:
    """The link score of ``u`` with every node two hops away, summed in any order (:func:`link_score` is exact)."""
    _known_method(method)
    scores: dict = {}
    for w in G[u]:
        weight = _through(degree(G, w), method)
        for v in G[w]:
            if v != u:
                scores[v] = scores.get(v, 0.0) + weight
    return scores


# Far above any link score (a sum of at most 1.45 per partner): marks tied pairs in the two-hop product.
_TIED = 1e12


class PairTable:
    """``G`` as arrays: nodes by position, ties (CSR), degrees, fields (CSR incidence), regions; and, once
    :meth:`around` a cluster, its ``members``' positions. Building it reads every tie of ``G`` (a second
    on a 100,000-organisation graph), so one table serves every cluster of one ``G``."""

    members = np.zeros(0, dtype=np.int64)

    def __init__(self, G: nx.Graph):
        self.G = G
        self.nodes = list(G)
        index = {n: i for i, n in enumerate(self.nodes)}
        self.index = index
        n = len(self.nodes)
        self.inside = np.zeros(n, dtype=bool)
        self.degrees = np.array([degree(G, node) for node in self.nodes], dtype=float)
        self._through_by_method: dict = {}
        ends = np.array([(index[u], index[v]) for u, v in G.edges if u != v], dtype=np.int64).reshape(-1, 2)
        both = np.concatenate([ends, ends[:, ::-1]])
        self.ties = sp.csr_matrix((np.ones(len(both)), (both[:, 0], both[:, 1])), shape=(n, n))
        self.ties.sum_duplicates()
        self.ties.data[:] = 1.0
        field_ids: dict = {}
        cells = [(i, field_ids.setdefault(f, len(field_ids))) for i, n_ in enumerate(self.nodes)
                 for f in set(G.nodes[n_].get("fields") or [])]
        cells_arr = np.array(cells, dtype=np.int64).reshape(-1, 2)
        self.fields = sp.csr_matrix((np.ones(len(cells_arr)), (cells_arr[:, 0], cells_arr[:, 1])),
                                    shape=(n, max(1, len(field_ids))))
        self.field_counts = np.asarray(self.fields.sum(axis=1)).ravel()
        region_ids: dict = {}
        self.regions = np.array([-1 if G.nodes[n_].get("region") is None
                                 else region_ids.setdefault(G.nodes[n_].get("region"), len(region_ids))
                                 for n_ in self.nodes], dtype=np.int64)

    def around(self, members: list) -> "PairTable":
        """This table with ``members`` (nodes of ``G``) as the cluster whose pairs are ranked."""
        table = copy.copy(self)
        table.members = np.array([self.index[m] for m in members], dtype=np.int64)
        table.inside = np.zeros(len(self.nodes), dtype=bool)
        table.inside[table.members] = True
        return table

    def two_hop(self, method: str) -> tuple:
        """(member row, outsider position, link score) of every member's non-adjacent outsider two hops away."""
        reach = self.ties[self.members] @ self._through(method)
        rows = np.repeat(np.arange(len(self.members)), np.diff(reach.indptr))
        # every weight is positive, so what is left is the pairs that are neither tied already nor inside
        keep = (reach.data < _TIED) & ~self.inside[reach.indices]
        return rows[keep], reach.indices[keep], reach.data[keep]

    def _through(self, method: str) -> sp.csr_matrix:
        """``diag(weights) · ties + _TIED · I``: a member's ties times it give its link scores, and ``_TIED``
        more on the pairs it has a tie with (one product, where masking them after took as long as it)."""
        if method not in self._through_by_method:
            # an intermediate has at least two ties (to the member and the outsider), so only those weights are used
            degrees = np.maximum(self.degrees, 2)
            weights = 1 / degrees if method == "resource_allocation" else 1 / np.log(degrees)
            self._through_by_method[method] = (sp.diags(weights) @ self.ties
                                               + _TIED * sp.identity(len(self.nodes), format="csr")).tocsr()
        return self._through_by_method[method]

    def same_region(self, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
        return (self.regions[us] >= 0) & (self.regions[us] == self.regions[vs])

    def field_only(self, linked_pairs: set, floor: float, best: float) -> Iterator[PairScore]:
        """Pairs (member, outsider in a cluster) that share a field but are neither two hops apart (the
        (member, outsider) ``linked_pairs``) nor tied,
        scored at least ``floor``, best first. Outsiders alike in fields and region form one group; a
        generator, so only the groups the top reaches are ever listed."""
        if floor > FIELD_SHARE + REGION_SHARE:
            return
        G, nodes = self.G, self.nodes
        groups: dict = {}
        for i, n in enumerate(nodes):
            if not self.inside[i] and G.nodes[n].get("clusters") and self.field_counts[i]:
                groups.setdefault((frozenset(G.nodes[n]["fields"]), G.nodes[n].get("region")), []).append(n)
        if not groups:
            return
        outsiders = list(groups.values())
        firsts = np.array([self.index[group[0]] for group in outsiders], dtype=np.int64)
        shared = (self.fields[self.members] @ self.fields[firsts].T).tocoo()  # member × group: fields in common
        us, vs = self.members[shared.row], firsts[shared.col]
        approx = FIELD_SHARE * shared.data / (self.field_counts[us] + self.field_counts[vs] - shared.data) \
            + REGION_SHARE * self.same_region(us, vs)
        reached = np.flatnonzero(approx >= floor - _SLACK)
        levels = np.round(approx[reached], 9)  # distinct Jaccard scores of small field sets lie far further apart
        for level in np.unique(levels)[::-1]:
            entries = []
            for k in reached[levels == level]:
                u = nodes[us[k]]
                fsim, same = _field_and_region(G, u, nodes[vs[k]])  # vs[k]: its group's fields and region
                score = combined_score(0, best, fsim, same)
                entries.append((-score, repr(u), int(us[k]), outsiders[shared.col[k]], fsim, same, score))
            entries.sort(key=lambda e: e[:2])
            for _, block in groupby(entries, key=lambda e: e[:2]):
                yield from heapq.merge(*(self._group_pairs(m, group, linked_pairs, score, fsim, same)
                                         for _, _, m, group, fsim, same, score in block), key=_rank_key)

    def _group_pairs(self, m: int, outsiders: list, linked_pairs: set, score: float, fsim: float, same: bool):
        u, adjacent = self.nodes[m], self.G.adj[self.nodes[m]]
        for v in sorted(outsiders, key=repr):
            if v not in adjacent and (u, v) not in linked_pairs:
                yield PairScore(u, v, score, 0, fsim, same, [], None)
