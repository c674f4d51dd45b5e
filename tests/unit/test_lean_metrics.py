"""The lean (igraph + sparse blocks) metrics equal the NetworkX reference definitions."""

from __future__ import annotations

import random

import igraph
import networkx as nx
import numpy as np
import pytest

from queries import lean_triangles
from analytics.brokerage import brokerage_roles, participation_coefficient, primary_groups, structural_holes
from analytics.centrality import weighted_betweenness
from queries.communities import community_report
from queries.lean_communities import lean_community_report
from queries.lean_metrics import (
    lean_betweenness, lean_brokerage_roles, lean_node_metrics, lean_participation, lean_primary_groups,
    lean_structural_holes, louvain,
)
from queries.lean_projection import LeanGraph, LeanNodes


def random_case(seed: int = 3):
    rng = random.Random(seed)
    G = nx.gnm_random_graph(120, 700, seed=seed)
    G.add_nodes_from(["iso1", "iso2"])  # isolated organisations
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.randint(1, 4))
        G[u][v]["distance"] = 1 / G[u][v]["weight"]
    clusters = {n: rng.choice([[], ["X"], ["Y"], ["Z"], ["X", "Y"]]) for n in G}
    nx.set_node_attributes(G, clusters, "clusters")
    nx.set_node_attributes(G, {n: f"org {n}" for n in G}, "name")
    nx.set_node_attributes(G, {n: ["f1"] if rng.random() < 0.5 else [] for n in G}, "fields")
    ids = list(G.nodes)
    index = {n: i for i, n in enumerate(ids)}
    lg = LeanGraph(
        LeanNodes(ids, [f"org {n}" for n in ids], ["Firm"] * len(ids), [None] * len(ids), [None] * len(ids),
                  [clusters[n] for n in ids], [G.nodes[n]["fields"] for n in ids]),
        igraph.Graph(n=len(ids), edges=[(index[u], index[v]) for u, v in G.edges]),
        np.array([G[u][v]["weight"] for u, v in G.edges]), {"X": "Cluster X"}, {"f1": "Field 1"}, "everything",
    )
    G.graph["clusters"] = {"X": "Cluster X"}
    G.graph["fields"] = {"f1": "Field 1"}
    return G, lg


@pytest.mark.parametrize("seed", [3, 11])
@pytest.mark.parametrize("pairs_per_chunk", [7, 2_000_000])
def test_brokerage_participation_and_structural_holes_equal_the_reference(monkeypatch, pairs_per_chunk, seed):
    monkeypatch.setattr(lean_triangles, "PAIRS_PER_CHUNK", pairs_per_chunk)
    G, lg = random_case(seed)
    partition = louvain(lg)
    groups = primary_groups(G, communities={n: partition[i] for i, n in enumerate(lg.nodes.ids)})
    assert lean_primary_groups(lg, partition) == groups
    group_of = [groups.of.get(n) for n in lg.nodes.ids]
    A = lg.adjacency()
    expected = brokerage_roles(G, groups.of)
    found = lean_brokerage_roles(A, group_of)
    assert all(expected[n] == {r: int(found[r][i]) for r in found} for i, n in enumerate(lg.nodes.ids))
    participation = participation_coefficient(G, groups.of)
    assert lean_participation(A, group_of) == pytest.approx([participation[n] for n in lg.nodes.ids])
    constraint, size = structural_holes(G)
    lean_constraint, lean_size = lean_structural_holes(A)
    assert lean_constraint == pytest.approx([constraint[n] for n in lg.nodes.ids], nan_ok=True)
    assert lean_size == pytest.approx([size[n] for n in lg.nodes.ids], nan_ok=True)


@pytest.mark.parametrize("exact_up_to", [10_000, 50])
def test_betweenness_equals_the_reference_exact_and_sampled(exact_up_to):
    G, lg = random_case()
    expected = weighted_betweenness(G, exact_up_to=exact_up_to, samples=40, engine="igraph")
    found = lean_betweenness(lg, exact_up_to=exact_up_to, samples=40)
    assert found.exact == expected.exact and found.std_error == pytest.approx(expected.std_error)
    assert [found.values[n] for n in lg.nodes.ids] == pytest.approx([expected.values[n] for n in lg.nodes.ids])


def test_louvain_repeats_and_finds_the_two_triangles():
    _, lg = random_case()
    assert louvain(lg, seed=7) == louvain(lg, seed=7)
    ids = ["a", "b", "c", "d", "e", "f"]
    g = igraph.Graph(n=6, edges=[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    two = LeanGraph(LeanNodes(ids, ids, ["Firm"] * 6, [None] * 6, [None] * 6, [[]] * 6, [[]] * 6), g, np.array([1, 1, 1, 1, 1, 1, 0.1]), {}, {}, "everything")
    assert louvain(two) == [0, 0, 0, 1, 1, 1]


def test_community_report_of_a_given_partition_equals_the_reference():
    G, lg = random_case()
    partition = louvain(lg)
    by_id = {n: partition[i] for i, n in enumerate(lg.nodes.ids)}
    expected = community_report(G, min_size=2)  # NetworkX Louvain: compare what does not depend on the partition
    found = lean_community_report(lg, partition, min_size=2)
    assert found.compared == expected.compared and found.membership_coverage == expected.membership_coverage
    assert found.modularity == pytest.approx(nx.community.modularity(
        G, [{n for n in G if by_id[n] == c} for c in set(partition)], weight="weight"), abs=1e-6)
    for community in found.communities:
        members = [n for n in G if by_id[n] == community.id]
        assert community.size == len(members)
        assert community.density == pytest.approx(nx.density(G.subgraph(members)), abs=1e-6)


def test_the_community_report_is_plain_json():
    """analyze stores it as a JSON string: no numpy scalar may slip in."""
    import json

    _, lg = random_case()
    report = lean_community_report(lg, louvain(lg), min_size=2)
    assert json.loads(json.dumps(report.to_dict()))["communities"]


def test_sampled_betweenness_in_worker_processes_equals_one_process():
    _, lg = random_case()
    one = lean_betweenness(lg, exact_up_to=50, samples=40, workers=1)
    two = lean_betweenness(lg, exact_up_to=50, samples=40, workers=2)
    assert two == one  # the same sources per batch, the same sums


def test_every_metric_in_worker_processes_equals_one_process():
    """Burt's measures, roles, PageRank and the betweenness batches run side by side in forked workers."""
    _, lg = random_case()
    one = lean_node_metrics(lg, exact_up_to=50, workers=1)
    two = lean_node_metrics(lg, exact_up_to=50, workers=2)
    assert repr(two) == repr(one)  # isolated organisations' constraint is nan, which equals nothing


def test_a_task_beside_runs_in_another_process_and_returns_the_same():
    """``analyze`` ranks the pairs in a forked process while this one writes the metrics."""
    import os

    from queries.lean_metrics import run_beside

    here = os.getpid()
    main_result, (task_pid, value) = run_beside(lambda: (os.getpid(), sum(range(10))), lambda: os.getpid(), workers=2)
    assert main_result == here and task_pid != here and value == 45
    assert run_beside(lambda: os.getpid(), lambda: "main", workers=1) == ("main", here)
