"""The metrics ``analyze`` wrote back, read instead of recomputed while the graph is unchanged.

``analyze`` over everything leaves one ``AnalysisRun`` node with its method notes, the community
report and the graph's version (count-store counts and the newest load) right after its own write.
``bridges`` and ``communities`` use the stored values only while that version still holds; a load,
a clear or a removed source changes it, and they compute the same metrics afresh on the lean
projection (:func:`computed_bridge_report`, :func:`computed_community_report`), without writing.
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
STATS_RUN_ID = "stats:latest"  # the ecosystem figures a CLI load leaves for the graph it made (queries.stats)
_RECORD = (
    "MERGE (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) "
    "SET run = $props, run.id = $id"
)
_STAMP = (
    "MATCH (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) "
    "SET run.graph_nodes = $nodes, run.graph_relationships = $relationships, run.graph_last_load = $last_load"
)


_FORGET = (
    "MATCH (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) "
    "REMOVE run.graph_nodes, run.graph_relationships, run.graph_last_load"
)


def forget_analysis(driver: Driver, database: str) -> None:
    """Unstamp the stored run before new metrics are written: if the write stops half-way (a graph too
    big for one transaction, see ``graph.writer.ATOMIC_UP_TO``), nothing reads the mix as current."""
    driver.execute_query(_FORGET, id=RUN_ID, database_=database)


def record_analysis(driver: Driver, database: str, props: dict, *, run_id: str = RUN_ID) -> None:
    """Store the run's notes, then stamp it with the graph's version as it is after the write."""
    driver.execute_query(_RECORD, id=run_id, props=props, database_=database)
    version = graph_version(driver, database)
    driver.execute_query(
        _STAMP, id=run_id, nodes=version.nodes, relationships=version.relationships,
        last_load=version.last_load, database_=database,
    )


def current_analysis(driver: Driver, database: str, *, run_id: str = RUN_ID) -> dict | None:
    """The stored run of ``analyze`` (or ``run_id``) over everything, or ``None`` when there is none or
    the graph changed since (then its metrics are stale)."""
    records, _, _ = driver.execute_query(
        "MATCH (run:" + NodeLabel.ANALYSIS_RUN.value + " {id: $id}) RETURN properties(run) AS run",
        id=run_id, database_=database, routing_=RoutingControl.READ,
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


def stored_stats(run: dict):
    """The ecosystem figures ``analyze`` stored for everything, or ``None`` (an older run stored none)."""
    from queries.stats import Stats

    if not run.get("stats_report"):
        return None
    data = json.loads(run["stats_report"])
    data["top_by_kind"] = {kind: [tuple(row) for row in rows] for kind, rows in data["top_by_kind"].items()}
    return Stats(**data)


def computed_community_report(driver: Driver, database: str, *, resolution: float, seed: int, min_size: int):
    """The community report ``analyze`` would store (igraph's Louvain on the lean projection), for
    everything, computed and not written."""
    from queries.lean_communities import lean_community_report
    from queries.lean_metrics import louvain
    from queries.lean_projection import build_lean_projection

    lg = build_lean_projection(driver, database)
    return lean_community_report(lg, louvain(lg, resolution=resolution, seed=seed), min_size=min_size)


def stored_bridge_report(driver: Driver, database: str, run: dict, *, top: int, sort: str):
    """The bridge ranking from stored metrics: the top rows ranked in Cypher, each explained from
    aggregates of its own neighbourhood (a hub of the Germany-wide graph has 6,800 partners: shipping
    them all took seconds) and the cluster members' memberships."""
    ranked = read(driver, database, "stored_bridges_top", sort=sort, top=top)
    return _explained(driver, database, ranked, run.get("betweenness_method", ""), run.get("groups", ""),
                      run.get("organisations", 0), run.get("ties", 0))


def computed_bridge_report(driver: Driver, database: str, *, top: int, sort: str):
    """The ranking :func:`stored_bridge_report` gives, from the metrics ``analyze`` would write,
    computed on the lean projection and not written: for a graph changed since the last ``analyze``
    (or never analysed), without the whole-graph NetworkX projection."""
    from queries.lean_metrics import lean_node_metrics
    from queries.lean_projection import build_lean_projection

    lg = build_lean_projection(driver, database)
    metrics = lean_node_metrics(lg)
    rows = []
    for n in lg.nodes.ids:
        roles = metrics.roles[n]
        rows.append({**metrics.row(n), "id": n, "roles": roles,
                     "brokered": sum(roles[r] for r in ("itinerant", "representative", "liaison"))})
    first = {"brokerage": lambda r: float(r["brokered"]), "participation": lambda r: r["participation"]}.get(
        sort, lambda r: r["betweenness"])
    second = (lambda r: float(r["brokered"])) if sort == "betweenness" else (lambda r: r["betweenness"])
    ranked = sorted(rows, key=lambda r: (-first(r), -second(r), r["id"]))[:top]
    position = {n: i for i, n in enumerate(lg.nodes.ids)}
    community = metrics.communities
    linked = {  # the stored numbers are stale here: count the partners' communities as computed
        r["id"]: len({community[lg.nodes.ids[j]] for j in lg.graph.neighbors(position[r["id"]])} - {community[r["id"]]})
        for r in ranked
    }
    return _explained(driver, database, ranked, metrics.betweenness.describe(), metrics.groups.describe(),
                      len(lg), lg.graph.ecount(), linked)


def _explained(driver: Driver, database: str, ranked: list[dict], method: str, groups: str, organisations: int,
               ties: int, communities: dict | None = None):
    """A :class:`BridgeReport` of ranked metric rows (the shape of ``stored_bridges_top``);
    ``communities`` (id → other communities its partners are in) replaces the stored numbers."""
    from queries.bridges import BridgeReport, Neighbourhood, explained_row
    from queries.projection import add_nodes, member_projection

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
            ties=hood["ties"], communities=hood["communities"] if communities is None else communities[r["id"]],
            partners=hood["partners"],
            member_clusters=[d["cluster_names"] for d in partners if d.get("cluster_names")],
            ties_via=sum(1 for d in partners if d.get("clusters_via")),
        )))
    return BridgeReport(rows, method, groups, Selection().describe(), organisations, ties)
