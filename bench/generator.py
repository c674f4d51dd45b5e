"""A deterministic synthetic innovation ecosystem, in the writer's row format, at fixed sizes.

Why synthetic: the real data of one state is small; the benchmarks need a national-scale graph
(100,000 organisations, a million ties) whose shape resembles the real one, and the same graph on
every run so that figures can be compared. The shape:

- organisations of realistic kinds (mostly firms; few universities, which are hubs), each with a
  home cluster initiative (sizes heavy-tailed) and a home region; part of them are formal members;
- projects are consortia drawn mostly from one initiative, with a few outside partners, so that
  about 15 % of the collaboration ties cross initiatives; every pair in a consortium collaborates;
- an organisation's chance to join a consortium is heavy-tailed (Pareto) and scaled by its kind,
  which makes the degree distribution heavy-tailed like in CORDIS.

Everything comes from one ``random.Random(seed)``, so the same size and seed give the same rows.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field

SOURCE = "src:bench-synthetic"
AS_OF = "2026-01-01"

SIZES: dict[str, tuple[int, int]] = {
    "smoke": (300, 2_000),
    "S": (2_000, 20_000),
    "M": (10_000, 100_000),
    "L": (100_000, 1_000_000),
}

KIND_SHARES: dict[str, float] = {
    "Firm": 0.72,
    "University": 0.03,
    "ResearchInstitute": 0.07,
    "PublicBody": 0.04,
    "Ministry": 0.005,
    "Intermediary": 0.04,
    "Other": 0.095,
}
KIND_ACTIVITY = {
    "Firm": 1.0,
    "University": 8.0,
    "ResearchInstitute": 5.0,
    "PublicBody": 1.5,
    "Ministry": 1.0,
    "Intermediary": 3.0,
    "Other": 0.7,
}
KIND_SUFFIX = {
    "Firm": "GmbH",
    "University": "Universität",
    "ResearchInstitute": "Institut",
    "PublicBody": "Amt",
    "Ministry": "Ministerium",
    "Intermediary": "Agentur",
    "Other": "e.V.",
}
BROAD_FIELDS = (
    "Mobility", "Production", "Health", "Energy", "Information technology",
    "Materials", "Environment", "Creative industries",
)
NARROW_WORDS = ("Systems", "Technologies", "Services", "Engineering", "Analytics")
NAME_WORDS = (
    "Alb", "Neckar", "Rhein", "Schwarzwald", "Boden", "Donau", "Kraich", "Hohen", "Enz", "Murg",
    "Tauber", "Jagst", "Kocher", "Fils", "Rems", "Iller", "Elz", "Kinzig", "Wutach", "Glems",
)
NAME_TRADES = (
    "Photonik", "Mechatronik", "Antriebe", "Medizintechnik", "Software", "Werkstoffe", "Sensorik",
    "Energie", "Robotik", "Biotech", "Logistik", "Präzision", "Digital", "Wasser", "Holz",
)
STATES = 8
DISTRICTS_PER_STATE = 5
# Share of consortium members drawn from outside the lead initiative, calibrated per size so that
# about 15 % of the distinct ties cross initiatives (small initiatives saturate inside sooner).
OUTSIDE_PARTNER_SHARE = {"smoke": 0.045, "S": 0.04, "M": 0.045, "L": 0.068}
MEMBER_SHARE = 0.6
SECOND_MEMBERSHIP_SHARE = 0.1
MAX_PROJECTS_ON_TIE = 20


@dataclass
class Ecosystem:
    """The rows of one synthetic ecosystem, keyed the way :mod:`graph.writer` expects them."""

    size: str
    seed: int
    nodes: dict[str, list[dict]] = field(default_factory=dict)
    relationships: dict[str, list[dict]] = field(default_factory=dict)
    home_cluster: dict[str, str] = field(default_factory=dict)

    @property
    def organisations(self) -> list[dict]:
        return self.nodes["Organisation"]

    @property
    def ties(self) -> list[dict]:
        return self.relationships["COLLABORATES_WITH"]

    def counts(self) -> dict[str, int]:
        return {**{k: len(v) for k, v in self.nodes.items()}, **{k: len(v) for k, v in self.relationships.items()}}


def cluster_count(organisations: int) -> int:
    """About 100 initiatives; fewer for small sizes, which could not fill 100 densely enough."""
    return max(5, min(100, organisations // 50))


def generate(size: str, seed: int = 42) -> Ecosystem:
    """The ecosystem of ``size`` (a key of :data:`SIZES`); the same arguments give the same rows."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(SIZES)}")
    n_orgs, n_ties = SIZES[size]
    rng = random.Random(f"{size}:{seed}")
    eco = Ecosystem(size=size, seed=seed)
    fields, field_rels = _fields()
    regions, region_rels, districts = _regions()
    clusters, cluster_rels, cluster_weights, focus = _clusters(rng, cluster_count(n_orgs), fields, districts)
    orgs, org_rels, activity = _organisations(rng, n_orgs, clusters, cluster_weights, focus, districts, eco)
    projects, participations, in_field, ties = _projects_and_ties(rng, n_ties, orgs, activity, clusters, focus, eco)
    eco.nodes = {
        "TechnologyField": fields,
        "Region": regions,
        "ClusterInitiative": clusters,
        "Organisation": orgs,
        "Project": projects,
    }
    eco.relationships = {
        "BROADER": field_rels,
        "PART_OF": region_rels,
        **cluster_rels,
        **org_rels,
        "PARTICIPATES_IN": participations,
        "IN_FIELD": in_field,
        "COLLABORATES_WITH": ties,
    }
    return eco


def _provenance(row: dict) -> dict:
    row["sources"] = [SOURCE]
    row["as_of"] = AS_OF
    return row


def _fields() -> tuple[list[dict], list[dict]]:
    fields, broader = [], []
    for b, broad in enumerate(BROAD_FIELDS):
        broad_id = f"field:bench-{b:02d}"
        fields.append(_provenance({"id": broad_id, "name": broad, "scheme": "bench"}))
        for n, word in enumerate(NARROW_WORDS):
            narrow_id = f"field:bench-{b:02d}-{n}"
            fields.append(_provenance({"id": narrow_id, "name": f"{broad} {word}", "scheme": "bench"}))
            broader.append({"start": narrow_id, "end": broad_id})
    return fields, broader


def _regions() -> tuple[list[dict], list[dict], list[str]]:
    regions = [_provenance({"id": "country:XX", "name": "Benchland", "level": "country"})]
    part_of, districts = [], []
    for s in range(STATES):
        state_id = f"nuts:X{s}"
        regions.append(_provenance({"id": state_id, "name": f"State {s}", "level": "state"}))
        part_of.append({"start": state_id, "end": "country:XX"})
        for d in range(DISTRICTS_PER_STATE):
            district_id = f"nuts:X{s}{d}"
            regions.append(_provenance({"id": district_id, "name": f"District {s}.{d}", "level": "district"}))
            part_of.append({"start": district_id, "end": state_id})
            districts.append(district_id)
    return regions, part_of, districts


def _narrow_fields(fields: list[dict]) -> list[str]:
    return [f["id"] for f in fields if f["id"].count("-") == 2]


def _clusters(rng: random.Random, count: int, fields: list[dict], districts: list[str]):
    narrow = _narrow_fields(fields)
    clusters, focuses, based = [], [], []
    weights, focus_of = [], {}
    for c in range(count):
        cluster_id = f"bench_ci_{c:03d}"
        focus = rng.sample(narrow, rng.randint(1, 3))
        district = rng.choice(districts)
        clusters.append(_provenance({
            "id": cluster_id,
            "name": f"Cluster {rng.choice(NAME_WORDS)} {rng.choice(NAME_TRADES)} {c}",
            "actor_type": "cluster initiative",
            "region": district,
        }))
        focus_of[cluster_id] = focus
        focuses += [{"start": cluster_id, "end": f} for f in focus]
        based.append({"start": cluster_id, "end": district})
        weights.append(min(rng.paretovariate(1.2), 30.0))
    return clusters, {"FOCUSES_ON": focuses, "BASED_IN": based}, weights, focus_of


def _organisations(rng, n_orgs, clusters, cluster_weights, focus, districts, eco: Ecosystem):
    kinds = list(KIND_SHARES)
    kind_cum = list(itertools.accumulate(KIND_SHARES.values()))
    cluster_cum = list(itertools.accumulate(cluster_weights))
    orgs, members, partners, works_on, located = [], [], [], [], []
    activity = []
    for i in range(n_orgs):
        org_id = f"org:bench-{i:06d}"
        kind = kinds[min(bisect.bisect(kind_cum, rng.random() * kind_cum[-1]), len(kinds) - 1)]
        home = clusters[bisect.bisect(cluster_cum, rng.random() * cluster_cum[-1])]["id"]
        district = rng.choice(districts)
        orgs.append(_provenance({
            "id": org_id,
            "name": f"{rng.choice(NAME_WORDS)} {rng.choice(NAME_TRADES)} {KIND_SUFFIX[kind]} {i}",
            "kind": kind,
            "region": district,
            "city": f"City {district[-2:]}",
            "country": "XX",
            "sme": kind == "Firm" and rng.random() < 0.7,
        }))
        eco.home_cluster[org_id] = home
        activity.append(min(rng.paretovariate(1.5), 200.0) * KIND_ACTIVITY[kind])
        located.append({"start": org_id, "end": district})
        works_on += [{"start": org_id, "end": f} for f in rng.sample(focus[home], min(len(focus[home]), rng.randint(1, 2)))]
        if rng.random() < MEMBER_SHARE:
            members.append(_provenance({"start": org_id, "end": home, "since": rng.randint(2005, 2025)}))
            if rng.random() < SECOND_MEMBERSHIP_SHARE:
                other = rng.choice(clusters)["id"]
                if other != home:
                    members.append(_provenance({"start": org_id, "end": other, "since": rng.randint(2010, 2025)}))
        elif rng.random() < 0.1:
            partners.append(_provenance({"start": org_id, "end": home, "role": "supporter"}))
    rels = {"MEMBER_OF": members, "PARTNER_OF": partners, "WORKS_ON": works_on, "LOCATED_IN": located}
    return orgs, rels, activity


def _projects_and_ties(rng, n_ties, orgs, activity, clusters, focus, eco: Ecosystem):
    """Consortia until the number of distinct collaborating pairs reaches ``n_ties``."""
    index_by_cluster: dict[str, list[int]] = {c["id"]: [] for c in clusters}
    for i, org in enumerate(orgs):
        index_by_cluster[eco.home_cluster[org["id"]]].append(i)
    cum_by_cluster = {
        c: list(itertools.accumulate(activity[i] for i in idx)) for c, idx in index_by_cluster.items() if idx
    }
    lead_clusters = [c for c in cum_by_cluster]
    lead_cum = list(itertools.accumulate(cum_by_cluster[c][-1] for c in lead_clusters))
    all_cum = list(itertools.accumulate(activity))
    outside = OUTSIDE_PARTNER_SHARE[eco.size]
    projects, participations, in_field = [], [], []
    pair_projects: dict[tuple[int, int], list[int]] = {}
    p = 0
    while len(pair_projects) < n_ties:
        lead = lead_clusters[bisect.bisect(lead_cum, rng.random() * lead_cum[-1])]
        idx, cum = index_by_cluster[lead], cum_by_cluster[lead]
        size = 2 + min(28, int(rng.expovariate(1 / 3.5)))
        consortium: set[int] = set()
        for _ in range(size * 3):
            if len(consortium) >= size:
                break
            if rng.random() < outside:
                consortium.add(bisect.bisect(all_cum, rng.random() * all_cum[-1]))
            else:
                consortium.add(idx[bisect.bisect(cum, rng.random() * cum[-1])])
        if len(consortium) < 2:
            continue
        members = sorted(consortium)
        year = rng.randint(2014, 2025)
        project_id = f"cordis:BENCH:{p:07d}"
        projects.append(_provenance({
            "id": project_id,
            "acronym": f"BENCH{p}",
            "title": f"Synthetic project {p}",
            "programme": "BENCH",
            "start_year": year,
            "ec_contribution": float(rng.randint(2, 80) * 50_000),
        }))
        in_field.append({"start": project_id, "end": focus[lead][0]})
        coordinator = rng.choice(members)
        for m in members:
            participations.append(_provenance({
                "start": orgs[m]["id"],
                "end": project_id,
                "role": "coordinator" if m == coordinator else "participant",
                "contribution": float(rng.randint(1, 40) * 10_000),
            }))
        for a, b in itertools.combinations(members, 2):
            pair_projects.setdefault((a, b), []).append(p)
        p += 1
    years = {i: projects[i]["start_year"] for i in range(len(projects))}
    ties = []
    for (a, b), on in pair_projects.items():
        ties.append(_provenance({
            "start": orgs[a]["id"],
            "end": orgs[b]["id"],
            "weight": len(on),
            "projects": [projects[i]["id"] for i in on[:MAX_PROJECTS_ON_TIE]],
            "first_year": min(years[i] for i in on),
            "last_year": max(years[i] for i in on),
        }))
    return projects, participations, in_field, ties
