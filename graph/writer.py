"""The one batched writer: ``UNWIND $rows … MERGE`` in managed transactions.

Each batch is one transaction (all-or-nothing; transient errors are retried by the driver), so a
load that dies half-way leaves whole batches only, and re-running it merges onto the same keys
instead of creating duplicates. Labels and relationship types come from :mod:`graph.schema`;
values travel only as parameters.

Conventions for a row (a plain dict):

- ``id`` is the natural key; ``start``/``end`` name the endpoints of a relationship.
- ``sources`` and ``aliases`` are unions: a later load adds to them and never removes.
- ``None`` means *unknown here*: it never overwrites a value another source supplied.
- for organisations, ``kind`` (an :class:`~graph.schema.OrgKind` value) sets the kind label and is
  also stored as the property ``kind``, so that queries and exports can read it directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator, Mapping, Sequence

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError

from .errors import WriteError
from .schema import ENDPOINTS, KEY, NodeLabel, OrgKind, RelType

UNION_LISTS = ("sources", "aliases")
DEFAULT_BATCH = 2000
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class WriteStats:
    """What a write did, summed over its batches."""

    rows: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    missing_endpoints: int = 0
    missing_examples: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "WriteStats") -> None:
        self.rows += other.rows
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.properties_set += other.properties_set
        self.missing_endpoints += other.missing_endpoints
        self.missing_examples = (self.missing_examples + other.missing_examples)[:10]


def write_nodes(
    driver: Driver,
    database: str,
    label: NodeLabel,
    rows: Iterable[Mapping],
    *,
    batch_size: int = DEFAULT_BATCH,
) -> WriteStats:
    """MERGE nodes of ``label`` on ``id`` and set their properties (see the module's conventions)."""
    stats = WriteStats()
    for batch in _batches(rows, batch_size):
        if label is NodeLabel.ORGANISATION:
            for kind, group in _group_by_kind(batch).items():
                stats.add(_run_batch(driver, database, _node_cypher(label, kind), [_node_param(r) for r in group]))
        else:
            stats.add(_run_batch(driver, database, _node_cypher(label, None), [_node_param(r) for r in batch]))
    return stats


def write_relationships(
    driver: Driver,
    database: str,
    rel_type: RelType,
    rows: Iterable[Mapping],
    *,
    merge_keys: Sequence[str] = (),
    batch_size: int = DEFAULT_BATCH,
) -> WriteStats:
    """MERGE relationships between endpoints matched by label and ``id``.

    ``merge_keys`` are properties that belong to the relationship's identity (e.g. a role), so
    that two relationships of the same type between the same nodes can coexist. Rows whose
    endpoints do not exist are not written and are counted in ``missing_endpoints``.
    """
    for name in merge_keys:
        _check_identifier(name)
    cypher = _relationship_cypher(rel_type, tuple(merge_keys))
    stats = WriteStats()
    for batch in _batches(rows, batch_size):
        params = [_relationship_param(r, merge_keys) for r in batch]
        stats.add(_run_batch(driver, database, cypher, params))
    return stats


def _run_batch(driver: Driver, database: str, cypher: str, rows: list[dict]) -> WriteStats:
    def work(tx: ManagedTransaction) -> WriteStats:
        result = tx.run(cypher, rows=rows)
        missing = [(r["start"], r["end"]) for r in result if r["missing"]]
        counters = result.consume().counters
        return WriteStats(
            rows=len(rows),
            nodes_created=counters.nodes_created,
            relationships_created=counters.relationships_created,
            properties_set=counters.properties_set,
            missing_endpoints=len(missing),
            missing_examples=missing[:10],
        )

    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except Neo4jError as exc:
        raise WriteError(f"a batch of {len(rows)} rows was rolled back: {exc.message}") from exc


def _node_cypher(label: NodeLabel, kind: OrgKind | None) -> str:
    lines = [
        "UNWIND $rows AS row",
        "MERGE (n:" + label.value + " {" + KEY + ": row.key})",
        "SET n += row.props",
        *_union_lines("n"),
    ]
    if kind is not None:
        lines.append("REMOVE n:" + ":".join(k.value for k in OrgKind))
        lines.append("SET n:" + ":".join(kind.labels))
    lines.append("RETURN null AS start, null AS end, false AS missing")
    return "\n".join(lines)


def _relationship_cypher(rel_type: RelType, merge_keys: tuple[str, ...]) -> str:
    start, end = ENDPOINTS[rel_type]
    identity = ", ".join(name + ": row.merge." + name for name in merge_keys)
    pattern = "[r:" + rel_type.value + (" {" + identity + "}" if identity else "") + "]"
    return "\n".join(
        [
            "UNWIND $rows AS row",
            "OPTIONAL MATCH (a:" + start.value + " {" + KEY + ": row.start})",
            "OPTIONAL MATCH (b:" + end.value + " {" + KEY + ": row.end})",
            "CALL (row, a, b) {",
            "  WITH row, a, b WHERE a IS NOT NULL AND b IS NOT NULL",
            "  MERGE (a)-" + pattern + "->(b)",
            "  SET r += row.props",
            *("  " + line for line in _union_lines("r")),
            "  RETURN count(r) AS written",
            "}",
            "RETURN row.start AS start, row.end AS end, written = 0 AS missing",
        ]
    )


def _union_lines(var: str) -> list[str]:
    return [
        "SET "
        + var + "." + name + " = coalesce(" + var + "." + name + ", []) + "
        "[x IN coalesce(row." + name + ", []) WHERE NOT x IN coalesce(" + var + "." + name + ", [])]"
        for name in UNION_LISTS
    ]


def _node_param(row: Mapping) -> dict:
    if row.get(KEY) in (None, ""):
        raise WriteError(f"a node row has no '{KEY}': {dict(row)!r}")
    return {
        "key": row[KEY],
        "props": _props(row, exclude={KEY, *UNION_LISTS}),
        **{name: _as_list(row.get(name)) for name in UNION_LISTS},
    }


def _relationship_param(row: Mapping, merge_keys: Sequence[str]) -> dict:
    return {
        "start": row["start"],
        "end": row["end"],
        "merge": {name: row.get(name) for name in merge_keys},
        "props": _props(row, exclude={"start", "end", *merge_keys, *UNION_LISTS}),
        **{name: _as_list(row.get(name)) for name in UNION_LISTS},
    }


def _props(row: Mapping, exclude: set[str]) -> dict:
    props = {}
    for name, value in row.items():
        if name in exclude or value is None:
            continue
        _check_identifier(name)
        props[name] = value
    return props


def _group_by_kind(rows: list[Mapping]) -> dict[OrgKind, list[Mapping]]:
    groups: dict[OrgKind, list[Mapping]] = {}
    for row in rows:
        kind = OrgKind(row.get("kind") or OrgKind.OTHER.value)
        groups.setdefault(kind, []).append(row)
    return groups


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return [value]


def _check_identifier(name: str) -> None:
    if not _IDENTIFIER.match(name):
        raise WriteError(f"'{name}' is not a valid property name")


def _batches(rows: Iterable[Mapping], size: int) -> Iterator[list[Mapping]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
