"""The metrics ``analyze`` wrote back, read instead of recomputed while the graph is unchanged.

``analyze`` over everything leaves one ``AnalysisRun`` node with its method notes, the community
report and the graph's version (count-store counts and the newest load) right after its own write.
``bridges`` and ``communities`` use the stored values only while that version still holds; a load,
a clear or a removed source changes it, and they compute afresh as before.
"""

from __future__ import annotations

import json

import networkx as nx
from neo4j import Driver, RoutingControl

from graph.schema import NodeLabel
from queries.cypher import read
from queries.projection_cache import graph_version
from queries.selection import Selection

RUN_ID = "analysis:latest"
_RECORD = (
    "MERGE (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) "
    "SET run = $props, run.id = $id"
)
_STAMP = (
    "MATCH (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) "
    "SET run.graph_nodes = $nodes, run.graph_relationships = $relationships, run.graph_last_load = $last_load"
)


def record_analysis(driver: Driver, database: str, props: dict) -> None:
    """Store the run's notes, then stamp it with the graph's version as it is after the write."""
    driver.execute_query(_RECORD, id=RUN_ID, props=props, database_=database)
    version = graph_version(driver, database)
    driver.execute_query(
        _STAMP, id=RUN_ID, nodes=version.nodes, relationships=version.relationships,
        last_load=version.last_load, database_=database,
    )


def current_analysis(driver: Driver, database: str) -> dict | None:
    """The stored run of ``analyze`` over everything, or ``None`` when there is none or the graph
    changed since (then its metrics are stale)."""
    records, _, _ = driver.execute_query(
        "MATCH (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) RETURN properties(run) AS run",
        id=RUN_ID, database_=database, routing_=RoutingControl.READ,
    )
    if not records:
        return None
    run = records[0]["run"]
    version = graph_version(driver, database)
    if run.get("selection") != Selection().describe() or (
        run.get("graph_nodes"), run.get("graph_relationships"), run.get("graph_last_load")
    ) != (version.nodes, version.relationships, version.last_load):
        return None
    return run


def stored_community_report(run: dict, min_size: int):
    """The community report ``analyze`` stored, cut to ``min_size``; ``None`` if it holds too little."""
    from queries.communities import Community, CommunityReport
    from queries.lean_communities import STORED_MIN_SIZE, restrict

    if min_size < STORED_MIN_SIZE or not run.get("community_report"):
        return None
    data = json.loads(run["community_report"])
    communities = [Community(**{**c, "clusters": [tuple(x) for x in c["clusters"]]}) for c in data.pop("communities")]
    return restrict(CommunityReport(communities=communities, **data), min_size)


def stored_bridge_report(driver: Driver, database: str, run: dict, *, top: int, sort: str):
    """The bridge ranking from stored metrics: the top rows ranked in Cypher, each explained from
    aggregates of its own neighbourhood (a hub of the Germany-wide graph has 6,800 partners: shipping
    them all took seconds) and the cluster members' memberships."""
    from queries.bridges import BridgeReport, Neighbourhood, explained_row
    from queries.projection import add_nodes, member_projection

    ranked = read(driver, database, "stored_bridges_top", sort=sort, top=top)
    ids = [r["id"] for r in ranked]
    members = member_projection(driver, database)
    names = members.graph["clusters"]
    own = nx.Graph(clusters=names)
    add_nodes(own, [{**row, "region": None, "sme": None, "fields": []}
                    for row in read(driver, database, "stored_bridges_nodes", ids=ids)])
    hoods = {h["id"]: h for h in read(driver, database, "stored_bridges_explain", ids=ids, members=list(members))}
    rows = []
    for r in ranked:
        hood = hoods[r["id"]]
        partners = [members.nodes[u] for u in hood["member_partners"]]
        values = {key: r[key] for key in ("betweenness", "participation", "constraint", "effective_size", "roles")}
        rows.append(explained_row(r["id"], own.nodes[r["id"]], names, values, r["brokered"], Neighbourhood(
            ties=hood["ties"], communities=hood["communities"], partners=hood["partners"],
            member_clusters=[d["cluster_names"] for d in partners if d.get("cluster_names")],
            ties_via=sum(1 for d in partners if d.get("clusters_via")),
        )))
    return BridgeReport(
        rows, run.get("betweenness_method", ""), run.get("groups", ""), Selection().describe(),
        run.get("organisations", 0), run.get("ties", 0),
    )
