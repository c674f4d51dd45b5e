"""A checksum of a whole graph, for "load X, remove X → as before" (unit, integration and e2e tests).

Nodes are identified by their labels and properties, relationships by type, the ``id`` of both
ends and properties; the sorted canonical JSON of all of them is hashed, so the checksum is equal
exactly when the counts and every property value (list order included) are equal. ``AnalysisRun``
records are left out: they are derived figures stamped with the graph's version (``analyze``, and the
ecosystem figures a CLI load or remove-source leaves), recomputed rather than restored.
"""

from __future__ import annotations

import hashlib
import json

from neo4j import Driver, RoutingControl

_NODES = "MATCH (n) WHERE NOT n:AnalysisRun RETURN labels(n) AS labels, properties(n) AS props"
_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"


def graph_rows(driver: Driver, database: str) -> tuple[list[str], list[str]]:
    """The canonical, sorted text of every node and every relationship (to diff when checksums differ)."""
    nodes, _, _ = driver.execute_query(_NODES, database_=database, routing_=RoutingControl.READ)
    rels, _, _ = driver.execute_query(_RELATIONSHIPS, database_=database, routing_=RoutingControl.READ)
    return (sorted(_canonical([sorted(r["labels"]), r["props"]]) for r in nodes),
            sorted(_canonical([r["type"], r["start"], r["end"], r["props"]]) for r in rels))


def graph_checksum(driver: Driver, database: str) -> dict:
    """Node count, relationship count and a SHA-256 over every node's and relationship's properties."""
    nodes, rels = graph_rows(driver, database)
    digest = hashlib.sha256("\n".join(nodes + ["--"] + rels).encode("utf-8")).hexdigest()
    return {"nodes": len(nodes), "relationships": len(rels), "sha256": digest}


def row_diff(before: tuple[list[str], list[str]], after: tuple[list[str], list[str]], *, limit: int = 5) -> list[str]:
    """The first rows of :func:`graph_rows` that differ (so that a failure says what was left behind)."""
    out = []
    for kind, b, a in zip(("node", "relationship"), before, after):
        out += [f"left {kind}: {x}" for x in sorted(set(a) - set(b))[:limit]]
        out += [f"lost {kind}: {x}" for x in sorted(set(b) - set(a))[:limit]]
    return out


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
