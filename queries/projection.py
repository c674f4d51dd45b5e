"""The NetworkX projection: organisations and their weighted collaboration ties, built in one place.

The one selection filter (:mod:`queries.selection`) and two read queries (nodes with attributes, weighted
edges) feed every algorithm of :mod:`analytics` and the reports of :mod:`queries`.
"""

from __future__ import annotations

import networkx as nx
from neo4j import Driver

from queries.cypher import read, read_records
from queries.errors import EmptySelection
from queries.selection import Selection, organisation_eids, resolve

_OPEN_PAST, _OPEN_FUTURE = -10_000, 10_000



def build_projection(driver: Driver, database: str, flt: Selection | None = None) -> nx.Graph:
    """Organisations as nodes, ``COLLABORATES_WITH`` as undirected weighted edges.

    Node attributes: ``name``, ``kind``, ``region``, ``clusters`` (ids), ``cluster_names``,
    ``fields`` (ids), ``sme``, ``clusters_via`` ({cluster id: [organisation names]} for clusters
    that reach the node through one hierarchy step, see :func:`hierarchy_memberships`). Edge attributes: ``weight`` (shared projects), ``distance``
    (``1/weight``, for shortest paths and betweenness), ``projects`` (ids).
    Graph attributes: ``clusters`` {id: name}, ``cluster_fields`` {id: [field ids]},
    ``fields`` {id: name}, ``selection`` (the filter in words).
    """
    flt = resolve(driver, database, flt or Selection())
    graph = empty_graph(driver, database, flt)
    add_nodes(graph, node_rows(driver, database, **_node_params(driver, database, flt)))
    if graph.number_of_nodes() == 0:
        raise EmptySelection(
            f"no organisations match the selection ({flt.describe()}); "
            "relax the filters or load data with 'innograph load demo'"
        )
    for row in _edge_rows(driver, database, flt):
        if row["source"] in graph and row["target"] in graph and row["source"] != row["target"]:
            weight = float(row["weight"])
            graph.add_edge(
                row["source"], row["target"],
                weight=weight, distance=1.0 / weight, projects=list(row["projects"]),
            )
    return graph


def member_projection(driver: Driver, database: str) -> nx.Graph:
    """The whole graph's projection cut to cluster members (stated or through one hierarchy step) and
    the ties between them: all the tie matrix counts, without reading every other organisation (the
    Germany-wide graph has 83 members among 26,424). Edges carry ``weight`` and ``distance`` only."""
    graph = empty_graph(driver, database, Selection())
    eids = [row["eid"] for row in read(driver, database, "cluster_member_eids")]
    add_nodes(graph, node_rows(driver, database, eids=eids, include_partners=False, no_hierarchy=False))
    for row in read(driver, database, "cluster_member_ties", eids=eids):
        if row["source"] != row["target"]:
            weight = float(row["weight"])
            graph.add_edge(row["source"], row["target"], weight=weight, distance=1.0 / weight)
    return graph


def empty_graph(driver: Driver, database: str, flt: Selection) -> nx.Graph:
    """A graph with the projection's graph attributes (cluster and field names) and no nodes yet."""
    clusters = read(driver, database, "clusters")
    return nx.Graph(
        clusters={c["id"]: c["name"] or c["id"] for c in clusters},
        cluster_fields={c["id"]: c["fields"] for c in clusters},
        fields={f["id"]: f["name"] or f["id"] for f in read(driver, database, "fields")},
        selection=flt.describe(),
    )


def node_rows(driver: Driver, database: str, *, eids: list[str] | None, include_partners: bool,
              no_hierarchy: bool, members_of: list[str] | None = None, allowed: list[str] | None = None,
              ids: list[str] | None = None) -> list[dict]:
    """The projection's organisations (``eids``; those with the ``ids``; or those the clusters ``members_of``
    give a cluster, within ``allowed`` when it is a list; all when all three are None) as rows with
    ``clusters``, ``via`` and ``fields`` lists, one record each."""
    return [dict(record.items()) for record in read_records(  # plain values: no deep copy
        driver, database, "projection_nodes", eids=eids, ids=ids, members_of=members_of, allowed=allowed,
        include_partners=include_partners, no_hierarchy=no_hierarchy)]


def add_nodes(graph: nx.Graph, rows: list[dict]) -> None:
    """Add :func:`node_rows` with the projection's node attributes (one place for both graphs)."""
    cluster_names = graph.graph["clusters"]
    for row in rows:
        clusters, via = hierarchy_memberships(row["clusters"], row["via"])
        graph.add_node(
            row["id"],
            name=row["name"] or row["id"],
            kind=row["kind"] or "Other",
            region=row["region"],
            sme=row["sme"],
            clusters=clusters,
            cluster_names=[cluster_names[c] for c in clusters],
            clusters_via=via,
            fields=sorted(row["fields"]),
        )


def hierarchy_memberships(stated: list[str], via: list[dict]) -> tuple[list[str], dict[str, list[str]]]:
    """Every cluster of a node, and for those it has only through the hierarchy, through whom.

    A group's membership covers its entities' ties; a university's ties count where the cluster
    lists one of its institutes (and an institute's where it lists the university).

    >>> hierarchy_memberships(["A"], [{"cluster": "A", "via": "X"}, {"cluster": "B", "via": "Y"}])
    (['A', 'B'], {'B': ['Y']})
    """
    inherited: dict[str, list[str]] = {}
    for item in via:
        if item["cluster"] not in stated:
            inherited.setdefault(item["cluster"], []).append(item["via"])
    return sorted({*stated, *inherited}), {c: sorted(set(names)) for c, names in sorted(inherited.items())}


def _node_params(driver: Driver, database: str, flt: Selection) -> dict:
    return {
        "eids": organisation_eids(driver, database, flt) if flt.restricts_nodes else None,
        "include_partners": flt.include_partners,
        "no_hierarchy": flt.no_hierarchy,
    }


def _edge_rows(driver: Driver, database: str, flt: Selection) -> list[dict]:
    min_weight = flt.tie_floor
    if flt.years is None:
        return read(driver, database, "projection_edges", min_weight=min_weight)
    year_from, year_to = flt.years
    return read(
        driver, database, "projection_edges_years",
        min_weight=min_weight,
        year_from=_OPEN_PAST if year_from is None else year_from,
        year_to=_OPEN_FUTURE if year_to is None else year_to,
    )
