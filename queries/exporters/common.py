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
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field as dataclass_field
from functools import cached_property
from typing import Any, BinaryIO, Callable, Iterable, Iterator

from ..subgraph_model import GraphNode, GraphRel, Spool, Subgraph, plain_value, value_kind

# Attribute names the formats use themselves; a property of that name is written as prop_<name>.
RESERVED_NODE = frozenset({"id", "label", "labels", "node_id"})
RESERVED_EDGE = frozenset({"id", "label", "rel_type", "source", "target", "type"})
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Column:
    """One attribute of nodes or of relationships: exported name, property name, type and note."""

    name: str
    prop: str
    type: str  # boolean | long | double | string
    note: str  # "" | "json" (JSON text of a list or map) | "temporal" (ISO 8601 text) | "text" (mixed values)

    @cached_property
    def text(self) -> Callable[[Any], str]:
        """The text of a value in this column's type (see the module docstring), the type's branch chosen once
        (a national export encodes 5M values)."""
        return _ENCODERS.get(self.type, _string_text)


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
    return [
        Column(exported_name(prop, reserved), prop, *_type_of(found))
        for prop, found in sorted(prop_kinds(items).items()) if prop not in skip
    ]


def prop_kinds(items: Iterable[GraphNode | GraphRel]) -> dict[str, set[str]]:
    """Each property's value kinds (:func:`value_kind`); a :class:`Spool` has counted them as it was written."""
    if isinstance(items, Spool):
        return items.prop_kinds
    found: dict[str, set[str]] = {}
    for item in items:
        for prop, value in item.props.items():
            if value is not None:
                found.setdefault(prop, set()).add(value_kind(value))
    return found


def exported_name(prop: str, reserved: frozenset[str]) -> str:
    return "prop_" + prop if prop in reserved else prop


def _type_of(kinds: set[str]) -> tuple[str, str]:
    if kinds == {"bool"}:
        return "boolean", ""
    if kinds == {"int"}:
        return "long", ""
    if kinds <= {"int", "float"}:
        return "double", ""
    if kinds == {"json"}:
        return "string", "json"
    if kinds == {"temporal"}:
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
            yield column, column.text(props[column.prop])


def _string_text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return value
    if kind is list and all(type(item) is str for item in value):  # plain_value would return it as it is
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(plain_value(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    plain = plain_value(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


_ENCODERS: dict[str, Callable[[Any], str]] = {
    "boolean": lambda value: "true" if value else "false",
    "long": lambda value: str(int(value)),
    "double": lambda value: double_text(float(value)),
}


class Fragments:
    """``make(value)`` for one column, kept for values of a type that can repeat (text, whole numbers,
    booleans, lists of text; keyed by type too, since ``1``, ``True`` and ``1.0`` are equal keys in Python)
    and made again for the others; emptied at :data:`KEPT` values, so that memory stays bounded. A national
    export writes 5M values, most of them years, flags and source lists seen before."""

    def __init__(self, make: Callable[[Any], str]):
        self.make, self.kept = make, {}

    def __call__(self, value: Any) -> str:
        kind = type(value)
        if kind is str or kind is int or kind is bool:
            key = (kind, value)
        elif kind is list and all(type(item) is str for item in value):
            key = (kind, tuple(value))
        else:
            return self.make(value)
        made = self.kept.get(key)
        if made is None:
            if len(self.kept) >= KEPT:
                self.kept.clear()
            made = self.kept[key] = self.make(value)
        return made


KEPT = 50_000


def entry_texts(key_text: Callable[[str], str], value_text: Callable[[Any], str], *,
                skip_none: bool = False) -> Callable[[dict], list[str]]:
    """For a map of properties, each entry's ``key_text(key) + value_text(value)`` in key order, kept per
    key for repeated values (:class:`Fragments`): the Cypher script's and the JSON document's maps."""
    entries: dict[str, Fragments] = {}

    def texts(props: dict) -> list[str]:
        found = []
        for key, value in sorted(props.items()):
            if skip_none and value is None:
                continue
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = Fragments(lambda value, key=key_text(key): key + value_text(value))
            found.append(entry(value))
        return found

    return texts


def column_elements(cols: list[Column], opening_of: Callable[[Column], str],
                    element: Callable[[str, str], str]) -> Callable[[dict, dict[str, str]], list[str]]:
    """The XML elements of one node or edge, one per column that has a value, as text: each column's
    opening prepared once (``opening_of``), ``element(opening, text)`` closing it; the elements of repeated
    property values are kept (:class:`Fragments`), built-in values (id, label, …) made each time."""
    parts = []
    for column in cols:
        opening = opening_of(column)
        parts.append((opening, column.prop or column.name, bool(column.prop),
                      Fragments(lambda value, opening=opening, text_of=column.text: element(opening, xml_text(text_of(value))))))

    def elements(props: dict, builtin: dict[str, str]) -> list[str]:
        texts = []
        for opening, name, is_prop, fragment in parts:
            if is_prop:
                value = props.get(name)
                if value is not None:
                    texts.append(fragment(value))
            elif name in builtin:
                texts.append(element(opening, xml_text(builtin[name])))
        return texts

    return elements


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


# Streaming (issue 19): a document is written as its skeleton (everything but the nodes and relationships,
# serialised as before) cut where placeholders stand, with the items serialised one by one in between,
# so that a full export never holds the whole document; the bytes are those of the whole document. Each
# writer builds its items' text as ``ET.indent`` and ``ET.tostring`` would, with ET's own escaping: building
# ElementTree elements per item took most of a national export's time.
MARK = "innograph-stream-mark"
_MARK_ELEMENT = re.compile(rb'<[A-Za-z]+ id="' + MARK.encode() + rb'" />')


def xml_skeleton(root: ET.Element) -> list[bytes]:
    """``root`` as the writers always wrote it (indented, UTF-8, XML declaration), cut at its placeholder
    elements (``id`` :data:`MARK`)."""
    ET.indent(root)
    return _MARK_ELEMENT.split(ET.tostring(root, encoding="UTF-8", xml_declaration=True))


def write_between(out: BinaryIO, head: bytes, items: Iterable[bytes], separator: bytes) -> None:
    """``head``, then the items with ``separator`` between them. ``head`` ends with the separator (the
    indentation before the placeholder); without items it is dropped again."""
    first = True
    for item in items:
        out.write(head if first else separator)
        out.write(item)
        first = False
    if first:
        out.write(head[: len(head) - len(separator)])
