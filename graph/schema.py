"""The data model as data: labels, relationship types, keys, constraints and indexes.

Cypher that needs a label or a relationship type takes it from these enums only, never from
user text. ``docs/data-model.md`` describes every property.
"""

from __future__ import annotations

from enum import Enum

from neo4j import Driver


class NodeLabel(str, Enum):
    """Primary node labels; each has the natural key ``id`` under a uniqueness constraint."""

    ORGANISATION = "Organisation"
    CLUSTER = "ClusterInitiative"
    FIELD = "TechnologyField"
    PROJECT = "Project"
    REGION = "Region"
    PERSON = "Person"
    EVENT = "Event"
    TOPIC = "Topic"
    SOURCE = "Source"
    LOAD_RUN = "LoadRun"
    ANALYSIS_RUN = "AnalysisRun"  # the latest analyze: its method notes and the graph version it saw
    COUNTRY = "Country"


class OrgKind(str, Enum):
    """The kind label every Organisation carries besides ``Organisation``."""

    FIRM = "Firm"
    UNIVERSITY = "University"
    RESEARCH_INSTITUTE = "ResearchInstitute"
    PUBLIC_BODY = "PublicBody"
    MINISTRY = "Ministry"
    INTERMEDIARY = "Intermediary"
    OTHER = "Other"

    @property
    def labels(self) -> tuple[str, ...]:
        """A ministry is also a public body, so that queries for public bodies find it."""
        if self is OrgKind.MINISTRY:
            return (OrgKind.PUBLIC_BODY.value, OrgKind.MINISTRY.value)
        return (self.value,)


class RelType(str, Enum):
    """Relationship types (start label → end label in :data:`ENDPOINTS`)."""

    MEMBER_OF = "MEMBER_OF"
    PARTNER_OF = "PARTNER_OF"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    COLLABORATES_WITH = "COLLABORATES_WITH"
    WORKS_ON = "WORKS_ON"
    FOCUSES_ON = "FOCUSES_ON"
    PROJECT_FIELD = "IN_FIELD"
    BROADER = "BROADER"
    LOCATED_IN = "LOCATED_IN"
    CLUSTER_LOCATED_IN = "BASED_IN"
    PART_OF = "PART_OF"
    SUBUNIT_OF = "SUBUNIT_OF"
    AWARDED_LABEL = "AWARDED_LABEL"
    SUPPORTS = "SUPPORTS"
    OPERATED_BY = "OPERATED_BY"
    COMMISSIONED_BY = "COMMISSIONED_BY"
    CARRIED_BY = "CARRIED_BY"
    MANAGES = "MANAGES"
    LEADS = "LEADS"
    WORKS_FOR = "WORKS_FOR"
    ATTENDED = "ATTENDED"
    ORGANISED = "ORGANISED"
    ADDRESSES = "ADDRESSES"
    PARTNERS_IN = "HAS_PARTNERS_IN"


N = NodeLabel
ENDPOINTS: dict[RelType, tuple[NodeLabel, NodeLabel]] = {
    RelType.MEMBER_OF: (N.ORGANISATION, N.CLUSTER),
    RelType.PARTNER_OF: (N.ORGANISATION, N.CLUSTER),
    RelType.PARTICIPATES_IN: (N.ORGANISATION, N.PROJECT),
    RelType.COLLABORATES_WITH: (N.ORGANISATION, N.ORGANISATION),
    RelType.WORKS_ON: (N.ORGANISATION, N.FIELD),
    RelType.FOCUSES_ON: (N.CLUSTER, N.FIELD),
    RelType.PROJECT_FIELD: (N.PROJECT, N.FIELD),
    RelType.BROADER: (N.FIELD, N.FIELD),
    RelType.LOCATED_IN: (N.ORGANISATION, N.REGION),
    RelType.CLUSTER_LOCATED_IN: (N.CLUSTER, N.REGION),
    RelType.PART_OF: (N.REGION, N.REGION),
    RelType.SUBUNIT_OF: (N.ORGANISATION, N.ORGANISATION),
    RelType.AWARDED_LABEL: (N.ORGANISATION, N.CLUSTER),
    RelType.SUPPORTS: (N.ORGANISATION, N.CLUSTER),
    RelType.OPERATED_BY: (N.ORGANISATION, N.ORGANISATION),
    RelType.COMMISSIONED_BY: (N.ORGANISATION, N.ORGANISATION),
    RelType.CARRIED_BY: (N.CLUSTER, N.ORGANISATION),
    RelType.MANAGES: (N.PERSON, N.CLUSTER),
    RelType.LEADS: (N.PERSON, N.ORGANISATION),
    RelType.WORKS_FOR: (N.PERSON, N.ORGANISATION),
    RelType.ATTENDED: (N.PERSON, N.EVENT),
    RelType.ORGANISED: (N.ORGANISATION, N.EVENT),
    RelType.ADDRESSES: (N.EVENT, N.TOPIC),
    RelType.PARTNERS_IN: (N.PROJECT, N.COUNTRY),
}

KEY = "id"

INDEXED_PROPERTIES: dict[NodeLabel, tuple[str, ...]] = {
    N.ORGANISATION: ("name", "pic", "ror", "name_key", "region"),
    N.CLUSTER: ("name",),
    N.FIELD: ("name",),
    N.PROJECT: ("acronym", "start_year"),
    N.PERSON: ("name",),
}


def schema_statements() -> list[str]:
    """Idempotent DDL: one uniqueness constraint per label, indexes for look-ups and filters."""
    statements = [
        "CREATE CONSTRAINT " + _name(label.value, KEY) + " IF NOT EXISTS "
        "FOR (n:" + label.value + ") REQUIRE n." + KEY + " IS UNIQUE"
        for label in NodeLabel
    ]
    for label, properties in INDEXED_PROPERTIES.items():
        statements += [
            "CREATE INDEX " + _name(label.value, prop) + " IF NOT EXISTS FOR (n:" + label.value + ") ON (n." + prop + ")"
            for prop in properties
        ]
    statements.append(
        "CREATE FULLTEXT INDEX organisation_names IF NOT EXISTS "
        "FOR (n:Organisation|ClusterInitiative|TechnologyField) ON EACH [n.name, n.aliases_text]"
    )
    statements.append(
        "CREATE INDEX collaborates_weight IF NOT EXISTS FOR ()-[r:COLLABORATES_WITH]-() ON (r.weight)"
    )
    return statements


def ensure_schema(driver: Driver, database: str) -> None:
    """Create every constraint and index that is missing and wait until they are online."""
    with driver.session(database=database) as session:
        for statement in schema_statements():
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def _name(label: str, prop: str) -> str:
    return f"{label.lower()}_{prop}"
