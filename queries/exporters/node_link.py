"""JSON node-link (``node_link.schema.json`` beside this file is its JSON Schema).

``networkx.node_link_graph(data, edges="edges")`` reads it back as a MultiDiGraph. Property values
are JSON values; a date, time or duration is ISO 8601 text, and ``graph.property_types`` names
those (``temporal``) so that a reader can turn them back.
"""

from __future__ import annotations

import json
import math

from typing import BinaryIO

from ..subgraph_model import Subgraph, plain_props
from .common import MARK, ExportMeta, columns, display_label, double_text, write_between

SCHEMA_ID = "https://innograph.example/schemas/node-link-1.json"


def write_node_link(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    property_types = {
        "node": {c.prop: c.note or c.type for c in columns(subgraph.nodes, frozenset())},
        "edge": {c.prop: c.note or c.type for c in columns(subgraph.relationships, frozenset())},
    }
    nodes = (
        {"id": n.id, "labels": list(n.labels), "label": display_label(n), "properties": plain_props(n.props)}
        for n in subgraph.nodes
    )
    edges = (
        {"key": r.id, "source": r.start, "target": r.end, "type": r.type, "properties": plain_props(r.props)}
        for r in subgraph.relationships
    )
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
    for index, items in enumerate(stream for stream, count in ((nodes, len(subgraph.nodes)),
                                                                (edges, len(subgraph.relationships))) if count):
        write_between(out, b"", (_dumps(item).replace(b"\n", b"\n  ") for item in items), b",\n  ")
        out.write(parts[index + 1])


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
