"""A hand-made ecosystem of 11 organisations, 3 clusters, 4 fields and 8 projects.

Written straight through graph.writer, so the analytics tests do not depend on any loader. The
collaboration ties are derived here from the project participations (weight = shared projects).
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
from neo4j import Driver

from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships

CLUSTERS = {
    "cl_tm": ("TechnologyMountains", ["f_med", "f_mech"]),
    "cl_ph": ("Photonics BW", ["f_opt"]),
    "cl_mt": ("microTEC Südwest", ["f_micro", "f_opt"]),
}
FIELDS = {"f_med": "Medical technology", "f_mech": "Mechanical engineering", "f_opt": "Optics", "f_micro": "Microsystems"}
# id: (name, kind, region, sme, clusters, fields)
ORGS = {
    "o1": ("Universität Stuttgart", "University", "nuts:DE11", None, ["cl_ph"], ["f_opt"]),
    "o2": ("Robert Bosch GmbH", "Firm", "nuts:DE11", False, ["cl_mt"], ["f_micro"]),
    "o3": ("Aesculap AG", "Firm", "nuts:DE14", False, ["cl_tm"], ["f_med"]),
    "o4": ("KARL STORZ SE", "Firm", "nuts:DE14", False, ["cl_tm"], ["f_med"]),
    "o5": ("TRUMPF SE", "Firm", "nuts:DE11", False, ["cl_ph"], ["f_opt"]),
    "o6": ("Fraunhofer IPA", "ResearchInstitute", "nuts:DE11", None, ["cl_tm", "cl_mt"], ["f_mech", "f_micro"]),
    "o7": ("Hahn-Schickard", "ResearchInstitute", "nuts:DE13", None, ["cl_mt"], ["f_micro"]),
    "o8": ("Small Optics GmbH", "Firm", "nuts:DE12", True, ["cl_ph"], ["f_opt"]),
    "o9": ("Albert-Ludwigs-Universität Freiburg", "University", "nuts:DE13", None, [], ["f_micro", "f_med"]),
    "o10": ("Lonely Firm GmbH", "Firm", "nuts:DE12", True, [], ["f_opt"]),
    "o11": ("Bosch Rexroth AG", "Firm", "nuts:DE12", False, ["cl_mt"], ["f_mech"]),
}
# id: (acronym, year, programme, participants)
PROJECTS = {
    "p1": ("PHOTON", 2015, "H2020", ["o1", "o5", "o8"]),
    "p2": ("MEDTEC", 2016, "H2020", ["o3", "o4", "o6"]),
    "p3": ("MICRO", 2017, "H2020", ["o2", "o6", "o7"]),
    "p4": ("BRIDGE", 2019, "H2020", ["o1", "o6"]),
    "p5": ("LIGHT", 2020, "HORIZON", ["o1", "o5"]),
    "p6": ("SENS", 2018, "H2020", ["o7", "o9"]),
    "p7": ("FREI", 2021, "HORIZON", ["o9", "o3"]),
    "p8": ("REX", 2019, "H2020", ["o2", "o11"]),
}


def ties(years: tuple[int, int] = (0, 9999)) -> dict[tuple[str, str], list[str]]:
    """Unordered pair (smaller id first) → shared project ids started within ``years``."""
    shared: dict = {}
    for pid, (_, year, _, members) in PROJECTS.items():
        if years[0] <= year <= years[1]:
            for a, b in combinations(sorted(members), 2):
                shared.setdefault((a, b), []).append(pid)
    return shared


def reference_graph(years: tuple[int, int] = (0, 9999)) -> nx.Graph:
    """The expected projection, built with plain NetworkX from the tables above."""
    G = nx.Graph()
    G.add_nodes_from(ORGS)
    for (a, b), projects in ties(years).items():
        G.add_edge(a, b, weight=float(len(projects)), distance=1.0 / len(projects))
    return G


def load_ecosystem(driver: Driver, database: str) -> None:
    src = {"sources": ["src:test"]}
    write_nodes(driver, database, NodeLabel.FIELD, [{"id": k, "name": v, **src} for k, v in FIELDS.items()])
    write_nodes(driver, database, NodeLabel.CLUSTER, [{"id": k, "name": v[0], **src} for k, v in CLUSTERS.items()])
    write_nodes(driver, database, NodeLabel.REGION, [{"id": r, "name": r, **src} for r in sorted({v[2] for v in ORGS.values()})])
    write_nodes(driver, database, NodeLabel.ORGANISATION, [
        {"id": k, "name": n, "kind": kind, "region": region, "sme": sme, **src}
        for k, (n, kind, region, sme, _, _) in ORGS.items()
    ])
    write_nodes(driver, database, NodeLabel.PROJECT, [
        {"id": k, "acronym": a, "start_year": y, "programme": p, "title": f"{a} project", "sources": ["src:cordis"]}
        for k, (a, y, p, _) in PROJECTS.items()
    ])
    write_relationships(driver, database, RelType.FOCUSES_ON, [
        {"start": c, "end": f} for c, (_, fields) in CLUSTERS.items() for f in fields
    ])
    write_relationships(driver, database, RelType.MEMBER_OF, [
        {"start": o, "end": c, "since": 2012, **src} for o, v in ORGS.items() for c in v[4]
    ])
    write_relationships(driver, database, RelType.PARTNER_OF, [
        {"start": "o9", "end": "cl_mt", "role": "supporter", **src}
    ], merge_keys=("role",))
    write_relationships(driver, database, RelType.WORKS_ON, [
        {"start": o, "end": f} for o, v in ORGS.items() for f in v[5]
    ])
    write_relationships(driver, database, RelType.PARTICIPATES_IN, [
        {"start": o, "end": p, "role": "participant"} for p, v in PROJECTS.items() for o in v[3]
    ])
    write_relationships(driver, database, RelType.COLLABORATES_WITH, [
        {"start": a, "end": b, "weight": len(ps), "projects": ps,
         "first_year": min(PROJECTS[p][1] for p in ps), "last_year": max(PROJECTS[p][1] for p in ps)}
        for (a, b), ps in ties().items()
    ])
