"""The one batched writer: ``UNWIND $rows … MERGE`` in managed transactions.

Each batch is one transaction (all-or-nothing; transient errors are retried by the driver), so a
load that dies half-way leaves whole batches only, and re-running it merges onto the same keys
instead of creating duplicates. Labels and relationship types come from :mod:`graph.schema`;
values travel only as parameters.

Conventions for a row (a plain dict):

- ``id`` is the natural key; ``start``/``end`` name the endpoints of a relationship.
- ``sources`` and ``aliases`` are unions: a later load adds to them and never removes.
- ``aliases_text`` is the node's aliases joined (for the full-text index), set here from the union.
- ``statements`` (optional) lists what each source stated on the row (:func:`statement`); a
  source's new statement replaces its earlier one, the others stay, in the order they were written.
- ``None`` means *unknown here*: it never overwrites a value another source supplied.
- for organisations, ``kind`` (an :class:`~graph.schema.OrgKind` value) sets the kind label and is
  also stored as the property ``kind``, so that queries and exports can read it directly.
"""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator, Mapping, Sequence

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError

from .errors import WriteError
from .schema import ENDPOINTS, KEY, NodeLabel, OrgKind, RelType

UNION_LISTS = ("sources", "aliases")
STATEMENTS = "statements"
_SEPARATOR = "\t"
DEFAULT_BATCH = 10_000
# write_properties keeps up to this many rows in one transaction: the server's transaction memory
# (1 GiB by default) held 26,000 organisations' metrics, and failed at 100,000 (the bench's L graph)
ATOMIC_UP_TO = 40_000
WORKERS = 4  # concurrent batches of distinct nodes (bench/load_parallel.py: best on two cores)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_Kind = NodeLabel | RelType
Batch = tuple[_Kind, Sequence[str], Sequence[Mapping]]  # (label, (), rows) or (rel_type, merge_keys, rows)


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
    distinct_keys: bool = False,
) -> WriteStats:
    """MERGE nodes of ``label`` on ``id`` and set their properties (see the module's conventions).

    With ``distinct_keys`` (the caller guarantees no id comes twice) batches run concurrently.
    """
    concurrent = frozenset({label}) if distinct_keys else frozenset()
    return _total(_run_pipelined(driver, database, _node_jobs(label, _batches(rows, batch_size)), concurrent))


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
    jobs = _relationship_jobs(rel_type, tuple(merge_keys), _batches(rows, batch_size))
    return _total(_run_pipelined(driver, database, jobs))


def write_batches(driver: Driver, database: str, batches: Iterable[Batch], *,
                  distinct: frozenset[NodeLabel] = frozenset()) -> dict[NodeLabel | RelType, WriteStats]:
    """Write batches of several labels or types, in the order given, one transaction each.

    For a caller that streams records of mixed kinds: it hands over each batch as it fills, and
    the batches are pipelined as in :func:`write_nodes` (a failed batch stops all later ones).
    A batch is ``(label, (), rows)`` or ``(rel_type, merge_keys, rows)``; stats come per label and type.
    Consecutive batches of a label in ``distinct`` (no id in two of its batches) run concurrently.
    """

    def jobs() -> Iterator[tuple[NodeLabel | RelType, str, list[dict]]]:
        for kind, merge_keys, rows in batches:
            if isinstance(kind, NodeLabel):
                yield from _node_jobs(kind, [rows])
            else:
                yield from _relationship_jobs(kind, tuple(merge_keys), [rows])

    return _run_pipelined(driver, database, jobs(), frozenset(distinct))


def _node_jobs(label: NodeLabel, batches: Iterable[Sequence[Mapping]]) -> Iterator[tuple[NodeLabel, str, list[dict]]]:
    for batch in batches:
        if label is NodeLabel.ORGANISATION:
            for kind, group in _group_by_kind(batch).items():
                yield label, _node_cypher(label, kind), [_node_param(r) for r in group]
        else:
            yield label, _node_cypher(label, None), [_node_param(r) for r in batch]


def _relationship_jobs(rel_type: RelType, merge_keys: tuple[str, ...],
                       batches: Iterable[Sequence[Mapping]]) -> Iterator[tuple[RelType, str, list[dict]]]:
    for name in merge_keys:
        _check_identifier(name)
    cypher = _relationship_cypher(rel_type, merge_keys)
    for batch in batches:
        yield rel_type, cypher, [_relationship_param(r, merge_keys) for r in batch]


def _total(stats: dict) -> WriteStats:
    total = WriteStats()
    for part in stats.values():
        total.add(part)
    return total


def write_properties(
    driver: Driver,
    database: str,
    label: NodeLabel,
    rows: Iterable[Mapping],
    *,
    batch_size: int = DEFAULT_BATCH,
) -> WriteStats:
    """SET properties on existing nodes of ``label`` matched by ``id``; never creates a node.

    For computed values (metrics): unlike :func:`write_nodes`, ``None`` removes the property, so
    a value that no longer applies does not linger. Rows whose node is missing are counted in
    ``missing_endpoints``. Up to :data:`ATOMIC_UP_TO` rows, all batches run in ONE transaction:
    computed metrics are either all new or all as before, never a mix (a lost connection rolls the
    whole write back). More rows than that would exceed the server's transaction memory, so they
    are written one batch per transaction; a failure then leaves earlier batches written (the caller
    must be able to tell, as ``analyze`` does with ``metrics_computed_at`` and its run record).
    """
    cypher = "\n".join(
        [
            "UNWIND $rows AS row",
            "OPTIONAL MATCH (n:" + label.value + " {" + KEY + ": row.key})",
            "CALL (row, n) {",
            "  WITH row, n WHERE n IS NOT NULL",
            "  SET n += row.props",
            "  RETURN count(n) AS written",
            "}",
            "RETURN row.key AS start, null AS end, written = 0 AS missing",
        ]
    )
    batches = []
    for batch in _batches(rows, batch_size):
        params = []
        for row in batch:
            if row.get(KEY) in (None, ""):
                raise WriteError(f"a property row has no '{KEY}': {dict(row)!r}")
            for name in row:
                _check_identifier(name)
            params.append({"key": row[KEY], "props": {k: v for k, v in row.items() if k != KEY}})
        batches.append(params)
    if sum(len(batch) for batch in batches) <= ATOMIC_UP_TO:
        return _run_in_one_transaction(driver, database, cypher, batches)
    stats = WriteStats()
    for batch in batches:
        stats.add(_run_batch(driver, database, cypher, batch))
    return stats


def _run_pipelined(driver: Driver, database: str, jobs: Iterator[tuple[_Kind, str, list[dict]]],
                   concurrent: frozenset[_Kind] = frozenset()) -> dict[_Kind, WriteStats]:
    """Run the batches in order, one transaction at a time, on helper threads.

    While the server writes one batch, this thread prepares the next (on two cores that overlap
    is most of the client's cost), and after a failed batch no later batch is started. Batches
    of a kind in ``concurrent`` (nodes whose keys are all distinct: they cannot contend) run up
    to :data:`WORKERS` at once; any other batch waits until every earlier one is done and runs
    alone, so relationships never meet a node that is still being written.
    """
    stats: dict[_Kind, WriteStats] = {}
    failed = threading.Event()

    def run(cypher: str, params: list[dict]) -> WriteStats:
        if failed.is_set():
            return WriteStats()
        try:
            return _run_batch(driver, database, cypher, params)
        except BaseException:
            failed.set()
            raise

    def collect(pending: list, keep: int) -> None:
        while len(pending) > keep:
            done_kind, future = pending.pop(0)
            stats.setdefault(done_kind, WriteStats()).add(future.result())

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="innograph-writer") as pool:
        pending: list = []
        try:
            for kind, cypher, params in jobs:
                together = kind in concurrent and all(k == kind for k, _ in pending)
                collect(pending, WORKERS if together else 0)
                pending.append((kind, pool.submit(run, cypher, params)))
                if kind not in concurrent:
                    collect(pending, 1)  # the next batch is prepared while this one runs
            collect(pending, 0)
        except BaseException:
            failed.set()  # a batch still queued returns without writing
            raise
    return stats


def _run_batch(driver: Driver, database: str, cypher: str, rows: list[dict]) -> WriteStats:
    return _run_in_one_transaction(driver, database, cypher, [rows])


def _run_in_one_transaction(driver: Driver, database: str, cypher: str, batches: list[list[dict]]) -> WriteStats:
    def work(tx: ManagedTransaction) -> WriteStats:
        stats = WriteStats()
        for rows in batches:
            result = tx.run(cypher, rows=rows)
            missing = [(r["start"], r["end"]) for r in result if r["missing"]]
            counters = result.consume().counters
            stats.add(WriteStats(
                rows=len(rows),
                nodes_created=counters.nodes_created,
                relationships_created=counters.relationships_created,
                properties_set=counters.properties_set,
                missing_endpoints=len(missing),
                missing_examples=missing[:10],
            ))
        return stats

    try:
        with driver.session(database=database) as session:
            stats = session.execute_write(work)
    except Neo4jError as exc:
        size = sum(len(rows) for rows in batches)
        raise WriteError(f"a batch of {size} rows was rolled back: {exc.message}") from exc
    # The driver's result objects form reference cycles that hold a transaction's parameters
    # until Python's cyclic collector runs; emptying them frees each batch once it is written.
    for rows in batches:
        rows.clear()
    return stats


def _node_cypher(label: NodeLabel, kind: OrgKind | None) -> str:
    """MERGE on the key; a new node takes its lists and kind labels as they are (no union to
    compute), an existing one gets the unions, and its kind labels are rewritten only when wrong."""
    lines = [
        "UNWIND $rows AS row",
        "MERGE (n:" + label.value + " {" + KEY + ": row.key})",
        "ON CREATE SET " + ", ".join(["n += row.props", *_created_lists("n")])
        + ("" if kind is None else ", n:" + ":".join(kind.labels)),
        "ON MATCH SET " + ", ".join(["n += row.props", *_union_lists("n")]),
        "SET n.aliases_text = CASE WHEN size(row.aliases) = 0 THEN n.aliases_text ELSE " + aliases_text("n") + " END",
    ]
    if kind is not None:
        wrong = ["NOT n:" + name for name in kind.labels]
        wrong += ["n:" + other.value for other in OrgKind if other.value not in kind.labels]
        lines.append("WITH n WHERE " + " OR ".join(wrong))
        lines.append("REMOVE n:" + ":".join(k.value for k in OrgKind))
        lines.append("SET n:" + ":".join(kind.labels))
    return "\n".join(lines)


def _relationship_cypher(rel_type: RelType, merge_keys: tuple[str, ...]) -> str:
    """Rows whose endpoints are missing come back (and only those: a big load returns nothing)."""
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
            "  ON CREATE SET " + ", ".join(["r += row.props", *_created_lists("r")]),
            "  ON MATCH SET " + ", ".join(["r += row.props", *_union_lists("r")]),
            "}",
            "WITH row, a, b WHERE a IS NULL OR b IS NULL",
            "RETURN row.start AS start, row.end AS end, true AS missing",
        ]
    )


def aliases_text(var: str) -> str:
    """Cypher for the string the full-text index reads names from: ``var``'s aliases (after the union), joined."""
    return "reduce(t = '', a IN " + var + ".aliases | t + CASE t WHEN '' THEN '' ELSE ' | ' END + a)"


def statement(source: str, values: Mapping) -> str:
    """One source's statement on a node or relationship, as stored in its ``statements`` list."""
    return source + _SEPARATOR + json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=str)


def parse_statements(statements: Sequence[str] | None) -> list[tuple[str, dict]]:
    """``statements`` as (source, values) pairs, in the order they were written."""
    pairs = (item.partition(_SEPARATOR) for item in statements or ())
    return [(source, json.loads(values)) for source, _, values in pairs]


def _created_lists(var: str) -> list[str]:
    return [var + "." + name + " = row." + name for name in UNION_LISTS] + [
        var + "." + STATEMENTS + " = CASE WHEN size(row." + STATEMENTS + ") = 0 THEN null ELSE row." + STATEMENTS + " END"]


def _union_lists(var: str) -> list[str]:
    kept = ("[x IN coalesce(" + var + "." + STATEMENTS + ", []) WHERE NOT any(s IN row." + STATEMENTS
            + " WHERE split(s, '" + _SEPARATOR + "')[0] = split(x, '" + _SEPARATOR + "')[0])]")
    return [
        var + "." + name + " = coalesce(" + var + "." + name + ", []) + "
        "[x IN row." + name + " WHERE NOT x IN coalesce(" + var + "." + name + ", [])]"
        for name in UNION_LISTS
    ] + [var + "." + STATEMENTS + " = CASE WHEN size(row." + STATEMENTS + ") = 0 THEN " + var + "." + STATEMENTS
         + " ELSE " + kept + " + row." + STATEMENTS + " END"]


def _node_param(row: Mapping) -> dict:
    if row.get(KEY) in (None, ""):
        raise WriteError(f"a node row has no '{KEY}': {dict(row)!r}")
    return {
        "key": row[KEY],
        "props": _props(row, _NODE_SKIP),
        **{name: _as_list(row.get(name)) for name in (*UNION_LISTS, STATEMENTS)},
    }


def _relationship_param(row: Mapping, merge_keys: Sequence[str]) -> dict:
    skip = _RELATIONSHIP_SKIP.union(merge_keys) if merge_keys else _RELATIONSHIP_SKIP
    return {
        "start": row["start"],
        "end": row["end"],
        "merge": {name: row.get(name) for name in merge_keys},
        "props": _props(row, skip),
        **{name: _as_list(row.get(name)) for name in (*UNION_LISTS, STATEMENTS)},
    }


_NODE_SKIP = frozenset({KEY, *UNION_LISTS, STATEMENTS})
_RELATIONSHIP_SKIP = frozenset({"start", "end", *UNION_LISTS, STATEMENTS})


def _props(row: Mapping, skip: frozenset[str]) -> dict:
    props = {name: value for name, value in row.items() if value is not None and name not in skip}
    for name in props:
        _check_identifier(name)
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
    if name not in _VALID_NAMES:
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            raise WriteError(f"'{name}' is not a valid property name")
        _VALID_NAMES.add(name)


_VALID_NAMES: set[str] = set()


def _batches(rows: Iterable[Mapping], size: int) -> Iterator[list[Mapping]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
