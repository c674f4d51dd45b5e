"""The ecosystem workbook (docs/workbook.md): a folder of CSV files or one .xlsx with a sheet per
table. Every problem becomes a :class:`~loaders.records.Rejection` naming file, line and column.
Every row's provenance is the first row of ``sources`` (or a Source made for the workbook).

Organisation ids are local to the workbook (entity resolution gives the node id); cluster,
project, person and event ids are node ids, so a workbook can add to the demo's clusters by
using their ids (e.g. ``bw_ci_technologymountains``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from neo4j import Driver

from graph.schema import ENDPOINTS, NodeLabel, OrgKind, RelType

from .names import clean, infer_kind, slug
from .pipeline import InvalidRows, LoadReport, load_bundle
from .reading import (BadValue, BrokenEncoding, RawRow, UnreadableFile, parse_bool, parse_date, parse_number, read_csv,
                      read_xlsx, sniff_delimiter, split_list)
from .records import AliasRule, Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .regions import region_for

TABLES = ("sources", "organisations", "clusters", "fields", "projects", "people", "events", "memberships",
          "participations", "relations", "aliases")
REQUIRED = {
    "organisations": ("id", "name"), "clusters": ("id", "name"), "fields": ("id", "name"),
    "projects": ("id",), "people": ("id", "name"), "events": ("id", "name"),
    "memberships": ("organisation", "cluster"), "participations": ("organisation", "project"),
    "relations": ("from", "type", "to"), "aliases": ("name", "same_as"), "sources": ("id", "name"),
}
KINDS = ", ".join(k.value for k in OrgKind)
PARTNER_ROLES = ("supporter", "founder", "initiator", "contributor", "partner", "shareholder")
DECISIONS = ("merge", "keep_apart")


@dataclass
class _Workbook:
    """Ids seen per table (for references) and the bundle being built."""

    name: str
    bundle: Bundle = field(default_factory=Bundle)
    ids: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    source: str = ""

    def reject(self, row: RawRow, column: str, message: str) -> None:
        self.bundle.rejected.append(Rejection(row.file, row.line, column, message))


def read_workbook(path: Path) -> Bundle:
    """All records of a workbook folder or .xlsx file, with the rejected rows."""
    tables = _read_tables(path)
    book = _Workbook(path.stem)
    book.source = "src:workbook:" + slug(path.stem)
    readers: dict[str, Callable[[_Workbook, RawRow], None]] = {
        "sources": _source, "organisations": _organisation, "clusters": _cluster, "fields": _field,
        "projects": _project, "people": _person, "events": _event, "memberships": _membership,
        "participations": _participation, "relations": _relation, "aliases": _alias,
    }
    rows_by_table = {}
    for table in TABLES:
        rows, problem = tables.get(table, ([], None))
        if problem:
            book.bundle.rejected.append(problem)
        rows_by_table[table] = rows
        book.ids[table] = {}
        for row in rows:
            if table in ("organisations", "clusters", "fields", "projects", "people", "events", "sources"):
                _remember_id(book, table, row)
    if rows_by_table["sources"] and rows_by_table["sources"][0].get("id"):
        book.source = rows_by_table["sources"][0].get("id")
    else:
        book.bundle.nodes.append(NodeRecord(NodeLabel.SOURCE, book.source, {
            "name": f"Ecosystem workbook '{path.name}'", "licence": "as stated by the workbook's author",
            "retrieved": None, "url": None, "attribution": None}, book.source))
    for table in TABLES:
        for row in rows_by_table[table]:
            if _has_required(book, table, row):
                try:
                    readers[table](book, row)
                except BadValue as exc:
                    book.reject(row, exc.args[1] if len(exc.args) > 1 else "", exc.args[0])
    return book.bundle


def load_workbook(driver: Driver, database: str, path: Path, *, skip_invalid: bool = False,
                  progress: bool = False, report_dir: Path | None = None) -> LoadReport:
    """Read, check, resolve and write a workbook (all-or-nothing unless ``skip_invalid``)."""
    return load_bundle(driver, database, read_workbook(path), source="workbook", skip_invalid=skip_invalid,
                       progress=progress, report_dir=report_dir)


def read_alias_rules(path: Path) -> list[AliasRule]:
    """The ``aliases`` table alone (used for the demo's curated rules)."""
    book = _Workbook(path.stem)
    for row in read_csv(path):
        if _has_required(book, "aliases", row):
            _alias(book, row)
    if book.bundle.rejected:
        raise InvalidRows(book.bundle.rejected)
    return book.bundle.rules


def _read_tables(path: Path) -> dict[str, tuple[list[RawRow], Rejection | None]]:
    if not path.exists():
        raise UnreadableFile(f"{path}: no such workbook (expected a folder of CSV files or an .xlsx file)")
    if path.suffix.casefold() == ".xlsx":
        return {name.casefold(): (rows, None) for name, (_, rows) in read_xlsx(path).items()
                if name.casefold() in TABLES}
    tables = {}
    for table in TABLES:
        candidates = [p for p in sorted(path.iterdir()) if p.name.casefold() in (table + ".csv", table + ".csv.gz")]
        if not candidates:
            continue
        try:
            tables[table] = (read_csv(candidates[0]), None)
        except BrokenEncoding as exc:
            header = csv_header_of_broken(candidates[0])
            column = header[exc.column_index] if exc.column_index < len(header) else ""
            tables[table] = ([], Rejection(exc.file, exc.line, column, exc.detail))
    if not tables:
        raise UnreadableFile(f"{path}: no workbook tables found (expected e.g. organisations.csv, clusters.csv)")
    return tables


def csv_header_of_broken(path: Path) -> list[str]:
    """The header of a file whose body is not UTF-8 (the header itself usually is)."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    return [h.strip() for h in first.split(sniff_delimiter(first))]


def _remember_id(book: _Workbook, table: str, row: RawRow) -> None:
    value = row.get("id")
    if value and value in book.ids[table]:
        first = book.ids[table][value][1]
        book.reject(row, "id", f"duplicate id '{value}'; the id is already used on line {first}")
    elif value:
        book.ids[table][value] = (value, row.line)


def _has_required(book: _Workbook, table: str, row: RawRow) -> bool:
    for column in REQUIRED[table]:
        if not row.get(column):
            book.reject(row, column, f"missing value; expected a non-empty '{column}'")
            return False
    return True


def _parse(column: str, parse, text: str):
    try:
        return parse(text)
    except BadValue as exc:
        raise BadValue(str(exc), column) from exc


def _source(book: _Workbook, row: RawRow) -> None:
    book.bundle.nodes.append(NodeRecord(NodeLabel.SOURCE, row.get("id"), {
        "name": row.get("name"), "licence": row.get("licence") or None, "url": row.get("url") or None,
        "retrieved": _parse("retrieved", parse_date, row.get("retrieved")),
        "attribution": row.get("attribution") or None}, row.get("id")))


def _kind(row: RawRow, name: str) -> tuple[OrgKind, bool]:
    text = row.get("kind")
    if not text:
        return infer_kind(name), True
    by_name = {k.value.casefold(): k for k in OrgKind}
    if text.casefold() not in by_name:
        raise BadValue(f"unknown type '{text}'; expected one of {KINDS}", "kind")
    return by_name[text.casefold()], False


def _organisation(book: _Workbook, row: RawRow) -> None:
    name = clean(row.get("name"))
    kind, inferred = _kind(row, name)
    city, country = row.get("city") or None, (row.get("country") or "").upper() or None
    lat, lon = _parse("lat", parse_number, row.get("lat")), _parse("lon", parse_number, row.get("lon"))
    sme = _parse("sme", parse_bool, row.get("sme"))
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    ref = "wb:" + row.get("id")
    book.bundle.orgs.append(OrgRecord(
        ref=ref, name=name, source=book.source, origin=f"{row.file}:{row.line}", kind=kind, kind_inferred=inferred,
        pic=row.get("pic") or None, ror=row.get("ror") or None, city=city, country=country,
        region=region_for(city, country) if city or country else None, sme=sme, lat=lat, lon=lon,
        website=row.get("website") or None, as_of=as_of, aliases=tuple(split_list(row.get("aliases")))))
    for field_ref in split_list(row.get("fields")):
        book.bundle.rels.append(RelRecord(RelType.WORKS_ON, ref, _field_node(book, row, field_ref), source=book.source))


def _field_node(book: _Workbook, row: RawRow, ref: str) -> str:
    if ref not in book.ids["fields"]:
        raise BadValue(f"unknown field '{ref}'; expected an id from fields", "fields")
    return _field_id(book, ref)


def _field_id(book: _Workbook, ref: str) -> str:
    return book.ids["fields"][ref][0] if book.ids["fields"][ref][0].startswith("field:") else "field:" + slug(ref)


def _cluster(book: _Workbook, row: RawRow) -> None:
    city = row.get("city") or None
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    region = region_for(city, "DE") if city else None
    book.bundle.nodes.append(NodeRecord(NodeLabel.CLUSTER, row.get("id"), {
        "name": clean(row.get("name")), "actor_type": row.get("actor_type") or None, "label": row.get("label") or None,
        "city": city, "website": row.get("website") or None, "region": region}, book.source, as_of))
    if region:
        book.bundle.rels.append(RelRecord(RelType.CLUSTER_LOCATED_IN, row.get("id"), region, source=book.source))
    for field_ref in split_list(row.get("fields")):
        book.bundle.rels.append(RelRecord(RelType.FOCUSES_ON, row.get("id"), _field_node(book, row, field_ref),
                                          source=book.source))


def _field(book: _Workbook, row: RawRow) -> None:
    node_id = _field_id(book, row.get("id"))
    book.bundle.nodes.append(NodeRecord(NodeLabel.FIELD, node_id, {
        "name": clean(row.get("name")), "name_en": clean(row.get("name")), "name_de": row.get("name_de") or None,
        "scheme": row.get("scheme") or "workbook"}, book.source))
    broader = row.get("broader")
    if broader:
        if broader == row.get("id"):
            raise BadValue(f"field '{broader}' cannot be broader than itself; expected another field's id", "broader")
        if broader not in book.ids["fields"]:
            raise BadValue(f"unknown field '{broader}'; expected an id from fields", "broader")
        book.bundle.rels.append(RelRecord(RelType.BROADER, node_id, _field_id(book, broader), source=book.source))


def _project(book: _Workbook, row: RawRow) -> None:
    start = _parse("start_date", parse_date, row.get("start_date"))
    end = _parse("end_date", parse_date, row.get("end_date"))
    book.bundle.nodes.append(NodeRecord(NodeLabel.PROJECT, row.get("id"), {
        "acronym": row.get("acronym") or None, "title": row.get("title") or None,
        "programme": row.get("programme") or None, "start_date": start, "end_date": end,
        "start_year": int(start[:4]) if start else None, "end_year": int(end[:4]) if end else None,
        "ec_contribution": _parse("ec_contribution", parse_number, row.get("ec_contribution"))},
        book.source, start[:4] if start else None))


def _person(book: _Workbook, row: RawRow) -> None:
    book.bundle.nodes.append(NodeRecord(NodeLabel.PERSON, row.get("id"), {
        "name": clean(row.get("name")), "title": row.get("title") or None, "role": row.get("role") or None},
        book.source))


def _event(book: _Workbook, row: RawRow) -> None:
    date = _parse("date", parse_date, row.get("date"))
    book.bundle.nodes.append(NodeRecord(NodeLabel.EVENT, row.get("id"), {
        "name": clean(row.get("name")), "date": date, "place": row.get("place") or None}, book.source, date))
    for topic in split_list(row.get("topics")):
        book.bundle.nodes.append(NodeRecord(NodeLabel.TOPIC, "topic:" + slug(topic), {"name": topic}, book.source))
        book.bundle.rels.append(RelRecord(RelType.ADDRESSES, row.get("id"), "topic:" + slug(topic), source=book.source))


def _org_ref(book: _Workbook, column: str, value: str) -> str:
    if value not in book.ids["organisations"]:
        raise BadValue(f"unknown organisation '{value}'; expected an id from organisations", column)
    return "wb:" + value


def _membership(book: _Workbook, row: RawRow) -> None:
    org = _org_ref(book, "organisation", row.get("organisation"))
    cluster = row.get("cluster")
    if cluster not in book.ids["clusters"]:
        raise BadValue(f"unknown cluster '{cluster}'; expected an id from clusters", "cluster")
    role = (row.get("role") or "member").casefold()
    if role not in ("member", *PARTNER_ROLES):
        raise BadValue(f"unknown role '{row.get('role')}'; expected member or one of {', '.join(PARTNER_ROLES)}",
                       "role")
    since = _parse("since", parse_date, row.get("since"))
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    if role == "member":
        book.bundle.rels.append(RelRecord(RelType.MEMBER_OF, org, cluster, {"since": since}, book.source, as_of))
    else:
        book.bundle.rels.append(RelRecord(RelType.PARTNER_OF, org, cluster, {"role": role, "since": since},
                                          book.source, as_of))


def _participation(book: _Workbook, row: RawRow) -> None:
    org = _org_ref(book, "organisation", row.get("organisation"))
    project = row.get("project")
    if project not in book.ids["projects"]:
        raise BadValue(f"unknown project '{project}'; expected an id from projects", "project")
    book.bundle.rels.append(RelRecord(RelType.PARTICIPATES_IN, org, project, {
        "role": (row.get("role") or "participant").casefold(),
        "contribution": _parse("contribution", parse_number, row.get("contribution"))}, book.source))


_LABEL_TABLE = {NodeLabel.ORGANISATION: "organisations", NodeLabel.CLUSTER: "clusters", NodeLabel.FIELD: "fields",
                NodeLabel.PROJECT: "projects", NodeLabel.PERSON: "people", NodeLabel.EVENT: "events"}


def _relation(book: _Workbook, row: RawRow) -> None:
    text = row.get("type").upper()
    try:
        rel_type = RelType(text)
    except ValueError as exc:
        raise BadValue(f"unknown type '{row.get('type')}'; expected one of "
                       f"{', '.join(t.value for t in RelType)}", "type") from exc
    ends = []
    for column, label in zip(("from", "to"), ENDPOINTS[rel_type]):
        value = row.get(column)
        table = _LABEL_TABLE.get(label)
        if table is None or value not in book.ids[table]:
            raise BadValue(f"unknown {label.value} '{value}'; {rel_type.value} goes from "
                           f"{ENDPOINTS[rel_type][0].value} to {ENDPOINTS[rel_type][1].value}, expected an id "
                           f"from {table or 'the graph'}", column)
        ends.append("wb:" + value if label is NodeLabel.ORGANISATION else
                    _field_id(book, value) if label is NodeLabel.FIELD else value)
    if ends[0] == ends[1]:
        raise BadValue(f"'{row.get('from')}' cannot have {rel_type.value} with itself; expected two different ids", "to")
    props = {"role": row.get("role") or None, "since": _parse("since", parse_date, row.get("since"))}
    book.bundle.rels.append(RelRecord(rel_type, ends[0], ends[1], props, book.source,
                                      _parse("as_of", parse_date, row.get("as_of"))))


def _alias(book: _Workbook, row: RawRow) -> None:
    decision = (row.get("decision") or "merge").casefold()
    if decision not in DECISIONS:
        raise BadValue(f"unknown decision '{row.get('decision')}'; expected merge or keep_apart", "decision")
    book.bundle.rules.append(AliasRule(row.get("name"), row.get("same_as"), decision,
                                       row.get("reason") or "user alias file", f"{row.file}:{row.line}"))
