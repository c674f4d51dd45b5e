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
import time
import zipfile
from typing import BinaryIO

from graph.csv_text import FORMULA_STARTS, csv_text, safe_cell, write_rows
from ..subgraph_model import Subgraph
from .common import (RESERVED_EDGE, RESERVED_NODE, Column, ExportMeta, Fragments, column_texts, columns, display_label,
                     labels_text)


def write_csv_zip(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    """``out`` must be seekable: each entry's sizes are written into its header after its data."""
    node_columns = columns(subgraph.nodes, RESERVED_NODE | {"Id", "Label"})
    edge_columns = columns(subgraph.relationships, RESERVED_EDGE | {"Id", "Label", "Source", "Target", "Type"},
                           frozenset({"weight"}))
    nodes = (
        [node.id, display_label(node), labels_text(node.labels), *_cells(node_columns, node.props)]
        for node in subgraph.nodes
    )
    keys = sorted({k for s in meta.sources for k in s})
    sources = [keys] + [[json.dumps(s[k], ensure_ascii=False) if isinstance(s.get(k), (list, dict)) else s.get(k)
                         for k in keys] for s in meta.sources]
    metadata = {**meta.to_dict(), "property_types": {
        "nodes.csv": {c.name: c.note or c.type for c in node_columns},
        "edges.csv": {c.name: c.note or c.type for c in edge_columns},
    }}

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\n".join(meta.lines()) + "\n")
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=1))
        _write_csv(archive, "nodes.csv", ["Id", "Label", "labels", *[c.name for c in node_columns]], nodes)
        _write_csv(archive, "edges.csv", ["Source", "Target", "Type", "Id", "Label", "Weight", *[c.name for c in edge_columns]],
                   _edges(subgraph.relationships, edge_columns), safe=True)
        archive.writestr("sources.csv", _csv(sources))
        archive.comment = "\n".join(meta.lines()).encode("utf-8")[:65535]


def _edges(rels, edge_columns: list[Column]):
    """Edge rows of spreadsheet-safe text (:func:`safe_cell` applied here, once per repeated value)."""
    cells = _cell_writer(edge_columns)
    for rel in rels:
        weight = rel.props.get("weight")
        weight = weight if isinstance(weight, (int, float)) and not isinstance(weight, bool) else 1
        yield [_safe_text(rel.start), _safe_text(rel.end), "Directed", _safe_text(rel.id), _safe_text(rel.type),
               safe_cell(weight), *cells(rel.props)]


def _safe_text(text: str) -> str:
    """:func:`safe_cell` of a text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_csv(archive: zipfile.ZipFile, name: str, header: list[str], rows, *, safe: bool = False) -> None:
    """One CSV entry written row by row, with the entry header ``writestr`` would give it; ``safe``: the
    rows' cells are :func:`safe_cell` text already."""
    entry = zipfile.ZipInfo(filename=name, date_time=time.localtime(time.time())[:6])
    entry.compress_type = archive.compression
    entry.external_attr = 0o600 << 16
    with archive.open(entry, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        write_rows(text, header, rows, safe=safe)


def _cells(cols: list[Column], props: dict) -> list:
    """Numbers stay numbers (so that a negative one is not taken for a formula), the rest is text."""
    texts = {column.name: text for column, text in column_texts(cols, props, {})}
    return [
        props[c.prop] if c.type in ("long", "double") and c.name in texts else texts.get(c.name, "")
        for c in cols
    ]


def _cell_writer(cols: list[Column]):
    """:func:`_cells` with :func:`safe_cell` applied, each column's cell text made once per repeated value;
    only the properties a relationship has are looked at (a national graph's ties have 7 of 20 columns)."""
    position = {column.prop: index for index, column in enumerate(cols)}
    fragments = [Fragments(safe_cell if c.type in ("long", "double") else
                           lambda value, text_of=c.text: safe_cell(text_of(value))) for c in cols]

    def cells(props: dict) -> list[str]:
        row = [""] * len(cols)
        for prop, value in props.items():
            index = position.get(prop)
            if index is not None and value is not None:
                row[index] = fragments[index](value)
        return row

    return cells


def _csv(rows: list[list]) -> str:
    return csv_text(rows[0], rows[1:])
