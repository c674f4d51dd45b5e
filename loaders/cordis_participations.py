"""CORDIS participation tables as published for Germany and Baden-Württemberg in ../shared/data/cordis/h2020/
(zambujo/eunets columns: ``rcn, role, pic, type, contribution, country, start_date, end_date,
max_contribution, total_cost``; one row per project × organisation).

These tables carry no organisation names. Names, short names, kinds and cities are joined by PIC from
the organisation tables in the same folder: tables with ``organisationID, name`` (CORDIS export fields,
e.g. the hand-checked seeds) win over tables with ``orgId, name`` (the 2017 organisation table). A slice
that already carries ``org_name``/``org_city`` columns uses those first. An organisation without any
name is written as ``pic:<PIC>`` until a source gives its name (a real name beats an id-shaped one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.schema import NodeLabel, RelType

from .cordis import ACTIVITY_TYPES, cordis_source, find_tables, period, project_id, read_cordis, wrong_columns
from .names import clean
from .places import place
from .reading import BadValue, RawRow, UnreadableFile, csv_header, iter_csv, parse_date, parse_number
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .regions import region_for

COLUMNS = ("rcn", "role", "pic", "type")
PROGRAMME = "H2020"


@dataclass(frozen=True)
class Organisation:
    """What an organisation table says about one PIC."""

    name: str
    short_name: str
    kind_code: str
    city: str


def read_any_cordis(path: Path) -> Bundle:
    """``innograph load cordis PATH``: an export folder, one export table, or a participation table."""
    if path.is_dir():
        return read_cordis(path)
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file or folder")
    header = csv_header(path) if path.name.casefold().endswith((".csv", ".csv.gz")) else []
    if is_participation_table(header):
        return read_participations(path)
    if path in find_tables(path.parent).values():
        return read_cordis(path.parent, only=path)
    raise wrong_columns(path, header)


def is_participation_table(header: list[str]) -> bool:
    return all(column in header for column in COLUMNS)


def read_participations(path: Path) -> Bundle:
    """Projects, organisations and PARTICIPATES_IN from a participation table, names joined by PIC."""
    header = csv_header(path)
    if not is_participation_table(header):
        raise wrong_columns(path, header)
    names = organisation_names(path.parent)
    source = cordis_source(PROGRAMME, note=f"participation table {path.name}")
    bundle = Bundle(nodes=[source])
    seen_projects: set[str] = set()
    for row in iter_csv(path):
        pic, code = row.get("pic").removesuffix(".0"), row.get("type").upper()
        if not pic.isdigit() or not row.get("rcn"):
            bundle.rejected.append(Rejection(row.file, row.line, "pic" if not pic.isdigit() else "rcn",
                                             "missing or malformed PIC or project rcn"))
            continue
        if code and code not in ACTIVITY_TYPES:
            bundle.rejected.append(Rejection(row.file, row.line, "type", f"unknown type '{code}'; "
                                             "expected one of PRC, HES, REC, PUB, OTH"))
            continue
        try:
            start, end = parse_date(row.get("start_date")), parse_date(row.get("end_date"))
            contribution, maximum = parse_number(row.get("contribution")), parse_number(row.get("max_contribution"))
            total = parse_number(row.get("total_cost"))
        except BadValue as exc:
            bundle.rejected.append(Rejection(row.file, row.line, "", str(exc)))
            continue
        project = project_id(PROGRAMME, "", row.get("rcn").removesuffix(".0"))
        if project not in seen_projects:
            seen_projects.add(project)
            bundle.nodes.append(NodeRecord(NodeLabel.PROJECT, project, {
                "programme": PROGRAMME, "rcn": project.rsplit("rcn", 1)[-1], "start_date": start, "end_date": end,
                "start_year": int(start[:4]) if start else None, "end_year": int(end[:4]) if end else None,
                "period": period(PROGRAMME, start, end), "ec_contribution": maximum, "total_cost": total,
            }, source.id, start[:4] if start else None))
        ref = f"cordis:{PROGRAMME}:{pic}"
        bundle.orgs.append(_organisation(row, pic, code, names.get(pic), source.id))
        bundle.rels.append(RelRecord(RelType.PARTICIPATES_IN, ref, project,
                                     {"role": (row.get("role") or "participant").casefold(),
                                      "contribution": contribution}, source.id, origin=f"{row.file}:{row.line}"))
    return bundle


def _organisation(row: RawRow, pic: str, code: str, known: Organisation | None, source: str) -> OrgRecord:
    name = clean(row.get("org_name")) or (known.name if known else "") or f"pic:{pic}"
    short = clean(row.get("org_shortName")) or (known.short_name if known else "")
    city = clean(row.get("org_city")) or (known.city if known else "") or None
    code = code or (known.kind_code if known else "")
    country = row.get("country") or None
    return place(OrgRecord(
        ref=f"cordis:{PROGRAMME}:{pic}", name=name, source=source, origin=f"{row.file}:{row.line}",
        kind=ACTIVITY_TYPES.get(code), kind_inferred=False, pic=pic, city=city, country=country,
        region=region_for(city, country), aliases=tuple(a for a in (short,) if a and a != name)))


def organisation_names(folder: Path) -> dict[str, Organisation]:
    """PIC → name, short name, kind code and city from the organisation tables in ``folder``."""
    tables = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or not path.name.casefold().endswith((".csv", ".csv.gz")):
            continue
        header = csv_header(path)
        if "name" in header and ("organisationID" in header or "orgId" in header):
            tables.append((0 if "organisationID" in header else 1, path))
    found: dict[str, Organisation] = {}
    for _, path in sorted(tables):
        for row in iter_csv(path):
            pic = (row.get("organisationID") or row.get("orgId")).removesuffix(".0")
            if pic and row.get("name") and pic not in found:
                found[pic] = Organisation(clean(row.get("name")), clean(row.get("shortName")),
                                          row.get("activityType").upper(), clean(row.get("city")))
    return found
