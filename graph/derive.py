"""Graph-side work of a load that needs Cypher: facts derived from what was written, and reads the
loaders need (existing organisations for entity resolution, the history of load runs).
"""

from __future__ import annotations

from neo4j import Driver, RoutingControl

from .errors import WriteError

# Stored once per unordered pair (start id < end id); `derived` marks edges this function owns, so
# that relationships a user states in a workbook are never removed by a re-derivation.
_DERIVE_COLLABORATIONS = """
MATCH (a:Organisation)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(b:Organisation)
WHERE a.id < b.id
WITH a, b, p ORDER BY p.id
WITH a, b, collect(DISTINCT p) AS ps
CALL (a, b, ps) {
  MERGE (a)-[r:COLLABORATES_WITH]->(b)
  SET r.weight = size(ps),
      r.projects = [p IN ps | p.id],
      r.first_year = reduce(y = null, p IN ps |
        CASE WHEN p.start_year IS NOT NULL AND (y IS NULL OR p.start_year < y) THEN p.start_year ELSE y END),
      r.last_year = reduce(y = null, p IN ps |
        CASE WHEN coalesce(p.end_year, p.start_year) IS NOT NULL AND (y IS NULL OR coalesce(p.end_year, p.start_year) > y)
        THEN coalesce(p.end_year, p.start_year) ELSE y END),
      r.sources = reduce(s = [], p IN ps | s + [x IN coalesce(p.sources, []) WHERE NOT x IN s]),
      r.derived = true
  SET r.as_of = toString(r.last_year)
} IN TRANSACTIONS OF 2000 ROWS
"""

_REMOVE_STALE = """
MATCH (a:Organisation)-[r:COLLABORATES_WITH {derived: true}]->(b:Organisation)
WHERE NOT EXISTS { (a)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(b) }
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS
"""

_COUNT_COLLABORATIONS = "MATCH ()-[r:COLLABORATES_WITH]->() RETURN count(r) AS n"

_EXISTING_ORGANISATIONS = """
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.pic AS pic, o.ror AS ror, o.city AS city, o.country AS country,
       coalesce(o.aliases, []) AS aliases, coalesce(o.refs, []) AS refs, o.stated AS stated, o.kind AS kind,
       coalesce(o.kind_inferred, false) AS kind_inferred, coalesce(o.sources, []) AS sources, o.region AS region,
       o.sme AS sme, o.lat AS lat, o.lon AS lon, o.website AS website, o.as_of AS as_of,
       o.founded AS founded
ORDER BY o.id
"""

_LOAD_RUNS = """
MATCH (r:LoadRun)
RETURN r {.*} AS run
ORDER BY r.started_at DESC
LIMIT $limit
"""


def derive_collaborations(driver: Driver, database: str) -> dict[str, int]:
    """(Re)compute ``COLLABORATES_WITH`` from shared projects; returns created, removed and total."""
    try:
        with driver.session(database=database) as session:
            created = session.run(_DERIVE_COLLABORATIONS).consume().counters.relationships_created
            removed = session.run(_REMOVE_STALE).consume().counters.relationships_deleted
    except Exception as exc:  # the driver's errors differ by cause; all mean the derivation stopped
        raise WriteError(f"deriving COLLABORATES_WITH stopped: {exc}") from exc
    records, _, _ = driver.execute_query(_COUNT_COLLABORATIONS, database_=database, routing_=RoutingControl.READ)
    return {"created": created, "removed": removed, "total": records[0]["n"]}


_STALE_PLACES = """
UNWIND $ids AS id
MATCH (o:Organisation {id: id})-[r:LOCATED_IN]->(g:Region)
WHERE g.id <> o.region
DELETE r
"""


def prune_stale_places(driver: Driver, database: str, ids: list[str]) -> int:
    """An organisation is LOCATED_IN its ``region`` only: a link to a region a later source refined
    (country → Kreis) goes, so the graph does not depend on which source came first."""
    _, summary, _ = driver.execute_query(_STALE_PLACES, ids=ids, database_=database)
    return summary.counters.relationships_deleted


def existing_organisations(driver: Driver, database: str) -> list[dict]:
    """Every organisation's id and identifying facts, so that a new load can resolve onto them."""
    records, _, _ = driver.execute_query(_EXISTING_ORGANISATIONS, database_=database, routing_=RoutingControl.READ)
    return [dict(r) for r in records]


def load_runs(driver: Driver, database: str, *, limit: int = 20) -> list[dict]:
    """The latest load runs, newest first (``merges``/``counts`` are JSON text)."""
    records, _, _ = driver.execute_query(_LOAD_RUNS, limit=limit, database_=database, routing_=RoutingControl.READ)
    return [dict(r["run"]) for r in records]


_UNUSED_REGIONS = """
MATCH (g:Region) WHERE all(s IN coalesce(g.sources, []) WHERE s IN $scaffolding) AND NOT EXISTS { (g)<--() }
DETACH DELETE g
"""


def prune_unused_regions(driver: Driver, database: str, scaffolding: list[str]) -> int:
    """Deletes the regions a load wrote only as the place of what it loaded (cited by ``scaffolding``
    sources alone) once nothing is located in them, leaves first; returns how many."""
    deleted = 0
    while True:
        _, summary, _ = driver.execute_query(_UNUSED_REGIONS, scaffolding=scaffolding, database_=database)
        if not summary.counters.nodes_deleted:
            return deleted
        deleted += summary.counters.nodes_deleted
