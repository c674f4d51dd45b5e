"""What every format shares: the metadata block, attribute typing and value encoding.

Typing is per attribute name over all nodes (or all relationships): all booleans → ``boolean``,
all integers → ``long``, all numbers → ``double``, anything else → ``string``. In a string
attribute a list is JSON text (``["a", "b"]``), a date or time is ISO 8601 text, and any other
value its text. The per-attribute notes (``json``, ``date`` …) travel in each format's metadata.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Iterable, Iterator

import neo4j.time

from queries.subgraph_model import GraphNode, GraphRel, Subgraph, plain_value

# Attribute names the formats use themselves; a property of that name is written as prop_<name>.
RESERVED_NODE = frozenset({"id", "label", "labels", "node_id"})
RESERVED_EDGE = frozenset({"id", "label", "rel_type", "source", "target", "type"})
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TEMPORAL = (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration,
            datetime.date, datetime.time, datetime.timedelta)


@dataclass(frozen=True)
class Column:
    """One attribute of nodes or of relationships: exported name, property name, type and note."""

    name: str
    prop: str
    type: str  # boolean | long | double | string
    note: str  # "" | "json" (JSON text of a list or map) | "temporal" (ISO 8601 text) | "text" (mixed values)


@dataclass(frozen=True)
class ExportMeta:
    """The header block every export starts with."""

    format: str
    selection: str
    exported_at: str
    nodes: int
    relationships: int
    hidden_nodes: int
    sources: list[dict]
    review: list[dict] = dataclass_field(default_factory=list)

    @property
    def attribution(self) -> list[str]:
        """The credit lines the sources' licences ask for, from the Source nodes themselves."""
        lines = []
        for source in self.sources:
            credit = source.get("attribution") or " — ".join(
                str(source[k]) for k in ("name", "licence") if source.get(k))
            details = [str(source[k]) for k in ("url",) if source.get(k)]
            if source.get("retrieved"):
                details.append("retrieved " + str(source["retrieved"]))
            lines.append(credit + (" (" + ", ".join(details) + ")" if details else ""))
        return lines

    def lines(self) -> list[str]:
        """The header as text lines (no line breaks inside a line)."""
        lines = [
            "innograph export (" + self.format + ")",
            "Selection: " + self.selection,
            "Exported at: " + self.exported_at,
            f"Nodes: {self.nodes}; relationships: {self.relationships}; "
            f"hidden by the node limit: {self.hidden_nodes}",
            "Attribution required by the sources' licences:",
        ]
        lines += ["  " + line for line in self.attribution] or ["  (the exported data cites no source)"]
        lines.append("Provenance: every node and relationship lists its Source ids in 'sources' and its date in 'as_of'.")
        lines.append("Hierarchy: SUBUNIT_OF links a part to its whole (its 'basis': ROR parent, name, groups file).")
        lines.append(f"Review list (uncertain matches, not merged): {len(self.review)}")
        lines += [f"  {r.get('name')} -> {r.get('candidate_id')} (score {r.get('score')}, {r.get('reason')})"
                  for r in self.review]
        return [one_line(line) for line in lines]

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "selection": self.selection,
            "exported_at": self.exported_at,
            "counts": {"nodes": self.nodes, "relationships": self.relationships, "hidden_nodes": self.hidden_nodes},
            "attribution": self.attribution,
            "sources": self.sources,
            "review": self.review,
        }


def export_meta(subgraph: Subgraph, fmt: str, selection_text: str, exported_at: datetime.datetime) -> ExportMeta:
    return ExportMeta(
        format=fmt,
        selection=one_line(selection_text),
        exported_at=exported_at.astimezone(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        nodes=len(subgraph.nodes),
        relationships=len(subgraph.relationships),
        hidden_nodes=subgraph.hidden_nodes,
        sources=[{k: plain_value(v) for k, v in sorted(s.props.items())} for s in subgraph.sources],
        review=list(subgraph.review),
    )


def columns(items: Iterable[GraphNode | GraphRel], reserved: frozenset[str], skip: frozenset[str] = frozenset()) -> list[Column]:
    """The typed attributes of ``items``' properties, sorted by name."""
    values: dict[str, list[Any]] = {}
    for item in items:
        for prop, value in item.props.items():
            if prop not in skip and value is not None:
                values.setdefault(prop, []).append(value)
    return [
        Column(exported_name(prop, reserved), prop, *_type_of(vals))
        for prop, vals in sorted(values.items())
    ]


def exported_name(prop: str, reserved: frozenset[str]) -> str:
    return "prop_" + prop if prop in reserved else prop


def _type_of(values: list[Any]) -> tuple[str, str]:
    if all(isinstance(v, bool) for v in values):
        return "boolean", ""
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long", ""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double", ""
    if all(isinstance(v, (list, tuple, dict)) for v in values):
        return "string", "json"
    if all(isinstance(v, TEMPORAL) for v in values):
        return "string", "temporal"
    return "string", "text"


def column_texts(cols: list[Column], props: dict, builtin: dict[str, str]) -> Iterator[tuple[Column, str]]:
    """Each column's text for one node or relationship: built-in columns (no ``prop``) from
    ``builtin``, the others encoded from ``props``; absent values are left out."""
    for column in cols:
        if not column.prop:
            if column.name in builtin:
                yield column, builtin[column.name]
        elif props.get(column.prop) is not None:
            yield column, encode(props[column.prop], column)


def encode(value: Any, column: Column) -> str:
    """The text of ``value`` in ``column``'s type (see the module docstring)."""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "long":
        return str(int(value))
    if column.type == "double":
        return double_text(float(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(plain_value(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    plain = plain_value(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def double_text(number: float) -> str:
    """xsd:double lexical form (``NaN``, ``INF``, ``-INF`` for the special values)."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    return repr(number)


def display_label(node: GraphNode) -> str:
    """What a graph tool shows on the node: its name, acronym or title, else its id."""
    for prop in ("name", "acronym", "title"):
        if node.props.get(prop):
            return str(node.props[prop])
    return node.id


def labels_text(labels: Iterable[str]) -> str:
    """Neo4j's own spelling of a label set, e.g. ``:Firm:Organisation``."""
    return "".join(":" + label for label in labels)


def one_line(text: str) -> str:
    """``text`` with every kind of line break turned into a space (for headers and comments)."""
    for ch in "\r\n\u2028\u2029\u0085\x0b\x0c":
        text = text.replace(ch, " ")
    return text


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (replaced by U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", text)
