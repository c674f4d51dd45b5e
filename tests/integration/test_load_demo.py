"""``innograph load demo`` on the empty test database: counts computed independently from the
bundled files, the key organisations once each with aliases and sources, and idempotence."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import time
from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph.admin import count_by_label, count_by_type
from graph.derive import load_runs
from graph.schema import NodeLabel
from loaders.demo import load_demo

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _rows(path: Path, delimiter: str = ",") -> list[dict]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def _read(driver, database, cypher, **params):
    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    return [dict(r) for r in records]


@pytest.fixture(scope="module")
def loaded(session_driver, neo4j_settings):
    """One demo load for the module (it takes a few seconds), timed."""
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    started = time.monotonic()
    report = load_demo(session_driver, neo4j_settings.database, progress=False)
    return report, time.monotonic() - started


def test_counts_match_the_bundled_files(loaded, session_driver, neo4j_settings):
    report, seconds = loaded
    db = neo4j_settings.database
    labels, types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    actors = _rows(DEMO / "clusters_bw" / "cluster_actors.csv")
    clusters = [a for a in actors if a["actor_id"].startswith(("bw_ci_", "bw_net_", "bw_dh_", "bw_zukunftscluster_"))]
    memberships = _rows(DEMO / "clusters_bw" / "memberships.csv")
    h2020 = _rows(DEMO / "cordis_h2020" / "project.csv.gz", ";")
    fp7 = _rows(DEMO / "cordis_fp7" / "project.csv.gz", ";")
    fields = {r["field_en"].strip() for r in _rows(DEMO / "clusters_bw" / "technology_fields_cluster_atlas.csv")}
    assert labels["ClusterInitiative"] == len(clusters) == 19
    assert labels["Project"] == len(h2020) + len(fp7)
    assert labels["TechnologyField"] == len({re.sub("[^a-z0-9]+", "-", f.casefold()).strip("-") for f in fields})
    assert labels["Topic"] == 6 and labels["Event"] == 1 and labels["Person"] == 2
    # BW, its 4 districts, Germany (every demo organisation is German), and the 44 Kreise (GeoNames)
    assert labels["Region"] == 6 + 44
    assert labels["Ministry"] >= 1  # the BW ministry, plus federal ministries inferred from CORDIS names
    assert labels["LoadRun"] == 1
    # memberships.csv rows the source calls members (plus QSense's two members from relations.csv),
    # all other rows as PARTNER_OF; one relationship per (organisation, cluster[, role]).
    called_members = [m for m in memberships if _called_member(m["member_type_as_stated"])]
    assert types["MEMBER_OF"] == len(called_members) + 2 == 72
    assert types["PARTNER_OF"] == len(memberships) - len(called_members) == 83
    participations = {(r["rcn"], r["organisationID"]) for name in ("cordis_h2020", "cordis_fp7")
                      for r in _rows(DEMO / name / "organization.csv.gz", ";")}
    # a few rows of one project name the same organisation twice (FP7 address variants, merged PICs)
    assert 0.99 * len(participations) <= types["PARTICIPATES_IN"] <= len(participations)
    assert labels["Organisation"] <= 3000
    located = _read(session_driver, db, "MATCH (o:Organisation) WHERE o.region IS NOT NULL "
                    "AND EXISTS { (o)-[:LOCATED_IN]->(:Region {id: o.region}) } RETURN count(o) AS n")[0]["n"]
    with_region = _read(session_driver, db, "MATCH (o:Organisation) WHERE o.region IS NOT NULL RETURN count(o) AS n")
    assert types["LOCATED_IN"] == located == with_region[0]["n"] > 2000
    assert 1000 <= types["COLLABORATES_WITH"] <= 60000
    # ~17-20 s on a warm, idle server; the first load into a freshly started test server took 66-76 s
    # while other suites kept both cores busy (load average 14), so the bound leaves room for that.
    assert seconds < 120


def _called_member(stated: str) -> bool:
    text = stated.casefold()
    first = text.split(";")[0].split(",")[0]
    return "not called" not in text and "not stated" not in text and ("member" in first or "mitglied" in first)


def test_collaborations_equal_shared_projects(loaded, session_driver, neo4j_settings):
    db = neo4j_settings.database
    pairs = _read(session_driver, db, """
        MATCH (a:Organisation)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(b:Organisation)
        WHERE a.id < b.id RETURN a.id AS a, b.id AS b, count(DISTINCT p) AS shared""")
    stored = {(r["a"], r["b"]): r["w"] for r in _read(session_driver, db, """
        MATCH (a)-[r:COLLABORATES_WITH]->(b) RETURN a.id AS a, b.id AS b, r.weight AS w""")}
    assert stored == {(r["a"], r["b"]): r["shared"] for r in pairs}
    assert all(a < b for a, b in stored)


@pytest.mark.parametrize("name_key, label", [
    ("institut karlsruhe technology", "University"),  # ROR's name: Karlsruhe Institute of Technology
    ("stuttgart universitat", "University"),
    ("bosch robert", "Firm"),
])
def test_key_organisations_exist_once_with_aliases_and_sources(loaded, session_driver, neo4j_settings, name_key, label):
    rows = _read(session_driver, neo4j_settings.database,
                 "MATCH (o:Organisation) WHERE o.name_key = $key RETURN o {.*, labels: labels(o)} AS o", key=name_key)
    assert len(rows) == 1
    org = rows[0]["o"]
    assert len(org["aliases"]) >= 2 and len(org["sources"]) >= 2
    assert org["pic"]


def test_kit_has_all_its_names(loaded, session_driver, neo4j_settings):
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH (o:Organisation) WHERE any(a IN o.aliases WHERE a IN ['Karlsruher Institut für Technologie (KIT)',
          'Karlsruhe Institute of Technology', 'KARLSRUHER INSTITUT FUER TECHNOLOGIE'])
        RETURN o.id AS id, o.aliases AS aliases, o.ror AS ror""")
    assert len(rows) == 1
    assert rows[0]["ror"] == "https://ror.org/04t3en479"
    assert "Universität Karlsruhe" in rows[0]["aliases"]


def test_ministry_once_under_both_names(loaded, session_driver, neo4j_settings):
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH (m:Ministry) WHERE any(a IN m.aliases WHERE a CONTAINS 'Baden-Württemberg')
        RETURN m.aliases AS aliases, m.sources AS sources, labels(m) AS labels""")
    assert len(rows) == 1
    assert {"Ministerium für Wirtschaft, Arbeit und Wohnungsbau Baden-Württemberg",
            "Ministerium für Finanzen und Wirtschaft Baden-Württemberg"} <= set(rows[0]["aliases"])
    assert {"src:clusters-bw", "src:press-cluster-brunch"} <= set(rows[0]["sources"])
    assert "PublicBody" in rows[0]["labels"]


def test_technologymountains_once_with_its_manager_and_the_brunch(loaded, session_driver, neo4j_settings):
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH (c:ClusterInitiative) WHERE toLower(c.name) CONTAINS 'technologymountains'
        OPTIONAL MATCH (p:Person)-[:MANAGES]->(c)
        OPTIONAL MATCH (p)-[:ATTENDED]->(e:Event)-[:ADDRESSES]->(t:Topic)
        RETURN c.id AS id, c.sources AS sources, p.name AS manager, e.name AS event, count(t) AS topics""")
    assert rows == [{"id": "bw_ci_technologymountains", "sources": rows[0]["sources"], "manager": "Thomas Wolf",
                     "event": "Cluster-Brunch", "topics": 6}]
    carriers = _read(session_driver, neo4j_settings.database,
                     "MATCH (o:Organisation) WHERE o.name_key = 'technologymountains' RETURN o.id AS id")
    assert len(carriers) == 1


def test_distinct_legal_entities_stay_apart(loaded, session_driver, neo4j_settings):
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH (o:Organisation) WHERE o.name_key IN ['daimler', 'benz mercedes', 'bosch robert',
          'bosch forschung gesellschaft medizinische robert'] RETURN o.name_key AS key, count(*) AS n""")
    counts = {r["key"]: r["n"] for r in rows}
    assert counts.get("bosch robert") == 1
    assert counts.get("bosch forschung gesellschaft medizinische robert") == 1


def test_every_node_and_relationship_has_provenance(loaded, session_driver, neo4j_settings):
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH (n) WHERE NOT n:LoadRun AND NOT n:Source AND size(coalesce(n.sources, [])) = 0
        RETURN labels(n) AS labels LIMIT 5""")
    assert rows == []
    rows = _read(session_driver, neo4j_settings.database, """
        MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 RETURN type(r) AS type LIMIT 5""")
    assert rows == []
    sources = _read(session_driver, neo4j_settings.database, """
        MATCH (s:Source) WHERE s.licence IS NULL OR s.name IS NULL RETURN s.id AS id""")
    assert sources == []


def test_merge_report_is_stored_on_the_load_run(loaded, session_driver, neo4j_settings):
    report, _ = loaded
    runs = load_runs(session_driver, neo4j_settings.database)
    merges = json.loads(runs[0]["merges"])
    runs[0]["n"] = runs[0]["merged"]
    assert runs[0]["n"] == len(merges) == len(report.merges) > 100
    assert any("alias rule" in reason for m in merges for reason in m["reasons"])


def test_loading_twice_changes_no_counts(loaded, session_driver, neo4j_settings):
    db = neo4j_settings.database
    labels, types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    report = load_demo(session_driver, db, progress=False)
    again_labels, again_types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    assert again_labels.pop(NodeLabel.LOAD_RUN.value) == labels.pop(NodeLabel.LOAD_RUN.value) + 1
    assert (again_labels, again_types) == (labels, types)
    assert sum(created for created, _ in report.nodes.values()) == 0
    assert _read(session_driver, db, "MATCH (o:Organisation) WHERE 'database' IN o.sources RETURN o.id") == []


def test_foreign_partners_are_country_nodes_outside_the_organisation_analytics(loaded, session_driver,
                                                                                 neo4j_settings):
    from queries.projection import build_projection

    db = neo4j_settings.database
    rows = _rows(DEMO / "partners_abroad.csv.gz", ";")
    labels, types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    assert labels["Country"] == len({r["country"] for r in rows}) == 127
    assert types["HAS_PARTNERS_IN"] == len(rows) > 20000
    graph = build_projection(session_driver, db)
    assert graph.number_of_nodes() and not [n for n in graph if str(n).startswith("iso:")]


def test_every_agenda_indicator_for_every_cluster(loaded, session_driver, neo4j_settings):
    from queries.agenda import read_facts, rows

    facts = read_facts(session_driver, neo4j_settings.database)
    table = rows(facts, "cluster")
    assert len(table) == len(facts.groups("cluster")) >= 10
    for row in table:
        with_projects = row["projects"] > 0
        for key in ("intl_share", "partner_countries"):
            assert (row[key] is not None) == with_projects, (row["name"], key)
        assert (row["EU_share"] is None) == (row["partner_countries"] in (None, 0))
        assert (row["transfer_share"] is None) == (row["ties"] == 0)
        assert (row["digital_share"] is None) == (row["described_projects"] == 0)
        assert isinstance(row["coordinator_roles"], int) and isinstance(row["universities"], int)
    assert sum(r["partner_countries"] or 0 for r in table) > 0


def test_cluster_facts_give_the_same_cluster_figures_from_less(loaded, session_driver, neo4j_settings):
    """The agenda page reads only the cluster members' projects and their participants (issue 19)."""
    from queries.agenda import new_cross_cluster_ties, read_facts, rows

    everything = read_facts(session_driver, neo4j_settings.database)
    clusters = read_facts(session_driver, neo4j_settings.database, clusters_only=True)
    assert len(clusters.organisations) < len(everything.organisations)
    assert len(clusters.projects) < len(everything.projects)
    for by in (None, "period", "before_after"):
        assert rows(clusters, "cluster", by=by) == rows(everything, "cluster", by=by), by
    for cluster in everything.groups("cluster"):
        assert new_cross_cluster_ties(clusters, cluster) == new_cross_cluster_ties(everything, cluster)
