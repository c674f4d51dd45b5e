"""Every cluster's organisation pairs, ranked once by ``analyze`` and read while the graph is unchanged.

Through the bounded expansion (:mod:`queries.candidate_graph`) one cluster of the 100,000-organisation
graph took 2–7 s, most of it reading ties (issue 19). ``analyze`` holds every tie in arrays already:
there one sparse product per cluster ranks its pairs exactly, with no bound (6 s for all 100 clusters
of that graph). Each cluster's first :data:`STORED_TOP` pairs go on an ``AnalysisRun`` node of their own
(id ``analysis:latest:pairs:<cluster>``) with the run's ``computed_at``; they are read only while that
run is current (:func:`queries.stored_metrics.current_analysis`): same graph version, everything selected.
"""

from __future__ import annotations

import json

import networkx as nx
from neo4j import Driver, RoutingControl

from analytics.recommend import PairScore, PairTable, rank_member_pairs
from graph.schema import NodeLabel
from queries.lean_projection import LeanGraph

STORED_TOP = 100  # the dashboard asks for up to 60 organisation pairs, the CLI for 10 by default
PREFIX = "analysis:latest:pairs:"
_LABEL = NodeLabel.ANALYSIS_RUN.value
_FORGET = "MATCH (run:" + _LABEL + ") WHERE run.id STARTS WITH $prefix DETACH DELETE run"
_WRITE = "UNWIND $rows AS row MERGE (run:" + _LABEL + " {id: row.id}) SET run = row"
_READ = "MATCH (run:" + _LABEL + " {id: $id}) RETURN run.computed_at AS at, run.top AS top, run.pairs AS pairs"


def every_cluster_pairs(lg: LeanGraph, top: int = STORED_TOP) -> dict[str, list[PairScore]]:
    """Each cluster's ``top`` organisation pairs on the whole graph ``lg``: what
    :func:`analytics.recommend.rank_member_pairs` ranks on the projection, resource allocation."""
    ids, nodes = lg.nodes.ids, lg.nodes
    G = nx.Graph()
    G.add_nodes_from((n, {"clusters": cs, "fields": fs, "region": region})
                     for n, cs, fs, region in zip(ids, nodes.clusters, nodes.fields, nodes.regions))
    G.add_edges_from((ids[a], ids[b]) for a, b in lg.graph.get_edgelist())
    members: dict = {}
    for n, cs in zip(ids, nodes.clusters):
        for c in cs:
            members.setdefault(c, []).append(n)
    table = PairTable(G)
    return {c: rank_member_pairs(G, ms, top=top, table=table) for c, ms in sorted(members.items())}


def forget_pairs(driver: Driver, database: str) -> None:
    """Remove the pairs of the previous run (its clusters may be gone)."""
    driver.execute_query(_FORGET, prefix=PREFIX, database_=database)


def write_pairs(driver: Driver, database: str, pairs: dict[str, list[PairScore]], computed_at: str,
                top: int = STORED_TOP) -> None:
    """Store each cluster's pairs as one JSON list, beside the run of ``computed_at``."""
    rows = [{"id": PREFIX + cluster, "computed_at": computed_at, "top": top,
             "pairs": json.dumps([[p.u, p.v, p.score, p.link, p.field_similarity, p.same_region, p.common]
                                  for p in ranked])}
            for cluster, ranked in pairs.items()]
    driver.execute_query(_WRITE, rows=rows, database_=database)


def stored_pairs(driver: Driver, database: str, run: dict | None, cluster: str, top: int) -> list[PairScore] | None:
    """The first ``top`` pairs of ``cluster`` that the current ``run`` stored, or ``None`` when it stored
    none for it (``run`` is ``None``: stale or never analysed) or fewer than ``top`` of more."""
    if run is None:
        return None
    records, _, _ = driver.execute_query(_READ, id=PREFIX + cluster, database_=database, routing_=RoutingControl.READ)
    if not records or records[0]["at"] != run.get("computed_at"):
        return None
    rows = json.loads(records[0]["pairs"])
    if top > records[0]["top"] and len(rows) >= records[0]["top"]:  # more asked for than were kept
        return None
    return [PairScore(u, v, score, link, fsim, same, common, 2 if common else None)
            for u, v, score, link, fsim, same, common in rows[:top]]
