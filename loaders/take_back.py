"""Re-deciding what a removed source had a say in, from what the remaining sources stated.

A load that meets an organisation another source already described decides its name, kind and
facts from all sources' statements (:mod:`loaders.precedence`), and a node or relationship another
source already wrote takes the new source's values. Taking the source back must undo that, not
merely untag: each organisation keeps every source's statement in ``stated`` (with the source's
refs and spellings), every other node and relationship in ``statements`` (:func:`graph.writer.statement`),
so the values are decided again as if the removed source had never been loaded:

- an organisation goes through the same decision as a load (:func:`loaders.resolve.entity_of`); it
  loses the refs and the spellings only the removed source gave (its display name while the source
  was in included), and its kind labels and its
  ``LOCATED_IN`` follow the new decision;
- another node or relationship gets the remaining statements applied in the order they were written
  (a later write wins, an empty value never erases: the writer's rule); if a source that still
  cites it left no statement (written before statements were kept), only the tag is taken off.

What is re-decided no longer holds the removed source's statement, so an interrupted run is
finished by running it again.
"""

from __future__ import annotations

import json
from typing import Iterator

from neo4j import Driver, ManagedTransaction, RoutingControl

from graph.schema import OrgKind
from graph.writer import aliases_text, parse_statements

from .names import clean
from .precedence import stated_records, stated_spellings
from .resolve import entity_of

BATCH = 500
# The organisation properties a load decides from the statements (graph.writer keeps the rest).
DECIDED = ("name", "name_key", "kind", "kind_inferred", "kind_source", "stated", "pic", "pics", "ror", "city",
           "country", "region", "sme", "lat", "lon", "website", "as_of", "founded")

_ORGANISATIONS = """
MATCH (o:Organisation) WHERE $id IN o.sources AND size(o.sources) > 1 AND o.stated CONTAINS $quoted
RETURN o.id AS id, o.name AS name, o.stated AS stated, o.aliases AS aliases, o.refs AS refs, o.region AS region
"""
_SET_ORGANISATIONS = """
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
SET o += row.props, o.aliases = row.aliases, o.refs = row.refs
SET o.aliases_text = """ + aliases_text("o") + """
REMOVE o:""" + ":".join(k.value for k in OrgKind) + """
WITH o, row
OPTIONAL MATCH (o)-[old:LOCATED_IN]->(place) WHERE row.moved AND place.id <> coalesce(row.region, '')
DELETE old
WITH DISTINCT o, row WHERE row.moved AND row.region IS NOT NULL
MATCH (region:Region {id: row.region})
MERGE (o)-[r:LOCATED_IN]->(region) ON CREATE SET r.sources = [row.region_source]
"""
_SET_KIND = "UNWIND $ids AS id MATCH (o:Organisation {id: id}) SET o:{labels}"
_STATED_NODES = """
MATCH (n) WHERE $id IN n.sources AND size(n.sources) > 1 AND n.statements IS NOT NULL
  AND any(s IN n.statements WHERE s STARTS WITH $prefix)
RETURN elementId(n) AS eid, n.sources AS sources, n.statements AS statements
"""
_STATED_RELATIONSHIPS = """
MATCH ()-[n]->() WHERE $id IN n.sources AND size(n.sources) > 1 AND n.statements IS NOT NULL
  AND any(s IN n.statements WHERE s STARTS WITH $prefix)
RETURN elementId(n) AS eid, n.sources AS sources, n.statements AS statements
"""
_SET_NODES = "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.eid SET n += row.props, n.statements = row.statements"
_SET_RELATIONSHIPS = ("UNWIND $rows AS row MATCH ()-[n]->() WHERE elementId(n) = row.eid "
                      "SET n += row.props, n.statements = row.statements")


def count(driver: Driver, database: str, source_id: str) -> int:
    """How many shared organisations, nodes and relationships taking ``source_id`` back re-decides."""
    return sum(len(_read(driver, database, cypher, source_id))
               for cypher in (_ORGANISATIONS, _STATED_NODES, _STATED_RELATIONSHIPS))


def redecide(driver: Driver, database: str, source_id: str) -> int:
    """Re-decides everything ``source_id`` shares with other sources; returns how many items."""
    done = 0
    organisations = [_organisation_row(r, source_id) for r in _read(driver, database, _ORGANISATIONS, source_id)]
    for rows in _chunks(organisations):
        _write(driver, database, _write_organisations, rows)
        done += len(rows)
    for read, write in ((_STATED_NODES, _SET_NODES), (_STATED_RELATIONSHIPS, _SET_RELATIONSHIPS)):
        rows = [_restated_row(r, source_id) for r in _read(driver, database, read, source_id)]
        for chunk in _chunks(rows):
            _write(driver, database, lambda tx, chunk: tx.run(write, rows=chunk).consume(), chunk)
            done += len(chunk)
    return done


def _organisation_row(record, source_id: str) -> dict:
    """The organisation decided from its remaining sources' statements."""
    stated = json.loads(record["stated"])
    removed = stated.pop(source_id, {})
    entity = entity_of(stated_records(record["id"], json.dumps(stated), ()), record["id"])
    row = entity.row()
    removed_refs = set(removed.get("refs", ())) - {ref for values in stated.values() for ref in values.get("refs", ())}
    kept = {clean(s) for values in stated.values() for s in stated_spellings(values)} | {entity.name}
    given = {clean(s) for s in stated_spellings(removed)} | {record["name"]}  # its name won while it was in
    only_removed = given - kept
    aliases = [a for a in record["aliases"] or () if a not in only_removed]
    region_source = next((s for s, values in sorted(stated.items()) if values.get("region") == entity.region), None)
    return {"id": record["id"], "kind": entity.kind.value,
            "props": {name: row[name] for name in DECIDED},
            "aliases": aliases if entity.name in aliases else [entity.name, *aliases],
            "refs": [ref for ref in record["refs"] or () if ref not in removed_refs] or None,
            "moved": entity.region != record["region"], "region": entity.region, "region_source": region_source}


def _write_organisations(tx: ManagedTransaction, rows: list[dict]) -> None:
    tx.run(_SET_ORGANISATIONS, rows=rows).consume()
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["id"])
    for kind, ids in by_kind.items():
        tx.run(_SET_KIND.replace("{labels}", ":".join(OrgKind(kind).labels)), ids=ids).consume()


def _restated_row(record, source_id: str) -> dict:
    """The values the remaining statements give, applied in the order they were written."""
    statements = parse_statements(record["statements"])
    removed = {name for source, values in statements if source == source_id for name in values}
    remaining = [(source, values) for source, values in statements if source != source_id]
    kept = [item for item, (source, _) in zip(record["statements"], statements) if source != source_id]
    if {s for s in record["sources"] if s != source_id} - {source for source, _ in remaining}:
        return {"eid": record["eid"], "props": {}, "statements": kept or None}  # a source without a statement
    values: dict = {}
    for _, stated in remaining:
        values.update({name: value for name, value in stated.items() if value not in (None, "")})
    props = {name: values.get(name) for name in removed | set(values)}
    return {"eid": record["eid"], "props": props, "statements": kept or None}


def _read(driver: Driver, database: str, cypher: str, source_id: str) -> list:
    records, _, _ = driver.execute_query(cypher, id=source_id, quoted=json.dumps(source_id), prefix=source_id + "\t",
                                         database_=database, routing_=RoutingControl.READ)
    return records


def _write(driver: Driver, database: str, work, rows: list[dict]) -> None:
    with driver.session(database=database) as session:
        session.execute_write(work, rows)


def _chunks(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]
