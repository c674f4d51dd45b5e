"""A Cypher script that recreates the subgraph in an empty Neo4j 5 (``cypher-shell -f FILE``).

It starts with the header block as ``//`` comments, then innograph's constraints and indexes
(``IF NOT EXISTS``), the cited Source nodes, the nodes and the relationships, in batches of
``UNWIND [literal maps] AS row``. Values are written as Cypher literals (strings escaped, dates
as ``date('…')``); labels and relationship types only from :mod:`graph.schema`: anything else is
left out and named in the header. Relationships are matched on their ends' primary label and id.
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

import neo4j.spatial
import neo4j.time

from graph.schema import KEY, NodeLabel, OrgKind, RelType, schema_statements

from ..subgraph_model import GraphNode, GraphRel, Spool, Subgraph
from .common import ExportMeta, one_line

BATCH = 100  # literal-heavy statements parse slowly: 100 rows measured faster than 25 or 500
SCHEMA_LABELS = frozenset(label.value for label in NodeLabel) | frozenset(kind.value for kind in OrgKind)
PRIMARY_LABELS = [label.value for label in NodeLabel]
REL_TYPES = frozenset(rel.value for rel in RelType)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SPECIAL = re.compile("[\\\\'\x00-\x1f\u0085\u2028\u2029\ud800-\udfff]")  # what _escape changes: the rest is copied


def write_cypher_script(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    left_out: list[str] = []
    source_ids = {s.id for s in subgraph.sources}
    nodes = itertools.chain(subgraph.sources, (n for n in subgraph.nodes if n.id not in source_ids))
    with _Groups(subgraph) as node_groups, _Groups(subgraph) as rel_groups:
        primary: dict[str, str] = {}
        for labels, node in _group_nodes(nodes, left_out):
            primary[node.id] = next(label for label in PRIMARY_LABELS if label in labels)
            node_groups.add(labels, node)
        for key, rel in _group_rels(subgraph.relationships, primary, left_out):
            rel_groups.add(key, rel)
        header = meta.lines() + ["Run it in an empty Neo4j 5 database, e.g.: cypher-shell -f this-file.cypher"]
        header += ["Left out (not in innograph's schema): " + item for item in sorted(set(left_out))]
        out.write(("".join("// " + one_line(line) + "\n" for line in header) + "\n").encode("utf-8"))
        statements = list(schema_statements())
        out.write("".join(statement + ";\n\n" for statement in statements).encode("utf-8"))
        for labels, group in node_groups.items():
            for batch in _batches(group):
                rows = ", ".join(_map(node.props) for node in batch)
                statement = "UNWIND [" + rows + "] AS row\nCREATE (n" + "".join(":" + label for label in labels) + ")\nSET n = row"
                out.write((statement + ";\n\n").encode("utf-8"))
        for (rel_type, start, end), group in rel_groups.items():
            for batch in _batches(group):
                rows = ", ".join(
                    "{start: " + literal(r.start) + ", end: " + literal(r.end) + ", props: " + _map(r.props) + "}" for r in batch
                )
                statement = (
                    "UNWIND [" + rows + "] AS row\n"
                    "MATCH (a:" + start + " {" + KEY + ": row.start})\n"
                    "MATCH (b:" + end + " {" + KEY + ": row.end})\n"
                    "CREATE (a)-[r:" + rel_type + "]->(b)\nSET r = row.props"
                )
                out.write((statement + ";\n\n").encode("utf-8"))


class _Groups:
    """Items by group, groups in order of first appearance: lists for a subgraph in memory, one
    :class:`Spool` per group beside a spooled one (a full export)."""

    def __init__(self, subgraph: Subgraph):
        spooled = isinstance(subgraph.nodes, Spool)
        self._directory = tempfile.TemporaryDirectory(dir=subgraph.nodes.path.parent) if spooled else None
        self._groups: dict = {}
        self._pending: dict = {}

    def add(self, key, item) -> None:
        if key not in self._groups:
            self._groups[key] = Spool(Path(self._directory.name) / str(len(self._groups))) if self._directory else []
            self._pending[key] = []
        if self._directory:
            pending = self._pending[key]
            pending.append(item)
            if len(pending) >= 1000:
                self._groups[key].extend(pending)
                pending.clear()
        else:
            self._groups[key].append(item)

    def items(self):
        for key, group in self._groups.items():
            if self._directory:
                group.extend(self._pending[key])
                self._pending[key] = []
                group.close()
            yield key, group

    def __enter__(self) -> "_Groups":
        return self

    def __exit__(self, *_) -> None:
        for group in self._groups.values():
            if isinstance(group, Spool):
                group.close()
        if self._directory:
            self._directory.cleanup()


def literal(value: Any) -> str:
    """``value`` as a Cypher literal.

    >>> literal("it's a \\\\ test\\n"), literal([1, 2.5, True]), literal(float("nan"))
    ("'it\\\\'s a \\\\\\\\ test\\\\n'", '[1, 2.5, true]', '0.0 / 0.0')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "0.0 / 0.0"
        if math.isinf(value):
            return "1.0 / 0.0" if value > 0 else "-1.0 / 0.0"
        return repr(value)
    if isinstance(value, str):
        return "'" + _SPECIAL.sub(lambda found: _escape(found.group()), value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return _map(value)
    return _temporal_or_point(value)


def _temporal_or_point(value: Any) -> str:
    if isinstance(value, neo4j.time.DateTime):
        function = "datetime" if value.tzinfo is not None else "localdatetime"
        return function + "(" + literal(value.iso_format()) + ")"
    if isinstance(value, neo4j.time.Date):
        return "date(" + literal(value.iso_format()) + ")"
    if isinstance(value, neo4j.time.Time):
        function = "time" if value.tzinfo is not None else "localtime"
        return function + "(" + literal(value.iso_format()) + ")"
    if isinstance(value, neo4j.time.Duration):
        return "duration(" + literal(value.iso_format()) + ")"
    if isinstance(value, datetime.datetime):
        return ("datetime(" if value.tzinfo else "localdatetime(") + literal(value.isoformat()) + ")"
    if isinstance(value, datetime.date):
        return "date(" + literal(value.isoformat()) + ")"
    if isinstance(value, neo4j.spatial.Point):
        names = ("x", "y", "z")[: len(value)]
        return "point({srid: " + str(value.srid) + ", " + ", ".join(n + ": " + literal(float(c)) for n, c in zip(names, value)) + "})"
    raise TypeError(f"cannot write a {type(value).__name__} as a Cypher literal")


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ord(ch) < 0x20 or ch in "\u0085\u2028\u2029" or 0xD800 <= ord(ch) <= 0xDFFF:
        return "\\u%04x" % ord(ch)
    return ch


def _map(props: dict) -> str:
    return "{" + ", ".join(_key(k) + ": " + literal(v) for k, v in sorted(props.items()) if v is not None) + "}"


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def _group_nodes(nodes: Iterable[GraphNode], left_out: list[str]) -> Iterator[tuple[tuple[str, ...], GraphNode]]:
    for node in nodes:
        left_out += ["label " + label for label in node.labels if label not in SCHEMA_LABELS]
        labels = tuple(label for label in node.labels if label in SCHEMA_LABELS)
        if not any(label in PRIMARY_LABELS for label in labels) or KEY not in node.props:
            left_out.append("node " + node.id + " (no innograph label or no id)")
            continue
        yield labels, node


def _group_rels(rels: Iterable[GraphRel], primary: dict[str, str], left_out: list[str]):
    for rel in rels:
        if rel.type not in REL_TYPES or rel.start not in primary or rel.end not in primary:
            left_out.append("relationship " + rel.id)
            continue
        yield (rel.type, primary[rel.start], primary[rel.end]), rel


def _batches(items: Iterable) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
