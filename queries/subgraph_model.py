"""A subgraph as plain data: what the map draws, the console shows and the exporters write.

Nodes are named by their natural key ``id`` (so that exports stay stable across databases);
property values keep the driver's types (``neo4j.time.Date`` …) until an exporter encodes them.
"""

from __future__ import annotations

import datetime
import marshal
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from operator import itemgetter
from typing import Any, BinaryIO, Iterable, Iterator

import networkx as nx
import neo4j.graph
import neo4j.spatial
import neo4j.time


@dataclass(frozen=True)
class GraphNode:
    """A node: natural key, labels (sorted), properties as stored."""

    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    def to_dict(self) -> dict:
        return {"id": self.id, "labels": list(self.labels), "properties": plain_props(self.props)}


@dataclass(frozen=True)
class GraphRel:
    """A relationship between two node ids; ``id`` is stable: ``start|TYPE|end`` (``#2``… if repeated)."""

    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.start,
            "target": self.end,
            "properties": plain_props(self.props),
        }


@dataclass(frozen=True)
class Subgraph:
    """Nodes and relationships of a selection, the Source nodes they cite, and what the limit hid."""

    nodes: list[GraphNode]
    relationships: list[GraphRel]
    hidden_nodes: int = 0
    sources: list[GraphNode] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)  # review items whose candidate is a node here

    def to_networkx(self) -> nx.MultiDiGraph:
        """Nodes keyed by id with ``labels`` and their properties; edges keyed by relationship id."""
        graph = nx.MultiDiGraph(hidden_nodes=self.hidden_nodes)
        for node in self.nodes:
            graph.add_node(node.id, labels=list(node.labels), **node.props)
        for rel in self.relationships:
            graph.add_edge(rel.start, rel.end, key=rel.id, type=rel.type, **rel.props)
        return graph

    def to_dict(self) -> dict:
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "relationships": [r.to_dict() for r in self.relationships],
            "hidden_nodes": self.hidden_nodes,
            "sources": [s.to_dict() for s in self.sources],
        }


class Spool:
    """Items read back in order, as often as needed (``len``, iteration): held as they are up to ``held``
    items, else written page by page to ``path``, so that a sequence too large for memory never sits
    there. Pages go to the file as plain tuples, by ``marshal`` (pickle where a value needs it): pickled
    dataclass instances cost a national export ~14 s to write and read. ``prop_kinds`` holds each
    property's value kinds (:func:`value_kind`), so that exporters type their columns without another pass."""

    def __init__(self, path: Path, held: int = 0):
        self.path, self._count, self._types, self._kind = path, 0, set(), None
        self._held: list | None = []
        self._limit = held
        self._file: BinaryIO | None = None

    def extend(self, items: list) -> None:
        if not items:
            return
        self._kind = type(items[0])
        self._count += len(items)
        for item in items:  # the kind depends on the type alone: collect (name, type) pairs, the cheaper step
            props = item.props
            self._types.update(zip(props, map(type, props.values())))
        if self._held is not None and self._count <= self._limit:
            self._held.extend(items)
            return
        if self._file is None:
            self._file = self.path.open("wb")
            self._write(self._held)
            self._held = None
        self._write(items)

    def _write(self, items: list) -> None:
        rows = [tuple(item.__dict__.values()) for item in items]
        try:
            tag, page = b"m", marshal.dumps(rows)
        except ValueError:  # a driver type (a date, a point)
            tag, page = b"p", pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(tag + len(page).to_bytes(8, "little") + page)

    @property
    def prop_kinds(self) -> dict[str, set[str]]:
        kinds: dict[str, set[str]] = {}
        for prop, kind in self._types:
            if kind is not type(None):
                kinds.setdefault(prop, set()).add(value_kind(kind))
        return kinds

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        if self._held is not None:
            yield from self._held
            return
        if not self._file.closed:
            self._file.flush()
        with self.path.open("rb") as handle:
            while header := handle.read(9):
                page = handle.read(int.from_bytes(header[1:], "little"))
                rows = marshal.loads(page) if header[:1] == b"m" else pickle.loads(page)
                yield from (self._kind(*row) for row in rows)


def value_kind(value: Any) -> str:
    """What decides an exported column's type: ``bool``, ``int``, ``float``, ``json`` (list or map),
    ``temporal`` or ``other``; of a value or of its type.

    >>> [value_kind(v) for v in (True, 3, 2.5, [1], "x")] == [value_kind(t) for t in (bool, int, float, list, str)]
    True
    >>> [value_kind(v) for v in (True, 3, 2.5, [1], "x")]
    ['bool', 'int', 'float', 'json', 'other']
    """
    kind = value if isinstance(value, type) else type(value)
    if issubclass(kind, bool):
        return "bool"
    if issubclass(kind, int):
        return "int"
    if issubclass(kind, float):
        return "float"
    if issubclass(kind, (list, tuple, dict)):
        return "json"
    if issubclass(kind, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration,
                         datetime.date, datetime.time, datetime.timedelta)):
        return "temporal"
    return "other"


@dataclass
class SpooledSubgraph:
    """A :class:`Subgraph` whose nodes and relationships are :class:`Spool` files (a full export):
    exporters read it the same way, one page at a time."""

    nodes: Spool
    relationships: Spool
    hidden_nodes: int = 0
    sources: list[GraphNode] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)


def cited_source_ids(items: Iterable[GraphNode | GraphRel]) -> list[str]:
    """Every Source id in the ``sources`` lists of ``items``, sorted."""
    cited: set = set()
    for item in items:
        sources = item.props.get("sources")
        if sources:
            cited.update(sources)
    return sorted({str(s) for s in cited})


def node_from_driver(node: neo4j.graph.Node) -> GraphNode:
    props = dict(node.items())
    return GraphNode(str(props.get("id", node.element_id)), tuple(sorted(node.labels)), props)


def relationships_with_ids(rows: Iterable[tuple[str, str, str, dict]]) -> list[GraphRel]:
    """``(type, start, end, props)`` rows as relationships with stable ids, in a stable order."""
    ends = itemgetter(1, 0, 2)
    ordered = sorted(rows, key=ends)
    if len(set(map(ends, ordered))) < len(ordered):  # parallel relationships: by their properties too
        ordered.sort(key=lambda r: (r[1], r[0], r[2], repr(sorted(r[3].items()))))
    seen: dict[str, int] = {}
    result = []
    for rel_type, start, end, props in ordered:
        base = start + "|" + rel_type + "|" + end
        count = seen[base] = seen.get(base, 0) + 1
        result.append(GraphRel(base if count == 1 else base + "#" + str(count), rel_type, start, end, props))
    return result


def subgraph_from_values(values: Iterable[Any]) -> Subgraph | None:
    """The nodes, relationships and paths found anywhere in query results (lists and maps included)."""
    nodes: dict[str, neo4j.graph.Node] = {}
    rels: dict[str, neo4j.graph.Relationship] = {}

    def visit(value: Any) -> None:
        if isinstance(value, neo4j.graph.Node):
            nodes[value.element_id] = value
        elif isinstance(value, neo4j.graph.Relationship):
            rels[value.element_id] = value
            for end in (value.start_node, value.end_node):
                if end is not None:
                    nodes[end.element_id] = end
        elif isinstance(value, neo4j.graph.Path):
            for item in [*value.nodes, *value.relationships]:
                visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for value in values:
        visit(value)
    if not nodes:
        return None
    graph_nodes = {eid: node_from_driver(node) for eid, node in nodes.items()}
    rows = [
        (rel.type, graph_nodes[rel.start_node.element_id].id, graph_nodes[rel.end_node.element_id].id, dict(rel.items()))
        for rel in rels.values()
    ]
    return Subgraph(sorted(graph_nodes.values(), key=lambda n: n.id), relationships_with_ids(rows))


def plain_value(value: Any) -> Any:
    """A JSON-ready form of a driver value: temporal values as ISO text, graph values as dicts."""
    if isinstance(value, neo4j.graph.Node):
        return node_from_driver(value).to_dict()
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "type": value.type,
            "source": value.start_node.get("id", value.start_node.element_id) if value.start_node else None,
            "target": value.end_node.get("id", value.end_node.element_id) if value.end_node else None,
            "properties": plain_props(dict(value.items())),
        }
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain_value(n) for n in value.nodes], "relationships": [plain_value(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    if isinstance(value, neo4j.spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def plain_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: plain_value(value) for key, value in sorted(props.items())}
