"""JSON node-link (``node_link.schema.json`` beside this file is its JSON Schema).

``networkx.node_link_graph(data, edges="edges")`` reads it back as a MultiDiGraph. Property values
are JSON values; a date, time or duration is ISO 8601 text, and ``graph.property_types`` names
those (``temporal``) so that a reader can turn them back.
"""

from __future__ import annotations

import json
import math

from queries.subgraph_model import Subgraph, plain_props
from .common import ExportMeta, columns, display_label, double_text

SCHEMA_ID = "https://innograph.example/schemas/node-link-1.json"


def write_node_link(subgraph: Subgraph, meta: ExportMeta) -> bytes:
    property_types = {
        "node": {c.prop: c.note or c.type for c in columns(subgraph.nodes, frozenset())},
        "edge": {c.prop: c.note or c.type for c in columns(subgraph.relationships, frozenset())},
    }
    document = {
        "$schema": SCHEMA_ID,
        "directed": True,
        "multigraph": True,
        "graph": {**meta.to_dict(), "header": meta.lines(), "property_types": property_types},
        "nodes": [
            {"id": n.id, "labels": list(n.labels), "label": display_label(n), "properties": plain_props(n.props)}
            for n in subgraph.nodes
        ],
        "edges": [
            {"key": r.id, "source": r.start, "target": r.end, "type": r.type, "properties": plain_props(r.props)}
            for r in subgraph.relationships
        ],
    }
    return json.dumps(_finite(document), ensure_ascii=False, indent=1, allow_nan=False, default=str).encode("utf-8")


def _finite(value):
    """JSON has no NaN or infinity: such numbers become the text ``NaN``, ``INF``, ``-INF``."""
    if isinstance(value, float) and not math.isfinite(value):
        return double_text(value)
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value
