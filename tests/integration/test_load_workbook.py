"""Workbook loads against the real test database: templates, all-or-nothing, --skip-invalid,
a load that fails half-way, and the small_ecosystem fixture other tests use."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph.admin import count_by_label, count_by_type
from graph.errors import WriteError
from graph.schema import NodeLabel
from loaders.pipeline import InvalidRows, load_bundle
from loaders.workbook import load_workbook, read_workbook

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "data" / "templates"
FIXTURE = ROOT / "tests" / "fixtures" / "small_ecosystem"


def _counts(driver, database):
    labels = count_by_label(driver, database)
    labels.pop(NodeLabel.LOAD_RUN.value, None)
    return labels, count_by_type(driver, database)


def _read(driver, database, cypher, **params):
    records, _, _ = driver.execute_query(cypher, params, database_=database, routing_=RoutingControl.READ)
    return [dict(r) for r in records]


def test_template_rows_load_with_hand_counted_results(driver, database, tmp_path):
    report = load_workbook(driver, database, TEMPLATES / "csv", report_dir=tmp_path)
    labels, types = _counts(driver, database)
    assert labels == {"Organisation": 5, "Firm": 2, "University": 2, "ResearchInstitute": 1, "ClusterInitiative": 2,
                      "TechnologyField": 3, "Project": 3, "Person": 2, "Event": 1, "Topic": 2, "Source": 2,
                      "Region": 9}  # Kreise Stuttgart, Ostalbkreis, Ulm, Freiburg (GeoNames, the 2nd Source);
    # their districts Stuttgart, Tübingen, Freiburg; Baden-Württemberg; Germany
    # wb_p1: acme, unistg, optik (3 pairs); wb_p2: hsa, optik, lab (3 pairs); wb_p3: hsa, optik (already a pair)
    assert types["COLLABORATES_WITH"] == 6
    weights = _read(driver, database, """
        MATCH (a)-[r:COLLABORATES_WITH]->(b) WHERE a.name = 'Hochschule Aalen' OR b.name = 'Hochschule Aalen'
        RETURN a.name + '|' + b.name AS pair, r.weight AS w, r.first_year AS first, r.last_year AS last""")
    by_pair = {frozenset(r["pair"].split("|")): (r["w"], r["first"], r["last"]) for r in weights}
    assert by_pair[frozenset({"Hochschule Aalen", "Optik Süd AG"})] == (2, 2012, 2025)
    assert types["MEMBER_OF"] == 3 and types["PARTNER_OF"] == 2 and types["PARTICIPATES_IN"] == 8
    assert types["BROADER"] == 2 and types["WORKS_ON"] == 4 and types["FOCUSES_ON"] == 2
    assert report.merge_file.exists() and report.rejected == []


def test_xlsx_gives_the_same_graph_as_the_csv_folder(driver, database):
    load_workbook(driver, database, TEMPLATES / "ecosystem_workbook.xlsx")
    from_xlsx = _counts(driver, database)
    load_workbook(driver, database, TEMPLATES / "csv")
    assert _counts(driver, database) == from_xlsx


def test_an_invalid_row_rejects_the_whole_workbook_before_writing(driver, database, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(TEMPLATES / "csv", book)
    path = book / "memberships.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("optik;wb_cluster", "optic;wb_cluster"), encoding="utf-8")
    with pytest.raises(InvalidRows, match=r"^1 invalid row\(s\), nothing was written: memberships.csv, line 5, "
                                          r"column 'organisation': unknown organisation 'optic'"):
        load_workbook(driver, database, book)
    assert count_by_label(driver, database) == {}


def test_skip_invalid_loads_the_rest_and_writes_a_report(driver, database, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(TEMPLATES / "csv", book)
    path = book / "memberships.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("optik;wb_cluster", "optic;wb_cluster"), encoding="utf-8")
    report = load_workbook(driver, database, book, skip_invalid=True, report_dir=tmp_path / "reports")
    assert count_by_type(driver, database)["MEMBER_OF"] == 2
    with report.rejected_file.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [{"file": "memberships.csv", "line": "5", "column": "organisation",
                     "message": "unknown organisation 'optic'; expected an id from organisations"}]
    run = _read(driver, database, "MATCH (r:LoadRun) RETURN r.rejected AS n, r.rejected_rows AS rows")[0]
    assert run["n"] == 1 and "optic" in json.loads(run["rows"])[0]


def test_a_load_that_fails_half_way_leaves_whole_batches_and_a_rerun_gives_the_same_graph(driver, database):
    good = read_workbook(TEMPLATES / "csv")
    load_bundle(driver, database, good, source="workbook")
    expected = _counts(driver, database)
    from graph.admin import clear_database

    clear_database(driver, database)
    broken = read_workbook(TEMPLATES / "csv")
    # A map is not a storable property value: the server refuses the batch holding it (the people),
    # after the sources, regions, fields, clusters and projects were written in their own batches.
    person = next(i for i, n in enumerate(broken.nodes) if n.label is NodeLabel.PERSON)
    broken.nodes[person] = broken.nodes[person].__class__(
        NodeLabel.PERSON, broken.nodes[person].id, {"name": {"not": "storable"}}, broken.nodes[person].source)
    with pytest.raises(WriteError, match="rolled back"):
        load_bundle(driver, database, broken, source="workbook")
    labels, _ = _counts(driver, database)
    assert labels.get("Project") == 3 and "Person" not in labels and "Organisation" not in labels
    load_bundle(driver, database, good, source="workbook")
    assert _counts(driver, database) == expected


def test_alias_rules_from_the_workbook_force_and_forbid_merges(driver, database, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(TEMPLATES / "csv", book)
    with (book / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write("lab2;Laserlabor Müller;ResearchInstitute;Freiburg im Breisgau;DE;;;;;;;;;\n")
        handle.write("optik2;Optik Sued Holding;Firm;Ulm;DE;;;;;;;;;\n")
    report = load_workbook(driver, database, book)
    names = {r["name"] for r in _read(driver, database, "MATCH (o:Organisation) RETURN o.name AS name")}
    assert "Laserlabor Müller" not in names and {"Optik Süd AG", "Optik Sued Holding"} <= names
    assert any("alias rule: Lasertechnik Labor Müller = Laserlabor Müller" in reason
               for merge in report.merges for reason in merge["reasons"])


def test_the_small_ecosystem_fixture_loads_quickly(driver, database):
    report = load_workbook(driver, database, FIXTURE)
    assert report.nodes["Organisation"] == (5, 0) and report.seconds < 10
