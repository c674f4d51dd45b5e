"""`innograph query` and `innograph export` as a user runs them, against the test server."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver

from cli.main import main
from graph.admin import count_by_label
from graph.settings import Settings
from queries.console import run_read_only
from queries.examples import EXAMPLES
from tests.integration.export_graph import write_small_ecosystem

FIXTURE_PARAMS = {"field": "Artificial intelligence", "cluster": "Cluster A", "organisation": "o2", "from": "o1",
                  "to": "=Gamma AG"}


@pytest.fixture
def cli_env(driver: Driver, database: str, neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Driver:
    write_small_ecosystem(driver, database)
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)
    return driver


def test_query_prints_a_table_json_and_safe_csv(cli_env, capsys) -> None:
    cypher = "MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, o.name AS name ORDER BY id"
    assert main(["query", cypher, "--param", 'ids=["o1", "o3"]']) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["id", "|", "name"] and "Alpha GmbH" in table and "(2 rows" in table
    assert main(["query", cypher, "--param", 'ids=["o3"]', "--format", "csv"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [["id", "name"], ["o3", "'=Gamma AG"]]
    assert main(["query", cypher, "--param", 'ids=["o1"]', "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [["o1", "Alpha GmbH"]]


def test_query_refuses_a_write_with_one_line_and_changes_nothing(cli_env, database: str, capsys) -> None:
    before = count_by_label(cli_env, database)
    assert main(["query", "MATCH (n) /* tidy up */ dEtAcH DeLeTe n"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("innograph: the console only reads: 'DETACH' is not allowed") and err.count("\n") == 1
    assert count_by_label(cli_env, database) == before


def test_an_example_needs_its_parameters(cli_env, capsys) -> None:
    assert main(["query", "--example", "cluster_bridges"]) == 1
    assert "needs --param cluster=" in capsys.readouterr().err
    assert main(["query", "--example", "cluster_bridges", "--param", "cluster=Cluster A"]) == 0
    out = capsys.readouterr().out
    assert out.index("Uni") < out.index("Alpha GmbH")  # o2 has two outside partners, o1 one


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_runs_read_only_on_the_fixture(cli_env, database: str, name: str) -> None:
    example = EXAMPLES[name]
    result = run_read_only(cli_env, database, example.cypher, {p: FIXTURE_PARAMS[p] for p in example.params})
    assert result.rows, name


def test_examples_answer_as_worked_out_by_hand(cli_env, database: str) -> None:
    bridges = run_read_only(cli_env, database, EXAMPLES["cluster_bridges"].cypher, {"cluster": "ci:a"})
    assert [(r[1], r[2]) for r in bridges.rows] == [(2, 2), (1, 1)]  # o2: o3 and o4; o1: o4
    candidates = run_read_only(cli_env, database, EXAMPLES["cluster_candidates"].cypher, {"cluster": "ci:a"})
    assert [r[0] for r in candidates.rows] == ["Delta-Institut für Ökologie"]  # o4 works with o1 and o2
    partners = run_read_only(cli_env, database, EXAMPLES["research_partners"].cypher, {"organisation": "o1"})
    assert [r[0] for r in partners.rows] == ['Uni "Beta" <Karlsruhe> & Co', "Delta-Institut für Ökologie"]
    paths = run_read_only(cli_env, database, EXAMPLES["collaboration_paths"].cypher, {"from": "o1", "to": "o3"})
    assert len(paths.rows) == 2 and paths.subgraph is not None  # o1–o2–o3 and o1–o4–o3


def test_export_writes_the_selected_subgraph(cli_env, tmp_path: Path, capsys) -> None:
    target = tmp_path / "cluster-a.gexf"
    assert main(["export", "-o", str(target), "--cluster", "Cluster A", "--limit", "3"]) == 0
    assert "3 nodes" in capsys.readouterr().out
    g = nx.read_gexf(target)
    assert set(g.nodes) == {"o1", "o2", "ci:a"}  # field:ai has the lowest degree (1)


def test_export_by_cypher_and_ego(cli_env, tmp_path: Path, capsys) -> None:
    target = tmp_path / "members.json"
    assert main(["export", "-o", str(target), "--cypher", "MATCH p = (:Organisation)-[:MEMBER_OF]->(:ClusterInitiative {id: $c}) RETURN p",
                 "--param", "c=ci:b"]) == 0
    assert {n["id"] for n in json.loads(target.read_text())["nodes"]} == {"o2", "o3", "ci:b"}
    target = tmp_path / "ego.graphml"
    assert main(["export", "--format", "graphml", "-o", str(target), "--ego", "o5"]) == 0
    assert set(nx.read_graphml(target).nodes) == {"o5", "ci:a", "ci:b", "nuts:DE11"}


def test_export_refuses_bad_options_with_one_line(cli_env, tmp_path: Path, capsys) -> None:
    assert main(["export", "-o", str(tmp_path / "x.txt")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "x.json"), "--ego", "o1", "--kind", "Firm"]) == 1
    assert "do not combine" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "x.json"), "--cypher", "MATCH (n) SET n.x = 1 RETURN n"]) == 1
    assert "'SET' is not allowed" in capsys.readouterr().err
