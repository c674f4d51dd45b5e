"""JSON node-link (``node_link.schema.json`` beside this file is its JSON Schema).

``networkx.node_link_graph(data, edges="edges")`` reads it back as a MultiDiGraph. Property values
are JSON values; a date, time or duration is ISO 8601 text, and ``graph.property_types`` names
those (``temporal``) so that a reader can turn them back.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # the C encoder's text of a str (ensure_ascii=False)
from typing import Any, BinaryIO, Callable

from ..subgraph_model import Subgraph, plain_value
from .common import MARK, ExportMeta, Fragments, columns, display_label, double_text, entry_texts, write_between

SCHEMA_ID = "https://innograph.example/schemas/node-link-1.json"
ITEM = "\n   "  # a node's or edge's keys: the document indents by one space per level, items are at level 2
PROPERTY = ITEM + " "


def write_node_link(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    property_types = {
        "node": {c.prop: c.note or c.type for c in columns(subgraph.nodes, frozenset())},
        "edge": {c.prop: c.note or c.type for c in columns(subgraph.relationships, frozenset())},
    }
    document = {
        "$schema": SCHEMA_ID,
        "directed": True,
        "multigraph": True,
        "graph": {**meta.to_dict(), "header": meta.lines(), "property_types": property_types},
        "nodes": [MARK] if len(subgraph.nodes) else [],
        "edges": [MARK] if len(subgraph.relationships) else [],
    }
    parts = _dumps(document).split(_dumps(MARK))
    out.write(parts[0])
    node_properties, edge_properties, labels_of = _properties_writer(), _properties_writer(), Fragments(_labels)
    nodes = (
        ("{" + ITEM + '"id": ' + encode_basestring(n.id) + "," + ITEM + '"labels": ' + labels_of(list(n.labels))
         + "," + ITEM + '"label": ' + encode_basestring(display_label(n)) + "," + ITEM + '"properties": '
         + node_properties(n.props) + "\n  }").encode("utf-8")
        for n in subgraph.nodes
    )
    edges = (
        ("{" + ITEM + '"key": ' + encode_basestring(r.id) + "," + ITEM + '"source": ' + encode_basestring(r.start)
         + "," + ITEM + '"target": ' + encode_basestring(r.end) + "," + ITEM + '"type": ' + encode_basestring(r.type)
         + "," + ITEM + '"properties": ' + edge_properties(r.props) + "\n  }").encode("utf-8")
        for r in subgraph.relationships
    )
    for index, items in enumerate(stream for stream, count in ((nodes, len(subgraph.nodes)),
                                                                (edges, len(subgraph.relationships))) if count):
        write_between(out, b"", items, b",\n  ")
        out.write(parts[index + 1])


def _properties_writer() -> Callable[[dict], str]:
    """The ``properties`` object of a node or edge as ``json.dumps(indent=1)`` writes it there, composed
    of the C encoder's text of each value (the indenting encoder is pure Python in 3.11, and was most of a
    national export's time); the ``"key": value`` text of repeated values is kept (:func:`entry_texts`)."""
    texts = entry_texts(lambda key: encode_basestring(key) + ": ", _value)

    def properties(props: dict) -> str:
        return "{" + PROPERTY + ("," + PROPERTY).join(texts(props)) + ITEM + "}" if props else "{}"

    return properties


def _value(value: Any) -> str:
    """A property value's JSON text at the properties' level (its items one level deeper)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value) if math.isfinite(value) else encode_basestring(double_text(value))
    if value is None:
        return "null"
    if kind is list and value and all(type(item) is str for item in value):
        return "[" + PROPERTY + " " + ("," + PROPERTY + " ").join(map(encode_basestring, value)) + PROPERTY + "]"
    return _dumps(plain_value(value)).decode("utf-8").replace("\n", PROPERTY)


def _labels(labels: list[str]) -> str:
    return "[" + ITEM + " " + ("," + ITEM + " ").join(map(encode_basestring, labels)) + ITEM + "]" if labels else "[]"


def _dumps(value) -> bytes:
    return json.dumps(_finite(value), ensure_ascii=False, indent=1, allow_nan=False, default=str).encode("utf-8")


def _finite(value):
    """JSON has no NaN or infinity: such numbers become the text ``NaN``, ``INF``, ``-INF``."""
    if isinstance(value, float) and not math.isfinite(value):
        return double_text(value)
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value
