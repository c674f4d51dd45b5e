"""A cluster's member list as its manager has it (an .xlsx or a CSV from Excel or a CRM), turned
into the ecosystem workbook (docs/workbook.md) so that the one workbook loader writes it.

Three steps, none of them a second loader:

1. :func:`read_member_list` reads the upload with the workbook's own readers (``read_xlsx``,
   ``iter_csv``), finds the name column among common German and English headers, and checks
   every row. File-level problems raise :class:`MemberListError` (nothing can be loaded); a bad
   row becomes a :class:`~loaders.records.Rejection` (it can be downloaded, the others load).
2. :func:`preview` writes the members as a workbook in a temporary folder and runs entity
   resolution against the database without writing (``pipeline.match_only``): each member is
   exact, probable, uncertain (on the review list) or new.
3. :func:`write_workbook` writes the folder that ``loaders.load(..., "workbook", folder)`` loads;
   the user's decisions on probable and uncertain matches become ``aliases`` rows (merge or
   keep_apart), as a curator would write them by hand.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from neo4j import Driver

from graph.csv_text import FORMULA_STARTS, csv_text, write_csv
from graph.errors import InnographError

from .names import name_key, slug
from .pipeline import match_only
from .reading import BadValue, RawRow, UnreadableFile, iter_csv, parse_date, read_xlsx
from .records import Rejection
from .workbook import Workbook

MAX_BYTES = 2 * 1024 * 1024  # an .xlsx of 5,000 members is about 150 kB
MAX_ROWS = 5000  # TechnologyMountains, one of the largest clusters, has about 480 members
MAX_CELL = 300  # characters; the longest CORDIS legal name has about 250
NAME_HEADERS = ("name", "firma", "firmenname", "organisation", "organization", "organisationsname", "unternehmen",
                "mitglied", "mitgliedsname", "mitgliedsorganisation", "einrichtung", "institution", "company", "member",
                "membername", "organisationname")
OPTIONAL = {
    "city": ("city", "ort", "stadt", "sitz", "standort", "town", "gemeinde"),
    "pic": ("pic", "picnummer", "participantidentificationcode"),
    "ror": ("ror", "rorid", "rorkennung"),
    "website": ("website", "webseite", "homepage", "url", "internet", "web", "internetadresse"),
    "since": ("since", "membersince", "mitgliedseit", "seit", "eintritt", "beitritt", "eintrittsdatum"),
}
_HTML = re.compile(r"<\s*[a-zA-Z/!][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PIC = re.compile(r"^\d{9}$")
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})$")
_WEBSITE = re.compile(r"^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
STATUSES = ("exact", "probable", "uncertain", "new")


class MemberListError(InnographError):
    """The upload as a whole cannot be used; ``code`` and ``params`` let the page say why in its language."""

    def __init__(self, code: str, message: str, **params) -> None:
        self.code, self.params = code, params
        super().__init__(message)


@dataclass(frozen=True)
class Member:
    line: int
    name: str
    city: str = ""
    pic: str = ""
    ror: str = ""
    website: str = ""
    since: str = ""

    @property
    def ref(self) -> str:
        """The workbook id: the name's slug, so that re-loading the list ties each row to the same node."""
        return slug(self.name) or f"line-{self.line}"


@dataclass
class MemberList:
    file: str
    members: list[Member]
    rejected: list[Rejection]
    columns: dict[str, str]  # our column → the header found in the file
    encoding: str = "utf-8"

    def rejected_csv(self) -> str:
        """The rejected rows as a spreadsheet-safe CSV (``graph.csv_text``), for the page's download."""
        return csv_text(["file", "line", "column", "message"],
                        ([r.file, r.line, r.column, r.message] for r in self.rejected))


@dataclass(frozen=True)
class Match:
    """One member in the preview: the organisation it would join, how sure, and the user's decision."""

    line: int
    name: str
    status: str  # one of STATUSES
    organisation: str = ""
    organisation_id: str = ""
    score: int = 0
    reason: str = ""
    confirmed: bool = True  # probable: joined unless rejected; uncertain: joined only when confirmed
    candidate: str = ""  # the name an alias rule names (a review item's candidate key)


@dataclass(frozen=True)
class Target:
    """The cluster the members join (an existing id, or a new initiative named by the user) and the Source."""

    cluster_id: str
    cluster_name: str
    source_name: str
    licence: str
    as_of: str  # ISO date the list is valid for
    source_id: str = ""

    @property
    def source(self) -> str:
        return self.source_id or "src:members:" + slug(self.cluster_id.removeprefix("bw_ci_") + "-" + self.source_name)


def new_cluster_id(name: str) -> str:
    """The id of a cluster initiative a manager creates on the page (cluster ids are node ids)."""
    return "ci:" + slug(name)


def read_member_list(data: bytes, filename: str) -> MemberList:
    """The members of an uploaded .xlsx or .csv; raises :class:`MemberListError` when nothing can be used."""
    if not data.strip():
        raise MemberListError("empty", f"{filename}: the file is empty")
    if len(data) > MAX_BYTES:
        raise MemberListError("too_big", f"{filename}: {len(data):,} bytes; at most {MAX_BYTES:,} bytes",
                              size=len(data), limit=MAX_BYTES)
    suffix = Path(filename).suffix.casefold()
    with tempfile.TemporaryDirectory(prefix="innograph-upload-") as folder:
        if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
            header, rows, encoding = _xlsx_rows(Path(folder) / "upload.xlsx", data, filename)
        elif suffix in (".csv", ".txt"):
            header, rows, encoding = _csv_rows(Path(folder) / "upload.csv", data, filename)
        else:
            raise MemberListError("not_spreadsheet", f"{filename}: not an .xlsx or .csv file")
    if len(rows) > MAX_ROWS:
        raise MemberListError("too_many_rows", f"{filename}: {len(rows):,} rows; at most {MAX_ROWS:,}",
                              rows=len(rows), limit=MAX_ROWS)
    columns = _columns(header, filename)
    members, rejected = [], []
    for row in rows:
        try:
            members.append(_member(row, columns))
        except BadValue as exc:
            rejected.append(Rejection(filename, row.line, exc.args[1], exc.args[0]))
    _check_repeats(members, filename)
    if not members and not rejected:
        raise MemberListError("empty", f"{filename}: the sheet has no rows below its header")
    return MemberList(filename, members, rejected, columns, encoding)


def _xlsx_rows(path: Path, data: bytes, filename: str) -> tuple[list[str], list[RawRow], str]:
    """The first sheet with a name column (else the first sheet), read as the workbook loader reads it."""
    path.write_bytes(data)
    try:
        sheets = read_xlsx(path)
    except UnreadableFile as exc:
        raise MemberListError("not_spreadsheet", f"{filename}: not a readable .xlsx file") from exc
    if not sheets:
        raise MemberListError("empty", f"{filename}: the workbook has no sheets")
    titles = [title for title, sheet in sheets.items() if _name_column(sheet[0])] or list(sheets)
    header, rows = sheets[titles[0]]
    read = {r.line for r in rows}
    blank = [RawRow(filename, line, {column: "=" + formula})
             for line, column, formula in _formulas(path, titles[0]) if line not in read]
    return header, sorted([RawRow(filename, r.line, r.values) for r in rows] + blank, key=lambda r: r.line), "xlsx"


def _formulas(path: Path, title: str) -> Iterator[tuple[int, str, str]]:
    """(line, header, formula) of each formula cell: ``read_xlsx`` reads the value Excel saved with it,
    and a file written by a program that saved none would otherwise lose the row without a word."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        cells = book[title].iter_rows(values_only=True)
        header = [str(c or "").strip() for c in next(cells, ())]
        for line, values in enumerate(cells, start=2):
            for column, value in zip(header, values):
                if isinstance(value, str) and value.startswith("="):
                    yield line, column, value[1:]
    finally:
        book.close()


def _csv_rows(path: Path, data: bytes, filename: str) -> tuple[list[str], list[RawRow], str]:
    """CSV in UTF-8 (with or without BOM) or, as older German Excel saves it, Windows-1252."""
    if b"\x00" in data:
        raise MemberListError("not_spreadsheet", f"{filename}: binary data, not a CSV file")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    path.write_text(text, encoding="utf-8")
    try:
        rows = list(iter_csv(path))
        header = next(iter(rows), RawRow("", 0, {})).values.keys()
        if not rows:
            first = text.splitlines()[0] if text.strip() else ""
            header = [h.strip() for h in re.split(r"[;,\t]", first)]
    except UnreadableFile as exc:
        raise MemberListError("not_spreadsheet", f"{filename}: not readable as CSV ({exc})") from exc
    return list(header), [RawRow(filename, r.line, r.values) for r in rows], encoding


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name_fold(header))


def name_fold(text: str) -> str:
    return text.casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")


def _name_column(header: Sequence[str]) -> str:
    return next((h for h in header if _normal(h) in NAME_HEADERS), "")


def _columns(header: Sequence[str], filename: str) -> dict[str, str]:
    name = _name_column(header)
    if not name:
        shown = ", ".join(h for h in header if h) or "—"
        raise MemberListError("no_name_column", f"{filename}: no name column (found: {shown}); expected one of "
                              "Name, Firma, Organisation, Unternehmen, Mitglied", found=shown)
    columns = {"name": name}
    for column, names in OPTIONAL.items():
        found = next((h for h in header if _normal(h) in names), "")
        if found:
            columns[column] = found
    return columns


def _cell(row: RawRow, columns: dict[str, str], column: str) -> str:
    """A cell's text, refused when it is a formula, HTML or longer than :data:`MAX_CELL`."""
    text = _CONTROL.sub("", row.get(columns[column])) if column in columns else ""
    if text.startswith(FORMULA_STARTS):
        raise BadValue(f"'{text[:40]}' is a formula, not a value; expected plain text", columns[column])
    if _HTML.search(text):
        raise BadValue("HTML markup in the cell; expected plain text", columns[column])
    if len(text) > MAX_CELL:
        raise BadValue(f"{len(text):,} characters; expected at most {MAX_CELL}", columns[column])
    return text


def _member(row: RawRow, columns: dict[str, str]) -> Member:
    name = " ".join(_cell(row, columns, "name").split())
    if not name_key(name):
        raise BadValue("the name is empty (a formula without a saved value reads as empty); expected a name",
                       columns["name"])
    pic, ror, website = (_cell(row, columns, c) for c in ("pic", "ror", "website"))
    if pic and not _PIC.match(pic):
        raise BadValue(f"'{pic}' is not a PIC; expected the 9 digits of the EU Participant Identification Code",
                       columns["pic"])
    if ror and not _ROR.match(ror.casefold()):
        raise BadValue(f"'{ror}' is not a ROR id; expected e.g. https://ror.org/04vnq7t77", columns["ror"])
    if website and not _WEBSITE.match(website):
        raise BadValue(f"'{website}' is not a web address; expected e.g. https://www.example.de", columns["website"])
    since_text = _cell(row, columns, "since")
    try:
        since = parse_date(since_text) or ""
    except BadValue as exc:
        raise BadValue(str(exc), columns["since"]) from exc
    ror_id = _ROR.match(ror.casefold()).group(1) if ror else ""
    return Member(row.line, name, _cell(row, columns, "city"), pic, "https://ror.org/" + ror_id if ror_id else "",
                  website, since)


def _check_repeats(members: Iterable[Member], filename: str) -> None:
    """A member named twice: with two PICs it is a contradiction, otherwise a duplicate row."""
    seen: dict[str, Member] = {}
    for member in members:
        key = name_key(member.name)
        first = seen.setdefault(key, member)
        if first is member:
            continue
        if first.pic and member.pic and first.pic != member.pic:
            raise MemberListError("two_pics", f"{filename}: '{member.name}' on lines {first.line} and {member.line} "
                                  f"has two PICs ({first.pic}, {member.pic}); expected one",
                                  name=member.name, first=first.line, second=member.line, pics=f"{first.pic}, {member.pic}")
        raise MemberListError("duplicate", f"{filename}: '{member.name}' is on lines {first.line} and {member.line}; "
                              "expected each member once", name=member.name, first=first.line, second=member.line)


def write_workbook(folder: Path, members: MemberList, target: Target, matches: Sequence[Match] = (),
                   *, new_cluster: bool = False) -> Path:
    """The members as workbook tables in ``folder``; decisions on the matches become alias rules."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "sources.csv", ["id", "name", "licence", "retrieved"],
              [[target.source, target.source_name, target.licence, target.as_of]])
    write_csv(folder / "clusters.csv", ["id", "name", "as_of"], [[target.cluster_id, target.cluster_name,
                                                                   target.as_of if new_cluster else ""]])
    write_csv(folder / "organisations.csv", ["id", "name", "city", "pic", "ror", "website"],
              [[m.ref, m.name, m.city, m.pic, m.ror, m.website] for m in members.members])
    write_csv(folder / "memberships.csv", ["organisation", "cluster", "role", "since", "as_of"],
              [[m.ref, target.cluster_id, "member", m.since, target.as_of] for m in members.members])
    rules = [[m.name, m.candidate or m.organisation, "merge" if m.confirmed else "keep_apart",
              f"{'confirmed' if m.confirmed else 'rejected'} on upload of {members.file}"]
             for m in matches if m.status in ("probable", "uncertain") and m.organisation
             and m.confirmed == (m.status == "uncertain")]
    write_csv(folder / "aliases.csv", ["name", "same_as", "decision", "reason"], rules)
    return folder


def preview(driver: Driver, database: str, members: MemberList, target: Target) -> list[Match]:
    """Each member matched to the database by the loader's entity resolution, writing nothing."""
    with tempfile.TemporaryDirectory(prefix="innograph-preview-") as folder:
        book = Workbook(write_workbook(Path(folder), members, target))
        dry = match_only(driver, database, book)
    by_ref = {"wb:" + m.ref: m for m in members.members}
    review = {item.name: item for item in dry.grouping.review}
    matches = []
    for index, ref in enumerate(dry.refs):
        member = by_ref.get(ref)
        if member is None or any(m.line == member.line for m in matches):
            continue
        matches.append(_match(member, index, dry, review.get(member.name)))
    return sorted(matches, key=lambda m: m.line)


def _match(member: Member, index: int, dry, item) -> Match:
    grouping = dry.grouping
    root = grouping.root[index]
    node = next((dry.refs[i][3:] for i in range(dry.existing) if grouping.root[i] == root), "")
    if node:
        reasons = grouping.reasons.get(root, [])
        linked = next((r for r in reasons if r.startswith(("linked '", "alias rule"))), "")
        score = re.search(r"score (\d+)", linked)
        return Match(member.line, member.name, "probable" if linked else "exact", dry.names.get(node, node), node,
                     int(score.group(1)) if score else 100, linked or "; ".join(reasons))
    if item is not None:
        return Match(member.line, member.name, "uncertain", dry.names.get(item.candidate_id, item.candidate),
                     item.candidate_id, item.score, item.reason, confirmed=False, candidate=item.candidate)
    return Match(member.line, member.name, "new", reason="no organisation with this name or identifier")

