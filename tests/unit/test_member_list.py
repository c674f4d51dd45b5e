"""The member-list upload's parser: German Excel conventions, hostile cells, and the file-level refusals."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook as XlsxBook

from loaders.member_list import (MAX_ROWS, Match, MemberListError, Target, read_member_list, write_workbook)
from loaders.workbook import read_workbook


def xlsx(rows: list[list]) -> bytes:
    book = XlsxBook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_german_excel_csv_with_bom_semicolons_and_german_headers():
    data = "\ufeffFirma;Ort;PIC;Mitglied seit\nTRUMPF;Ditzingen;999990000;01.03.2015\nFesto SE & Co. KG;Esslingen;;2018\n"
    members = read_member_list(data.encode("utf-8"), "mitglieder.csv")
    assert members.columns == {"name": "Firma", "city": "Ort", "pic": "PIC", "since": "Mitglied seit"}
    assert [(m.name, m.city, m.pic, m.since) for m in members.members] == [
        ("TRUMPF", "Ditzingen", "999990000", "2015-03-01"), ("Festo SE & Co. KG", "Esslingen", "", "2018")]
    assert not members.rejected


def test_windows_1252_csv_is_read():
    data = "Unternehmen;Stadt\nMüller Präzision GmbH;Tübingen\n".encode("cp1252")
    members = read_member_list(data, "crm.csv")
    assert members.encoding == "cp1252"
    assert members.members[0].name == "Müller Präzision GmbH" and members.members[0].city == "Tübingen"


def test_xlsx_with_english_headers_and_a_ror_id():
    data = xlsx([["Organisation", "City", "ROR ID", "Website"],
                 ["University of Stuttgart", "Stuttgart", "04vnq7t77", "www.uni-stuttgart.de"]])
    member = read_member_list(data, "members.xlsx").members[0]
    assert member.ror == "https://ror.org/04vnq7t77" and member.website == "www.uni-stuttgart.de"


def test_hostile_cells_are_rejected_rows_that_can_be_downloaded():
    data = xlsx([["Name", "Website"], ["Good GmbH", ""], ["=HYPERLINK(\"http://evil\",\"x\")", ""],
                 ["<script>alert(1)</script>", ""], ["A" * 400, ""], ["Bad Web GmbH", "javascript:alert(1)"]])
    members = read_member_list(data, "m.xlsx")
    assert [m.name for m in members.members] == ["Good GmbH"]
    assert [(r.line, r.column) for r in members.rejected] == [(3, "Name"), (4, "Name"), (5, "Name"), (6, "Website")]
    csv = members.rejected_csv()
    assert "formula" in csv and "'=" not in csv.split("\r\n")[0]
    assert "HTML" in csv and "400 characters" in csv


@pytest.mark.parametrize("data, name, code", [
    (b"", "m.csv", "empty"),
    (b"   \n", "m.csv", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "logo.png", "not_spreadsheet"),
    (b"PK\x03\x04 broken zip", "m.xlsx", "not_spreadsheet"),
    (b"Name\x00\x01\x02", "m.csv", "not_spreadsheet"),
    ("Kontakt;Telefon\nHerr X;0711\n".encode(), "m.csv", "no_name_column"),
    (b"Name\n" + b"x" * 3_000_000, "big.csv", "too_big"),
    (("Name\n" + "".join(f"F{i}\n" for i in range(200_000))).encode(), "m.csv", "too_many_rows"),
    (("Name\n" + "".join(f"F{i}\n" for i in range(MAX_ROWS + 1))).encode(), "m.csv", "too_many_rows"),
    ("Name;Ort\nFesto;Esslingen\nFesto;Esslingen\n".encode(), "m.csv", "duplicate"),
    ("Name;PIC\nFesto;999990001\nFESTO;999990002\n".encode(), "m.csv", "two_pics"),
])
def test_file_level_problems_are_one_clear_error(data, name, code):
    with pytest.raises(MemberListError) as error:
        read_member_list(data, name)
    assert error.value.code == code
    assert name in str(error.value)


def test_the_members_become_a_valid_workbook_with_the_users_decisions(tmp_path):
    members = read_member_list("Name;Ort\nTRUMPF;Ditzingen\nFesto;Esslingen\nNeu GmbH;Ulm\n".encode(), "m.csv")
    target = Target("bw_ci_test", "Test-Cluster", "Mitgliederliste 2026", "intern", "2026-11-30")
    matches = [Match(2, "TRUMPF", "uncertain", "TRUMPF GmbH + Co. KG", "pic:1", 80, "one-word short name",
                     confirmed=True, candidate="trumpf"),
               Match(3, "Festo", "probable", "Festo SE", "pic:2", 95, "linked", confirmed=False),
               Match(4, "Neu GmbH", "new")]
    bundle = read_workbook(write_workbook(tmp_path / "wb", members, target, matches))
    assert not bundle.rejected
    assert [o.name for o in bundle.orgs] == ["TRUMPF", "Festo", "Neu GmbH"]
    assert {(r.type.value, r.end) for r in bundle.rels} == {("MEMBER_OF", "bw_ci_test")}
    source = next(n for n in bundle.nodes if n.label.value == "Source")
    assert (source.id, source.props["name"], source.props["licence"], source.props["retrieved"]) == (
        target.source, "Mitgliederliste 2026", "intern", "2026-11-30")
    assert {(r.name, r.other, r.decision) for r in bundle.rules} == {
        ("TRUMPF", "trumpf", "merge"), ("Festo", "Festo SE", "keep_apart")}
