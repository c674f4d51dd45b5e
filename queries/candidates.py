"""Cross-clustering candidates: clusters that should work together, and organisations that could.

Each candidate carries its reasons (shared fields, named common partners, existing ties), so a
cluster manager can judge it rather than trust a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from neo4j import Driver

from graph.record import INTERNAL, Record
from queries.actors import Actor, resolve_actor
from queries.candidate_graph import Bounds, candidate_graph, organisation_graph
from queries.errors import EmptySelection
from queries.partner_chance import CALIBRATED_METHOD, current_calibration, stored_calibration, with_chance
from queries.lean_projection import names_of
from queries.projection import add_nodes, node_rows
from queries.selection import Selection, resolve
from queries.stored_metrics import current_analysis
from queries.stored_pairs import stored_ranking
from analytics.recommend import ClusterPairScore, cluster_complementarity, rank_member_pairs, rank_pairs_of


@dataclass(frozen=True)
class ClusterCandidate(Record):
    id: str
    name: str
    score: float
    field_overlap: float
    partner_overlap: float
    ties: int
    shared_fields: list
    common_partners: list
    reasons: list
    reason_parts: list = field(default_factory=list, compare=False, metadata=INTERNAL)  # {"code", …}: the dashboard words them


@dataclass(frozen=True)
class OrgCandidate(Record):
    member_id: str
    member: str
    candidate_id: str
    candidate: str
    candidate_kind: str
    candidate_clusters: list
    score: float
    link_score: float
    field_similarity: float
    same_region: bool
    common_partners: list
    reasons: list
    chance: float | None = None        # share of such pairs that started a joint project (queries.partner_chance)
    chance_years: str | None = None    # … within these years of the graph's history
    reason_parts: list = field(default_factory=list, compare=False, metadata=INTERNAL)  # {"code", …}: the dashboard words them


@dataclass(frozen=True)
class Candidates(Record):
    """Both tables for one cluster. ``bounded``: the expansion left some hubs' ties out, so scores may
    differ from the exact ones (docs/analytics.md, *Where candidates are computed*)."""

    cluster: Actor
    clusters: list
    organisations: list
    bounded: bool
    max_partners: int
    max_fanout: int
    pairs_ranked_at: str | None = None     # the organisation pairs are those ``analyze`` ranked then, exactly
    clusters_ranked_at: str | None = None  # … and the cluster pairs


@dataclass(frozen=True)
class Partners(Record):
    """Partners for one organisation; ``bounded`` as in :class:`Candidates`."""

    organisation: Actor
    outside_cluster: Actor | None
    partners: list
    bounded: bool
    max_partners: int
    max_fanout: int


def candidates(
    driver: Driver,
    database: str,
    cluster: str,
    *,
    top: int = 10,
    top_organisations: int | None = None,
    flt: Selection | None = None,
    method: str = "resource_allocation",
    pairs: str = "both",
    bounds: Bounds = Bounds(),
) -> Candidates:
    """Clusters to work with ``cluster`` (id or name), and pairs (member, organisation outside it) without
    a tie yet, ranked on a two-hop expansion read in the database (:mod:`queries.candidate_graph`).

    ``pairs``: ``both``, ``clusters`` or ``organisations``; ``top_organisations`` defaults to ``top``.
    While the last ``analyze`` over everything is current, the tables over everything are the exact ones it
    stored (:mod:`queries.stored_pairs`; organisation pairs by resource allocation), whatever ``bounds`` say.
    """
    target = resolve_actor(driver, database, cluster, types=("ClusterInitiative",))
    flt = resolve(driver, database, flt or Selection())
    wanted = top if top_organisations is None else top_organisations
    run = current_analysis(driver, database) if not flt.is_restricted() else None
    stored = stored_ranking(driver, database, run, target.id)
    stored_clusters = stored.cluster_pairs(top) if stored and pairs != "organisations" else None
    stored_orgs = stored.organisation_pairs(wanted) if stored and pairs != "clusters" \
        and method == CALIBRATED_METHOD else None
    expand_clusters = pairs != "organisations" and stored_clusters is None
    expand_orgs = pairs != "clusters" and stored_orgs is None
    clusters, orgs, bounded = [], [], False
    if expand_clusters or expand_orgs:
        found = candidate_graph(driver, database, target.id, flt, bounds, clusters=expand_clusters)
        bounded = found.bounded
        if expand_clusters:
            clusters = rank_cluster_candidates(found.graph, target.id, top=top, partner_counts=found.partner_counts)
        if expand_orgs:
            orgs = rank_organisation_candidates(found.graph, target.id, top=wanted, method=method,
                                                complete=found.complete, clustered=found.clustered)
    if stored_clusters is not None or stored_orgs is not None:
        G = _named(driver, database, flt, stored_orgs or [], stored_clusters or [])
        clusters = clusters if stored_clusters is None else \
            [cluster_candidate(G, row.score, row.common_count, row.inherited) for row in stored_clusters]
        orgs = orgs if stored_orgs is None else [_org_candidate(G, p, target.id) for p in stored_orgs]
    # ``run`` is the current run over everything (or None): the calibration it holds is the one that applies
    orgs = with_chance(orgs, stored_calibration(run) if orgs and method == CALIBRATED_METHOD else None)
    return Candidates(target, clusters, orgs, bounded, bounds.max_partners, bounds.max_fanout,
                      stored.computed_at if stored_orgs is not None else None,
                      stored.computed_at if stored_clusters is not None else None)


def _named(driver: Driver, database: str, flt: Selection, pairs: list, cluster_rows: list) -> nx.Graph:
    """A graph of just the organisations stored rankings name, with the names of clusters and fields."""
    clusters, fields = names_of(driver, database)
    G = nx.Graph(clusters=clusters, fields=fields)
    named = {n for p in pairs for n in (p.u, p.v, *p.common[:10])} | \
        {n for row in cluster_rows for n in row.score.common_partners[:10]}
    add_nodes(G, node_rows(driver, database, eids=None, ids=sorted(named), include_partners=flt.include_partners,
                           no_hierarchy=flt.no_hierarchy))
    return G


def rank_cluster_candidates(G: nx.Graph, cluster: str, *, top: int = 10, partner_counts: dict | None = None) -> list[ClusterCandidate]:
    """:func:`analytics.recommend.cluster_complementarity` with names and reasons (``partner_counts``: see there).

    Examples
    --------
    >>> G = nx.Graph([("a1", "x"), ("b1", "x")])
    >>> nx.set_node_attributes(G, {"a1": ["A"], "b1": ["B"], "x": []}, "clusters")
    >>> nx.set_node_attributes(G, {"a1": ["f1"], "b1": ["f1"], "x": []}, "fields")
    >>> nx.set_node_attributes(G, {"a1": "A1", "b1": "B1", "x": "X"}, "name")
    >>> G.graph.update(clusters={"A": "Alpha", "B": "Beta"}, fields={"f1": "Photonics"})
    >>> for reason in rank_cluster_candidates(G, "A")[0].reasons: print(reason)
    shares 1 of 1 technology fields: Photonics
    shares 1 of 1 outside partners: X
    no tie yet between their 1 and 1 members
    """
    names = G.graph.get("clusters", {})
    members = {n for n, cs in G.nodes(data="clusters") if cluster in (cs or [])}
    if not members:
        raise EmptySelection(f"{names.get(cluster, cluster)} has no members within the selection")
    return [cluster_candidate(G, s, len(s.common_partners),
                              sum(1 for _, via in G.nodes(data="clusters_via") if via and (cluster in via or s.other in via)))
            for s in cluster_complementarity(G, cluster, cluster_fields=G.graph.get("cluster_fields"),
                                             partner_counts=partner_counts)[:top]]


def cluster_candidate(G: nx.Graph, s: ClusterPairScore, common_count: int, inherited: int) -> ClusterCandidate:
    """One cluster pair with its reasons: ``G`` names the clusters, the fields and the first 10 of
    ``s.common_partners`` (of ``common_count``); ``inherited``: the two clusters' organisations that belong
    only through the hierarchy."""
    names, field_names = G.graph.get("clusters", {}), G.graph.get("fields", {})
    label = lambda n: G.nodes[n].get("name", n) if n in G else n  # noqa: E731
    shared = [field_names.get(f, f) for f in s.shared_fields]
    union_fields = round(len(s.shared_fields) / s.field_overlap) if s.field_overlap else 0
    parts = []
    if shared:
        parts.append({"code": "shared_fields", "n": len(shared), "of": union_fields, "names": shared[:5]})
    if common_count:
        parts.append({"code": "shared_partners", "n": common_count, "of": round(common_count / s.partner_overlap),
                      "names": [label(n) for n in s.common_partners[:5]]})
    parts.append({"code": "no_ties" if s.ties == 0 else "few_ties" if s.ties < 5 else "ties",
                  "ties": s.ties, "a": s.sizes[0], "b": s.sizes[1]})
    if inherited:
        parts.append({"code": "inherited", "n": inherited})
    return ClusterCandidate(
        s.other, names.get(s.other, s.other), round(s.score, 6), round(s.field_overlap, 6),
        round(s.partner_overlap, 6), s.ties, shared, [label(n) for n in s.common_partners[:10]],
        [english_reason(p) for p in parts], parts,
    )


def rank_organisation_candidates(G: nx.Graph, cluster: str, *, top: int = 20, method: str = "resource_allocation",
                                 complete=None, clustered=None) -> list[OrgCandidate]:
    """Score pairs of a member and an outsider two hops apart or sharing a field (outsiders then
    must belong to another cluster): the first ``top`` of :func:`analytics.recommend.score_pairs` over them all,
    found by :func:`analytics.recommend.rank_member_pairs` (``complete`` and ``clustered``: see there; for a
    ``G`` that holds the outsiders bare).

    Examples
    --------
    >>> G = nx.Graph([("m", "p"), ("p", "o"), ("q", "z")])
    >>> nx.set_node_attributes(G, {"m": ["A"], "p": [], "o": ["B"], "q": ["B"], "z": []}, "clusters")
    >>> nx.set_node_attributes(G, {"m": ["f"], "p": [], "o": [], "q": ["f"], "z": []}, "fields")
    >>> nx.set_node_attributes(G, {n: n.upper() for n in G}, "name")
    >>> G.graph.update(clusters={"A": "Alpha", "B": "Beta"}, fields={"f": "Laser"})
    >>> for c in rank_organisation_candidates(G, "A"): print(c.candidate, c.reasons)
    O ['common partner: P', 'member of Beta']
    Q ['shares technology fields: Laser', 'member of Beta', 'no common partner yet']
    """
    members = {n for n, cs in G.nodes(data="clusters") if cluster in (cs or [])}
    names = G.graph.get("clusters", {})
    if not members:
        raise EmptySelection(f"{names.get(cluster, cluster)} has no members within the selection")
    ranked = rank_member_pairs(G, members, top=top, method=method, complete=complete, clustered=clustered)
    if complete is not None:
        complete(sorted({w for p in ranked for w in p.common[:10]}, key=repr))  # the names the reasons give
    return [_org_candidate(G, p, cluster) for p in ranked]


def partners(driver: Driver, database: str, organisation: str, *, top: int = 10, outside_cluster: str | None = None,
             flt: Selection | None = None, method: str = "resource_allocation", bounds: Bounds = Bounds()) -> Partners:
    """Organisations ``organisation`` (id or name) could work with: two hops away, no tie yet, members of
    ``outside_cluster`` (id or name) left out; ranked like the organisation pairs of :func:`candidates`
    on the same bounded expansion, around this one organisation only."""
    origin = resolve_actor(driver, database, organisation, types=("Organisation",))
    outside = resolve_actor(driver, database, outside_cluster, types=("ClusterInitiative",)) if outside_cluster else None
    flt = resolve(driver, database, flt or Selection())
    found = organisation_graph(driver, database, origin, flt, bounds)
    rows = rank_partners(found.graph, origin.id, top=top, outside=outside.id if outside else None, method=method,
                         complete=found.complete)
    rows = with_chance(rows, current_calibration(driver, database, flt, method) if rows else None)
    return Partners(origin, outside, rows, found.bounded, bounds.max_partners, bounds.max_fanout)


def rank_partners(G: nx.Graph, organisation, *, top: int = 10, outside: str | None = None,
                  method: str = "resource_allocation", complete=None) -> list[OrgCandidate]:
    """Score ``organisation`` with each organisation two hops away that it has no tie with (members of
    the cluster ``outside`` left out), with :func:`analytics.recommend.score_pairs`.

    ``complete(nodes)`` reads the attributes of those of ``nodes`` that ``G`` holds bare (an expansion
    reads them only for the candidates that can reach the top, :func:`analytics.recommend.rank_pairs_of`).

    Examples
    --------
    >>> G = nx.Graph([("m", "p"), ("p", "o"), ("p", "q")])
    >>> nx.set_node_attributes(G, {"m": [], "p": [], "o": ["B"], "q": ["C"]}, "clusters")
    >>> nx.set_node_attributes(G, {n: n.upper() for n in G}, "name")
    >>> [(c.candidate, c.reasons) for c in rank_partners(G, "m", outside="C")]
    [('O', ['common partner: P', 'member of B'])]
    """
    if organisation not in G:
        raise EmptySelection(f"{organisation} is not within the selection")
    complete = complete or (lambda nodes: None)
    complete([organisation])

    def admit(nodes: list) -> list:
        complete(nodes)
        return [n for n in nodes if not outside or outside not in (G.nodes[n].get("clusters") or [])]

    reached = {w for m in G[organisation] for w in G[m]} - set(G[organisation]) - {organisation}
    ranked = rank_pairs_of(G, organisation, reached, top=top, method=method, admit=admit)
    complete(sorted({w for p in ranked for w in p.common[:10]}, key=repr))  # the names the reasons give
    return [_org_candidate(G, p, outside) for p in ranked]


def _org_candidate(G: nx.Graph, p, cluster: str | None) -> OrgCandidate:
    """One scored pair with its reasons; hierarchy notes for ``cluster`` and the candidate's clusters."""
    names, field_names = G.graph.get("clusters", {}), G.graph.get("fields", {})
    label = lambda n: G.nodes[n].get("name", n)  # noqa: E731
    fields = sorted(set(G.nodes[p.u].get("fields") or []) & set(G.nodes[p.v].get("fields") or []))
    parts = []
    if p.common:
        parts.append({"code": "common_partners", "n": len(p.common), "names": [label(n) for n in p.common[:5]]})
    if fields:
        parts.append({"code": "org_fields", "names": [field_names.get(f, f) for f in fields[:5]]})
    if p.same_region:
        parts.append({"code": "same_region", "region": G.nodes[p.u].get("region")})
    other = [names.get(c, c) for c in G.nodes[p.v].get("clusters") or []]
    parts.append({"code": "member_of", "clusters": other} if other else {"code": "no_cluster"})
    if not p.common:
        parts.append({"code": "no_common_partner"})
    parts += [{"code": "via_hierarchy", "name": label(n), "cluster": names.get(c, c), "via": list(via)}
              for n in (p.u, p.v) for c, via in (G.nodes[n].get("clusters_via") or {}).items()
              if c == cluster or n == p.v]
    return OrgCandidate(
        p.u, label(p.u), p.v, label(p.v), G.nodes[p.v].get("kind", ""), other,
        round(p.score, 6), round(p.link, 6), round(p.field_similarity, 6), p.same_region,
        [label(n) for n in p.common[:10]], [english_reason(r) for r in parts], reason_parts=parts,
    )


# The English wording of each reason (CLI, exports); the dashboard words the same parts from its
# locales (``cross.why.<code>``), so no language but English lives here.
_ENGLISH = {
    "shared_fields": lambda p: f"shares {p['n']} of {p['of']} technology fields: " + ", ".join(p["names"]),
    "shared_partners": lambda p: f"shares {p['n']} of {p['of']} outside partners: " + ", ".join(p["names"]),
    "no_ties": lambda p: f"no tie yet between their {p['a']} and {p['b']} members",
    "few_ties": lambda p: f"only {p['ties']} ties between their {p['a']} and {p['b']} members",
    "ties": lambda p: f"{p['ties']} ties between their {p['a']} and {p['b']} members",
    "inherited": lambda p: f"{p['n']} of these members belong only through the hierarchy (SUBUNIT_OF)",
    "common_partners": lambda p: ("common partner: " if p["n"] == 1 else f"{p['n']} common partners: ")
                                 + ", ".join(p["names"]),
    "org_fields": lambda p: "shares technology fields: " + ", ".join(p["names"]),
    "same_region": lambda p: f"same region ({p['region']})",
    "member_of": lambda p: "member of " + ", ".join(p["clusters"]),
    "no_cluster": lambda p: "in no cluster initiative yet",
    "no_common_partner": lambda p: "no common partner yet",
    "via_hierarchy": lambda p: f"{p['name']} is in {p['cluster']} only through the hierarchy (via {', '.join(p['via'])})",
}


def english_reason(part: dict) -> str:
    """One reason part in English words."""
    return _ENGLISH[part["code"]](part)
