"""Louvain communities against formal cluster membership (NMI, ARI) and the hidden clusters."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx
from neo4j import Driver

from graph.record import Record
from analytics.agreement import adjusted_rand_index, normalized_mutual_info
from analytics.brokerage import primary_groups
from analytics.community_detection import detect_communities, hidden_clusters
from queries.projection_cache import projection
from queries.selection import Selection


@dataclass(frozen=True)
class Community(Record):
    id: int
    size: int
    density: float
    top_members: list
    clusters: list  # [(cluster name, share of the members)], largest share first
    fields: list
    hidden: bool


@dataclass(frozen=True)
class CommunityReport(Record):
    """``nmi``/``ari`` compare communities with primary cluster membership over ``compared``
    organisations (those with a membership); ``None`` when fewer than two have one.
    ``membership_coverage`` is that share of all organisations: when it is low, most communities
    count as hidden simply because the sources name few members."""

    communities: list
    modularity: float
    nmi: float | None
    ari: float | None
    compared: int
    hidden: list
    membership_coverage: float
    selection: str

def communities(driver: Driver, database: str, *, flt: Selection | None = None, resolution: float = 1.0, seed: int = 42, min_size: int = 3) -> CommunityReport:
    """Detected communities of the projection (``min_size`` and larger) compared with membership.

    Over everything, with the defaults ``analyze`` uses (resolution 1, seed 42), the report it stored
    is read while the graph is unchanged since; otherwise everything is computed as ``analyze`` does
    (igraph on the lean projection), and a selection on its NetworkX projection.
    """
    if flt is None or not flt.is_restricted():
        from queries.stored_metrics import computed_community_report, current_analysis, stored_community_report

        run = current_analysis(driver, database) if resolution == 1.0 and seed == 42 else None
        stored = stored_community_report(run, min_size) if run is not None else None
        if stored is not None:
            return stored
        return computed_community_report(driver, database, resolution=resolution, seed=seed, min_size=min_size)
    return community_report(projection(driver, database, flt), resolution=resolution, seed=seed, min_size=min_size)


def community_report(G: nx.Graph, *, resolution: float = 1.0, seed: int = 42, min_size: int = 3) -> CommunityReport:
    """:class:`CommunityReport` of a projection.

    Examples
    --------
    Two triangles, one of them cluster X, the other nobody's:

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> nx.set_node_attributes(G, {n: (["X"] if n <= 3 else []) for n in G}, "clusters")
    >>> nx.set_node_attributes(G, {n: f"org{n}" for n in G}, "name")
    >>> G.graph["clusters"] = {"X": "Cluster X"}
    >>> report = community_report(G, min_size=3)
    >>> [(c.size, c.clusters, c.hidden) for c in report.communities]
    [(3, [('Cluster X', 1.0)], False), (3, [], True)]
    """
    partition = detect_communities(G, resolution=resolution, seed=seed)
    compared = primary_groups(G).of
    nmi = normalized_mutual_info(compared, partition) if len(compared) > 1 else None
    ari = adjusted_rand_index(compared, partition) if len(compared) > 1 else None
    hidden = hidden_clusters(G, partition, min_size=min_size)
    hidden_ids = {h.community for h in hidden}
    members: dict = {}
    for n, c in partition.items():
        members.setdefault(c, []).append(n)
    cluster_names = G.graph.get("clusters", {})
    field_names = G.graph.get("fields", {})
    rows = []
    for number in sorted(members):
        nodes = members[number]
        if len(nodes) < min_size:
            continue
        shares = Counter(c for n in nodes for c in G.nodes[n].get("clusters") or [])
        fields = Counter(f for n in nodes for f in G.nodes[n].get("fields") or [])
        rows.append(Community(
            number, len(nodes), round(nx.density(G.subgraph(nodes)), 6),
            [G.nodes[n].get("name", n) for n in sorted(nodes, key=lambda n: (-G.degree(n), repr(n)))[:5]],
            [(cluster_names.get(c, c), round(k / len(nodes), 4)) for c, k in shares.most_common(3)],
            [field_names.get(f, f) for f, _ in fields.most_common(3)],
            number in hidden_ids,
        ))
    communities_list = [set(nodes) for nodes in members.values()]
    modularity = nx.community.modularity(G, communities_list, weight="weight") if G.number_of_edges() else 0.0
    return CommunityReport(
        rows, round(modularity, 6),
        None if nmi is None else round(nmi, 6), None if ari is None else round(ari, 6),
        len(compared), [asdict(h) for h in hidden],
        round(len(compared) / G.number_of_nodes(), 4), G.graph.get("selection", "everything"),
    )
