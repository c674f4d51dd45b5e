"""Transfer paths between actors, every hop with the evidence a person can check; two-hop reach."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from neo4j import Driver

from graph.record import Record
from queries.actors import Actor, find_actors, resolve_actor
from queries.cypher import read
from queries.errors import EmptySelection, NoPath, NotFound
from queries.selection import Selection, organisation_ids, resolve
from queries.projection_cache import projection
from analytics.routes import k_shortest_paths, two_hop_reach

__all__ = ["Actor", "Hop", "TransferPath", "ReachRow", "find_actors", "resolve_actor", "transfer_paths", "reach"]

_END_KINDS = ("ClusterInitiative", "TechnologyField")
AFFILIATION_KINDS = {"MEMBER_OF": "membership", "PARTNER_OF": "partnership", "WORKS_ON": "field"}


@dataclass(frozen=True)
class Hop(Record):
    """One step of a path. ``kind``: ``collaboration``, ``membership``, ``partnership`` or
    ``field``; ``evidence``: the shared projects (acronym, title, topic, period, programme and part, sources) or the
    affiliation (relation, role, since, sources)."""

    source: Actor
    target: Actor
    kind: str
    weight: float
    evidence: list


@dataclass(frozen=True)
class TransferPath(Record):
    nodes: list
    hops: list
    length: float


def transfer_paths(
    driver: Driver,
    database: str,
    source: str,
    target: str,
    *,
    k: int = 3,
    flt: Selection | None = None,
) -> list[TransferPath]:
    """The ``k`` shortest simple paths from ``source`` to ``target`` (ids or names).

    Paths run along collaboration ties (length ``1/weight``: strong ties are short); a cluster or
    technology field as an end attaches through its members' memberships or fields (length 1).
    Raises :class:`~queries.errors.NoPath` when the two are not connected within the selection.
    """
    flt = resolve(driver, database, flt or Selection())
    ends = [resolve_actor(driver, database, text) for text in (source, target)]
    if ends[0].id == ends[1].id:
        raise NotFound(f"source and target are the same actor: {ends[0].name}")
    G = _with_ends(driver, database, _candidate_graph(driver, database, ends, flt), ends, flt)
    for end in ends:
        if end.id not in G:
            raise EmptySelection(f"{end.name} is outside the selection ({flt.describe()}); relax the filters")
    found = k_shortest_paths(G, ends[0].id, ends[1].id, k=k)
    if not found:
        hint = "relax the filters (" + flt.describe() + ")" if flt.describe() != "the whole graph" else "the two belong to different components of the collaboration graph"
        raise NoPath(f"no path within the selection between {ends[0].name} and {ends[1].name}; {hint}")
    return _with_evidence(driver, database, G, found, {e.id: e for e in ends})


def _candidate_graph(driver: Driver, database: str, ends: list[Actor], flt: Selection) -> nx.Graph:
    """The union of the candidate paths the database finds (fewest hops first), as a small graph to re-rank.

    No whole-graph projection: only a year filter, which recomputes every tie's weight, still needs it.
    """
    if flt.years is not None:
        return projection(driver, database, flt)
    allowed = organisation_ids(driver, database, flt) if flt.restricts_nodes else None
    sides = [_end_organisations(driver, database, end, flt) for end in ends]
    if allowed is not None:
        keep = set(allowed)
        sides = [[o for o in side if o in keep] for side in sides]
    G = nx.Graph()
    for side, end in zip(sides, ends):
        if end.label not in _END_KINDS and side:
            G.add_node(end.id, name=end.name, kind=end.label)
    for row in read(driver, database, "organisation_names", ids=sorted(set(sides[0]) & set(sides[1]))):
        G.add_node(row["id"], name=row["name"], kind=row["kind"])
    if sides[0] and sides[1]:
        filtered = allowed is not None or flt.tie_floor > 1
        params = {"min_weight": flt.tie_floor, "allowed": allowed} if filtered else {}
        for row in read(driver, database, "path_candidates" if filtered else "path_candidates_every_tie",
                        sources=sides[0], targets=sides[1], **params):
            G.add_node(row["source"], name=row["source_name"], kind=row["source_kind"])
            G.add_node(row["target"], name=row["target_name"], kind=row["target_kind"])
            weight = float(row["weight"])
            G.add_edge(row["source"], row["target"], weight=weight, distance=1.0 / weight, projects=list(row["projects"]))
    return G


def _end_organisations(driver: Driver, database: str, end: Actor, flt: Selection) -> list[str]:
    """The organisations a path from ``end`` starts at: the end itself, or a cluster's or field's members."""
    if end.label not in _END_KINDS:
        return [end.id]
    rows = read(driver, database, "actor_affiliations", ids=[end.id], include_partners=True, no_hierarchy=flt.no_hierarchy)
    return sorted({r["org"] for r in rows
                   if r["relation"] != "PARTNER_OF" or flt.include_partners or _only_partners(rows, r["other"])})


def _with_ends(driver: Driver, database: str, G: nx.Graph, ends: list[Actor], flt: Selection) -> nx.Graph:
    """``G`` with clusters or fields among the ends attached; a copy then, since ``G`` is shared."""
    others = [e for e in ends if e.label in _END_KINDS]
    if not others:
        return G
    G = G.copy()
    rows = read(driver, database, "actor_affiliations", ids=[e.id for e in others], include_partners=True,
                no_hierarchy=flt.no_hierarchy)
    for end in others:
        G.add_node(end.id, name=end.name, kind=end.label)
    for row in rows:
        if row["org"] in G and (row["relation"] != "PARTNER_OF" or flt.include_partners or _only_partners(rows, row["other"])):
            G.add_edge(row["org"], row["other"], weight=1.0, distance=1.0, kind=AFFILIATION_KINDS[row["relation"]],
                       via=row["via"])
    return G


def _only_partners(rows: list[dict], other: str) -> bool:
    """A cluster whose sources name only partners, no members, is reached through its partners."""
    return all(r["relation"] == "PARTNER_OF" for r in rows if r["other"] == other)


def _with_evidence(driver: Driver, database: str, G: nx.Graph, found: list[list], ends: dict) -> list[TransferPath]:
    project_ids = sorted({p for path in found for u, v in zip(path, path[1:]) for p in G[u][v].get("projects", [])})
    projects = {r["id"]: r for r in read(driver, database, "project_evidence", ids=project_ids)} if project_ids else {}
    pairs = [
        dict(zip(("org", "other"), _org_first(G, u, v)))
        for path in found for u, v in zip(path, path[1:]) if "kind" in G[u][v]
    ]
    affiliations: dict = {}
    for row in read(driver, database, "affiliation_evidence", pairs=pairs) if pairs else []:
        affiliations.setdefault((row["org"], row["other"]), []).append(row)
    actor = lambda n: ends.get(n) or Actor(n, G.nodes[n].get("name", n), G.nodes[n].get("kind", ""))  # noqa: E731
    paths = []
    for path in found:
        hops = []
        for u, v in zip(path, path[1:]):
            data = G[u][v]
            if "kind" in data:
                evidence = ([{"type": "hierarchy", "via": data["via"],
                              "note": f"{data['kind']} through the hierarchy: via {data['via']} (SUBUNIT_OF)"}]
                            if data.get("via") else [_affiliation(r) for r in affiliations.get(_org_first(G, u, v), [])])
                hops.append(Hop(actor(u), actor(v), data["kind"], data["weight"], evidence))
            else:
                evidence = [_project(projects[p]) if p in projects else {"type": "project", "id": p} for p in data.get("projects", [])]
                if not evidence:
                    evidence = [{"type": "collaboration", "weight": data["weight"], "note": "tie recorded without its project list"}]
                evidence.sort(key=lambda e: (-(e.get("year") or 0), e.get("acronym") or ""))
                hops.append(Hop(actor(u), actor(v), "collaboration", data["weight"], evidence))
        length = sum(G[u][v]["distance"] for u, v in zip(path, path[1:]))
        paths.append(TransferPath([actor(n) for n in path], hops, round(length, 6)))
    return paths


def _org_first(G: nx.Graph, u, v) -> tuple:
    """An affiliation edge as (organisation, cluster or field)."""
    return (v, u) if G.nodes[u].get("kind") in _END_KINDS else (u, v)


def _project(row: dict) -> dict:
    return {"type": "project", "id": row["id"], "acronym": row["acronym"], "title": row["title"],
            "topic": row["topic_title"], "topic_code": row["topic_code"], "year": row["year"], "period": row["period"],
            "programme": row["programme"], "programme_part": row["programme_part"], "sources": row["sources"]}


def _affiliation(row: dict) -> dict:
    return {"type": AFFILIATION_KINDS[row["relation"]], "relation": row["relation"], "role": row["role"],
            "since": row["since"], "sources": row["sources"], "as_of": row["as_of"]}


@dataclass(frozen=True)
class ReachRow(Record):
    """A firm of the cluster that ``source`` reaches: ``hops`` 1 (direct tie) or 2 (``via``)."""

    firm: Actor
    hops: int
    via: list


def reach(driver: Driver, database: str, source: str, cluster: str, *, flt: Selection | None = None, kinds: tuple[str, ...] = ("Firm",)) -> list[ReachRow]:
    """The firms (``kinds``) of ``cluster`` that ``source`` — typically a university or research
    institute — reaches within two collaboration hops, and through whom. Direct ties first.

    Asked in the database for just these firms (no whole-graph projection), except under a year filter."""
    flt = resolve(driver, database, flt or Selection())
    origin = resolve_actor(driver, database, source, types=("Organisation",))
    target = resolve_actor(driver, database, cluster, types=("ClusterInitiative",))
    if flt.years is not None:
        return _reach_in_projection(driver, database, origin, target, flt, kinds)
    allowed = organisation_ids(driver, database, flt) if flt.restricts_nodes else None
    keep = set(allowed) if allowed is not None else None
    if keep is not None and origin.id not in keep:
        raise EmptySelection(f"{origin.name} is outside the selection ({flt.describe()}); relax the filters")
    rows = read(driver, database, "actor_affiliations", ids=[target.id], include_partners=flt.include_partners,
                no_hierarchy=flt.no_hierarchy)
    members = sorted({r["org"] for r in rows if keep is None or r["org"] in keep})
    kinds_of = {r["id"]: r["kind"] for r in read(driver, database, "organisation_names", ids=members)}
    firms = [m for m in members if kinds_of.get(m) in kinds]
    if not firms:
        raise EmptySelection(f"{target.name} has no {' or '.join(kinds)} members within the selection")
    found = read(driver, database, "reach_two_hops", source=origin.id, firms=firms, min_weight=flt.tie_floor,
                 allowed=allowed)
    rows = [ReachRow(Actor(r["id"], r["name"], r["kind"]), 1 if r["direct"] else 2,
                     [] if r["direct"] else [Actor(m["id"], m["name"], m["kind"]) for m in r["via"]]) for r in found]
    return sorted(rows, key=lambda r: (r.hops == 2, r.firm.name))


def _reach_in_projection(driver: Driver, database: str, origin: Actor, target: Actor, flt: Selection,
                         kinds: tuple[str, ...]) -> list[ReachRow]:
    """Reach on the projection: a year filter re-weighs every tie, which the projection already does."""
    G = projection(driver, database, flt)
    if origin.id not in G:
        raise EmptySelection(f"{origin.name} is outside the selection ({flt.describe()}); relax the filters")
    rows = read(driver, database, "actor_affiliations", ids=[target.id], include_partners=flt.include_partners,
                no_hierarchy=flt.no_hierarchy)
    firms = sorted({r["org"] for r in rows if r["org"] in G and G.nodes[r["org"]].get("kind") in kinds})
    if not firms:
        raise EmptySelection(f"{target.name} has no {' or '.join(kinds)} members within the selection")
    actor = lambda n: Actor(n, G.nodes[n]["name"], G.nodes[n]["kind"])  # noqa: E731
    found = two_hop_reach(G, origin.id, firms)
    ordered = sorted(found.items(), key=lambda x: (len(x[1]) > 0, G.nodes[x[0]]["name"]))
    return [ReachRow(actor(f), 2 if via else 1, [actor(m) for m in via]) for f, via in ordered]
