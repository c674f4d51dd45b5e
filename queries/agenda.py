"""The agenda indicators from the graph: three read queries fetch the facts (projects with their partner
countries, organisations with clusters and participations, clusters), :mod:`queries.agenda_indicators`
computes; rows for the CLI, the dashboard and CSV.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from neo4j import Driver, RoutingControl

from queries.agenda_indicators import (Facts, Organisation, Project, before_after, by_period, by_year, indicators,
                                       new_cross_cluster_ties)

CYPHER_DIR = Path(__file__).resolve().parent / "cypher"
KINDS = ("Firm", "University", "ResearchInstitute", "PublicBody", "Intermediary", "Other")
COLUMNS = ("members", "projects", "intl_share", "partner_countries", "top_countries", "EU_share",
           "associated_share", "third_share", "coordinator_roles", "described_projects", "digital_share",
           "digital_projects", "ties", "transfer_share", "firms_without_research", "linking_institutes", "firms",
           "sme_share", "smes", "young_firms", "universities", "training_share", "ec_contribution", "projects_dated")


def _read(driver: Driver, database: str, name: str) -> list[dict]:
    records, _, _ = driver.execute_query((CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8"),
                                         database_=database, routing_=RoutingControl.READ)
    return [record.data() for record in records]


def read_facts(driver: Driver, database: str) -> Facts:
    """Everything the indicators read, in three queries."""
    projects = {r["id"]: Project(
        id=r["id"], acronym=r["acronym"], title=r["title"], programme=r["programme"],
        programme_part=r["programme_part"], topic_code=r["topic_code"], topic_title=r["topic_title"],
        funding_scheme=r["funding_scheme"], start_date=r["start_date"], start_year=r["start_year"],
        countries=tuple(r["countries"]), fields=tuple(r["fields"])) for r in _read(driver, database, "agenda_projects")}
    organisations = {r["id"]: Organisation(
        id=r["id"], name=r["name"], kind=next((k for k in KINDS if k in r["labels"]), None), country=r["country"],
        region=r["region"], sme=r["sme"], founded=r["founded"], clusters=tuple(r["clusters"]),
        participations=tuple((p, role, money) for p, role, money in r["participations"]))
        for r in _read(driver, database, "agenda_organisations")}
    clusters = {r["id"]: r["name"] for r in _read(driver, database, "agenda_clusters")}
    return Facts(projects, organisations, clusters)


def resolve_cluster(facts: Facts, text: str) -> str | None:
    """A cluster id from its id or (part of) its name, case-insensitive."""
    if text in facts.clusters:
        return text
    hits = [c for c, name in facts.clusters.items() if text.casefold() in name.casefold()]
    return hits[0] if len(hits) == 1 else None


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
