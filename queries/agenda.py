"""The agenda indicators from the graph: three read queries fetch the facts (projects with their partner
countries, organisations with clusters and participations, clusters), :mod:`queries.agenda_indicators`
computes; rows for the CLI, the dashboard and CSV.
"""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from queries.cypher import read
from queries.agenda_indicators import (Facts, Organisation, Project, before_after, by_period, by_year, indicators,
                                       new_cross_cluster_ties)

KINDS = ("Firm", "University", "ResearchInstitute", "PublicBody", "Intermediary", "Other")
COLUMNS = ("members", "projects", "intl_share", "partner_countries", "top_countries", "EU_share",
           "associated_share", "third_share", "coordinator_roles", "described_projects", "digital_share",
           "digital_projects", "ties", "transfer_share", "firms_without_research", "linking_institutes", "firms",
           "sme_share", "smes", "young_firms", "universities", "training_share", "ec_contribution", "projects_dated")


def _rows(driver: Driver, database: str, name: str, **params) -> list[list]:
    records = read(driver, database, name, **params)
    return records[0]["rows"] if records else []


def read_facts(driver: Driver, database: str, *, clusters_only: bool = False) -> Facts:
    """Everything the indicators read, in four queries. ``clusters_only`` reads only what cluster-level
    rows need (the cluster members' projects and their participants; the same cluster figures): on the
    Germany-wide graph most organisations share no project with a cluster member."""
    scope = read(driver, database, "agenda_cluster_projects")[0]["projects"] if clusters_only else None
    fields = dict(_rows(driver, database, "agenda_project_fields", projects=scope))
    projects = {}
    for pid, acronym, title, programme, part, topic, topic_title, scheme, start, year, countries in _rows(
            driver, database, "agenda_projects", projects=scope):
        projects[pid] = Project(pid, acronym, title, programme, part, topic, topic_title, scheme, start, year,
                                tuple(countries), tuple(fields.get(pid, ())))
    organisations = {}
    for oid, name, labels, country, region, sme, founded, clusters, participations in _rows(
            driver, database, "agenda_organisations", projects=scope):
        organisations[oid] = Organisation(oid, name, next((k for k in KINDS if k in labels), None), country, region,
                                          sme, founded, tuple(clusters), tuple(tuple(p) for p in participations))
    return Facts(projects, organisations, {r["id"]: r["name"] for r in read(driver, database, "agenda_clusters")})


def rows(facts: Facts, level: str = "cluster", *, by: str | None = None, only: str | None = None,
         cut: str | None = None, today: date | None = None) -> list[dict]:
    """One flat row per group (and per period, year or before/after side when ``by`` says so)."""
    out = []
    for group, (name, members) in facts.groups(level).items():
        if only and group != only:
            continue
        if by == "period":
            split = by_period(facts, members, today=today)
        elif by == "year":
            split = by_year(facts, members, today=today)
        elif by == "before_after":
            split = before_after(facts, members, cut or "2015-01-01", today=today)
        else:
            split = {"all": indicators(facts, members, today=today)}
        for when, values in split.items():
            out.append({"level": level, "id": group, "name": name, "when": str(when),
                        **{c: values[c] for c in COLUMNS}})
    return out


def cross_cluster_rows(facts: Facts, only: str | None = None) -> list[dict]:
    """New cross-cluster ties per period, for the ecosystem and for each cluster."""
    groups = [(None, "ecosystem")] + [(c, c) for c in facts.groups("cluster") if not only or c == only]
    return [{"id": label, "when": period, "new_cross_cluster_ties": n}
            for cluster, label in groups for period, n in new_cross_cluster_ties(facts, cluster).items()]
