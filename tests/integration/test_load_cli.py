"""``innograph load workbook|cordis|ror`` as a user runs them, against the test server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from graph.admin import count_by_type

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], settings, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=settings.uri, NEO4J_PASSWORD=settings.password, NEO4J_DATABASE=settings.database,
               INNOGRAPH_HOME=str(home), INNOGRAPH_TIMEOUT="60")
    return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_workbook_load_prints_a_summary_and_stores_the_merge_report(driver, database, neo4j_settings, tmp_path):
    result = run(["load", "workbook", str(ROOT / "data" / "templates" / "ecosystem_workbook.xlsx"), "--quiet"],
                 neo4j_settings, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Loaded workbook in" in result.stdout and "MEMBER_OF" in result.stdout
    assert "entity resolution: 5 organisation records -> 5 organisations" in result.stdout
    assert list((tmp_path / "reports").glob("merge-report-workbook-*.json"))
    assert count_by_type(driver, database)["MEMBER_OF"] == 3


def test_bad_workbook_is_refused_with_file_line_and_column(driver, database, neo4j_settings, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "data" / "templates" / "csv", book)
    path = book / "organisations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(";Firm;Ulm", ";Company;Ulm"), encoding="utf-8")
    result = run(["load", "workbook", str(book)], neo4j_settings, tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "innograph: 5 invalid row(s), nothing was written: organisations.csv, line 5, column 'kind': unknown type "
        "'Company'; expected one of Firm, University, ResearchInstitute, PublicBody, Ministry, Intermediary, Other "
        "(and 4 more); fix them or load the valid rows with --skip-invalid")  # the 4 rows that point at it
    assert "Traceback" not in result.stderr
    skipped = run(["load", "workbook", str(book), "--skip-invalid", "--quiet"], neo4j_settings, tmp_path)
    assert skipped.returncode == 0 and "rejected rows: 5 (report:" in skipped.stdout


def test_cordis_and_ror_loads_from_the_official_formats(driver, database, neo4j_settings, tmp_path):
    folder = tmp_path / "cordis"
    folder.mkdir()
    (folder / "project.csv").write_text(
        "id;acronym;startDate;endDate;frameworkProgramme;rcn\n1;A;2016-01-01;2018-12-31;H2020;11\n", encoding="utf-8")
    (folder / "organization.csv").write_text(
        "projectID;organisationID;name;activityType;city;country;role\n"
        "1;999974747;UNIVERSITAET STUTTGART;HES;STUTTGART;DE;coordinator\n"
        "1;999908787;ROBERT BOSCH GMBH;PRC;GERLINGEN;DE;participant\n", encoding="utf-8")
    assert run(["load", "cordis", str(folder), "--quiet"], neo4j_settings, tmp_path).returncode == 0
    ror = run(["load", "ror", str(ROOT / "data" / "demo" / "ror" / "ror_BW_flat.csv"), "--quiet"],
              neo4j_settings, tmp_path)
    assert ror.returncode == 0, ror.stderr
    assert "same ROR id" not in ror.stdout
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation {id: 'pic:999974747'}) RETURN o.ror AS ror, o.aliases AS aliases, "
        "COUNT { (o)-[:COLLABORATES_WITH]-() } AS ties", database_=database)
    assert records[0]["ror"] == "https://ror.org/04vnq7t77"
    assert "Universität Stuttgart" in records[0]["aliases"] and records[0]["ties"] == 1


def test_a_load_leaves_the_figures_stats_reads_until_the_graph_changes(driver, database, neo4j_settings, tmp_path,
                                                                      monkeypatch):
    import queries.stats
    from graph.schema import NodeLabel
    from graph.writer import write_nodes
    from queries.projection import build_projection
    from queries.stats import ecosystem_stats, graph_stats

    workbook = ROOT / "data" / "templates" / "ecosystem_workbook.xlsx"
    assert run(["load", "workbook", str(workbook), "--quiet"], neo4j_settings, tmp_path).returncode == 0
    reads = []
    original = queries.stats.tie_arrays
    monkeypatch.setattr(queries.stats, "tie_arrays", lambda *a, **k: reads.append(1) or original(*a, **k))
    assert ecosystem_stats(driver, database).to_dict() == graph_stats(build_projection(driver, database)).to_dict()
    assert reads == []  # stored by the load, not one tie read
    write_nodes(driver, database, NodeLabel.ORGANISATION, [{"id": "o98", "name": "Later", "kind": "Firm", "sources": ["src:test"]}])
    assert ecosystem_stats(driver, database).organisations == 6 and reads == [1]  # changed since: computed again
