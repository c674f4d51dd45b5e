"""CSV for Gephi's spreadsheet import: ``nodes.csv`` and ``edges.csv`` in one zip.

The zip also holds ``README.txt`` (the header block, first entry), ``metadata.json`` (the same as
data, with property types) and ``sources.csv``. Columns: nodes ``Id, Label, labels, <properties>``;
edges ``Source, Target, Type (Directed), Id, Label (relationship type), Weight, <properties>``.
Lists are JSON text, dates ISO 8601. A text cell that a spreadsheet would run as a formula (first
character ``= + - @``, tab or carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import io
import json
import zipfile

from graph.csv_text import csv_text
from queries.subgraph_model import Subgraph
from .common import RESERVED_EDGE, RESERVED_NODE, Column, ExportMeta, column_texts, columns, display_label, labels_text


def write_csv_zip(subgraph: Subgraph, meta: ExportMeta) -> bytes:
    node_columns = columns(subgraph.nodes, RESERVED_NODE | {"Id", "Label"})
    edge_columns = columns(subgraph.relationships, RESERVED_EDGE | {"Id", "Label", "Source", "Target", "Type"},
                           frozenset({"weight"}))
    nodes = [["Id", "Label", "labels", *[c.name for c in node_columns]]]
    for node in subgraph.nodes:
        nodes.append([node.id, display_label(node), labels_text(node.labels), *_cells(node_columns, node.props)])
    edges = [["Source", "Target", "Type", "Id", "Label", "Weight", *[c.name for c in edge_columns]]]
    for rel in subgraph.relationships:
        weight = rel.props.get("weight")
        weight = weight if isinstance(weight, (int, float)) and not isinstance(weight, bool) else 1
        edges.append([rel.start, rel.end, "Directed", rel.id, rel.type, weight, *_cells(edge_columns, rel.props)])
    keys = sorted({k for s in meta.sources for k in s})
    sources = [keys] + [[json.dumps(s[k], ensure_ascii=False) if isinstance(s.get(k), (list, dict)) else s.get(k)
                         for k in keys] for s in meta.sources]
    metadata = {**meta.to_dict(), "property_types": {
        "nodes.csv": {c.name: c.note or c.type for c in node_columns},
        "edges.csv": {c.name: c.note or c.type for c in edge_columns},
    }}

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\n".join(meta.lines()) + "\n")
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=1))
        archive.writestr("nodes.csv", _csv(nodes))
        archive.writestr("edges.csv", _csv(edges))
        archive.writestr("sources.csv", _csv(sources))
        archive.comment = "\n".join(meta.lines()).encode("utf-8")[:65535]
    return buffer.getvalue()


def _cells(cols: list[Column], props: dict) -> list:
    """Numbers stay numbers (so that a negative one is not taken for a formula), the rest is text."""
    texts = {column.name: text for column, text in column_texts(cols, props, {})}
    return [
        props[c.prop] if c.type in ("long", "double") and c.name in texts else texts.get(c.name, "")
        for c in cols
    ]


def _csv(rows: list[list]) -> str:
    return csv_text(rows[0], rows[1:])
