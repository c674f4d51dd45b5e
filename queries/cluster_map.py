"""The cluster map: clusters as nodes, member ties between them, and one cluster opened on its partners.

Two reads in Cypher (``queries/cypher/cluster_map_*.cypher``) instead of the NetworkX projection,
so that the map's first view costs one query, not a whole-graph build. Ties are counted as the
tie matrix counts them (:mod:`queries.ties`), which the tests check against each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from neo4j import Driver

from queries.cypher import read
from queries.errors import NotFound

BW_REGIONS = ("nuts:DE1", "kreis:08")  # the state's NUTS code and its Kreise (AGS 08…)
PLACES = ("bw", "germany", "abroad", "unknown")
OUTSIDE = PLACES[1:]


@dataclass(frozen=True)
class ClusterNode:
    id: str
    name: str
    members: int  # stated MEMBER_OF
    inner_ties: int  # ties between two members of this cluster


@dataclass(frozen=True)
class ClusterTie:
    a: str
    b: str
    ties: int  # collaboration ties between a member of a and a member of b
    weight: float  # their shared projects


@dataclass(frozen=True)
class ClusterMap:
    clusters: list[ClusterNode]
    ties: list[ClusterTie]


@dataclass(frozen=True)
class ViewActor:
    """An organisation on an opened cluster, or (``aggregate``) all partners of one place."""

    id: str
    name: str
    kind: str
    place: str  # one of PLACES
    member: bool
    stated: bool = True  # False: a member through one SUBUNIT_OF step
    aggregate: int = 0  # for an aggregate: how many partners it stands for


@dataclass(frozen=True)
class Tie:
    source: str
    target: str
    weight: float
    ties: int = 1


@dataclass(frozen=True)
class ClusterView:
    cluster: str
    name: str
    actors: list[ViewActor]
    ties: list[Tie]
    hidden: int  # partners left out by the limit


def place_of(region: str | None, country: str | None) -> str:
    """Where an organisation sits, as the map groups it.

    >>> place_of("kreis:08111", "DE"), place_of("country:DE", "DE"), place_of(None, "FR"), place_of(None, None)
    ('bw', 'germany', 'abroad', 'unknown')
    """
    if region and region.startswith(BW_REGIONS):
        return "bw"
    if country == "DE" or (region or "").startswith(("nuts:DE", "country:DE")):
        return "germany"
    return "abroad" if country else "unknown"


def cluster_map(driver: Driver, database: str, *, min_weight: float = 1, no_hierarchy: bool = False) -> ClusterMap:
    """Every cluster with its members, and the member ties between every two clusters."""
    rows = read(driver, database, "cluster_map_ties", min_weight=min_weight, no_hierarchy=no_hierarchy)
    inner = {r["a"]: r["ties"] for r in rows if r["a"] == r["b"]}
    clusters = [ClusterNode(c["id"], c["name"], c["members"], inner.get(c["id"], 0))
                for c in read(driver, database, "cluster_map_clusters")]
    ties = [ClusterTie(r["a"], r["b"], r["ties"], float(r["weight"])) for r in rows if r["a"] != r["b"]]
    return ClusterMap(clusters, ties)


def cluster_view(driver: Driver, database: str, cluster: str, *, partners: int = 60, outside: bool = False,
                 min_weight: float = 1, no_hierarchy: bool = False) -> ClusterView:
    """A cluster's members and their partners: the ``partners`` strongest in Baden-Württemberg
    one by one, those elsewhere as one node per place unless ``outside`` shows them one by one too."""
    rows = read(driver, database, "cluster_map_members", cluster=cluster, min_weight=min_weight,
                no_hierarchy=no_hierarchy)
    if rows:
        name = rows[0]["cluster_name"]
    else:
        names = {c["id"]: c["name"] for c in read(driver, database, "cluster_map_clusters")}
        if cluster not in names:
            raise NotFound(f"there is no cluster '{cluster}'")
        name = names[cluster]
    members = {r["id"]: ViewActor(r["id"], r["name"], r["kind"] or "Other", place_of(r["region"], r["country"]),
                              True, r["stated"]) for r in rows}
    found: dict[str, ViewActor] = {}
    strength: dict[str, float] = defaultdict(float)
    edges: dict[tuple[str, str], float] = {}
    for row in rows:
        for p in row["partners"]:
            if p["id"] not in members:
                found[p["id"]] = ViewActor(p["id"], p["name"], p["kind"] or "Other", place_of(p["region"], p["country"]), False)
                strength[p["id"]] += float(p["weight"])
            edges[tuple(sorted((row["id"], p["id"])))] = float(p["weight"])
    single = [a for a in found.values() if outside or a.place == "bw"]
    kept = {a.id for a in sorted(single, key=lambda a: (-strength[a.id], a.name))[:partners]}
    actors = list(members.values()) + sorted((found[k] for k in kept), key=lambda a: a.id)
    ties = [Tie(a, b, w) for (a, b), w in sorted(edges.items()) if {a, b} <= members.keys() | kept]
    if not outside:
        actors, ties = _with_aggregates(actors, ties, found, edges, members)
    return ClusterView(cluster, name, actors, ties, len(single) - len(kept))


def _with_aggregates(actors, ties, found, edges, members):
    """One node per place outside BW, tied to each member by the sum of its ties there."""
    grouped: dict[str, set[str]] = defaultdict(set)
    summed: dict[tuple[str, str], list[float]] = defaultdict(list)
    for (a, b), weight in edges.items():
        member, other = (a, b) if a in members else (b, a)
        partner = found.get(other)
        if partner is not None and partner.place in OUTSIDE:
            grouped[partner.place].add(other)
            summed[(member, "place:" + partner.place)].append(weight)
    actors = actors + [ViewActor("place:" + place, place, "Place", place, False, aggregate=len(grouped[place]))
                       for place in OUTSIDE if grouped[place]]
    ties = ties + [Tie(m, p, sum(ws), len(ws)) for (m, p), ws in sorted(summed.items())]
    return actors, ties
