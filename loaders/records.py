"""Typed, frozen records that every loader produces and the pipeline writes.

Organisations are special: a source only *describes* an organisation (``OrgRecord`` with a
source-local ``ref``); entity resolution decides which records are the same organisation and
gives it its node id. Relationships name organisation endpoints by ``ref`` and every other
endpoint by its node id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from graph.schema import NodeLabel, OrgKind, RelType


@dataclass(frozen=True)
class Rejection:
    """A row that could not be used, and why, in words a user can act on."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class OrgFacts:
    """The facts a source states about an organisation's place and profile, kept as stated on
    both a source's record and the resolved organisation (keyword-only, so they follow the
    fields of either)."""

    city: str | None = None
    country: str | None = None
    region: str | None = None
    sme: bool | None = None
    lat: float | None = None
    lon: float | None = None
    website: str | None = None
    as_of: str | None = None
    founded: int | None = None  # founding year, where a source states it (workbook column `founded`)


@dataclass(frozen=True)
class OrgRecord(OrgFacts):
    """One source's description of an organisation."""

    ref: str
    name: str
    source: str
    origin: str = ""
    kind: OrgKind | None = None
    kind_inferred: bool = False
    pic: str | None = None
    ror: str | None = None
    aliases: tuple[str, ...] = ()
    match_names: tuple[str, ...] = ()
    node_id: str | None = None  # set only for organisations already in the database
    held_refs: tuple[str, ...] = ()  # a database record only: the refs its source's rows had (``stated``)


@dataclass(frozen=True)
class NodeRecord:
    """Any node other than an organisation, with its final id."""

    label: NodeLabel
    id: str
    props: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class RelRecord:
    """A relationship; organisation endpoints are ``OrgRecord.ref`` values until resolution."""

    type: RelType
    start: str
    end: str
    props: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    as_of: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class AliasRule:
    """A user's or curator's decision: two names are one organisation (``merge``) or never (``keep_apart``)."""

    name: str
    other: str
    decision: str
    reason: str
    origin: str = ""


Record = OrgRecord | NodeRecord | RelRecord | AliasRule


@dataclass
class Bundle:
    """Everything one or more sources say, ready for resolution and writing."""

    orgs: list[OrgRecord] = field(default_factory=list)
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    rules: list[AliasRule] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def add(self, record: Record) -> None:
        """Files a record under its kind."""
        if isinstance(record, OrgRecord):
            self.orgs.append(record)
        elif isinstance(record, NodeRecord):
            self.nodes.append(record)
        elif isinstance(record, RelRecord):
            self.rels.append(record)
        else:
            self.rules.append(record)

    def extend(self, other: "Bundle") -> "Bundle":
        self.orgs += other.orgs
        self.nodes += other.nodes
        self.rels += other.rels
        self.rules += other.rules
        self.rejected += other.rejected
        return self
