"""GraphML 1.0 (http://graphml.graphdrawing.org/xmlns) with typed attribute declarations.

Layout: a ``<desc>`` with the header block; ``<key>`` declarations (graph metadata, then node and
edge attributes, each with ``attr.name`` and ``attr.type``, and a ``<desc>`` saying when a string
holds JSON or ISO 8601 text); one directed ``<graph>``. Node element ids are the natural ids where
they are valid XML NMTOKENs (else ``n<i>``); ``node_id`` always holds the natural id. Nodes carry
``labels`` (``:Firm:Organisation``) and ``label`` (display name); edges carry ``rel_type``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from typing import BinaryIO, Callable, Iterator
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]  # ET's own escaping

from ..subgraph_model import Subgraph
from .common import (MARK, RESERVED_EDGE, RESERVED_NODE, Column, ExportMeta, column_elements, columns, display_label,
                     labels_text, write_between, xml_skeleton, xml_text)

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = NS + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_NMTOKEN = re.compile(r"^[A-Za-z0-9._:\-]+$")
NOTES = {
    "json": "JSON text (a list or map in Neo4j)",
    "temporal": "ISO 8601 text (a date, time or duration in Neo4j)",
    "text": "text (values of mixed types in Neo4j)",
}


def write_graphml(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("graphml"), {"{" + XSI + "}schemaLocation": SCHEMA_LOCATION})
    _sub(root, "desc").text = xml_text("\n".join(meta.lines()))

    graph_keys = [("selection", "string"), ("exported_at", "string"), ("hidden_nodes", "long"),
                  ("attribution", "string"), ("sources", "string")]
    for name, attr_type in graph_keys:
        key = _sub(root, "key", {"id": "g_" + name, "for": "graph", "attr.name": name, "attr.type": attr_type})
        if name == "sources":
            _sub(key, "desc").text = NOTES["json"]
    builtin_nodes = [Column("node_id", "", "string", ""), Column("labels", "", "string", ""), Column("label", "", "string", "")]
    node_columns = builtin_nodes + columns(subgraph.nodes, RESERVED_NODE)
    edge_columns = [Column("rel_type", "", "string", "")] + columns(subgraph.relationships, RESERVED_EDGE)
    node_keys = _declare(root, "node", node_columns)
    edge_keys = _declare(root, "edge", edge_columns)

    graph = _sub(root, "graph", {"id": "G", "edgedefault": "directed"})
    for name, value in (("selection", meta.selection), ("exported_at", meta.exported_at),
                        ("hidden_nodes", str(meta.hidden_nodes)), ("attribution", "\n".join(meta.attribution)),
                        ("sources", json.dumps(meta.sources, ensure_ascii=False))):
        _sub(graph, "data", {"key": "g_" + name}).text = xml_text(value)
    _sub(graph, "node", {"id": MARK})
    head, tail = xml_skeleton(root)

    element_ids = {}
    node_data, edge_data = _data_writer(node_keys, node_columns), _data_writer(edge_keys, edge_columns)

    def items() -> Iterator[bytes]:
        for index, node in enumerate(subgraph.nodes):
            element_id = element_ids[node.id] = node.id if _NMTOKEN.match(node.id) else "n" + str(index)
            values = {"node_id": node.id, "labels": labels_text(node.labels), "label": display_label(node)}
            yield ('<node id="' + _escape_attrib(element_id) + '">' + node_data(node.props, values)
                   + "\n    </node>").encode("utf-8", "xmlcharrefreplace")
        for index, rel in enumerate(subgraph.relationships):
            yield ('<edge id="e' + str(index) + '" source="' + _escape_attrib(element_ids[rel.start])
                   + '" target="' + _escape_attrib(element_ids[rel.end]) + '">'
                   + edge_data(rel.props, {"rel_type": rel.type}) + "\n    </edge>").encode("utf-8", "xmlcharrefreplace")

    write_between(out, head, items(), b"\n    ")
    out.write(tail)


def _data_writer(keys: dict[str, str], cols: list[Column]) -> Callable[[dict, dict[str, str]], str]:
    """The ``<data>`` children of a node or edge (level 3 of the document) as ``ET.indent`` and
    ``ET.tostring`` write them (:func:`column_elements`): building ElementTree elements, or generic tuples,
    per value took most of a national export's time."""
    elements = column_elements(cols, lambda column: "\n      <data key=\"" + _escape_attrib(keys[column.name]) + '"', _element)
    return lambda props, builtin: "".join(elements(props, builtin))


def _element(opening: str, text: str) -> str:
    return opening + ">" + _escape_cdata(text) + "</data>" if text else opening + " />"


def _declare(root: ET.Element, domain: str, cols: list[Column]) -> dict[str, str]:
    keys = {}
    for index, column in enumerate(cols):
        keys[column.name] = domain[0] + str(index)
        key = _sub(root, "key", {"id": keys[column.name], "for": domain, "attr.name": column.name, "attr.type": column.type})
        if column.note:
            _sub(key, "desc").text = NOTES[column.note]
    return keys


def _q(tag: str) -> str:
    return "{" + NS + "}" + tag


def _sub(parent: ET.Element, tag: str, attrs: dict | None = None) -> ET.Element:
    return ET.SubElement(parent, _q(tag), attrs or {})
