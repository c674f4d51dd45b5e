"""GEXF 1.3 (http://gexf.net/1.3), the format Gephi reads natively.

Layout: ``<meta>`` (creator, description = the header block, keywords); one static directed
``<graph>`` with ``<attributes class="node">`` and ``class="edge"`` declarations (types
``boolean``, ``long``, ``double``, ``string``), then ``<nodes>`` and ``<edges>``. Node ``label`` is
the display name, the attribute ``labels`` the Neo4j labels (``:Firm:Organisation``). Edge
``label`` and ``kind`` are the relationship type, ``weight`` the relationship's numeric
``weight`` property where it has one. Lists are JSON text and dates ISO 8601 text in string
attributes: networkx cannot read GEXF's list and date types.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typing import BinaryIO, Callable, Iterator
from xml.etree.ElementTree import _escape_attrib  # type: ignore[attr-defined]  # ET's own escaping

from ..subgraph_model import Subgraph
from .common import (MARK, RESERVED_EDGE, RESERVED_NODE, Column, ExportMeta, column_elements, columns, display_label, double_text,
                     labels_text, prop_kinds, write_between, xml_skeleton, xml_text)

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = NS + " http://gexf.net/1.3/gexf.xsd"


def write_gexf(subgraph: Subgraph, meta: ExportMeta, out: BinaryIO) -> None:
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("gexf"), {"version": "1.3", "{" + XSI + "}schemaLocation": SCHEMA_LOCATION})
    head = _sub(root, "meta", {"lastmodifieddate": meta.exported_at[:10]})
    _sub(head, "creator").text = "innograph"
    _sub(head, "description").text = xml_text("\n".join(meta.lines()))
    _sub(head, "keywords").text = "innovation ecosystem, Baden-Württemberg, knowledge graph"

    graph = _sub(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_columns = [Column("labels", "", "string", "")] + columns(subgraph.nodes, RESERVED_NODE)
    weighted = prop_kinds(subgraph.relationships).get("weight", set()) <= {"bool", "int", "float"}
    skip = frozenset({"weight"}) if weighted else frozenset()
    edge_columns = columns(subgraph.relationships, RESERVED_EDGE, skip)
    node_ids = _declare(graph, "node", node_columns)
    edge_ids = _declare(graph, "edge", edge_columns)

    for name, items in (("nodes", subgraph.nodes), ("edges", subgraph.relationships)):
        container = _sub(graph, name, {"count": str(len(items))})
        if len(items):
            _sub(container, name[:-1], {"id": MARK})
    parts = iter(xml_skeleton(root))
    out.write(next(parts))

    node_values, edge_values = _attvalues_writer(node_ids, node_columns), _attvalues_writer(edge_ids, edge_columns)

    def nodes() -> Iterator[bytes]:
        for node in subgraph.nodes:
            yield ('<node id="' + _escape_attrib(xml_text(node.id)) + '" label="' + _escape_attrib(xml_text(display_label(node)))
                   + '">' + node_values(node.props, {"labels": labels_text(node.labels)}) + "\n      </node>"
                   ).encode("utf-8", "xmlcharrefreplace")

    def edges() -> Iterator[bytes]:
        for rel in subgraph.relationships:
            weight = ""
            if weighted and rel.props.get("weight") is not None:
                weight = '" weight="' + _escape_attrib(double_text(float(rel.props["weight"])))
            yield ('<edge id="' + _escape_attrib(xml_text(rel.id)) + '" source="' + _escape_attrib(xml_text(rel.start))
                   + '" target="' + _escape_attrib(xml_text(rel.end)) + '" label="' + _escape_attrib(rel.type)
                   + '" kind="' + _escape_attrib(rel.type) + weight + '">' + edge_values(rel.props, {})
                   + "\n      </edge>").encode("utf-8", "xmlcharrefreplace")

    for items, stream in ((subgraph.nodes, nodes), (subgraph.relationships, edges)):
        if len(items):
            write_between(out, b"", stream(), b"\n      ")
            out.write(next(parts))


def _declare(graph: ET.Element, domain: str, cols: list[Column]) -> dict[str, str]:
    element = _sub(graph, "attributes", {"class": domain, "mode": "static"})
    ids = {}
    for index, column in enumerate(cols):
        ids[column.name] = domain[0] + str(index)
        _sub(element, "attribute", {"id": ids[column.name], "title": column.name, "type": column.type})
    return ids


def _attvalues_writer(ids: dict[str, str], cols: list[Column]) -> Callable[[dict, dict[str, str]], str]:
    """The ``<attvalues>`` child of a node or edge (level 4 of the document) as ``ET.indent`` and
    ``ET.tostring`` write it (:func:`column_elements`, as in GraphML)."""
    elements = column_elements(cols, lambda column: '\n          <attvalue for="' + _escape_attrib(ids[column.name]) + '" value="',
                               lambda opening, text: opening + _escape_attrib(text) + '" />')

    def attvalues(props: dict, builtin: dict[str, str]) -> str:
        texts = elements(props, builtin)
        return "\n        <attvalues>" + "".join(texts) + "\n        </attvalues>" if texts else "\n        <attvalues />"

    return attvalues


def _q(tag: str) -> str:
    return "{" + NS + "}" + tag


def _sub(parent: ET.Element, tag: str, attrs: dict | None = None) -> ET.Element:
    return ET.SubElement(parent, _q(tag), attrs or {})
