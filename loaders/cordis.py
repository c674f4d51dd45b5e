"""CORDIS in its official export format: ``project``, ``organization`` and ``euroSciVoc`` tables as
``;``-separated CSV (optionally gzipped) or JSON (an array, or JSON Lines), with CORDIS field names.

An organisation row is one participation (project × PIC). ``activityType`` maps PRC → Firm (the
SME flag is kept), HES → University, REC → ResearchInstitute, PUB → PublicBody, OTH → Other;
without one, the kind is inferred from the name and marked ``kind_inferred``. A project is keyed
``cordis:<programme>:<projectID>``, or ``cordis:<programme>:rcn<rcn>`` when only the RCN is known.
"""

from __future__ import annotations

from pathlib import Path

from graph.schema import NodeLabel, OrgKind, RelType

from .names import clean, infer_kind, slug
from .reading import (BadValue, RawRow, UnreadableFile, csv_header, parse_bool, parse_date, parse_number, read_csv,
                      read_json_records)
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .places import place
from .regions import region_for

ACTIVITY_TYPES = {"PRC": OrgKind.FIRM, "HES": OrgKind.UNIVERSITY, "REC": OrgKind.RESEARCH_INSTITUTE,
                  "PUB": OrgKind.PUBLIC_BODY, "OTH": OrgKind.OTHER}
TABLES = ("project", "organization", "euroSciVoc")
FORMATS = ("a CORDIS export folder or table (organization: projectID, organisationID, name, activityType, …; "
           "project: id, acronym, …; ;-CSV or JSON)",
           "a CORDIS participation table (rcn, role, pic, type, contribution, country, start_date, end_date, …) "
           "with organisation tables (organisationID or orgId, name, city) beside it")
# Shown as a project's period when the source gives no dates (FP7 rows of the demo have none).
PROGRAMME_PERIODS = {"FP7": "2007–2013", "H2020": "2014–2020", "HORIZON": "2021–2027"}


def cordis_source(programme: str, *, retrieved: str = "", note: str = "") -> NodeRecord:
    source_id = "src:cordis-" + slug(programme)
    return NodeRecord(NodeLabel.SOURCE, source_id, {
        "name": f"CORDIS – EU research projects under {programme}" + (f" ({note})" if note else ""),
        "licence": "CC BY 4.0", "url": "https://cordis.europa.eu/", "retrieved": retrieved or None,
        "attribution": "© European Union, CORDIS (CC BY 4.0)"}, source_id)


def find_tables(folder: Path) -> dict[str, Path]:
    """The CORDIS tables in ``folder`` by name (``project.csv``, ``xx_organization.jsonl.gz``, …)."""
    found = {}
    for table in TABLES:
        for path in sorted(folder.iterdir()):
            stem = path.name.split(".")[0].casefold()
            if stem == table.casefold() or stem.endswith("_" + table.casefold()):
                found[table] = path
                break
    return found


def read_table(path: Path) -> list[RawRow]:
    """Rows of a CORDIS table in any of its formats; JSON values become text as in the CSV export."""
    if ".json" not in path.name.casefold():
        return read_csv(path)
    return [RawRow(path.name, number, {k: _text(v) for k, v in record.items()})
            for number, record in enumerate(read_json_records(path), start=1)]


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def wrong_columns(path: Path, header: list[str]) -> UnreadableFile:
    """The one-line error for a table in no format read here: what is read, and what was found."""
    return UnreadableFile(f"{path}: not a CORDIS table innograph reads; it reads {FORMATS[0]}, or {FORMATS[1]}; "
                          f"found the columns {', '.join(header) or '(none)'}")


def read_cordis(folder: Path, *, programme: str | None = None, source: NodeRecord | None = None,
                only: Path | None = None) -> Bundle:
    """Projects, organisations, participations and EuroSciVoc fields from a CORDIS export folder
    (or ``only`` one of its tables)."""
    tables = {t: p for t, p in find_tables(folder).items() if only is None or p == only}
    _check_columns(tables)
    if "organization" not in tables and "project" not in tables:
        raise UnreadableFile(f"{folder}: no CORDIS project or organization table (project.csv, organization.csv, "
                             "or their .json/.jsonl variants) found")
    projects = read_table(tables["project"]) if "project" in tables else []
    default_programme = programme or _programme(projects) or "H2020"
    source = source or cordis_source(default_programme)
    bundle = Bundle(nodes=[source])
    by_id, by_rcn = {}, {}
    for row in projects:
        node = _project(row, default_programme, source.id, bundle)
        if node:
            bundle.nodes.append(node)
            if row.get("id"):
                by_id[row.get("id")] = node.id
            if row.get("rcn"):
                by_rcn[row.get("rcn")] = node.id
    for row in read_table(tables["organization"]) if "organization" in tables else []:
        _participation(row, default_programme, source.id, by_id, by_rcn, bundle)
    _describe(projects, bundle)
    if "euroSciVoc" in tables:
        for row in read_table(tables["euroSciVoc"]):
            _field(row, source.id, by_id, bundle)
    return bundle


def _check_columns(tables: dict[str, Path]) -> None:
    """A CSV organisation table without any key column is refused in one line, not row by row."""
    path = tables.get("organization")
    if path is None or ".json" in path.name.casefold():
        return
    header = csv_header(path)
    if not ({"organisationID", "name"} & set(header) and {"projectID", "rcn"} & set(header)):
        raise wrong_columns(path, header)


def _describe(projects: list[RawRow], bundle: Bundle) -> None:
    """Cite the sources of the two columns innograph adds to the project table (``programmePart`` from
    zambujo/eunets, ``topicTitle`` from the CORDIS topic reference) on the projects that have them."""
    for column, source in (("programmePart", programme_parts_source()), ("topicTitle", topics_source())):
        described = [n for n in bundle.nodes if n.label is NodeLabel.PROJECT and n.props.get(_PROPERTY[column])]
        if described:
            bundle.nodes.append(source)
            bundle.nodes += [NodeRecord(NodeLabel.PROJECT, n.id, {}, source.id) for n in described]


_PROPERTY = {"programmePart": "programme_part", "topicTitle": "topic_title"}


def programme_parts_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, "src:h2020-programme-parts", {
        "name": "Horizon 2020 programme part of each project (zambujo/eunets programme_parts, from CORDIS)",
        "licence": "CC BY 4.0 (data), MIT (repository)", "url": "https://github.com/zambujo/eunets",
        "retrieved": "2020-12-23", "attribution": "© European Union, CORDIS (CC BY 4.0), via zambujo/eunets (MIT)"},
        "src:h2020-programme-parts")


def topics_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, "src:h2020-topics", {
        "name": "Horizon 2020 projects 2014–2017 (acronym, topic code) and topic titles (CORDIS reference data)",
        "licence": "CC BY 4.0 (data), MIT (repository)",
        "url": "https://github.com/spaghetti-open-data/eu-research-funding-network", "retrieved": "2017-06",
        "attribution": "© European Union, CORDIS (CC BY 4.0), via Spaghetti Open Data (MIT)"}, "src:h2020-topics")


def _programme(projects: list[RawRow]) -> str | None:
    return next((r.get("frameworkProgramme") for r in projects if r.get("frameworkProgramme")), None)


def project_id(programme: str, project: str, rcn: str) -> str:
    return f"cordis:{programme}:{project}" if project else f"cordis:{programme}:rcn{rcn}"


def _project(row: RawRow, programme: str, source: str, bundle: Bundle) -> NodeRecord | None:
    if not row.get("id") and not row.get("rcn"):
        bundle.rejected.append(Rejection(row.file, row.line, "id", "missing project key; expected 'id' or 'rcn'"))
        return None
    try:
        start, end = parse_date(row.get("startDate")), parse_date(row.get("endDate"))
        contribution = parse_number(row.get("ecMaxContribution"))
        total = parse_number(row.get("totalCost"))
    except BadValue as exc:
        bundle.rejected.append(Rejection(row.file, row.line, "", str(exc)))
        return None
    programme = row.get("frameworkProgramme") or programme
    return NodeRecord(NodeLabel.PROJECT, project_id(programme, row.get("id"), row.get("rcn")), {
        "acronym": row.get("acronym") or None, "title": row.get("title") or None, "programme": programme,
        "programme_part": row.get("programmePart") or None, "topic_code": row.get("topics") or None,
        "topic_title": row.get("topicTitle") or None, "period": period(programme, start, end),
        "rcn": row.get("rcn") or None, "grant_id": row.get("id") or None,
        "start_date": start, "end_date": end, "start_year": int(start[:4]) if start else None,
        "end_year": int(end[:4]) if end else None, "ec_contribution": contribution, "total_cost": total,
        "funding_scheme": row.get("fundingScheme") or None, "status": row.get("status") or None,
    }, source, start[:4] if start else None)


def period(programme: str, start: str | None, end: str | None) -> str | None:
    """``2016–2019`` from the dates, else the programme's period (``FP7`` → ``2007–2013``), never ``?``.

    >>> period("H2020", "2016-05-01", "2019-04-30"), period("FP7", None, None)
    ('2016–2019', '2007–2013')
    """
    if start:
        return f"{start[:4]}–{end[:4]}" if end else start[:4]
    return PROGRAMME_PERIODS.get(programme.upper())


def _participation(row: RawRow, programme: str, source: str, by_id, by_rcn, bundle: Bundle) -> None:
    pic, name = row.get("organisationID"), clean(row.get("name"))
    if not pic and not name:
        bundle.rejected.append(Rejection(row.file, row.line, "organisationID",
                                         "missing organisation key; expected a PIC in 'organisationID' or a 'name'"))
        return
    activity = "".join(set(row.get("activityType").upper().replace(" ", "").split(";")))  # the export repeats it: PRC;PRC
    if activity and activity not in ACTIVITY_TYPES:
        bundle.rejected.append(Rejection(row.file, row.line, "activityType", f"unknown type '{activity}'; "
                                         "expected one of PRC, HES, REC, PUB, OTH"))
        return
    try:
        sme = parse_bool(row.get("SME"))
        contribution = parse_number(row.get("ecContribution"))
        lat, lon = _geolocation(row.get("geolocation"))
    except BadValue as exc:
        bundle.rejected.append(Rejection(row.file, row.line, "", str(exc)))
        return
    kind = ACTIVITY_TYPES[activity] if activity else infer_kind(name)
    ref = f"cordis:{programme}:{pic or slug(name)}"
    country = row.get("country") or None
    bundle.orgs.append(place(OrgRecord(
        ref=ref, name=name or pic, source=source, origin=f"{row.file}:{row.line}", kind=kind,
        kind_inferred=not activity, pic=pic if pic.isdigit() else None, city=clean(row.get("city")) or None,
        country=country, region=region_for(row.get("city"), country, row.get("nutsCode")),
        sme=sme if activity == "PRC" else None, lat=lat, lon=lon, website=row.get("organizationURL") or None,
        aliases=tuple(a for a in (clean(row.get("shortName")),) if a and a != name)), row.get("postCode")))
    project = by_id.get(row.get("projectID") or None) or by_rcn.get(row.get("rcn") or None)
    if not project:
        key = row.get("projectID") or row.get("rcn")
        if not key:
            bundle.rejected.append(Rejection(row.file, row.line, "projectID",
                                             "missing project; expected 'projectID' or 'rcn'"))
            return
        project = project_id(programme, row.get("projectID"), row.get("rcn"))
        bundle.nodes.append(NodeRecord(NodeLabel.PROJECT, project, {
            "acronym": row.get("projectAcronym") or None, "programme": programme,
            "period": period(programme, None, None)}, source))
    role = (row.get("role") or "participant").casefold()
    bundle.rels.append(RelRecord(RelType.PARTICIPATES_IN, ref, project, {"role": role, "contribution": contribution},
                                 source, origin=f"{row.file}:{row.line}"))


def _geolocation(text: str) -> tuple[float | None, float | None]:
    if not text.strip():
        return None, None
    parts = text.replace("(", "").replace(")", "").split(",")
    if len(parts) != 2:
        raise BadValue(f"bad geolocation '{text}'; expected 'latitude,longitude'")
    return parse_number(parts[0].strip()), parse_number(parts[1].strip())


def _field(row: RawRow, source: str, by_id, bundle: Bundle) -> None:
    """EuroSciVoc: ``projectID, euroSciVocCode, euroSciVocPath, euroSciVocTitle``; the path gives
    ``BROADER``, and each level's code its id (``/29/97/543`` → ``field:esv:29``, ``:97``, ``:543``)."""
    project = by_id.get(row.get("projectID"))
    path = [p for p in row.get("euroSciVocPath").split("/") if p]
    title = row.get("euroSciVocTitle") or (path[-1] if path else "")
    if not project or not title:
        return
    codes = [c for c in row.get("euroSciVocCode").split("/") if c]
    ids = (["field:esv:" + c for c in codes] if path and len(codes) == len(path)
           else ["field:esv:" + slug(p) for p in (path or [title])])
    for depth, (name, node_id) in enumerate(zip(path or [title], ids)):
        bundle.nodes.append(NodeRecord(NodeLabel.FIELD, node_id, {"name": name, "name_en": name,
                                                                  "scheme": "EuroSciVoc", "depth": depth}, source))
        if depth:
            bundle.rels.append(RelRecord(RelType.BROADER, node_id, ids[depth - 1], source=source))
    bundle.rels.append(RelRecord(RelType.PROJECT_FIELD, project, ids[-1], source=source))
