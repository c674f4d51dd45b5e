"""``rank_member_pairs`` ranks exactly as scoring every pair with ``score_pairs`` (the code before issue 19's
vectorised ranking, kept here as the reference), on random graphs full of ties in score."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from analytics.recommend import PairTable, rank_member_pairs, score_pairs


def every_pair(G: nx.Graph, members: set) -> set:
    """Member–outsider pairs two hops apart, or sharing a field with an outsider in a cluster; none tied."""
    pairs = set()
    for s in members:
        for m in G[s]:
            pairs.update((s, w) for w in G[m] if w != s and w not in G[s] and w not in members)
    for s in members:
        mine = set(G.nodes[s].get("fields") or [])
        pairs.update((s, o) for o in G if o not in members and o not in G[s] and G.nodes[o].get("clusters")
                     and mine & set(G.nodes[o].get("fields") or []))
    return pairs


def random_ecosystem(seed: int, n: int = 60, m: int = 90) -> tuple[nx.Graph, set]:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(n, m, seed=seed)
    G = nx.relabel_nodes(G, {i: f"o{i:03d}" for i in G})
    for node in G:
        G.nodes[node]["clusters"] = rng.choice([[], [], ["A"], ["B"], ["B", "C"]])
        G.nodes[node]["fields"] = rng.sample(["f1", "f2", "f3", "f4"], rng.choice([0, 1, 1, 2]))
        G.nodes[node]["region"] = rng.choice([None, "r1", "r2"])
        if rng.random() < 0.1:
            G.nodes[node]["full_degree"] = G.degree(node) + rng.randint(1, 50)  # a hub the expansion bounded
    members = {node for node in G if "A" in G.nodes[node]["clusters"]}
    return G, members


@pytest.mark.parametrize("method", ["resource_allocation", "adamic_adar"])
@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("top", [1, 5, 20, 1000])
def test_equals_scoring_every_pair(seed, method, top):
    G, members = random_ecosystem(seed, m=[30, 90, 200][seed % 3])
    expected = score_pairs(G, sorted(every_pair(G, members)), method=method)[:top]
    assert rank_member_pairs(G, members, top=top, method=method) == expected


def test_pairs_sharing_only_a_field_rank_below_linked_ones_and_by_name():
    G = nx.Graph([("m", "p"), ("p", "o")])
    G.add_nodes_from(["q2", "q1"])
    for node, clusters, fields in [("m", ["A"], ["f"]), ("p", [], []), ("o", [], []), ("q1", ["B"], ["f"]),
                                   ("q2", ["B"], ["f"])]:
        G.nodes[node].update(clusters=clusters, fields=fields)
    assert [(p.v, round(p.score, 2)) for p in rank_member_pairs(G, {"m"}, top=3)] == [("o", 0.6), ("q1", 0.3), ("q2", 0.3)]


def test_no_members_or_no_pairs():
    G = nx.Graph([("a", "b")])
    assert rank_member_pairs(G, set(), top=5) == []
    assert rank_member_pairs(G, {"a"}, top=5) == []
    with pytest.raises(ValueError):
        rank_member_pairs(G, {"a"}, top=5, method="nonsense")


def lean_copy(G: nx.Graph, members: set) -> tuple:
    """``G`` as :func:`queries.candidate_graph.candidate_graph` reads it for organisation pairs: the members
    with their attributes, every other node bare (its ties and ``full_degree`` only); and the two callbacks
    that read the rest, recording what they were asked."""
    lean = nx.Graph(G.edges)
    lean.add_nodes_from((n, dict(G.nodes[n])) for n in members)
    for n in lean:
        if n not in members and "full_degree" in G.nodes[n]:
            lean.nodes[n]["full_degree"] = G.nodes[n]["full_degree"]
    asked: list = []
    called: list = []

    def complete(nodes):
        asked.extend(nodes)
        lean.add_nodes_from((n, dict(G.nodes[n])) for n in nodes if "clusters" not in lean.nodes[n])

    def clustered():
        called.append(True)
        lean.add_nodes_from((n, dict(G.nodes[n])) for n in G if G.nodes[n].get("clusters"))

    return lean, asked, called, complete, clustered


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("top", [1, 5, 20, 1000])
def test_a_lean_graph_ranks_as_the_whole_one(seed, top):
    G, members = random_ecosystem(seed, m=[30, 90, 200][seed % 3])
    expected = score_pairs(G, sorted(every_pair(G, members)), method="resource_allocation")[:top]
    lean, _, _, complete, clustered = lean_copy(G, members)
    assert rank_member_pairs(lean, members, top=top, complete=complete, clustered=clustered) == expected


def test_a_lean_graph_reads_only_the_outsiders_that_can_reach_the_top():
    G = nx.Graph([("m", "p1"), ("m", "p2"), ("m", "p3"), ("p2", "star"), ("p3", "star"), ("p1", "star")])
    G.add_edges_from(("p1", f"o{i:03d}") for i in range(200))
    for n in G:
        G.nodes[n].update(clusters=["A"] if n == "m" else ["B"], fields=["f"], region="r")
    lean, asked, called, complete, clustered = lean_copy(G, {"m"})
    ranked = rank_member_pairs(lean, {"m"}, top=1, complete=complete, clustered=clustered)
    assert [(p.v, round(p.score, 2)) for p in ranked] == [("star", 1.0)]
    assert len(asked) == 64 and not called  # the first round only; no pair sharing only a field could reach 1.0


@pytest.mark.parametrize("seed", range(30))
def test_one_table_serves_every_cluster(seed):
    """``analyze`` builds one :class:`PairTable` and ranks every cluster on it: the same pairs as a table
    built for each cluster (its members set after the ties, degrees and fields are read)."""
    G, _ = random_ecosystem(seed, m=[30, 90, 200][seed % 3])
    table = PairTable(G)
    for cluster in ("A", "B", "C"):
        members = {n for n in G if cluster in G.nodes[n]["clusters"]}
        for method in ("resource_allocation", "adamic_adar"):
            assert rank_member_pairs(G, members, top=20, method=method, table=table) == \
                rank_member_pairs(G, members, top=20, method=method)
