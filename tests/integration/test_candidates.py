"""Cross-clustering candidates on the hand-made ecosystem."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from queries.candidates import candidates
from queries.errors import Ambiguous
from tests.integration.test_analytics import cli_env
from tests.integration.test_analytics_ecosystem import load_ecosystem, reference_graph


@pytest.fixture
def ecosystem(driver, database):
    load_ecosystem(driver, database)
    return driver, database


def test_cluster_candidates_for_technologymountains(ecosystem):
    found = candidates(*ecosystem, "TechnologyMountains")
    rows = found.clusters
    assert not found.bounded
    by_id = {r.id: r for r in rows}
    # By hand: TM fields {med, mech, micro (o6)}; MT fields {micro, opt, mech (o6, o11)}: overlap 2/4.
    assert by_id["cl_mt"].field_overlap == 0.5
    # TM members {o3, o4, o6}, MT members {o2, o6, o7, o11}: ties from a TM to an MT member are
    # o6–o2, o6–o7 and (o6 being in MT too) o3–o6, o4–o6: 4, as in the tie matrix.
    assert by_id["cl_mt"].ties == 4
    # Outside partners: TM {o1, o9}, MT {o1, o9}: overlap 1; score (0.5 + 1) / 2 / (1 + 4 / √12).
    assert by_id["cl_mt"].partner_overlap == 1.0
    assert by_id["cl_mt"].score == pytest.approx(0.75 / (1 + 4 / 12 ** 0.5), abs=1e-6)
    # Photonics: fields {opt} vs {med, mech, micro}: 0; partners of TM outside TM∪PH: {o2, o7, o9};
    # partners of PH outside: {o6}→ excluded? o6 ∈ TM, so {} → overlap 0; tie o1–o6 = 1.
    assert by_id["cl_ph"].score == 0 and by_id["cl_ph"].ties == 1
    assert rows[0].id == "cl_mt" and any(r.startswith("shares 2 of 4 technology fields") for r in rows[0].reasons)


def test_organisation_candidates_are_new_ties_with_reasons(ecosystem):
    rows = candidates(*ecosystem, "cl_tm", top=20).organisations
    G = reference_graph()
    members = {"o3", "o4", "o6"}
    assert rows, "two-hop and field candidates exist"
    for row in rows:
        assert row.member_id in members and row.candidate_id not in members
        assert not G.has_edge(row.member_id, row.candidate_id)
        assert row.reasons
    pairs = {(r.member_id, r.candidate_id) for r in rows}
    # By hand, resource allocation: o3–o7 share o6 (5 ties) and o9 (2): 1/5 + 1/2 = 0.7, the best link
    # score; o6–o9 share o3 and o7 (3 ties each): 2/3, plus one of three fields in common.
    # Combined 0.6·link/0.7 + 0.3·fields: o6–o9 0.6·(2/3)/0.7 + 0.1 = 0.6714 beats o3–o7 0.6.
    assert [(r.member_id, r.candidate_id) for r in rows[:2]] == [("o6", "o9"), ("o3", "o7")]
    assert rows[0].score == pytest.approx(0.6 * (2 / 3) / 0.7 + 0.3 / 3, abs=1e-6)
    assert rows[1].score == pytest.approx(0.6, abs=1e-6) and rows[1].link_score == pytest.approx(0.7)
    assert rows[1].reasons[0] == "2 common partners: Albert-Ludwigs-Universität Freiburg, Fraunhofer IPA"
    assert ("o6", "o11") in pairs  # shares mechanical engineering, member of microTEC
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_unknown_cluster_suggests(ecosystem):
    with pytest.raises(Ambiguous, match="did you mean: TechnologyMountains"):
        candidates(*ecosystem, "Tecnology Mountain")


def test_cli_candidates(ecosystem, monkeypatch, neo4j_settings, capsys):
    cli_env(monkeypatch, neo4j_settings)
    assert main(["candidates", "--cluster", "TechnologyMountains"]) == 0
    out = capsys.readouterr().out
    assert "microTEC Südwest" in out and "organisation pairs across clusters" in out
    assert main(["candidates", "--cluster", "cl_tm", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["cluster"]["id"] == "cl_tm" and payload["organisations"][0]["reasons"]
    assert payload["bounded"] is False
