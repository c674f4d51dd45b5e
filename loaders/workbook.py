"""The ecosystem workbook (docs/workbook.md): a folder of CSV files or one .xlsx with a sheet per
table. Every problem becomes a :class:`~loaders.records.Rejection` naming file, line and column.
Every row's provenance is the first row of ``sources`` (or a Source made for the workbook).

Organisation ids are local to the workbook (entity resolution gives the node id); cluster,
project, person and event ids are node ids, so a workbook can add to the demo's clusters by
using their ids (e.g. ``bw_ci_technologymountains``).

CSV tables are streamed, never held whole: :class:`Workbook` first reads the tables that define
ids (keeping only each id and its line, for references, duplicates and cycles of ``broader``),
then gives its records table by table, as often as a load asks (see loaders/pipeline.py). An
.xlsx is read into memory once (a sheet holds at most 1,048,576 rows).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from neo4j import Driver

from graph.schema import ENDPOINTS, NodeLabel, OrgKind, RelType

from .names import clean, infer_kind, slug
from .pipeline import BATCH, InvalidRows, LoadReport, load_records
from .reading import (BadValue, BrokenEncoding, RawRow, UnreadableFile, csv_header, iter_csv, parse_bool, parse_date,
                      parse_founded, parse_number, read_xlsx, sniff_delimiter, split_list)
from .records import AliasRule, Bundle, NodeRecord, OrgRecord, Record, Rejection, RelRecord
from .places import place
from .regions import region_for

TABLES = ("sources", "organisations", "clusters", "fields", "projects", "people", "events", "memberships",
          "participations", "relations", "aliases")
ID_TABLES = ("sources", "organisations", "clusters", "fields", "projects", "people", "events")
REQUIRED = {
    "organisations": ("id", "name"), "clusters": ("id", "name"), "fields": ("id", "name"),
    "projects": ("id",), "people": ("id", "name"), "events": ("id", "name"),
    "memberships": ("organisation", "cluster"), "participations": ("organisation", "project"),
    "relations": ("from", "type", "to"), "aliases": ("name", "same_as"), "sources": ("id", "name"),
}
KINDS = ", ".join(k.value for k in OrgKind)
PARTNER_ROLES = ("supporter", "founder", "initiator", "contributor", "partner", "shareholder")
DECISIONS = ("merge", "keep_apart")


class Workbook:
    """A workbook folder or .xlsx as a record source: ``records()`` reads every table again.

    Rejections are collected the first time a table is read through. Table-level problems
    (broken encoding, duplicate ids) come first in table order, then rejected rows in file order.
    A table with broken encoding is refused as a whole, and so are rows that point at its ids. A row
    whose id came before is rejected and yields nothing; so are rows of the later tables (memberships,
    participations, relations) that point at a rejected row, naming it, and organisations, clusters and
    fields whose fields point at a rejected fields row. A rejected row yields none of its records.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = "src:workbook:" + slug(path.stem)
        self.ids: dict[str, dict[str, int]] = {table: {} for table in ID_TABLES}  # id → line of first use
        self.repeated: dict[str, set[int]] = {table: set() for table in ID_TABLES}  # lines of a duplicate id
        self.refused: dict[str, dict[str, int]] = {table: {} for table in ID_TABLES}  # id → line, row rejected
        self.cycles: dict[str, str] = {}  # field id → the cycle of ``broader`` it is part of
        self.broken: set[str] = set()
        self._rows, self._files = _tables(path)
        self._problems: list[tuple[int, Rejection]] = []
        self._rejected_rows: list[Rejection] = []
        self._checked: set[str] = set()
        self._own_source = True
        self._remember_ids()

    @property
    def rejected(self) -> list[Rejection]:
        problems = [r for _, r in sorted(self._problems, key=lambda pair: pair[0])]
        return problems + self._rejected_rows

    def records(self) -> Iterator[Record]:
        """Every valid record, table by table (rejections are noted on the first read)."""
        if self._own_source:
            yield NodeRecord(NodeLabel.SOURCE, self.source, {
                "name": f"Ecosystem workbook '{self.path.name}'", "licence": "as stated by the workbook's author",
                "retrieved": None, "url": None, "attribution": None}, self.source)
        for table in TABLES:
            yield from self.table_records(table)

    def table_records(self, table: str) -> Iterator[Record]:
        if table in self.broken or table not in self._rows:
            return
        rejected: list[Rejection] = []
        try:
            yield from _table_rows(self, table, self._rows[table](), rejected)
        except BrokenEncoding as exc:
            self._refuse(table, exc)
            return
        if table not in self._checked:
            self._checked.add(table)
            self._rejected_rows += rejected

    def _remember_ids(self) -> None:
        """The first pass: ids (with their lines), duplicate ids, the workbook's source, field cycles."""
        broader: dict[str, str] = {}
        for table in ID_TABLES:
            if table not in self._rows:
                continue
            ids, duplicates = self.ids[table], []
            try:
                for number, row in enumerate(self._rows[table]()):
                    value = row.get("id")
                    if table == "sources" and number == 0 and value:
                        self.source, self._own_source = value, False
                    if value and value in ids:
                        self.repeated[table].add(row.line)
                        duplicates.append(Rejection(row.file, row.line, "id", f"duplicate id '{value}'; "
                                                    f"the id is already used on line {ids[value]}"))
                    elif value:
                        ids[value] = row.line
                        if table == "fields" and row.get("broader"):
                            broader[value] = row.get("broader")
            except BrokenEncoding as exc:
                ids.clear()
                self._refuse(table, exc)
                continue
            self._problems += [(TABLES.index(table), d) for d in duplicates]
        if "fields" in self.broken:
            broader.clear()
        self.cycles = field_cycles(broader)
        self._refuse_fields()

    def _refuse_fields(self) -> None:
        """Which fields rows are rejected, before any table is read: organisations and clusters, read
        earlier, point at fields, and a field at its broader one. Repeated until no new row is rejected,
        since a field whose broader field is rejected is rejected too."""
        if "fields" in self.broken or "fields" not in self._rows:
            return
        refused = self.refused["fields"]
        while True:
            before = len(refused)
            for _ in _table_rows(self, "fields", self._rows["fields"](), []):
                pass
            if len(refused) == before:
                return

    def _refuse(self, table: str, exc: BrokenEncoding) -> None:
        if table in self.broken:
            return
        self.broken.add(table)
        header = csv_header_of_broken(self._files[table])
        column = header[exc.column_index] if exc.column_index < len(header) else ""
        self._problems.append((TABLES.index(table), Rejection(exc.file, exc.line, column, exc.detail)))


def field_cycles(broader: dict[str, str]) -> dict[str, str]:
    """Every field on a cycle of ``broader`` (f1 → f2 → f1), with the cycle as text.

    A field broader than itself is left to its own, clearer message.
    """
    cycles: dict[str, str] = {}
    done: set[str] = set()
    for start in broader:
        path: list[str] = []
        node = start
        while node in broader and node not in done and node not in path:
            path.append(node)
            node = broader[node]
        if node in path and broader[node] != node:
            cycle = path[path.index(node):]
            for member in cycle:
                at = cycle.index(member)
                cycles[member] = " → ".join([*cycle[at:], *cycle[:at], member])
        done.update(path)
    return cycles


def _tables(path: Path) -> tuple[dict[str, Callable[[], Iterable[RawRow]]], dict[str, Path]]:
    """Table name → a function that reads its rows (again), and the CSV file of each table."""
    if not path.exists():
        raise UnreadableFile(f"{path}: no such workbook (expected a folder of CSV files or an .xlsx file)")
    if path.suffix.casefold() == ".xlsx":
        sheets = {name.casefold(): rows for name, (_, rows) in read_xlsx(path).items() if name.casefold() in TABLES}
        return {name: (lambda rows=rows: rows) for name, rows in sheets.items()}, {}
    if path.is_file():
        return _single_table(path)
    files = {}
    for table in TABLES:
        candidates = [p for p in sorted(path.iterdir()) if p.name.casefold() in (table + ".csv", table + ".csv.gz")]
        if candidates:
            files[table] = candidates[0]
    if not files:
        raise UnreadableFile(f"{path}: no workbook tables found (expected e.g. organisations.csv, clusters.csv)")
    return {table: (lambda file=file: iter_csv(file)) for table, file in files.items()}, files


def _single_table(path: Path) -> tuple[dict[str, Callable[[], Iterable[RawRow]]], dict[str, Path]]:
    """One CSV file is taken for the organisations table, the one table a user is likely to have alone."""
    if not path.name.casefold().endswith((".csv", ".csv.gz")):
        raise UnreadableFile(f"{path}: a file where a workbook is expected; pass a folder of CSV files "
                             "(organisations.csv, clusters.csv, …), one .xlsx, or one organisations CSV")
    header = csv_header(path)
    missing = [c for c in REQUIRED["organisations"] if c not in header]
    if missing:
        raise UnreadableFile(f"{path}: a single CSV is read as the workbook's organisations table, which needs the "
                             f"columns {', '.join(REQUIRED['organisations'])}; found {', '.join(header) or 'none'} "
                             "(pass the workbook folder instead, or a CORDIS table to 'innograph load cordis')")
    return {"organisations": lambda: iter_csv(path)}, {"organisations": path}


def read_workbook(path: Path) -> Bundle:
    """All records of a workbook folder or .xlsx file, with the rejected rows, in memory."""
    book = Workbook(path)
    bundle = Bundle()
    for record in book.records():
        bundle.add(record)
    bundle.rejected = book.rejected
    return bundle


def load_workbook(driver: Driver, database: str, path: Path, *, skip_invalid: bool = False,
                  progress: bool = False, report_dir: Path | None = None, batch_size: int = BATCH) -> LoadReport:
    """Check, resolve and write a workbook, streaming its tables (all-or-nothing unless ``skip_invalid``)."""
    return load_records(driver, database, Workbook(path), source="workbook", batch_size=batch_size,
                        skip_invalid=skip_invalid, progress=progress, report_dir=report_dir)


def read_alias_rules(path: Path) -> list[AliasRule]:
    """The ``aliases`` table alone (used for the demo's curated rules)."""
    rejected: list[Rejection] = []
    rules = list(_table_rows(None, "aliases", iter_csv(path), rejected))
    if rejected:
        raise InvalidRows(rejected)
    return rules


def csv_header_of_broken(path: Path) -> list[str]:
    """The header of a file whose body is not UTF-8 (the header itself usually is)."""
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8-sig", "replace")
    return [h.strip() for h in first.split(sniff_delimiter(first))]


def _table_rows(book: Workbook | None, table: str, rows: Iterable[RawRow],
                rejected: list[Rejection]) -> Iterator[Record]:
    """The records of a table's rows; a row with a missing or bad value goes to ``rejected`` instead
    (and, in a table of ids, into ``book.refused``); a row whose id came before (rejected already) is skipped."""
    refused = book.refused.get(table) if book is not None else None
    for row in rows:
        if refused is not None and row.line in book.repeated[table]:
            continue
        problem = _missing(table, row)
        if problem is None:
            try:
                records = list(READERS[table](book, row))  # all of a row or none: a later bad value rejects it whole
            except BadValue as exc:
                problem = _rejection(row, exc)
            else:
                yield from records
                continue
        rejected.append(problem)
        if refused is not None and row.get("id"):
            refused[row.get("id")] = row.line


def _missing(table: str, row: RawRow) -> Rejection | None:
    for column in REQUIRED[table]:
        if not row.get(column):
            return Rejection(row.file, row.line, column, f"missing value; expected a non-empty '{column}'")
    return None


def _rejection(row: RawRow, exc: BadValue) -> Rejection:
    return Rejection(row.file, row.line, exc.args[1] if len(exc.args) > 1 else "", exc.args[0])


def _parse(column: str, parse, text: str):
    try:
        return parse(text)
    except BadValue as exc:
        raise BadValue(str(exc), column) from exc


def _source(book: Workbook, row: RawRow) -> Iterator[Record]:
    yield NodeRecord(NodeLabel.SOURCE, row.get("id"), {
        "name": row.get("name"), "licence": row.get("licence") or None, "url": row.get("url") or None,
        "retrieved": _parse("retrieved", parse_date, row.get("retrieved")),
        "attribution": row.get("attribution") or None}, row.get("id"))


def _kind(row: RawRow, name: str) -> tuple[OrgKind, bool]:
    text = row.get("kind")
    if not text:
        return infer_kind(name), True
    by_name = {k.value.casefold(): k for k in OrgKind}
    if text.casefold() not in by_name:
        raise BadValue(f"unknown type '{text}'; expected one of {KINDS}", "kind")
    return by_name[text.casefold()], False


def _organisation(book: Workbook, row: RawRow) -> Iterator[Record]:
    name = clean(row.get("name"))
    kind, inferred = _kind(row, name)
    city, country = row.get("city") or None, (row.get("country") or "").upper() or None
    lat, lon = _parse("lat", parse_number, row.get("lat")), _parse("lon", parse_number, row.get("lon"))
    sme = _parse("sme", parse_bool, row.get("sme"))
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    founded = _parse("founded", parse_founded, row.get("founded"))
    ref = "wb:" + row.get("id")
    yield place(OrgRecord(
        ref=ref, name=name, source=book.source, origin=f"{row.file}:{row.line}", kind=kind, kind_inferred=inferred,
        pic=row.get("pic") or None, ror=row.get("ror") or None, city=city, country=country,
        region=region_for(city, country) if city or country else None, sme=sme, lat=lat, lon=lon,
        website=row.get("website") or None, as_of=as_of, founded=founded,
        aliases=tuple(split_list(row.get("aliases")))))
    for field_ref in split_list(row.get("fields")):
        yield RelRecord(RelType.WORKS_ON, ref, _field_node(book, row, field_ref), source=book.source)


def _field_node(book: Workbook, row: RawRow, ref: str) -> str:
    _check_ref(book, "fields", "field", "fields", ref)
    return _field_id(ref)


def _field_id(ref: str) -> str:
    return ref if ref.startswith("field:") else "field:" + slug(ref)


def _cluster(book: Workbook, row: RawRow) -> Iterator[Record]:
    city = row.get("city") or None
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    region = region_for(city, "DE") if city else None
    yield NodeRecord(NodeLabel.CLUSTER, row.get("id"), {
        "name": clean(row.get("name")), "actor_type": row.get("actor_type") or None, "label": row.get("label") or None,
        "city": city, "website": row.get("website") or None, "region": region}, book.source, as_of)
    if region:
        yield RelRecord(RelType.CLUSTER_LOCATED_IN, row.get("id"), region, source=book.source)
    for field_ref in split_list(row.get("fields")):
        yield RelRecord(RelType.FOCUSES_ON, row.get("id"), _field_node(book, row, field_ref),
                                          source=book.source)


def _field(book: Workbook, row: RawRow) -> Iterator[Record]:
    node_id = _field_id(row.get("id"))
    yield NodeRecord(NodeLabel.FIELD, node_id, {
        "name": clean(row.get("name")), "name_en": clean(row.get("name")), "name_de": row.get("name_de") or None,
        "scheme": row.get("scheme") or "workbook"}, book.source)
    broader = row.get("broader")
    if broader:
        if broader == row.get("id"):
            raise BadValue(f"field '{broader}' cannot be broader than itself; expected another field's id", "broader")
        if row.get("id") in book.cycles and book.ids["fields"].get(row.get("id")) == row.line:
            raise BadValue(f"fields cannot be broader than themselves through others ({book.cycles[row.get('id')]}); "
                           "expected a hierarchy without cycles", "broader")
        _check_ref(book, "fields", "field", "broader", broader)
        yield RelRecord(RelType.BROADER, node_id, _field_id(broader), source=book.source)


def _project(book: Workbook, row: RawRow) -> Iterator[Record]:
    start = _parse("start_date", parse_date, row.get("start_date"))
    end = _parse("end_date", parse_date, row.get("end_date"))
    yield NodeRecord(NodeLabel.PROJECT, row.get("id"), {
        "acronym": row.get("acronym") or None, "title": row.get("title") or None,
        "programme": row.get("programme") or None, "start_date": start, "end_date": end,
        "start_year": int(start[:4]) if start else None, "end_year": int(end[:4]) if end else None,
        "ec_contribution": _parse("ec_contribution", parse_number, row.get("ec_contribution"))},
        book.source, start[:4] if start else None)


def _person(book: Workbook, row: RawRow) -> Iterator[Record]:
    yield NodeRecord(NodeLabel.PERSON, row.get("id"), {
        "name": clean(row.get("name")), "title": row.get("title") or None, "role": row.get("role") or None},
        book.source)


def _event(book: Workbook, row: RawRow) -> Iterator[Record]:
    date = _parse("date", parse_date, row.get("date"))
    yield NodeRecord(NodeLabel.EVENT, row.get("id"), {
        "name": clean(row.get("name")), "date": date, "place": row.get("place") or None}, book.source, date)
    for topic in split_list(row.get("topics")):
        yield NodeRecord(NodeLabel.TOPIC, "topic:" + slug(topic), {"name": topic}, book.source)
        yield RelRecord(RelType.ADDRESSES, row.get("id"), "topic:" + slug(topic), source=book.source)


def _org_ref(book: Workbook, column: str, value: str) -> str:
    _check_ref(book, "organisations", "organisation", column, value)
    return "wb:" + value


def _check_ref(book: Workbook, table: str, what: str, column: str, value: str) -> None:
    """``value`` is the id of a row of ``table`` that loads."""
    _not_rejected(book, table, what, column, value)
    if value not in book.ids[table]:
        raise BadValue(f"unknown {what} '{value}'; expected an id from {table}", column)


def _not_rejected(book: Workbook, table: str, what: str, column: str, value: str) -> None:
    """Memberships, participations and relations come after every table of ids, so a rejected row is known by then;
    rejected fields rows are known from the first pass (:meth:`Workbook._refuse_fields`)."""
    if value in book.refused[table]:
        raise BadValue(f"{what} '{value}' is rejected itself (line {book.refused[table][value]} of {table}); "
                       "expected an id whose row loads", column)


def _membership(book: Workbook, row: RawRow) -> Iterator[Record]:
    org = _org_ref(book, "organisation", row.get("organisation"))
    cluster = row.get("cluster")
    _check_ref(book, "clusters", "cluster", "cluster", cluster)
    role = (row.get("role") or "member").casefold()
    if role not in ("member", *PARTNER_ROLES):
        raise BadValue(f"unknown role '{row.get('role')}'; expected member or one of {', '.join(PARTNER_ROLES)}",
                       "role")
    since = _parse("since", parse_date, row.get("since"))
    as_of = _parse("as_of", parse_date, row.get("as_of"))
    if role == "member":
        yield RelRecord(RelType.MEMBER_OF, org, cluster, {"since": since}, book.source, as_of)
    else:
        yield RelRecord(RelType.PARTNER_OF, org, cluster, {"role": role, "since": since},
                                          book.source, as_of)


def _participation(book: Workbook, row: RawRow) -> Iterator[Record]:
    org = _org_ref(book, "organisation", row.get("organisation"))
    project = row.get("project")
    _check_ref(book, "projects", "project", "project", project)
    yield RelRecord(RelType.PARTICIPATES_IN, org, project, {
        "role": (row.get("role") or "participant").casefold(),
        "contribution": _parse("contribution", parse_number, row.get("contribution"))}, book.source)


_LABEL_TABLE = {NodeLabel.ORGANISATION: "organisations", NodeLabel.CLUSTER: "clusters", NodeLabel.FIELD: "fields",
                NodeLabel.PROJECT: "projects", NodeLabel.PERSON: "people", NodeLabel.EVENT: "events"}


def _relation(book: Workbook, row: RawRow) -> Iterator[Record]:
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
        if table is not None:
            _not_rejected(book, table, label.value, column, value)
        if table is None or value not in book.ids[table]:
            raise BadValue(f"unknown {label.value} '{value}'; {rel_type.value} goes from "
                           f"{ENDPOINTS[rel_type][0].value} to {ENDPOINTS[rel_type][1].value}, expected an id "
                           f"from {table or 'the graph'}", column)
        ends.append("wb:" + value if label is NodeLabel.ORGANISATION else
                    _field_id(value) if label is NodeLabel.FIELD else value)
    if ends[0] == ends[1]:
        raise BadValue(f"'{row.get('from')}' cannot have {rel_type.value} with itself; expected two different ids", "to")
    props = {"role": row.get("role") or None, "since": _parse("since", parse_date, row.get("since"))}
    yield RelRecord(rel_type, ends[0], ends[1], props, book.source,
                                      _parse("as_of", parse_date, row.get("as_of")))


def _alias(book: Workbook | None, row: RawRow) -> Iterator[Record]:
    decision = (row.get("decision") or "merge").casefold()
    if decision not in DECISIONS:
        raise BadValue(f"unknown decision '{row.get('decision')}'; expected merge or keep_apart", "decision")
    yield AliasRule(row.get("name"), row.get("same_as"), decision,
                                       row.get("reason") or "user alias file", f"{row.file}:{row.line}")


READERS: dict[str, Callable[[Workbook, RawRow], Iterator[Record]]] = {
    "sources": _source, "organisations": _organisation, "clusters": _cluster, "fields": _field,
    "projects": _project, "people": _person, "events": _event, "memberships": _membership,
    "participations": _participation, "relations": _relation, "aliases": _alias,
}
