"""The organisational hierarchy: ``SUBUNIT_OF`` from an institute to its university or research
society, from a subsidiary to its group. A link is not a merge: both stay nodes with their own ties.

Three sources, each link saying its ``basis``:

* ROR's ``parent`` relationships (:mod:`loaders.ror`);
* names: "Institut für X der Universität Y", "… an der Universität Y", "Universität Y, FKFS",
  "Fraunhofer IAO" / "Fraunhofer-Institut für …" (→ Fraunhofer-Gesellschaft), "Max-Planck-Institut
  für …" (→ Max-Planck-Gesellschaft); only when the parent is an organisation of the same load;
* a curated groups file (``entity, entity_city, group, relation, source_url``; one source per row)
  for firm groups that appear as several legal entities.

A groups-file row that names an unknown organisation, itself, or closes a cycle is rejected with
file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

from graph.schema import NodeLabel, RelType

from .names import city_key, fold, name_key, same_city
from .reading import RawRow, read_csv
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord

GROUPS_SOURCE = "src:org-groups"
_UNIVERSITY = re.compile(r"\b(?:der|an der|at the|of the)\s+((?:universitat|hochschule)\s+[a-z-]+)")
_LEADING_UNIVERSITY = re.compile(r"^(universitat\s+[a-z-]+)\s*,\s*\S")
_FRAUNHOFER = re.compile(r"^fraunhofer[- ](?!gesellschaft)\S")
_MAX_PLANCK = re.compile(r"^max[- ]planck[- ]institut")
SOCIETIES = (
    (_FRAUNHOFER, ("Fraunhofer-Gesellschaft",)),
    (_MAX_PLANCK, ("Max-Planck-Gesellschaft zur Förderung der Wissenschaften e.V.", "Max-Planck-Gesellschaft")),
)


def groups_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, GROUPS_SOURCE, {
        "name": "Organisation groups and parents (curated by innograph)", "licence": "MIT",
        "retrieved": "2026-11-30",  # the day its rows were written from the pages they cite
        "attribution": "innograph; each row cites the public page it was taken from (source_url)"}, GROUPS_SOURCE)


def parent_names(name: str) -> list[tuple[str, str]]:
    """``(parent name, basis)`` that a name states, e.g. an institute *der Universität Y*.

    >>> parent_names("Institut für Strahlwerkzeuge der Universität Stuttgart (IFSW)")
    [('universitat stuttgart', "name: '… der Universität Y'")]
    >>> [p for p, _ in parent_names("Fraunhofer IAO")]
    ['Fraunhofer-Gesellschaft']
    >>> parent_names("Universität Stuttgart")
    []
    """
    folded = fold(name)
    found = [(m, "name: '… der Universität Y'") for m in _UNIVERSITY.findall(folded)]
    found += [(m, "name: 'Universität Y, institute'") for m in _LEADING_UNIVERSITY.findall(folded)]
    for pattern, parents in SOCIETIES:
        if pattern.search(folded):
            found += [(p, f"name: '{parents[0].split('-')[0]} …'") for p in parents]
    return found


class _Index:
    """Organisation refs of the load by every name key they carry, first source first."""

    def __init__(self, orgs: Iterable[OrgRecord]) -> None:
        self.refs: dict[str, list[OrgRecord]] = {}
        for record in orgs:
            for name in dict.fromkeys((record.name, *record.aliases, *record.match_names)):
                key = name_key(name)
                if key and record not in self.refs.setdefault(key, []):
                    self.refs[key].append(record)

    def find(self, name: str, city: str = "") -> OrgRecord | None:
        found = self.refs.get(name_key(name), [])
        placed = [r for r in found if city and same_city(city_key(city), city_key(r.city))]
        return (placed or found or [None])[0]


def hierarchy_records(orgs: Sequence[OrgRecord], groups_file: Path | None = None) -> Bundle:
    """``SUBUNIT_OF`` records from names, and from the groups file when given."""
    index = _Index(orgs)
    bundle = Bundle()
    for record in orgs:
        for parent_name, basis in parent_names(record.name):
            parent = index.find(parent_name)
            if parent is not None and name_key(parent.name) != name_key(record.name):
                bundle.rels.append(RelRecord(RelType.SUBUNIT_OF, record.ref, parent.ref, {"basis": basis},
                                             record.source))
                break
    if groups_file is not None:
        bundle.nodes.append(groups_source())
        _group_rows(read_csv(groups_file), index, bundle)
    return bundle


def _group_rows(rows: Iterable[RawRow], index: _Index, bundle: Bundle) -> None:
    parents: dict[str, set[str]] = {}
    for row in rows:
        entity, group = row.get("entity"), row.get("group")
        child = index.find(entity, row.get("entity_city"))
        parent = index.find(group)
        problem = (("entity", f"'{entity}' names no organisation of this load") if child is None
                   else ("group", f"'{group}' names no organisation of this load") if parent is None
                   else ("source_url", "missing; every row cites its source") if not row.get("source_url")
                   else ("group", "an organisation cannot be part of itself") if child.ref == parent.ref
                   else ("group", f"cycle: '{group}' is already part of '{entity}'")
                   if _reaches(parents, parent.ref, child.ref) else None)
        if problem:
            bundle.rejected.append(Rejection(row.file, row.line, *problem))
            continue
        parents.setdefault(child.ref, set()).add(parent.ref)
        bundle.rels.append(RelRecord(RelType.SUBUNIT_OF, child.ref, parent.ref, {
            "basis": "groups file: " + (row.get("relation") or "part of"), "source_url": row.get("source_url")},
            GROUPS_SOURCE, origin=f"{row.file}:{row.line}"))


def _reaches(parents: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether ``goal`` is ``start`` or one of its ancestors."""
    todo, seen = [start], set()
    while todo:
        ref = todo.pop()
        if ref == goal:
            return True
        if ref not in seen:
            seen.add(ref)
            todo += parents.get(ref, ())
    return False
