"""Workbook reading: the templates are valid, and each kind of bad input gets an exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.schema import RelType
from loaders.workbook import read_workbook

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    shutil.copytree(TEMPLATES / "csv", folder)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_csv_and_xlsx_templates_give_the_same_records():
    from_csv, from_xlsx = read_workbook(TEMPLATES / "csv"), read_workbook(TEMPLATES / "ecosystem_workbook.xlsx")
    assert from_csv.rejected == from_xlsx.rejected == []
    assert from_csv.orgs == [o.__class__(**{**o.__dict__, "origin": c.origin}) for o, c in zip(from_xlsx.orgs,
                                                                                               from_csv.orgs)]
    assert [(r.type, r.start, r.end) for r in from_csv.rels] == [(r.type, r.start, r.end) for r in from_xlsx.rels]
    kinds = {o.name: (o.kind.value, o.kind_inferred) for o in from_csv.orgs}
    assert kinds["Hochschule Aalen"] == ("University", True)
    assert next(o for o in from_csv.orgs if o.name == "Acme Sensorik GmbH").lat == 48.7758
    types = [r.type for r in from_csv.rels]
    assert types.count(RelType.MEMBER_OF) == 3 and types.count(RelType.PARTNER_OF) == 2


def test_comma_separated_with_bom_and_windows_line_ends(book: Path):
    path = book / "people.csv"
    text = path.read_text(encoding="utf-8").replace(";", ",").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    bundle = read_workbook(book)
    assert bundle.rejected == []
    assert {n.props.get("name") for n in bundle.nodes} >= {"Anna Meier", "Jonas Roth"}


def test_missing_key(book: Path):
    _replace(book / "organisations.csv", "\nhsa;Hochschule Aalen;", "\n;Hochschule Aalen;")
    messages = [str(r) for r in read_workbook(book).rejected]
    assert "organisations.csv, line 4, column 'id': missing value; expected a non-empty 'id'" in messages


def test_unknown_type_and_the_rows_that_point_at_the_rejected_organisation(book: Path):
    _replace(book / "organisations.csv", "Optik Süd AG;Firm;", "Optik Süd AG;Company;")
    bundle = read_workbook(book)
    assert [str(r) for r in bundle.rejected] == [
        "organisations.csv, line 5, column 'kind': unknown type 'Company'; expected one of Firm, University, "
        "ResearchInstitute, PublicBody, Ministry, Intermediary, Other",
        "memberships.csv, line 5, column 'organisation': organisation 'optik' is rejected itself (line 5 of "
        "organisations); expected an id whose row loads",
        *(f"participations.csv, line {line}, column 'organisation': organisation 'optik' is rejected itself (line 5 "
          "of organisations); expected an id whose row loads" for line in (4, 6, 9))]
    assert "wb:optik" not in {r.start for r in bundle.rels}  # with --skip-invalid nothing points at what is not loaded


def test_bad_date(book: Path):
    _replace(book / "memberships.csv", "15.01.2020", "31.02.2020")
    assert [str(r) for r in read_workbook(book).rejected] == [
        "memberships.csv, line 4, column 'since': bad date '31.02.2020'; "
        "expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY"]


def test_broken_encoding(book: Path):
    path = book / "people.csv"
    path.write_bytes(path.read_bytes().replace("Geschäftsführer".encode("utf-8"), "Geschäftsführer".encode("cp1252")))
    messages = [str(r) for r in read_workbook(book).rejected]
    assert messages[0] == ("people.csv, line 3, column 'role': broken encoding: byte 0xe4 is not UTF-8; "
                           "expected UTF-8 text (save the file as 'CSV UTF-8')")
    # the whole file is refused, so rows that point at its people are refused too
    assert len(messages) == 4 and all("unknown Person" in m for m in messages[1:])  # 3 relations name people


def test_membership_of_an_organisation_that_does_not_exist(book: Path):
    _replace(book / "memberships.csv", "optik;wb_cluster_photonics", "optic;wb_cluster_photonics")
    assert [str(r) for r in read_workbook(book).rejected] == [
        "memberships.csv, line 5, column 'organisation': unknown organisation 'optic'; "
        "expected an id from organisations"]


def test_relation_with_wrong_endpoint_type(book: Path):
    _replace(book / "relations.csv", "wb_person_roth;LEADS;acme", "wb_person_roth;LEADS;wb_cluster_sensors")
    assert [str(r) for r in read_workbook(book).rejected] == [
        "relations.csv, line 3, column 'to': unknown Organisation 'wb_cluster_sensors'; LEADS goes from Person to "
        "Organisation, expected an id from organisations"]


def test_a_row_repeating_an_id_is_rejected_and_yields_nothing(book: Path):
    _replace(book / "organisations.csv", "\nhsa;Hochschule Aalen;", "\nacme;Acme Imitation AG;")
    bundle = read_workbook(book)
    assert str(bundle.rejected[0]) == "organisations.csv, line 4, column 'id': duplicate id 'acme'; the id is already used on line 2"
    assert [o.name for o in bundle.orgs if o.ref == "wb:acme"] == ["Acme Sensorik GmbH"]


def test_unknown_relation_type_and_duplicate_id(book: Path):
    _replace(book / "relations.csv", ";MANAGES;", ";RUNS;")
    _replace(book / "people.csv", "wb_person_roth;", "wb_person_meier;")
    messages = [str(r) for r in read_workbook(book).rejected]
    assert messages[0] == "people.csv, line 3, column 'id': duplicate id 'wb_person_meier'; the id is already used on line 2"
    assert messages[1].startswith("relations.csv, line 2, column 'type': unknown type 'RUNS'; expected one of MEMBER_OF")


def test_decimal_commas_and_german_booleans():
    bundle = read_workbook(TEMPLATES / "csv")
    project = next(n for n in bundle.nodes if n.id == "wb_p1")
    assert project.props["ec_contribution"] == 1250000.5
    acme = next(o for o in bundle.orgs if o.ref == "wb:acme")
    assert acme.sme is True


def test_a_field_broader_than_itself_is_rejected_with_file_line_and_column(tmp_path) -> None:
    from loaders.workbook import read_workbook

    (tmp_path / "fields.csv").write_text("id,name,broader\nf1,One,\nf3,Three,f3\n")
    rejected = read_workbook(tmp_path).rejected
    assert [(r.file, r.line, r.column) for r in rejected] == [("fields.csv", 3, "broader")]
    assert "cannot be broader than itself" in rejected[0].message


def test_a_rejected_row_yields_none_of_its_records(tmp_path) -> None:
    """An organisation with an unknown field, and a field with an unknown broader one, were reported as
    rejected while the records read before the bad value (the organisation, the field) still loaded."""
    (tmp_path / "organisations.csv").write_text("id,name,fields\noptik,Optik GmbH,laser\nbad,Bad GmbH,nope\n")
    (tmp_path / "fields.csv").write_text("id,name,broader\nlaser,Laser,\nsub,Sub field,missing\n")
    bundle = read_workbook(tmp_path)
    assert [str(r) for r in bundle.rejected] == [
        "organisations.csv, line 3, column 'fields': unknown field 'nope'; expected an id from fields",
        "fields.csv, line 3, column 'broader': unknown field 'missing'; expected an id from fields"]
    assert [o.ref for o in bundle.orgs] == ["wb:optik"]
    assert sorted(n.id for n in bundle.nodes if n.id.startswith("field:")) == ["field:laser"]


def test_fields_pointing_at_a_rejected_fields_row_are_rejected_naming_it(tmp_path) -> None:
    """Organisations and clusters are read before the fields, and a field names its broader one: a
    reference to a rejected fields row is rejected too (a chain of broader fields, as far as it goes)."""
    (tmp_path / "organisations.csv").write_text("id,name,fields\noptik,Optik GmbH,laser\nmems,MEMS AG,deep\n")
    (tmp_path / "clusters.csv").write_text("id,name,fields\nc1,Cluster One,sub\nc2,Cluster Two,laser\n")
    (tmp_path / "fields.csv").write_text("id,name,broader\ndeep,Deep field,sub\nlaser,Laser,\nsub,,laser\n")
    bundle = read_workbook(tmp_path)
    assert [str(r) for r in bundle.rejected] == [
        "organisations.csv, line 3, column 'fields': field 'deep' is rejected itself (line 2 of fields); "
        "expected an id whose row loads",
        "clusters.csv, line 2, column 'fields': field 'sub' is rejected itself (line 4 of fields); "
        "expected an id whose row loads",
        "fields.csv, line 2, column 'broader': field 'sub' is rejected itself (line 4 of fields); "
        "expected an id whose row loads",
        "fields.csv, line 4, column 'name': missing value; expected a non-empty 'name'"]
    assert [o.ref for o in bundle.orgs] == ["wb:optik"]
    assert {n.id for n in bundle.nodes} >= {"c2", "field:laser"} and not {"c1", "field:deep", "field:sub"} & {
        n.id for n in bundle.nodes}
