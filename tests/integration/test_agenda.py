"""The agenda indicators against a hand-made workbook: every formula of docs/analytics.md
("Agenda indicators") checked against numbers computed by hand in the comments below.

Workbook (tests/fixtures/agenda_workbook): Cluster A = firm1 (SME), firm2 (no SME), uni;
Cluster B = firm3 (SME unknown), inst. Foreign firms fr (EU), ch (associated), us (third).
p1 DIGI 2015 LEIT-ICT: firm1 (coordinator, 100k), uni (50k), fr, ch
p2 TRAIN 2019 MSCA: uni (coordinator, 200k), inst (80k), us
p3 OLD 2010 FP7: firm2 (40k), inst (60k), fr
p4 SOLO 2016 H2020: firm1 (5k), firm3 (7k)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.workbook import load_workbook
from queries.agenda import read_facts, rows
from queries.agenda_indicators import before_after, by_period, indicators, new_cross_cluster_ties

WORKBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "agenda_workbook"
TODAY = date(2026, 1, 1)


@pytest.fixture
def facts(driver, database):
    load_workbook(driver, database, WORKBOOK)
    return read_facts(driver, database)


def _members(facts, cluster):
    return facts.groups("cluster")[cluster][1]


def test_cluster_a_every_formula_by_hand(facts):
    got = indicators(facts, _members(facts, "agenda_cluster_a"), today=TODAY)
    # projects p1, p2, p3, p4; abroad: p1 {FR, CH}, p2 {US}, p3 {FR}, p4 none
    assert got["projects"] == 4 and got["intl_share"] == pytest.approx(3 / 4)
    assert got["partner_countries"] == 3 and got["top_countries"] == "FR 2, CH 1, US 1"
    # (project, country) pairs: FR twice (EU), CH (associated), US (third)
    assert (got["EU_share"], got["associated_share"], got["third_share"]) == (0.5, 0.25, 0.25)
    assert got["coordinator_roles"] == 2  # firm1 in p1, uni in p2
    # described: p1 (LEIT-ICT), p2 (MSCA); digital: p1
    assert got["described_projects"] == 2 and got["digital_share"] == 0.5 and got["digital_projects"] == 1
    assert [p[1] for p in got["details"]["digital_projects"]] == ["DIGI"]
    # ties: firm1-uni, firm1-fr, firm1-ch, uni-fr, uni-ch, uni-inst, uni-us, firm2-inst, firm2-fr, firm1-firm3;
    # research–firm: firm1-uni, uni-fr, uni-ch, uni-us, firm2-inst
    assert got["ties"] == 10 and got["transfer_share"] == 0.5
    assert got["firms_without_research"] == 0  # firm1 has uni, firm2 has inst
    assert got["linking_institutes"] == 2  # uni and inst each touch A and B
    assert (got["firms"], got["smes"], got["sme_share"]) == (2, 1, 0.5)
    assert got["young_firms"] == 1  # firm1 founded 2019 (≥ 2026 − 10), firm2 2001
    assert got["universities"] == 1 and got["training_share"] == 0.5
    assert got["ec_contribution"] == 100000 + 5000 + 40000 + 50000 + 200000
    assert got["details"]["ec_per_year"] == {2010: 40000, 2015: 150000, 2016: 5000, 2019: 200000}
    assert got["details"]["projects_per_year"] == {2010: 1, 2015: 1, 2016: 1, 2019: 1}


def test_cluster_b_and_no_data_where_the_source_says_nothing(facts):
    got = indicators(facts, _members(facts, "agenda_cluster_b"), today=TODAY)
    # projects p2, p3, p4; abroad p2 {US}, p3 {FR}
    assert got["projects"] == 3 and got["intl_share"] == pytest.approx(2 / 3)
    assert got["top_countries"] == "FR 1, US 1" and got["associated_share"] == 0.0
    assert got["coordinator_roles"] == 0
    assert got["digital_share"] == 0.0 and got["training_share"] == 1.0  # described: p2 only
    # ties inst-uni, inst-us, inst-firm2, inst-fr, firm3-firm1; research–firm: inst-us, inst-firm2, inst-fr
    assert got["ties"] == 5 and got["transfer_share"] == pytest.approx(3 / 5)
    assert got["firms_without_research"] == 1 and got["details"]["firms_without_research"] == ["Firma Drei GmbH"]
    assert got["sme_share"] is None and got["smes"] is None  # firm3's SME flag is not stated: no data, not zero
    assert got["ec_contribution"] == 7000 + 80000 + 60000


def test_periods_before_after_and_new_cross_cluster_ties(facts):
    members = _members(facts, "agenda_cluster_a")
    periods = by_period(facts, members, today=TODAY)
    assert [periods[p]["projects"] for p in periods] == [1, 2, 1, 0]  # p3 | p1, p4 | p2 | none
    assert periods["H2020 2014–2017"]["intl_share"] == 0.5 and periods["2021–"]["intl_share"] is None
    split = before_after(facts, members, "2015-01-01", today=TODAY)
    assert (split["before"]["projects"], split["after"]["projects"]) == (1, 3)
    # cross-cluster pairs: uni–inst (p2, 2019), firm2–inst (p3, 2010), firm1–firm3 (p4, 2016)
    assert new_cross_cluster_ties(facts) == {"FP7 2007–2013": 1, "H2020 2014–2017": 1, "H2020 2018–2020": 1,
                                             "2021–": 0}


def test_levels_organisation_region_and_ecosystem(facts):
    ecosystem = rows(facts, "ecosystem", today=TODAY)
    assert len(ecosystem) == 1 and ecosystem[0]["members"] == 5 and ecosystem[0]["projects"] == 4
    firm3 = [r for r in rows(facts, "organisation", today=TODAY) if r["name"] == "Firma Drei GmbH"]
    assert firm3[0]["projects"] == 1 and firm3[0]["intl_share"] == 0.0
    regions = {r["id"]: r["members"] for r in rows(facts, "region", today=TODAY)}
    assert regions["country:FR"] == 1 and sum(regions.values()) == 8


def test_kpis_command_table_json_csv_and_an_unknown_cluster(facts, monkeypatch, neo4j_settings, capsys):
    import json

    from cli.main import main

    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", neo4j_settings.database)):
        monkeypatch.setenv(name, value)
    assert main(["kpis"]) == 0
    table = capsys.readouterr().out
    assert "Cluster A" in table and "75%" in table and "no data" in table  # B's SME share
    assert main(["kpis", "--cluster", "cluster b", "--by", "period", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [r["when"] for r in payload["rows"]] == ["FP7 2007–2013", "H2020 2014–2017", "H2020 2018–2020", "2021–"]
    assert {r["id"] for r in payload["new_cross_cluster_ties"]} == {"ecosystem", "agenda_cluster_b"}
    assert main(["kpis", "--by", "before-after", "--cut", "2015-01-01", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("level,id,name,when,members") and len(lines) == 1 + 2 * 2
    assert main(["kpis", "--cluster", "nowhere"]) == 1
    assert "no ClusterInitiative with id or name 'nowhere'" in capsys.readouterr().err
