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
import marshal
import math
import re
import tempfile
from typing import Any, BinaryIO, Callable, Iterable, Iterator

import neo4j.spatial
import neo4j.time

from graph.schema import KEY, NodeLabel, OrgKind, RelType, schema_statements

from ..subgraph_model import GraphNode, GraphRel, Spool, Subgraph
from .common import ExportMeta, Fragments, entry_texts, one_line

BATCH = 100  # literal-heavy statements parse slowly: 100 rows measured faster than 25 or 500
PAGE_ROWS = 1000  # rows of a group held before they go to the file
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
        node_map, rel_map, end_literal = _map_writer(), _map_writer(), Fragments(literal)
        for labels, node in _group_nodes(nodes, left_out):
            primary[node.id] = next(label for label in PRIMARY_LABELS if label in labels)
            node_groups.add(labels, node_map(node.props))
        for key, r in _group_rels(subgraph.relationships, primary, left_out):
            rel_groups.add(key, "{start: " + end_literal(r.start) + ", end: " + end_literal(r.end) + ", props: "
                           + rel_map(r.props) + "}")
        header = meta.lines() + ["Run it in an empty Neo4j 5 database, e.g.: cypher-shell -f this-file.cypher"]
        header += ["Left out (not in innograph's schema): " + item for item in sorted(set(left_out))]
        out.write(("".join("// " + one_line(line) + "\n" for line in header) + "\n").encode("utf-8"))
        statements = list(schema_statements())
        out.write("".join(statement + ";\n\n" for statement in statements).encode("utf-8"))
        for labels, group in node_groups.items():
            for batch in _batches(group):
                statement = "UNWIND [" + ", ".join(batch) + "] AS row\nCREATE (n" + "".join(":" + label for label in labels) + ")\nSET n = row"
                out.write((statement + ";\n\n").encode("utf-8"))
        for (rel_type, start, end), group in rel_groups.items():
            for batch in _batches(group):
                statement = (
                    "UNWIND [" + ", ".join(batch) + "] AS row\n"
                    "MATCH (a:" + start + " {" + KEY + ": row.start})\n"
                    "MATCH (b:" + end + " {" + KEY + ": row.end})\n"
                    "CREATE (a)-[r:" + rel_type + "]->(b)\nSET r = row.props"
                )
                out.write((statement + ";\n\n").encode("utf-8"))


class _Groups:
    """The literal rows of each group, groups in order of first appearance: lists for a subgraph in memory;
    beside a spooled one (a full export) a group's rows go by :data:`PAGE_ROWS` to one unnamed file (marshal
    pages, read back group by group). Grouping the rows' text, not the items, spares a second spool of them."""

    def __init__(self, subgraph: Subgraph):
        spooled = isinstance(subgraph.nodes, Spool)
        self._file = tempfile.TemporaryFile(dir=subgraph.nodes.path.parent) if spooled else None
        self._rows: dict[Any, list[str]] = {}
        self._pages: dict[Any, list[int]] = {}

    def add(self, key, row: str) -> None:
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = []
        rows.append(row)
        if self._file is not None and len(rows) >= PAGE_ROWS:
            self._pages.setdefault(key, []).append(self._file.tell())
            marshal.dump(rows, self._file)
            rows.clear()

    def items(self) -> Iterator[tuple[Any, Iterator[str]]]:
        for key, rows in self._rows.items():
            yield key, itertools.chain(self._paged(key), rows)

    def _paged(self, key) -> Iterator[str]:
        for offset in self._pages.get(key, ()):
            self._file.seek(offset)
            yield from marshal.load(self._file)

    def __enter__(self) -> "_Groups":
        return self

    def __exit__(self, *_) -> None:
        if self._file is not None:
            self._file.close()


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


def _map_writer() -> Callable[[dict], str]:
    """:func:`_map` with the ``key: literal`` text of repeated values kept per key (:func:`entry_texts`):
    a national export writes 5M values, most of them years, flags and source lists seen before."""
    texts = entry_texts(lambda key: _key(key) + ": ", literal, skip_none=True)
    return lambda props: "{" + ", ".join(texts(props)) + "}"


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
