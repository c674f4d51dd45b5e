"""Neo4j Graph Data Science as an optional in-database engine for betweenness, Louvain and PageRank.

GDS is what Aura and Neo4j clusters run at scale; innograph uses it only when the server has it
(``CALL gds.version()`` answers) and the caller asks for it, and says so in the method notes.
igraph (:mod:`queries.lean_metrics`) stays the default that needs nothing on the server.
"""

from __future__ import annotations

import uuid

from neo4j import Driver, RoutingControl
from neo4j.exceptions import ClientError

from analytics.centrality import SAMPLES, Betweenness

_PROJECT = """
MATCH (a:Organisation)
WHERE a.id IN $ids
OPTIONAL MATCH (a)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE b.id IN $ids AND coalesce(r.weight, 1) >= $min_weight AND a <> b
WITH gds.graph.project($name, a, b,
       {relationshipProperties: {weight: toFloat(coalesce(r.weight, 1)), distance: 1.0 / coalesce(r.weight, 1)}},
       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
"""


def gds_version(driver: Driver, database: str) -> str | None:
    """The server's GDS version, or ``None`` when it has no GDS."""
    try:
        records, _, _ = driver.execute_query(
            "CALL gds.version() YIELD gdsVersion RETURN gdsVersion", database_=database, routing_=RoutingControl.READ)
    except ClientError:
        return None
    return records[0]["gdsVersion"] if records else None


def gds_core_metrics(driver: Driver, database: str, ids: list, *, min_weight: float = 1, samples: int = SAMPLES, seed: int = 42) -> tuple:
    """Betweenness (distance = 1/weight, sampled above ``samples`` nodes), Louvain communities and
    PageRank of the organisations ``ids`` computed inside the server; an in-memory graph is
    projected for the call and dropped after it."""
    name = "innograph-" + uuid.uuid4().hex[:12]
    version = gds_version(driver, database)
    with driver.session(database=database) as session:
        session.run(_PROJECT, ids=ids, name=name, min_weight=min_weight).consume()
        try:
            exact = len(ids) <= samples
            sampling = {} if exact else {"samplingSize": samples, "samplingSeed": seed}
            between = _stream(session, "CALL gds.betweenness.stream($name, $config) YIELD nodeId, score "
                              "RETURN gds.util.asNode(nodeId).id AS id, score", name,
                              {"relationshipWeightProperty": "distance", **sampling})
            louvain = _stream(session, "CALL gds.louvain.stream($name, $config) YIELD nodeId, communityId "
                              "RETURN gds.util.asNode(nodeId).id AS id, communityId AS score", name,
                              {"relationshipWeightProperty": "weight", "concurrency": 1})
            pagerank = _stream(session, "CALL gds.pageRank.stream($name, $config) YIELD nodeId, score "
                               "RETURN gds.util.asNode(nodeId).id AS id, score", name,
                               {"relationshipWeightProperty": "weight"})
        finally:
            session.run("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", name=name).consume()
    n = len(ids)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # GDS counts each undirected pair once
    if not exact:
        scale *= n / samples  # GDS sums over the sampled sources without extrapolating to all
    engine = f"GDS {version}"
    betweenness = GdsBetweenness({i: between.get(i, 0.0) * scale for i in ids}, exact, None if exact else samples, None, engine)
    return betweenness, _numbered(louvain, ids), {i: pagerank.get(i, 0.0) for i in ids}


class GdsBetweenness(Betweenness):
    """GDS reports no standard error for its sampled estimate."""

    def describe(self) -> str:
        if self.exact:
            return f"exact ({self.engine})"
        return f"estimated from {self.samples} sampled sources (seed fixed) ({self.engine})"


def _stream(session, cypher: str, name: str, config: dict) -> dict:
    return {r["id"]: r["score"] for r in session.run(cypher, name=name, config=config)}


def _numbered(found: dict, ids: list) -> list[int]:
    """Community numbers as :func:`queries.lean_metrics.louvain` gives them: 0 the largest."""
    members: dict = {}
    for position, node in enumerate(ids):
        members.setdefault(found.get(node, -1 - position), []).append(position)
    ordered = sorted(members.values(), key=lambda c: (-len(c), min(repr(ids[i]) for i in c)))
    partition = [0] * len(ids)
    for number, positions in enumerate(ordered):
        for i in positions:
            partition[i] = number
    return partition
