"""A tiny ecosystem written with graph.writer, small enough to work out every selection by hand.

Organisations (region, clusters):      Projects (start year, participants, field):
  o1 Firm "Alpha GmbH"     DE11, A       p0 2018 o1 o2
  o2 University "Uni Beta" DE12, A B     p1 2016 o1 o2 o4   IN_FIELD ml
  o3 Firm "Gamma AG"       DE11, B       p2 2019 o2 o3
  o4 ResearchInstitute     DE12, –       p3 2021 o3 o4
  o5 Ministry              DE11, awards the labels of A and B
Collaboration ties: o1–o2 (weight 2, 2016–2018), o1–o4, o2–o4 (2016), o2–o3 (2019), o3–o4 (2021).
Fields: ml BROADER ai; cluster A FOCUSES_ON ai, B on bio; o1 WORKS_ON ml.
Regions: DE11 and DE12 PART_OF DE1.
"""

from __future__ import annotations

import datetime

from neo4j import Driver

from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships

CORDIS, ROR, ATLAS = "src:cordis-h2020", "src:ror", "src:clusters-bw"
CORDIS_ATTRIBUTION = "© European Union, CORDIS, CC BY 4.0"

SOURCES = [
    {"id": CORDIS, "name": "CORDIS Horizon 2020", "licence": "CC BY 4.0", "url": "https://data.europa.eu/88u/dataset/cordish2020projects",
     "retrieved": "2026-11-01", "attribution": CORDIS_ATTRIBUTION},
    {"id": ROR, "name": "Research Organization Registry", "licence": "CC0 1.0", "url": "https://ror.org",
     "retrieved": "2026-10-15", "attribution": "ROR data, CC0"},
    {"id": ATLAS, "name": "BW cluster atlas", "licence": "facts with sources cited",
     "url": "https://www.clusterportal-bw.de/", "retrieved": "2026-11-02",
     "attribution": "Cluster facts from the BW cluster portal, https://www.clusterportal-bw.de/"},
]

ORGANISATIONS = [
    {"id": "o1", "name": "Alpha GmbH", "kind": "Firm", "region": "nuts:DE11", "sme": True, "city": "Stuttgart",
     "aliases": ["Alpha", "ALPHA GMBH"], "betweenness": 0.25, "sources": [CORDIS], "as_of": "2024-05-01",
     "founded": datetime.date(1999, 3, 1)},
    {"id": "o2", "name": 'Uni "Beta" <Karlsruhe> & Co', "kind": "University", "region": "nuts:DE12",
     "sme": False, "aliases": ["KIT's twin", "Universität Beta"], "betweenness": 0.5, "pagerank": 1.5e-3,
     "sources": [CORDIS, ROR], "ror": "https://ror.org/0beta"},
    {"id": "o3", "name": "=Gamma AG", "kind": "Firm", "region": "nuts:DE11", "sme": True,
     "note": "line one\nline two; 'quoted' \\ backslash\ttab", "sources": [CORDIS]},
    {"id": "o4", "name": "Delta-Institut für Ökologie", "kind": "ResearchInstitute", "region": "nuts:DE12",
     "sources": [ROR]},
    {"id": "o5", "name": "Ministerium für Wirtschaft", "kind": "Ministry", "region": "nuts:DE11", "sources": [ATLAS]},
]

REGIONS = [
    {"id": "nuts:DE1", "name": "Baden-Württemberg", "level": "state"},
    {"id": "nuts:DE11", "name": "Stuttgart", "level": "district"},
    {"id": "nuts:DE12", "name": "Karlsruhe", "level": "district"},
]
FIELDS = [
    {"id": "field:ai", "name": "Artificial intelligence", "scheme": "workbook", "sources": [ATLAS]},
    {"id": "field:ml", "name": "Machine learning", "scheme": "workbook", "sources": [ATLAS]},
    {"id": "field:bio", "name": "Biotechnology", "scheme": "workbook", "sources": [ATLAS]},
]
CLUSTERS = [
    {"id": "ci:a", "name": "Cluster A", "label": "Cluster-Exzellenz BW Gold", "sources": [ATLAS], "as_of": "2023"},
    {"id": "ci:b", "name": "Cluster B", "sources": [ATLAS]},
]
PROJECTS = [
    {"id": "p0", "acronym": "ZERO", "start_year": 2018, "start_date": datetime.date(2018, 1, 1), "sources": [CORDIS]},
    {"id": "p1", "acronym": "ONE", "start_year": 2016, "start_date": datetime.date(2016, 2, 1),
     "ec_contribution": 1234567.5, "sources": [CORDIS]},
    {"id": "p2", "acronym": "TWO", "start_year": 2019, "sources": [CORDIS]},
    {"id": "p3", "acronym": "THREE", "start_year": 2021, "sources": [CORDIS]},
]
PARTICIPATIONS = {"p0": ["o1", "o2"], "p1": ["o1", "o2", "o4"], "p2": ["o2", "o3"], "p3": ["o3", "o4"]}
TIES = [
    {"start": "o1", "end": "o2", "weight": 2, "projects": ["p0", "p1"], "first_year": 2016, "last_year": 2018},
    {"start": "o1", "end": "o4", "weight": 1, "projects": ["p1"], "first_year": 2016, "last_year": 2016},
    {"start": "o2", "end": "o4", "weight": 1, "projects": ["p1"], "first_year": 2016, "last_year": 2016},
    {"start": "o2", "end": "o3", "weight": 1, "projects": ["p2"], "first_year": 2019, "last_year": 2019},
    {"start": "o3", "end": "o4", "weight": 1, "projects": ["p3"], "first_year": 2021, "last_year": 2021},
]
NODE_COUNT = len(ORGANISATIONS) + len(REGIONS) + len(FIELDS) + len(CLUSTERS) + len(PROJECTS)


def write_small_ecosystem(driver: Driver, database: str) -> None:
    """Write the ecosystem above (and its three Source nodes)."""
    write_nodes(driver, database, NodeLabel.SOURCE, SOURCES)
    write_nodes(driver, database, NodeLabel.ORGANISATION, ORGANISATIONS)
    write_nodes(driver, database, NodeLabel.REGION, REGIONS)
    write_nodes(driver, database, NodeLabel.FIELD, FIELDS)
    write_nodes(driver, database, NodeLabel.CLUSTER, CLUSTERS)
    write_nodes(driver, database, NodeLabel.PROJECT, PROJECTS)
    rels = {
        RelType.PART_OF: [{"start": "nuts:DE11", "end": "nuts:DE1"}, {"start": "nuts:DE12", "end": "nuts:DE1"}],
        RelType.LOCATED_IN: [{"start": o["id"], "end": o["region"]} for o in ORGANISATIONS],
        RelType.BROADER: [{"start": "field:ml", "end": "field:ai"}],
        RelType.FOCUSES_ON: [{"start": "ci:a", "end": "field:ai"}, {"start": "ci:b", "end": "field:bio"}],
        RelType.WORKS_ON: [{"start": "o1", "end": "field:ml"}],
        RelType.PROJECT_FIELD: [{"start": "p1", "end": "field:ml"}],
        RelType.MEMBER_OF: [
            {"start": "o1", "end": "ci:a", "since": 2012, "sources": [ATLAS]},
            {"start": "o2", "end": "ci:a", "sources": [ATLAS]},
            {"start": "o2", "end": "ci:b", "sources": [ATLAS]},
            {"start": "o3", "end": "ci:b", "since": 2020, "sources": [ATLAS]},
        ],
        RelType.AWARDED_LABEL: [
            {"start": "o5", "end": "ci:a", "label": "Gold", "date": datetime.date(2023, 5, 4), "sources": [ATLAS]},
            {"start": "o5", "end": "ci:b", "label": "Silver", "sources": [ATLAS]},
        ],
        RelType.PARTICIPATES_IN: [
            {"start": o, "end": p, "role": "coordinator" if i == 0 else "participant", "sources": [CORDIS]}
            for p, orgs in PARTICIPATIONS.items() for i, o in enumerate(orgs)
        ],
        RelType.COLLABORATES_WITH: [{**t, "sources": [CORDIS]} for t in TIES],
    }
    for rel_type, rows in rels.items():
        stats = write_relationships(driver, database, rel_type, rows)
        assert stats.missing_endpoints == 0, rel_type


def write_dense_clique(driver: Driver, database: str, size: int = 40) -> None:
    """``size`` organisations all tied to each other: unbounded path patterns explode on it."""
    write_nodes(driver, database, NodeLabel.ORGANISATION,
                [{"id": f"c{i}", "name": f"Clique {i}", "kind": "Firm"} for i in range(size)])
    write_relationships(driver, database, RelType.COLLABORATES_WITH,
                        [{"start": f"c{i}", "end": f"c{j}", "weight": 1} for i in range(size) for j in range(i + 1, size)])
