"""Sources and taking one back: list what each source contributed, remove what only it asserted.

Every node and relationship carries ``sources`` (ids of ``Source`` nodes), and every ``LoadRun``
the sources it loaded. Removing a source therefore needs no log of the load: things tagged with
that source alone are deleted, and the source's tag is taken off things other sources also support.
Each step runs in batches of one transaction (``CALL … IN TRANSACTIONS``) and only looks at what
is still tagged, so an interrupted removal is finished by running it again. The ``Source`` node
itself goes last, so the source stays listed until its removal is complete.

Before any of that, whatever the source had a say in on shared organisations, nodes and
relationships (a display name, a kind, a member's ``since``) is decided again from what the other
sources stated (:mod:`loaders.take_back`). Derived ``COLLABORATES_WITH`` ties are not untagged one
by one: they are re-derived from the projects that remain (:func:`graph.derive.derive_collaborations`),
when the source cites any project or participation.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from neo4j import Driver, RoutingControl

from graph.derive import derive_collaborations, prune_unused_regions
from graph.errors import InnographError

from . import take_back
from .places import SOURCE_ID as GEONAMES
from .regions import SOURCE_ID as REGIONS

SCAFFOLDING = [REGIONS, GEONAMES]  # the sources of the regions a load writes as its organisations' places


class UnknownSource(InnographError):
    """No Source node and nothing tagged with this id."""


@dataclass(frozen=True)
class RunSummary:
    """One load run that loaded the source."""

    id: str
    started_at: str | None
    nodes: int
    relationships: int


@dataclass(frozen=True)
class SourceSummary:
    """A source, its load runs and how many nodes and relationships it is cited on."""

    id: str
    name: str | None
    licence: str | None
    as_of: str | None
    nodes: int
    relationships: int
    runs: tuple[RunSummary, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RemovalCounts:
    """What a removal deletes or deleted (``dry_run``: would delete)."""

    source_id: str
    nodes_deleted: int
    relationships_deleted: int
    node_tags_removed: int
    relationship_tags_removed: int
    load_runs_deleted: int
    redecided: int  # shared organisations, nodes and relationships decided again without the source
    dry_run: bool

    def summary(self) -> str:
        verb = "would remove" if self.dry_run else "removed"
        return (f"{self.source_id}: {verb} {self.nodes_deleted:,} nodes and {self.relationships_deleted:,} "
                f"relationships only it supported, its tag on {self.node_tags_removed:,} shared nodes and "
                f"{self.relationship_tags_removed:,} shared relationships ({self.redecided:,} of them re-decided from the "
                f"other sources' statements), and {self.load_runs_deleted:,} load runs")


# One pass over nodes and one over relationships (grouped by their list of sources first: few
# distinct lists), not one of each per source: on the Germany-wide graph 1 s instead of 50 s.
_SOURCES = """
CALL () {
  MATCH (n) WHERE n.sources IS NOT NULL AND NOT n:LoadRun
  UNWIND n.sources AS cited
  WITH DISTINCT n, cited
  WITH cited, count(*) AS nodes
  RETURN collect([cited, nodes]) AS nodes
}
CALL () {
  MATCH ()-[r]->() WHERE r.sources IS NOT NULL
  WITH r.sources AS sources, count(*) AS rels
  UNWIND sources AS cited
  WITH DISTINCT sources, rels, cited
  WITH cited, sum(rels) AS rels
  RETURN collect([cited, rels]) AS rels
}
MATCH (s:Source)
RETURN s.id AS id, s.name AS name, s.licence AS licence, coalesce(s.retrieved, s.as_of) AS as_of,
       coalesce(head([c IN nodes WHERE c[0] = s.id | c[1]]), 0) AS nodes,
       coalesce(head([c IN rels WHERE c[0] = s.id | c[1]]), 0) AS rels
ORDER BY id
"""

_RUNS = """
MATCH (r:LoadRun) WHERE r.sources IS NOT NULL
RETURN r.id AS id, r.started_at AS started_at, r.counts AS counts, r.sources AS sources
ORDER BY r.started_at
"""

# Ties are derived from projects and participations: only a source that cites some needs them
# re-derived; a derived tie still citing it means an interrupted removal had not re-derived yet.
_CITES_PROJECTS = """
RETURN EXISTS { MATCH (p:Project) WHERE $id IN p.sources }
    OR EXISTS { MATCH ()-[r:PARTICIPATES_IN]->() WHERE $id IN r.sources }
    OR EXISTS { MATCH ()-[t:COLLABORATES_WITH]->() WHERE $id IN t.sources } AS cites
"""

_KNOWN = """
OPTIONAL MATCH (s:Source {id: $id})
RETURN s IS NOT NULL OR EXISTS { MATCH (n) WHERE $id IN n.sources } AS known
"""

_ALL_IDS = "MATCH (s:Source) RETURN s.id AS id"

# What a removal does, as counts (the dry run) …
_PREVIEW = """
CALL () { MATCH (n) WHERE (n.sources = [$id] AND NOT n:LoadRun) OR (n:Source AND n.id = $id)
          RETURN count(n) AS own_nodes }
CALL () { MATCH (g:Region) WHERE all(s IN coalesce(g.sources, []) WHERE s IN $scaffolding)
            AND NOT EXISTS { MATCH (g)<-[:PART_OF*0..6]-(c:Region)<-[r]-(x)
                             WHERE NOT x:Region AND NOT (r.sources = [$id] OR x.sources = [$id]) }
            AND NOT EXISTS { MATCH (g)<-[:PART_OF*1..6]-(c:Region)
                             WHERE NOT all(s IN coalesce(c.sources, []) WHERE s IN $scaffolding) }
          RETURN count(g) AS places }
CALL () { MATCH (n) WHERE $id IN n.sources AND size(n.sources) > 1 AND NOT n:LoadRun RETURN count(n) AS node_tags }
CALL () { MATCH (a)-[r]->(b)
          WHERE r.sources = [$id] OR (a.sources = [$id] AND NOT a:LoadRun) OR (b.sources = [$id] AND NOT b:LoadRun)
             OR (a:Source AND a.id = $id) OR (b:Source AND b.id = $id)
          RETURN count(r) AS rels }
CALL () { MATCH ()-[r]->() WHERE $id IN r.sources AND size(r.sources) > 1 AND r.derived IS NULL
          RETURN count(r) AS rel_tags }
CALL () { MATCH (r:LoadRun) WHERE r.sources = [$id] RETURN count(r) AS runs }
RETURN own_nodes + places AS nodes, node_tags, rels, rel_tags, runs
"""

# … and the steps that do it, in order (each re-runnable: it only sees what is still tagged).
_UNTAG_RELATIONSHIPS = """
MATCH ()-[r]->() WHERE $id IN r.sources AND size(r.sources) > 1 AND r.derived IS NULL
CALL (r) { SET r.sources = [s IN r.sources WHERE s <> $id] } IN TRANSACTIONS OF 5000 ROWS
"""
_DELETE_RELATIONSHIPS = """
MATCH ()-[r]->() WHERE r.sources = [$id]
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS
"""
_UNTAG_NODES = """
MATCH (n) WHERE $id IN n.sources AND size(n.sources) > 1
CALL (n) { SET n.sources = [s IN n.sources WHERE s <> $id] } IN TRANSACTIONS OF 5000 ROWS
"""
_DELETE_NODE_RELATIONSHIPS = """
MATCH (n)-[r]-() WHERE n.sources = [$id] AND NOT n:LoadRun AND NOT (n:Source AND n.id = $id)
WITH DISTINCT r
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS
"""
_DELETE_NODES = """
MATCH (n) WHERE n.sources = [$id] AND NOT n:LoadRun AND NOT (n:Source AND n.id = $id)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
_DELETE_RUNS_AND_SOURCE = """
CALL () { MATCH (r:LoadRun) WHERE r.sources = [$id] DETACH DELETE r RETURN count(*) AS runs }
CALL () { OPTIONAL MATCH (s:Source {id: $id}) DETACH DELETE s RETURN count(s) AS gone }
RETURN runs, gone
"""


def list_sources(driver: Driver, database: str) -> list[SourceSummary]:
    """Every Source node with the number of nodes and relationships citing it and its load runs."""
    records, _, _ = driver.execute_query(_SOURCES, database_=database, routing_=RoutingControl.READ)
    runs, _, _ = driver.execute_query(_RUNS, database_=database, routing_=RoutingControl.READ)
    by_source: dict[str, list[RunSummary]] = {}
    for run in runs:
        counts = json.loads(run["counts"] or "{}")
        summary = RunSummary(run["id"], run["started_at"],
                             sum(c for c, _ in counts.get("nodes", {}).values()),
                             sum(c for c, _ in counts.get("relationships", {}).values()))
        for source_id in run["sources"]:
            by_source.setdefault(source_id, []).append(summary)
    return [SourceSummary(r["id"], r["name"], r["licence"], _text(r["as_of"]), r["nodes"], r["rels"],
                          tuple(by_source.get(r["id"], ()))) for r in records]


def remove_source(driver: Driver, database: str, source_id: str, *, dry_run: bool = False) -> RemovalCounts:
    """Remove what only ``source_id`` asserted and its tag elsewhere; ``dry_run`` only counts."""
    _check_known(driver, database, source_id)
    records, _, _ = driver.execute_query(_PREVIEW, id=source_id, scaffolding=SCAFFOLDING, database_=database,
                                         routing_=RoutingControl.READ)
    preview = records[0]
    if dry_run:
        return RemovalCounts(source_id, preview["nodes"], preview["rels"], preview["node_tags"],
                             preview["rel_tags"], preview["runs"], take_back.count(driver, database, source_id),
                             dry_run=True)
    cites_projects = driver.execute_query(_CITES_PROJECTS, id=source_id, database_=database,
                                          routing_=RoutingControl.READ).records[0]["cites"]
    redecided = take_back.redecide(driver, database, source_id)
    rels = node_tags = rel_tags = 0
    with driver.session(database=database) as session:
        def run(cypher: str):
            return session.run(cypher, id=source_id).consume().counters

        rel_tags = preview["rel_tags"]
        run(_UNTAG_RELATIONSHIPS)
        rels += run(_DELETE_RELATIONSHIPS).relationships_deleted
        node_tags = preview["node_tags"]
        rels += run(_DELETE_NODE_RELATIONSHIPS).relationships_deleted
        nodes = run(_DELETE_NODES).nodes_deleted
        run(_UNTAG_NODES)
    if cites_projects:
        rels += derive_collaborations(driver, database)["removed"]  # ties of projects that are gone
    nodes += prune_unused_regions(driver, database, SCAFFOLDING)  # places only its organisations had
    with driver.session(database=database) as session:
        result = session.run(_DELETE_RUNS_AND_SOURCE, id=source_id)
        last = result.single()
        runs, nodes = last["runs"], nodes + last["gone"]
        rels += result.consume().counters.relationships_deleted
    return RemovalCounts(source_id, nodes, rels, node_tags, rel_tags, runs, redecided, dry_run=False)


def _check_known(driver: Driver, database: str, source_id: str) -> None:
    records, _, _ = driver.execute_query(_KNOWN, id=source_id, database_=database, routing_=RoutingControl.READ)
    if records[0]["known"]:
        return
    ids, _, _ = driver.execute_query(_ALL_IDS, database_=database, routing_=RoutingControl.READ)
    close = difflib.get_close_matches(source_id, [r["id"] for r in ids], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `innograph sources` lists them"
    raise UnknownSource(f"no source {source_id!r} in the graph{hint}")


def _text(value) -> str | None:
    return None if value is None else str(value)
