"""Transfer paths with evidence, name resolution and two-hop reach on the hand-made ecosystem."""

from __future__ import annotations

import json
from itertools import islice

import networkx as nx
import pytest

from cli.main import main
from queries.errors import Ambiguous, EmptySelection, NoPath, NotFound
from queries.paths import Actor, find_actors, reach, resolve_actor, transfer_paths
from queries.selection import Selection
from tests.integration.test_analytics import cli_env
from tests.integration.test_analytics_ecosystem import PROJECTS, load_ecosystem, reference_graph


@pytest.fixture
def ecosystem(driver, database):
    load_ecosystem(driver, database)
    return driver, database


def test_paths_between_university_and_bosch_with_evidence(ecosystem):
    found = transfer_paths(*ecosystem, "Universität Stuttgart", "Robert Bosch GmbH", k=3)
    expected = list(islice(nx.shortest_simple_paths(reference_graph(), "o1", "o2", weight="distance"), 3))
    assert [[a.id for a in p.nodes] for p in found] == expected
    first = found[0]
    assert [a.name for a in first.nodes] == ["Universität Stuttgart", "Fraunhofer IPA", "Robert Bosch GmbH"]
    assert first.length == 2.0
    hop1, hop2 = first.hops
    assert hop1.kind == "collaboration" and hop1.evidence[0]["acronym"] == "BRIDGE"
    assert hop1.evidence[0]["year"] == 2019 and hop1.evidence[0]["programme"] == "H2020"
    assert hop2.evidence[0]["acronym"] == "MICRO" and hop2.evidence[0]["sources"] == ["src:cordis"]
    for path in found:
        for hop in path.hops:
            shared = {PROJECTS[p][0] for p in PROJECTS if {hop.source.id, hop.target.id} <= set(PROJECTS[p][3])}
            assert {e["acronym"] for e in hop.evidence} == shared


def test_paths_from_a_cluster_to_a_field_carry_membership(ecosystem):
    found = transfer_paths(*ecosystem, "TechnologyMountains", "Microsystems", k=1)
    hops = found[0].hops
    assert hops[0].kind == "membership" and hops[0].evidence[0]["relation"] == "MEMBER_OF"
    assert hops[0].evidence[0]["since"] == 2012 and hops[0].evidence[0]["sources"] == ["src:test"]
    assert hops[-1].kind == "field"
    assert [a.id for a in found[0].nodes] == ["cl_tm", "o6", "f_micro"]


def test_names_resolve_or_suggest(ecosystem):
    assert resolve_actor(*ecosystem, "UNIVERSITAET STUTTGART").id == "o1"
    assert resolve_actor(*ecosystem, "o2").name == "Robert Bosch GmbH"
    assert resolve_actor(*ecosystem, "Hahn").id == "o7"  # the only name containing it
    with pytest.raises(Ambiguous, match="matches several: .*Robert Bosch GmbH.*Bosch Rexroth AG|matches several: .*Bosch Rexroth AG.*Robert Bosch GmbH") as ambiguous:
        resolve_actor(*ecosystem, "Bosch")
    assert {a.id for a in ambiguous.value.suggestions} == {"o2", "o11"}
    with pytest.raises(Ambiguous, match="did you mean: Universität Stuttgart"):
        resolve_actor(*ecosystem, "Univrsität Stutgart")
    with pytest.raises(NotFound, match="no organisation, cluster or field matches 'zzzz'"):
        resolve_actor(*ecosystem, "zzzz")
    assert find_actors(*ecosystem, "photonics")[0].label == "ClusterInitiative"


def test_an_id_resolves_directly_and_only_to_the_types_asked_for(ecosystem):
    assert resolve_actor(*ecosystem, " cl_tm ") == Actor("cl_tm", "TechnologyMountains", "ClusterInitiative", 1.01)
    assert resolve_actor(*ecosystem, "o6", types=("Organisation",)).name == "Fraunhofer IPA"
    with pytest.raises(NotFound, match="no cluster matches 'o6'"):
        resolve_actor(*ecosystem, "o6", types=("ClusterInitiative",))


def test_disconnected_pair_says_no_path_and_suggests_relaxing(ecosystem):
    with pytest.raises(NoPath, match="no path within the selection between Universität Stuttgart and Lonely Firm GmbH"):
        transfer_paths(*ecosystem, "o1", "o10")
    with pytest.raises(NoPath, match="relax the filters"):
        transfer_paths(*ecosystem, "o1", "o2", flt=Selection(years=(2015, 2016)))
    with pytest.raises(EmptySelection, match="Robert Bosch GmbH is outside the selection"):
        transfer_paths(*ecosystem, "o1", "o2", flt=Selection(kinds=("University",)))


def test_reach_from_university_to_cluster_firms(ecosystem):
    rows = reach(*ecosystem, "Universität Stuttgart", "microTEC Südwest")
    assert [(r.firm.id, r.hops, [a.id for a in r.via]) for r in rows] == [("o2", 2, ["o6"])]
    direct = reach(*ecosystem, "Fraunhofer IPA", "TechnologyMountains")
    assert {(r.firm.id, r.hops) for r in direct} == {("o3", 1), ("o4", 1)}


def test_cli_paths(ecosystem, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    assert main(["paths", "Universität Stuttgart", "Robert Bosch GmbH", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert "path 1 (length 2.000): Universität Stuttgart → Fraunhofer IPA → Robert Bosch GmbH" in out
    assert "project BRIDGE (2019, H2020)" in out
    assert main(["paths", "o1", "o2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["paths"][0]["hops"][0]["evidence"][0]["acronym"] == "BRIDGE"
    assert main(["paths", "o1", "--reach", "cl_mt", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("Robert Bosch GmbH,o2,2,Fraunhofer IPA")
    assert main(["paths", "Bosch", "o1"]) == 1
    assert "matches several" in capsys.readouterr().err
