"""Cross-cluster bridges: who links the clusters, how strongly, and the cluster-to-cluster tie matrix."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from neo4j import Driver

from graph.record import INTERNAL, Record
from analytics.metrics import NodeMetrics, node_metrics
from analytics.ties import tie_matrix
from queries.projection_cache import projection
from queries.selection import Selection

SORT_KEYS = ("betweenness", "brokerage", "participation")


@dataclass(frozen=True)
class BridgeRow(Record):
    """One organisation in the bridge ranking; ``explanation`` says in words why it ranks here."""

    id: str
    name: str
    kind: str
    betweenness: float
    participation: float
    constraint: float | None
    effective_size: float | None
    roles: dict
    clusters: list
    clusters_linked: list
    communities_linked: int
    ties: int
    main_partners: list
    explanation: str
    explanation_parts: list = field(default_factory=list, compare=False, metadata=INTERNAL)  # {"code", …} for translation


@dataclass(frozen=True)
class BridgeReport(Record):
    """The ranking with the method notes a reader needs to trust it."""

    rows: list
    betweenness_method: str
    groups: str
    selection: str
    organisations: int
    ties: int

def bridge_report(driver: Driver, database: str, *, top: int = 20, flt: Selection | None = None, sort: str = "betweenness") -> BridgeReport:
    """:func:`bridge_ranking` with its method notes (betweenness exact or sampled, groups used).

    Over everything, the metrics that ``innograph analyze`` wrote back are ranked in Cypher while
    the graph is unchanged since, else the same metrics are computed on the lean projection; a
    selection is projected and computed.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {', '.join(SORT_KEYS)}")
    if flt is None or not flt.is_restricted():
        from queries.stored_metrics import computed_bridge_report, current_analysis, stored_bridge_report

        run = current_analysis(driver, database)
        if run is not None:
            return stored_bridge_report(driver, database, run, top=top, sort=sort)
        return computed_bridge_report(driver, database, top=top, sort=sort)
    return rank_bridges(projection(driver, database, flt), top=top, sort=sort)


def rank_bridges(G: nx.Graph, *, top: int = 20, sort: str = "betweenness", metrics: NodeMetrics | None = None) -> BridgeReport:
    """Rank organisations by betweenness (default), brokerage (open pairs they broker between
    different groups) or participation coefficient, each row with its explanation.

    Examples
    --------
    ``h`` (cluster X) links a (X) with b and c (Y); it brokers a–b and a–c as representative and
    b–c as itinerant (an outsider linking two members of Y):

    >>> G = nx.Graph()
    >>> for u, v in [("h", "a"), ("h", "b"), ("h", "c")]:
    ...     G.add_edge(u, v, weight=1.0, distance=1.0)
    >>> nx.set_node_attributes(G, {"a": ["X"], "b": ["Y"], "c": ["Y"], "h": ["X"]}, "clusters")
    >>> nx.set_node_attributes(G, {"a": ["X"], "b": ["Y"], "c": ["Y"], "h": ["X"]}, "cluster_names")
    >>> nx.set_node_attributes(G, {n: n.upper() for n in G}, "name")
    >>> report = rank_bridges(G, top=1)
    >>> print(report.rows[0].explanation)
    links Y and X through 3 ties to cluster members; main partners: A, B, C; brokers 3 open pairs between groups
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {', '.join(SORT_KEYS)}")
    metrics = metrics or node_metrics(G)
    brokered = {
        n: sum(r[role] for role in ("itinerant", "representative", "liaison"))
        for n, r in metrics.roles.items()
    }
    key = {
        "betweenness": lambda n: (metrics.betweenness.values[n], brokered[n]),
        "brokerage": lambda n: (brokered[n], metrics.betweenness.values[n]),
        "participation": lambda n: (metrics.participation[n], metrics.betweenness.values[n]),
    }[sort]
    ranked = sorted(G, key=lambda n: tuple(-x for x in key(n)) + (repr(n),))[:top]
    rows = [_row(G, n, metrics, brokered[n]) for n in ranked]
    return BridgeReport(
        rows, metrics.betweenness.describe(), metrics.groups.describe(),
        G.graph.get("selection", "everything"), G.number_of_nodes(), G.number_of_edges(),
    )


@dataclass(frozen=True)
class Neighbourhood:
    """What a row's explanation reads about one organisation's partners: read from a projection, or
    aggregated in the database from stored metrics (:mod:`queries.stored_metrics`)."""

    ties: int
    communities: int  # other detected communities its partners are in
    partners: list  # the three strongest partners' names
    member_clusters: list  # the cluster names of each partner that is in a cluster
    ties_via: int  # partners in a cluster only through the hierarchy


def _row(G: nx.Graph, n, metrics: NodeMetrics, brokered: int) -> BridgeRow:
    communities = {metrics.communities[u] for u in G[n]} - {metrics.communities[n]}
    partners = sorted(G[n], key=lambda u: (-G[n][u].get("weight", 1), G.nodes[u].get("name", "")))
    hood = Neighbourhood(
        ties=G.degree(n), communities=len(communities),
        partners=[G.nodes[u].get("name", u) for u in partners[:3]],
        member_clusters=[G.nodes[u]["cluster_names"] for u in G[n] if G.nodes[u].get("cluster_names")],
        ties_via=sum(1 for u in G[n] if G.nodes[u].get("clusters_via")),
    )
    values = {**metrics.row(n), "roles": dict(metrics.roles[n])}
    return explained_row(n, G.nodes[n], G.graph.get("clusters", {}), values, brokered, hood)


def explained_row(n, data, cluster_names: dict, values: dict, brokered: int, hood: Neighbourhood) -> BridgeRow:
    """One ranking row: ``data`` the node's projection attributes, ``values`` its metrics."""
    reached = Counter(c for names in hood.member_clusters for c in names)
    own = data.get("cluster_names") or []
    linked = [name for name, _ in sorted(reached.items(), key=lambda x: (-x[1], x[0]))]
    linked += [c for c in own if c not in linked]
    if linked:
        more = len(linked) - 4
        parts = [{"code": "links_more" if more > 0 else "links", "clusters": linked[:4], "more": max(more, 0),
                  "ties": len(hood.member_clusters)}]
    else:
        parts = [{"code": "no_member_ties", "ties": hood.ties}]
    if hood.communities:
        parts.append({"code": "communities", "n": hood.communities})
    if hood.partners:
        parts.append({"code": "partners", "names": hood.partners})
    parts.append({"code": "brokers", "n": brokered})
    parts += [{"code": "in_via", "cluster": cluster_names.get(c, c), "via": list(via)}
              for c, via in (data.get("clusters_via") or {}).items()]
    if hood.ties_via:
        parts.append({"code": "ties_via", "n": hood.ties_via})
    return BridgeRow(
        id=n,
        name=data.get("name", n),
        kind=data.get("kind", ""),
        betweenness=values["betweenness"],
        participation=values["participation"],
        constraint=values["constraint"],
        effective_size=values["effective_size"],
        roles=values["roles"],
        clusters=list(own),
        clusters_linked=linked,
        communities_linked=hood.communities,
        ties=hood.ties,
        main_partners=hood.partners,
        explanation="; ".join(_ENGLISH[p["code"]](p) for p in parts),
        explanation_parts=parts,
    )


# The English wording of each explanation part (CLI, exports); the dashboard words the same parts
# from its locales (``bridges.why.<code>``), so no language lives in this module but English.
_ENGLISH = {
    "links": lambda p: f"links {_join(p['clusters'])} through {p['ties']} ties to cluster members",
    "links_more": lambda p: f"links {_join(p['clusters'])} and {p['more']} more through {p['ties']} ties to cluster members",
    "no_member_ties": lambda p: f"has {p['ties']} ties, none to a cluster member",
    "communities": lambda p: f"reaches {p['n']} other detected communities",
    "partners": lambda p: "main partners: " + ", ".join(p["names"]),
    "brokers": lambda p: f"brokers {p['n']} open pairs between groups",
    "in_via": lambda p: f"in {p['cluster']} through the hierarchy (via {_join(p['via'])})",
    "ties_via": lambda p: f"{p['n']} of its ties reach a member only through the hierarchy",
}


def _join(names: list) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class TieMatrix(Record):
    """Ties between the members of every pair of clusters (``counts[i][j]``, symmetric; the
    diagonal counts ties inside one cluster) and who carries them (keys ``"idA|idB"``)."""

    clusters: list
    counts: list
    weights: list
    carriers: dict
    strongest: dict
    selection: str


def cluster_tie_matrix(driver: Driver, database: str, flt: Selection | None = None) -> TieMatrix:
    """The tie matrix for a selection. Over the whole graph only the cluster members' ties count, so
    only they are read (:func:`~queries.projection.member_projection`); a selection is projected."""
    from queries.projection import member_projection

    if flt is not None and flt.is_restricted():
        return tie_matrix_of(projection(driver, database, flt))
    return tie_matrix_of(member_projection(driver, database))


def tie_matrix_of(G: nx.Graph, *, top: int = 5) -> TieMatrix:
    """:class:`TieMatrix` of a projection; carriers and strongest ties by name."""
    names = G.graph.get("clusters", {})
    pairs = tie_matrix(G, top=top)
    ids = sorted({c for pair in pairs for c in pair} | set(names), key=lambda c: names.get(c, c))
    index = {c: i for i, c in enumerate(ids)}
    counts = [[0] * len(ids) for _ in ids]
    weights = [[0.0] * len(ids) for _ in ids]
    carriers, strongest = {}, {}
    label = lambda n: G.nodes[n].get("name", n) + _via(G, n)  # noqa: E731
    for (a, b), ties in pairs.items():
        counts[index[a]][index[b]] = counts[index[b]][index[a]] = ties.ties
        weights[index[a]][index[b]] = weights[index[b]][index[a]] = ties.weight
        key = a + "|" + b
        carriers[key] = [label(n) for n, _ in ties.carriers]
        strongest[key] = [{"a": label(u), "b": label(v), "weight": w} for u, v, w in ties.strongest]
    return TieMatrix(
        [(c, names.get(c, c)) for c in ids], counts, weights, carriers, strongest,
        G.graph.get("selection", "everything"),
    )


def _via(G: nx.Graph, n) -> str:
    """`` (via X)`` for a carrier whose membership comes through the hierarchy."""
    via = sorted({name for names in (G.nodes[n].get("clusters_via") or {}).values() for name in names})
    return f" (via {', '.join(via)})" if via else ""
