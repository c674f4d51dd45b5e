"""Pure analytics on tiny graphs; answers worked out by hand or with NetworkX's own reference code."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from analytics.agreement import adjusted_rand_index, normalized_mutual_info
from analytics.brokerage import brokerage_roles, participation_coefficient, primary_groups, structural_holes
from analytics.centrality import weighted_betweenness
from analytics.community_detection import detect_communities, hidden_clusters
from analytics.recommend import cluster_complementarity, link_score, rank_member_pairs, score_pairs
from analytics.routes import k_shortest_paths, two_hop_reach
from queries.stats import graph_stats
from analytics.ties import tie_matrix


def weighted_random_graph(n: int, m: int, seed: int) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges:
        w = rng.choice([1, 2, 4])  # distances 1, 0.5, 0.25 add up exactly in floating point
        G[u][v].update(weight=float(w), distance=1.0 / w)
    return G


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_exact_betweenness_equals_networkx(engine):
    G = weighted_random_graph(40, 90, seed=1)
    result = weighted_betweenness(G, engine=engine)
    expected = nx.betweenness_centrality(G, weight="distance")
    assert result.exact and result.std_error is None
    assert max(abs(result.values[v] - expected[v]) for v in G) < 1e-9


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_sampled_betweenness_is_close_within_its_stated_error(engine):
    G = weighted_random_graph(200, 600, seed=2)
    expected = nx.betweenness_centrality(G, weight="distance")
    result = weighted_betweenness(G, engine=engine, exact_up_to=100, samples=96)
    assert not result.exact and result.samples == 96
    worst = max(abs(result.values[v] - expected[v]) for v in G)
    assert worst < 5 * result.std_error  # the largest standard error bounds every node's error
    assert weighted_betweenness(G, engine=engine, exact_up_to=100, samples=96).values == result.values  # seeded
    assert "standard error at most" in result.describe()


def test_brokerage_roles_by_hand():
    # h (group A) with partners a1 (A), a2 (A), b1 (B), b2 (B), c (C); a1–a2 and b1–c are tied.
    G = nx.Graph([("h", x) for x in ("a1", "a2", "b1", "b2", "c")] + [("a1", "a2"), ("b1", "c")])
    groups = {"h": "A", "a1": "A", "a2": "A", "b1": "B", "b2": "B", "c": "C"}
    roles = brokerage_roles(G, groups)["h"]
    # open pairs: {a1,a2} closed; {b1,b2} itinerant; {a*,b*}×4 + {a*,c}×2 mixed; {b1,c} closed; {b2,c} liaison
    assert roles == {"coordinator": 0, "itinerant": 1, "gatekeeper": 6, "representative": 6, "liaison": 1}


def test_brokerage_leaves_out_nodes_without_group():
    G = nx.star_graph(["h", "a", "b", "x"])
    assert brokerage_roles(G, {"h": 1, "a": 1, "b": 2})["h"] == {
        "coordinator": 0, "itinerant": 0, "gatekeeper": 1, "representative": 1, "liaison": 0}


def test_primary_groups_fall_back_to_communities_and_say_so():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": ["X"], "b": [], "c": []}, "clusters")
    groups = primary_groups(G, communities={"b": 0, "c": 1})
    assert groups.of == {"a": "X", "b": "community:0", "c": "community:1"}
    assert "2 organisations without membership are grouped by their detected community" in groups.describe()


def test_participation_coefficient_by_hand():
    G = nx.Graph([("v", "a"), ("v", "b"), ("v", "c"), ("v", "d")])
    p = participation_coefficient(G, {"a": 1, "b": 2, "c": 3, "d": 4}, weight="none")
    assert p["v"] == pytest.approx(0.75)  # 1 - 4·(1/4)²


def test_structural_holes_equal_networkx_reference():
    G = weighted_random_graph(30, 70, seed=3)
    G.add_node("isolated")
    constraint, size = structural_holes(G)
    ref_c = nx.constraint(G, nodes=list(G), weight="weight")
    ref_s = nx.effective_size(G, nodes=list(G), weight="weight")
    for v in G:
        if math.isnan(ref_c[v]):
            assert math.isnan(constraint[v]) and math.isnan(size[v])
        else:
            assert constraint[v] == pytest.approx(ref_c[v]) and size[v] == pytest.approx(ref_s[v])


def test_agreement_by_hand():
    truth = {1: "a", 2: "a", 3: "b", 4: "b", 5: "b"}
    assert normalized_mutual_info(truth, {1: 7, 2: 7, 3: 8, 4: 8, 5: 8}) == pytest.approx(1.0)
    # one pair agrees of C(4,2)=6 for {x,x,x,y} vs {0,0,1,1}: index 1, expected 3·2/6 = 1 → ARI 0
    assert adjusted_rand_index({1: "x", 2: "x", 3: "x", 4: "y"}, {1: 0, 2: 0, 3: 1, 4: 1}) == pytest.approx(0.0)
    # only keys both label count
    assert normalized_mutual_info({1: "a", 2: "b"}, {1: 0, 2: 1, 3: 1}) == pytest.approx(1.0)


def test_communities_and_hidden_clusters():
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    G.add_edge(0, 6)
    nx.set_node_attributes(G, {n: (["K"] if n < 6 else []) for n in G}, "clusters")
    partition = detect_communities(G)
    assert len(set(partition.values())) == 2
    hidden = hidden_clusters(G, partition, min_size=5, density_factor=1.5)
    assert [(h.size, h.best_cluster) for h in hidden] == [(6, None)]
    assert hidden[0].community == partition[7]


def test_tie_matrix_counts_each_membership_pair():
    G = nx.Graph([("ab", "c"), ("c", "c2")])
    nx.set_node_attributes(G, {"ab": ["A", "B"], "c": ["C"], "c2": ["C"]}, "clusters")
    m = tie_matrix(G)
    assert {k: v.ties for k, v in m.items()} == {("A", "C"): 1, ("B", "C"): 1, ("C", "C"): 1}


def test_routes():
    G = nx.Graph()
    for u, v, d in [("s", "a", 0.5), ("a", "t", 0.5), ("s", "b", 1.0), ("b", "t", 0.25), ("s", "t", 5.0)]:
        G.add_edge(u, v, distance=d, weight=1 / d)
    assert k_shortest_paths(G, "s", "t", k=3) == [["s", "a", "t"], ["s", "b", "t"], ["s", "t"]]
    assert k_shortest_paths(G, "s", "missing") == []
    G.add_edge("t", "f", distance=1.0, weight=1.0)
    assert two_hop_reach(G, "s", ["t", "f"]) == {"t": [], "f": ["t"]}
    # a reaches b through s (weights 2 + 1) and t (2 + 4): the stronger route first
    assert two_hop_reach(G, "a", ["f", "b"]) == {"f": ["t"], "b": ["t", "s"]}


def test_link_prediction_scores_by_hand():
    G = nx.Graph([("u", "x"), ("v", "x"), ("x", "z"), ("u", "y"), ("v", "y")])
    ra, common = link_score(G, "u", "v")
    assert ra == pytest.approx(1 / 3 + 1 / 2) and common == ["y", "x"]
    aa, _ = link_score(G, "u", "v", method="adamic_adar")
    assert aa == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    with pytest.raises(ValueError):
        link_score(G, "u", "v", method="nonsense")
    assert {(p.u, p.v) for p in rank_member_pairs(G, {"u"}, top=5)} == {("u", "v"), ("u", "z")}


def test_score_pairs_combines_link_fields_and_region():
    G = nx.Graph([("a", "m"), ("m", "b"), ("c", "n")])
    nx.set_node_attributes(G, {"a": ["f", "g"], "b": ["f"], "c": ["f", "g"], "m": [], "n": []}, "fields")
    nx.set_node_attributes(G, {"a": "r", "b": "s", "c": "r", "m": None, "n": None}, "region")
    scored = {p.v: p for p in score_pairs(G, [("a", "b"), ("a", "c")])}
    assert scored["b"].score == pytest.approx(0.6 + 0.3 * 0.5)
    assert scored["c"].score == pytest.approx(0.3 + 0.1) and scored["c"].common == []


def test_cluster_complementarity_without_the_cluster_is_empty():
    G = nx.Graph([("a", "b")])
    nx.set_node_attributes(G, {"a": ["A"], "b": []}, "clusters")
    assert cluster_complementarity(G, "Z") == []


def test_graph_stats_histogram_and_top():
    G = nx.star_graph(["h", "a", "b", "c", "d", "e"])
    nx.set_node_attributes(G, "Firm", "kind")
    nx.set_node_attributes(G, {n: n.upper() for n in G}, "name")
    s = graph_stats(G, top=1)
    assert s.degree["histogram"] == {"1": 5, "5-9": 1} and s.degree["max"] == 5
    assert s.top_by_kind == {"Firm": [("H", 5, 5)]}
