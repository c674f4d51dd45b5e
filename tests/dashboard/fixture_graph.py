r"""A small ecosystem for the dashboard tests, written through graph.writer; figures worked out by hand.

10 organisations (2 SMEs, 9 with coordinates), 3 clusters, 3 fields, 4 projects, 7 collaboration ties
(weights in brackets; ALPHA links bosch, unistuttgart, startup; BETA kit, fraunhofer, medtech;
GAMMA unistuttgart, kit; DELTA bosch, unistuttgart again):

    startup —(1)— bosch —(2)— unistuttgart —(1)— kit —(1)— fraunhofer
       \_________(1)__________/                  \            /
                                                 (1)—medtech—(1)

The ministry, the agency and the organisation with a hostile name have no ties (the agency's two
sources state two kinds: Intermediary won, Firm is kept in ``stated``); one organisation has no
coordinates and no memberships (it is connected to nothing).
"""

from __future__ import annotations

import json

from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships

XSS_NAME = "<script>alert('x')</script><img src=x onerror=alert(1)> GmbH"

SOURCES = [
    {"id": "src:test-clusters", "name": "Test cluster atlas", "licence": "CC BY 4.0", "retrieved": "2024-05-01",
     "attribution": "© Test"},
    {"id": "src:test-cordis", "name": "Test CORDIS", "licence": "CC BY 4.0", "retrieved": "2024-06-01"},
]
REGIONS = [
    {"id": "nuts:DE11", "name": "Stuttgart", "level": "district"},
    {"id": "nuts:DE12", "name": "Karlsruhe", "level": "district"},
    {"id": "nuts:DE13", "name": "Freiburg", "level": "district"},
]
FIELDS = [
    {"id": "field:ai", "name": "Artificial intelligence", "name_en": "Artificial intelligence", "name_de": "Künstliche Intelligenz"},
    {"id": "field:mobility", "name": "Mobility", "name_en": "Mobility", "name_de": "Mobilität"},
    {"id": "field:health", "name": "Health", "name_en": "Health", "name_de": "Gesundheit"},
]
CLUSTERS = [
    {"id": "ci:auto", "name": "Automotive Süd", "city": "Stuttgart", "region": "nuts:DE11"},
    {"id": "ci:health", "name": "BioRegion Test", "city": "Freiburg", "region": "nuts:DE13"},
    {"id": "ci:ai", "name": "KI-Allianz Test", "city": "Karlsruhe", "region": "nuts:DE12"},
]


def _org(id_, name, kind, region, city, lat, lon, sme=None):
    return {"id": id_, "name": name, "kind": kind, "region": region, "city": city, "country": "DE",
            "lat": lat, "lon": lon, "sme": sme, "sources": ["src:test-clusters"]}


ORGANISATIONS = [
    _org("org:unistuttgart", "Universität Stuttgart", "University", "nuts:DE11", "Stuttgart", 48.78, 9.18),
    _org("org:kit", "Karlsruher Institut für Technologie", "University", "nuts:DE12", "Karlsruhe", 49.01, 8.41),
    _org("org:bosch", "Robert Bosch GmbH", "Firm", "nuts:DE11", "Gerlingen", 48.80, 9.06, sme=False),
    _org("org:startup", "Start-up A GmbH", "Firm", "nuts:DE11", "Stuttgart", 48.77, 9.17, sme=True),
    _org("org:fraunhofer", "Fraunhofer-Institut Freiburg", "ResearchInstitute", "nuts:DE13", "Freiburg", 47.99, 7.84),
    _org("org:medtech", "MedTech Freiburg GmbH", "Firm", "nuts:DE13", "Freiburg", 48.00, 7.85, sme=True),
    _org("org:ministry", "Wirtschaftsministerium", "Ministry", "nuts:DE11", "Stuttgart", 48.78, 9.19),
    {**_org("org:agency", "Landesagentur Test", "Intermediary", "nuts:DE12", "Karlsruhe", 49.00, 8.40),
     "sources": ["src:test-clusters", "src:test-cordis"], "kind_source": "src:test-clusters",
     "stated": json.dumps({"src:test-clusters": {"kind": "Intermediary"},
                           "src:test-cordis": {"kind": "Firm", "kind_inferred": False}})},
    _org("org:xss", XSS_NAME, "Firm", "nuts:DE12", "Karlsruhe", 49.02, 8.42),
    _org("org:nocoord", "Verein ohne Ort", "Other", "nuts:DE13", None, None, None),
]
MEMBERS = [
    ("org:unistuttgart", "ci:auto"), ("org:unistuttgart", "ci:ai"), ("org:kit", "ci:ai"), ("org:kit", "ci:health"),
    ("org:bosch", "ci:auto"), ("org:startup", "ci:ai"), ("org:fraunhofer", "ci:health"), ("org:medtech", "ci:health"),
    ("org:agency", "ci:auto"), ("org:xss", "ci:ai"),
]
PROJECTS = [
    ("cordis:H2020:1", "ALPHA", 2018, ["org:bosch", "org:unistuttgart", "org:startup"]),
    ("cordis:H2020:2", "BETA", 2020, ["org:kit", "org:fraunhofer", "org:medtech"]),
    ("cordis:H2020:3", "GAMMA", 2021, ["org:unistuttgart", "org:kit"]),
    ("cordis:H2020:4", "DELTA", 2022, ["org:bosch", "org:unistuttgart"]),
]
PROJECT_DESCRIPTIONS = {"cordis:H2020:4": {"period": "2022–2024", "programme_part": "LEIT",
                                          "topic_code": "ICT-01-2022", "topic_title": "Smart factories"}}
LOAD_RUNS = [
    {"id": "run:1", "source": "workbook", "started_at": "2024-06-01T10:00:00+00:00",
     "finished_at": "2024-06-01T10:00:02+00:00", "seconds": 2.0,
     "counts": json.dumps({"nodes": {"Organisation": [10, 0]}}), "rejected": 1,
     "rejected_rows": json.dumps(["organisations.csv:7: the name is empty"]), "merged": 1,
     "merges": json.dumps([{"kept": "Robert Bosch GmbH", "merged": ["BOSCH GMBH"], "reasons": ["same PIC"]}]),
     "review": json.dumps([{"name": "Bosch", "candidate": "bosch robert", "candidate_id": "org:bosch", "score": 71,
                            "reason": "one-word short name"}]),
     "notes": "[]"},
]
ORGANISATION_COUNT, SME_COUNT, CLUSTER_COUNT, PROJECT_COUNT, TIE_COUNT = 10, 2, 3, 4, 7


def collaborations() -> list[dict]:
    """Ties derived from shared projects, stored once per pair (start id < end id)."""
    ties: dict[tuple[str, str], dict] = {}
    for project_id, _, year, members in PROJECTS:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                start, end = sorted((a, b))
                tie = ties.setdefault((start, end), {"start": start, "end": end, "weight": 0, "projects": [],
                                                     "first_year": year, "last_year": year})
                tie["weight"] += 1
                tie["projects"].append(project_id)
                tie["last_year"] = max(tie["last_year"], year)
    return list(ties.values())


def load_fixture(driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.SOURCE, SOURCES)
    write_nodes(driver, database, NodeLabel.REGION, REGIONS)
    write_nodes(driver, database, NodeLabel.FIELD, FIELDS)
    write_nodes(driver, database, NodeLabel.CLUSTER, CLUSTERS)
    write_nodes(driver, database, NodeLabel.ORGANISATION, ORGANISATIONS)
    write_nodes(driver, database, NodeLabel.PROJECT, [
        {"id": pid, "acronym": acronym, "title": acronym.title(), "programme": "H2020", "start_year": year,
         "sources": ["src:test-cordis"], **PROJECT_DESCRIPTIONS.get(pid, {})}
        for pid, acronym, year, _ in PROJECTS
    ])
    write_relationships(driver, database, RelType.LOCATED_IN,
                        [{"start": o["id"], "end": o["region"]} for o in ORGANISATIONS])
    write_relationships(driver, database, RelType.CLUSTER_LOCATED_IN,
                        [{"start": c["id"], "end": c["region"]} for c in CLUSTERS])
    write_relationships(driver, database, RelType.MEMBER_OF, [{"start": o, "end": c} for o, c in MEMBERS])
    write_relationships(driver, database, RelType.FOCUSES_ON, [
        {"start": "ci:auto", "end": "field:mobility"}, {"start": "ci:ai", "end": "field:ai"},
        {"start": "ci:health", "end": "field:health"},
    ])
    write_relationships(driver, database, RelType.WORKS_ON, [{"start": "org:kit", "end": "field:ai"}])
    write_relationships(driver, database, RelType.PARTICIPATES_IN, [
        {"start": org, "end": pid, "role": "participant"} for pid, _, _, members in PROJECTS for org in members
    ])
    write_relationships(driver, database, RelType.PROJECT_FIELD, [
        {"start": "cordis:H2020:1", "end": "field:mobility"}, {"start": "cordis:H2020:2", "end": "field:health"},
    ])
    write_relationships(driver, database, RelType.COLLABORATES_WITH, collaborations())
    write_nodes(driver, database, NodeLabel.LOAD_RUN, LOAD_RUNS)
