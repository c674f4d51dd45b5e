"""Every project described (issue 12, item 6): path evidence carries the acronym, topic title, programme part
and period of each shared project; an FP7 project without dates shows the programme's period, never "?"."""

from __future__ import annotations

from cli.questions import _evidence_text
from loaders.cordis import read_cordis
from loaders.pipeline import load_bundle
from queries.export import export_subgraph
from queries.paths import transfer_paths
from queries.subgraph import Selection, select_subgraph


def _cordis(folder, projects: str, organisations: str):
    folder.mkdir()
    (folder / "project.csv").write_text(projects, encoding="utf-8")
    (folder / "organization.csv").write_text(organisations, encoding="utf-8")
    return folder


def test_path_evidence_describes_the_shared_projects(driver, database, tmp_path):
    h2020 = _cordis(tmp_path / "h2020",
                    "acronym;startDate;endDate;frameworkProgramme;rcn;topics;topicTitle;programmePart\n"
                    "HOMESKIN;2015-02-01;2018-01-31;H2020;193413;EeB-01-2014;Materials for building envelope;LEIT\n",
                    "rcn;organisationID;name;activityType;city;country;role\n"
                    "193413;999974747;UNIVERSITAET STUTTGART;HES;STUTTGART;DE;coordinator\n"
                    "193413;999908787;ROBERT BOSCH GMBH;PRC;GERLINGEN;DE;participant\n")
    fp7 = _cordis(tmp_path / "fp7", "rcn;frameworkProgramme\n104675;FP7\n",
                  "rcn;organisationID;name;activityType;city;country;role\n"
                  "104675;999974747;UNIVERSITAET STUTTGART;HES;STUTTGART;DE;participant\n"
                  "104675;999908787;ROBERT BOSCH GMBH;PRC;GERLINGEN;DE;participant\n")
    bundle = read_cordis(h2020, programme="H2020").extend(read_cordis(fp7, programme="FP7"))
    load_bundle(driver, database, bundle, source="test")

    path, = transfer_paths(driver, database, "Universität Stuttgart", "Robert Bosch GmbH", k=1)
    evidence = {e["id"]: e for e in path.hops[0].evidence}
    described = evidence["cordis:H2020:rcn193413"]
    assert (described["acronym"], described["topic"], described["topic_code"]) == (
        "HOMESKIN", "Materials for building envelope", "EeB-01-2014")
    assert (described["programme"], described["programme_part"], described["period"]) == ("H2020", "LEIT", "2015–2018")
    undated = evidence["cordis:FP7:rcn104675"]
    assert undated["year"] is None and undated["period"] == "2007–2013"
    texts = [_evidence_text(e) for e in path.hops[0].evidence]
    assert "project HOMESKIN (2015–2018, H2020 LEIT, topic: Materials for building envelope)" in texts[0] + texts[1]
    assert all("?" not in text for text in texts)

    records, _, _ = driver.execute_query(
        "MATCH (s:Source) WHERE s.id IN ['src:h2020-programme-parts', 'src:h2020-topics'] "
        "RETURN s.id AS id, s.licence AS licence, COUNT { MATCH (p:Project) WHERE s.id IN p.sources } AS projects",
        database_=database)
    assert {r["id"]: r["projects"] for r in records} == {"src:h2020-programme-parts": 1, "src:h2020-topics": 1}
    assert all(r["licence"].startswith("CC BY 4.0") for r in records)

    # exports carry the description as project properties, and the sources' credit lines
    graph = select_subgraph(driver, database, Selection(include_projects=True))
    exported = export_subgraph(graph, "json", "test").decode("utf-8")
    for text in ("HOMESKIN", "Materials for building envelope", '"programme_part": "LEIT"', "2007–2013",
                 "via zambujo/eunets"):
        assert text in exported
