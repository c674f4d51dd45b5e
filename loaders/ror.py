"""ROR (Research Organization Registry) records: the JSON of schema v1 or v2 (JSON Lines, a JSON
array, optionally gzipped) or the flat CSV (``id, name, labels, aliases, acronyms, types, …,
relationships``). ROR types map to kinds; labels and aliases are other names of the same
organisation (used for matching); ``parent`` relationships become ``SUBUNIT_OF``.
"""

from __future__ import annotations

from pathlib import Path

from graph.schema import NodeLabel, OrgKind, RelType

from .names import clean
from .reading import BadValue, RawRow, parse_number, read_csv, read_json_records, split_list
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .places import place
from .regions import region_for

SOURCE_ID = "src:ror"
TYPE_KINDS = (("education", OrgKind.UNIVERSITY), ("facility", OrgKind.RESEARCH_INSTITUTE),
              ("company", OrgKind.FIRM), ("government", OrgKind.PUBLIC_BODY), ("healthcare", OrgKind.OTHER),
              ("nonprofit", OrgKind.OTHER), ("funder", OrgKind.OTHER), ("archive", OrgKind.OTHER),
              ("other", OrgKind.OTHER))


def ror_source(retrieved: str = "") -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, SOURCE_ID, {
        "name": "Research Organization Registry (ROR)", "licence": "CC0 1.0", "url": "https://ror.org/",
        "retrieved": retrieved or None, "attribution": "Research Organization Registry (ROR), CC0"}, SOURCE_ID)


def kind_of(types: list[str]) -> OrgKind:
    """The kind of the highest-ranked ROR type (types are case-insensitive: v1 ``Education``, v2 ``education``)."""
    folded = {t.strip().casefold() for t in types}
    return next((kind for name, kind in TYPE_KINDS if name in folded), OrgKind.OTHER)


def read_ror(path: Path, *, retrieved: str = "") -> Bundle:
    """ROR records from a flat CSV or a JSON/JSONL(.gz) file; withdrawn records are left out."""
    rows = _flat_rows(path) if ".csv" in path.name.casefold() else _json_rows(path)
    bundle = Bundle(nodes=[ror_source(retrieved)])
    ids = {row["id"] for row, _ in rows}
    for row, raw in rows:
        if not row["id"] or not row["name"]:
            bundle.rejected.append(Rejection(raw.file, raw.line, "id" if not row["id"] else "name",
                                             "missing ROR id or name; expected both"))
            continue
        if row["status"].casefold() == "withdrawn":
            continue
        try:
            lat, lon = parse_number(row["lat"]), parse_number(row["lng"])
        except BadValue as exc:
            bundle.rejected.append(Rejection(raw.file, raw.line, "lat", str(exc)))
            continue
        ref = "ror:" + row["id"]
        bundle.orgs.append(place(OrgRecord(
            ref=ref, name=clean(row["name"]), source=SOURCE_ID, origin=f"{raw.file}:{raw.line}",
            kind=kind_of(row["types"]), ror=row["id"], city=row["city"] or None, country=row["country"] or None,
            region=region_for(row["city"], row["country"]), lat=lat, lon=lon, website=row["website"] or None,
            aliases=tuple(row["acronyms"]), match_names=tuple(row["labels"] + row["aliases"]),
            as_of=row["last_modified"] or None)))
        for relation in row["relationships"]:
            kind, _, target = relation.partition(":")
            if kind.casefold() == "parent" and target in ids:
                bundle.rels.append(RelRecord(RelType.SUBUNIT_OF, ref, "ror:" + target, {"basis": "ROR parent"},
                                             source=SOURCE_ID))
    return bundle


def _flat_rows(path: Path) -> list[tuple[dict, RawRow]]:
    rows = []
    for raw in read_csv(path):
        rows.append(({
            "id": raw.get("id"), "name": raw.get("name"), "status": raw.get("status"),
            "types": split_list(raw.get("types")), "labels": split_list(raw.get("labels")),
            "aliases": split_list(raw.get("aliases")), "acronyms": split_list(raw.get("acronyms")),
            "city": raw.get("city"), "country": raw.get("country_code"), "lat": raw.get("lat"), "lng": raw.get("lng"),
            "website": raw.get("website"), "relationships": split_list(raw.get("relationships")),
            "last_modified": raw.get("last_modified"),
        }, raw))
    return rows


def _json_rows(path: Path) -> list[tuple[dict, RawRow]]:
    return [(_from_json(record), RawRow(path.name, number, {}))
            for number, record in enumerate(read_json_records(path), start=1)]


def _from_json(record: dict) -> dict:
    """One ROR record (schema v1 ``addresses``/``country``, or v2 ``locations``/``names``) as flat fields."""
    if "locations" in record:
        names = record.get("names", [])
        display = next((n["value"] for n in names if "ror_display" in n.get("types", [])), "")
        geo = (record.get("locations") or [{}])[0].get("geonames_details", {})
        links = record.get("links", [])
        return {
            "id": record.get("id", ""), "name": display, "status": record.get("status", ""),
            "types": record.get("types", []),
            "labels": [n["value"] for n in names if "label" in n.get("types", []) and n["value"] != display],
            "aliases": [n["value"] for n in names if "alias" in n.get("types", [])],
            "acronyms": [n["value"] for n in names if "acronym" in n.get("types", [])],
            "city": geo.get("name", ""), "country": geo.get("country_code", ""),
            "lat": str(geo.get("lat", "")), "lng": str(geo.get("lng", "")),
            "website": next((l["value"] for l in links if l.get("type") == "website"), ""),
            "relationships": [f"{r['type']}:{r['id']}" for r in record.get("relationships", [])],
            "last_modified": (record.get("admin") or {}).get("last_modified", {}).get("date", ""),
        }
    address = (record.get("addresses") or [{}])[0]
    return {
        "id": record.get("id", ""), "name": record.get("name", ""), "status": record.get("status", ""),
        "types": record.get("types", []), "labels": [l["label"] for l in record.get("labels", [])],
        "aliases": record.get("aliases", []), "acronyms": record.get("acronyms", []),
        "city": address.get("city", ""), "country": (record.get("country") or {}).get("country_code", ""),
        "lat": str(address.get("lat") or ""), "lng": str(address.get("lng") or ""),
        "website": (record.get("links") or [""])[0],
        "relationships": [f"{r['type']}:{r['id']}" for r in record.get("relationships", [])],
        "last_modified": "",
    }
