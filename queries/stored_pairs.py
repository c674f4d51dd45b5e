"""Every cluster's candidates, ranked once by ``analyze`` and read while the graph is unchanged.

Through the bounded expansion (:mod:`queries.candidate_graph`) one cluster of the 100,000-organisation
graph took 2–7 s for its organisation pairs and 6–16 s with its cluster pairs, most of it reading ties
(issue 19). ``analyze`` holds every tie in arrays already: there one sparse product per cluster ranks its
organisation pairs exactly, with no bound (6 s for all 100 clusters of that graph), and a few products over
the cluster × organisation incidence give every cluster pair's counts at once. Each cluster's first
:data:`STORED_TOP` organisation pairs and :data:`CLUSTER_TOP` cluster pairs go on an ``AnalysisRun`` node of
their own (id ``analysis:latest:pairs:<cluster>``) with the run's ``computed_at``; they are read only while
that run is current (:func:`queries.stored_metrics.current_analysis`): same graph version, everything selected.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
from neo4j import Driver, RoutingControl
from scipy.sparse import csr_matrix

from analytics.recommend import ClusterPairScore, PairScore, PairTable, jaccard, rank_member_pairs
from graph.schema import NodeLabel
from queries.lean_projection import LeanGraph

STORED_TOP = 100  # organisation pairs: the dashboard asks for up to 60, the CLI for 10 by default
CLUSTER_TOP = 30  # cluster pairs: the dashboard asks for up to 30, the CLI for 10 by default
PREFIX = "analysis:latest:pairs:"
_LABEL = NodeLabel.ANALYSIS_RUN.value
_FORGET = "MATCH (run:" + _LABEL + ") WHERE run.id STARTS WITH $prefix DETACH DELETE run"
_WRITE = "UNWIND $rows AS row MERGE (run:" + _LABEL + " {id: row.id}) SET run = row"
_READ = "MATCH (run:" + _LABEL + " {id: $id}) RETURN properties(run) AS stored"


@dataclass(frozen=True)
class ClusterRow:
    """A stored cluster pair: its :class:`ClusterPairScore` with only the first 10 common partners, how many
    there are, and how many organisations of the two clusters belong only through the hierarchy."""

    score: ClusterPairScore
    common_count: int
    inherited: int


@dataclass(frozen=True)
class StoredRanking:
    """One cluster's stored rankings, best first; ``top``/``cluster_top``: how many were kept of each."""

    computed_at: str
    pairs: list
    top: int
    clusters: list
    cluster_top: int

    def organisation_pairs(self, top: int) -> list[PairScore] | None:
        """The first ``top`` organisation pairs, or ``None`` when more were asked for than were kept."""
        return None if top > self.top and len(self.pairs) >= self.top else self.pairs[:top]

    def cluster_pairs(self, top: int) -> list[ClusterRow] | None:
        """The first ``top`` cluster pairs, or ``None`` when more were asked for than were kept."""
        return None if top > self.cluster_top and len(self.clusters) >= self.cluster_top else self.clusters[:top]


def every_cluster_pairs(lg: LeanGraph, top: int = STORED_TOP) -> dict[str, list[PairScore]]:
    """Each cluster's ``top`` organisation pairs on the whole graph ``lg``: what
    :func:`analytics.recommend.rank_member_pairs` ranks on the projection, resource allocation."""
    ids, nodes = lg.nodes.ids, lg.nodes
    G = nx.Graph()
    G.add_nodes_from((n, {"clusters": cs, "fields": fs, "region": region})
                     for n, cs, fs, region in zip(ids, nodes.clusters, nodes.fields, nodes.regions))
    G.add_edges_from((ids[a], ids[b]) for a, b in lg.graph.get_edgelist())
    table = PairTable(G)
    return {c: rank_member_pairs(G, [ids[i] for i in ms], top=top, table=table) for c, ms in sorted(_members(lg).items())}


def every_cluster_complementarity(lg: LeanGraph, cluster_fields: dict, top: int = CLUSTER_TOP) -> dict[str, list[ClusterRow]]:
    """Each cluster's ``top`` cluster pairs as :func:`analytics.recommend.cluster_complementarity` ranks them on
    the projection (``cluster_fields``: each cluster's own fields), from counts over the whole graph: the
    shared outside partners of A and B are ``partners(A) ∩ partners(B)`` (neither holds its own members), so
    one product of the cluster × partner incidence counts them all."""
    members = _members(lg)
    clusters = sorted(members)
    if not clusters:
        return {}
    at = {c: i for i, c in enumerate(clusters)}
    n = len(lg)
    cells = [(at[c], i) for i, cs in enumerate(lg.nodes.clusters) for c in cs]
    M = csr_matrix((np.ones(len(cells)), tuple(np.array(cells).T)), shape=(len(clusters), n))
    A = lg.adjacency(weighted=False)
    reach = M @ A
    reach.data[:] = 1
    P = reach - reach.multiply(M)  # outside partners: reached, not a member
    P.eliminate_zeros()
    shared = np.rint((P @ P.T).toarray()).astype(np.int64)
    partners_in = np.rint((P @ M.T).toarray()).astype(np.int64)  # of A's partners, how many are B's members
    ties = np.rint((M @ A @ M.T).toarray()).astype(np.int64) - _ties_inside_both(lg, at)
    sizes = [len(members[c]) for c in clusters]
    counts = np.asarray(P.sum(axis=1)).ravel().astype(np.int64)
    fields = {c: set(cluster_fields.get(c, [])) | {f for i in members[c] for f in lg.nodes.fields[i]} for c in clusters}
    degree = lg.graph.degree()
    partners = {c: sorted((int(j) for j in P[at[c]].indices), key=lambda j: (-degree[j], repr(lg.nodes.ids[j])))
                for c in clusters}
    partner_sets = {c: set(ps) for c, ps in partners.items()}
    inherited = {c: set() for c in clusters}
    for i, via in enumerate(lg.nodes.inherited):
        for c in via:
            inherited.setdefault(c, set()).add(i)
    ranked = {}
    for c in clusters:
        a, rows = at[c], []
        for other in clusters:
            if other == c:
                continue
            b = at[other]
            union = counts[a] - partners_in[a, b] + counts[b] - partners_in[b, a] - shared[a, b]
            f_overlap, p_overlap = jaccard(fields[c], fields[other]), shared[a, b] / union if union > 0 else 0.0
            score = (f_overlap + p_overlap) / 2 / (1 + int(ties[a, b]) / math.sqrt(sizes[a] * sizes[b]))
            rows.append((score, int(ties[a, b]), other, f_overlap, p_overlap))
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        ranked[c] = [ClusterRow(ClusterPairScore(other, score, f_overlap, p_overlap, t,
                                                 sorted(fields[c] & fields[other]),
                                                 _first_common(partners[c], partner_sets[other], lg.nodes.ids),
                                                 (sizes[at[c]], sizes[at[other]])),
                                int(shared[at[c], at[other]]), len(inherited[c] | inherited[other]))
                     for score, t, other, f_overlap, p_overlap in rows[:top]]
    return ranked


def every_cluster_ranking(lg: LeanGraph, cluster_fields: dict) -> tuple[dict, dict]:
    """Both rankings of every cluster (what ``analyze`` stores): organisation pairs, cluster pairs."""
    return every_cluster_pairs(lg), every_cluster_complementarity(lg, cluster_fields)


def _members(lg: LeanGraph) -> dict:
    """Each cluster's organisations (positions in ``lg``), with one hierarchy step."""
    members: dict = {}
    for i, cs in enumerate(lg.nodes.clusters):
        for c in cs:
            members.setdefault(c, []).append(i)
    return members


def _ties_inside_both(lg: LeanGraph, at: dict) -> np.ndarray:
    """For clusters A ≠ B, the ordered tied pairs (u, v) with both u and v members of both: the cluster
    pairs' tie count leaves those out, and only organisations in two clusters or more can be such."""
    counted = np.zeros((len(at), len(at)), dtype=np.int64)
    several = {i for i, cs in enumerate(lg.nodes.clusters) if len(cs) >= 2}
    for i in several:
        for j in lg.graph.neighbors(i):
            if j in several:
                both = [at[c] for c in set(lg.nodes.clusters[i]) & set(lg.nodes.clusters[j])]
                for a in both:
                    for b in both:
                        counted[a, b] += a != b
    return counted


def _first_common(ordered: list, others: set, ids: list, count: int = 10) -> list:
    """The first ``count`` of ``ordered`` (positions, most partners first) that are in ``others``, as ids."""
    found = []
    for j in ordered:
        if j in others:
            found.append(ids[j])
            if len(found) == count:
                break
    return found


def forget_pairs(driver: Driver, database: str) -> None:
    """Remove the rankings of the previous run (its clusters may be gone)."""
    driver.execute_query(_FORGET, prefix=PREFIX, database_=database)


def write_pairs(driver: Driver, database: str, pairs: dict[str, list[PairScore]], clusters: dict[str, list[ClusterRow]],
                computed_at: str) -> None:
    """Store each cluster's rankings as JSON lists, beside the run of ``computed_at``."""
    rows = [{"id": PREFIX + cluster, "computed_at": computed_at, "top": STORED_TOP, "cluster_top": CLUSTER_TOP,
             "pairs": json.dumps([[p.u, p.v, p.score, p.link, p.field_similarity, p.same_region, p.common]
                                  for p in pairs.get(cluster, [])]),
             "clusters": json.dumps([[r.score.other, r.score.score, r.score.field_overlap, r.score.partner_overlap,
                                      r.score.ties, r.score.shared_fields, r.score.common_partners, list(r.score.sizes),
                                      r.common_count, r.inherited] for r in clusters.get(cluster, [])])}
            for cluster in sorted(set(pairs) | set(clusters))]
    driver.execute_query(_WRITE, rows=rows, database_=database)


def stored_ranking(driver: Driver, database: str, run: dict | None, cluster: str) -> StoredRanking | None:
    """What the current ``run`` stored for ``cluster``, or ``None`` (``run`` is ``None``: stale or never
    analysed; or it stored nothing for this cluster)."""
    if run is None:
        return None
    records, _, _ = driver.execute_query(_READ, id=PREFIX + cluster, database_=database, routing_=RoutingControl.READ)
    if not records or records[0]["stored"].get("computed_at") != run.get("computed_at"):
        return None
    stored = records[0]["stored"]
    return StoredRanking(
        stored["computed_at"],
        [PairScore(u, v, score, link, fsim, same, common, 2 if common else None)
         for u, v, score, link, fsim, same, common in json.loads(stored["pairs"])],
        stored["top"],
        [ClusterRow(ClusterPairScore(other, score, f, p, ties, shared, common, tuple(sizes)), count, inherited)
         for other, score, f, p, ties, shared, common, sizes, count, inherited in json.loads(stored["clusters"])],
        stored["cluster_top"])
