"""The cluster pairs ``analyze`` stores are counted over the whole graph at once
(:func:`queries.stored_pairs.every_cluster_complementarity`); they equal
:func:`queries.candidates.rank_cluster_candidates` on the projection, here on random graphs with
organisations in several clusters, clusters reached only through the hierarchy and clusters' own fields."""

from __future__ import annotations

import random

import igraph
import networkx as nx
import numpy as np
import pytest

from queries.candidates import cluster_candidate, rank_cluster_candidates
from queries.lean_projection import LeanGraph, LeanNodes
from queries.stored_pairs import every_cluster_complementarity

CLUSTERS = ["A", "B", "C", "D"]


def random_pair(seed: int) -> tuple[nx.Graph, LeanGraph]:
    """The same random ecosystem as a projection (``G``) and as the lean graph ``analyze`` reads."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, [40, 90, 160][seed % 3], seed=seed)
    G = nx.relabel_nodes(G, {i: f"o{i:02d}" for i in G})
    cluster_fields = {c: rng.sample(["f1", "f2", "f3", "f4", "f5"], rng.choice([0, 1, 2])) for c in CLUSTERS}
    G.graph.update(clusters={c: f"Cluster {c}" for c in CLUSTERS}, fields={f"f{i}": f"Field {i}" for i in range(1, 6)},
                   cluster_fields=cluster_fields)
    for node in G:
        clusters = sorted(rng.sample(CLUSTERS, rng.choice([0, 0, 1, 1, 2, 3])))
        via = {c: ["parent"] for c in clusters if rng.random() < 0.2}
        G.nodes[node].update(name=f"Org {node}", clusters=clusters, clusters_via=via,
                             fields=sorted(rng.sample(["f1", "f2", "f3", "f4", "f5"], rng.choice([0, 1, 2]))))
    ids = list(G)
    at = {n: i for i, n in enumerate(ids)}
    nodes = LeanNodes(ids, [G.nodes[n]["name"] for n in ids], ["Firm"] * len(ids), [None] * len(ids), [None] * len(ids),
                      [G.nodes[n]["clusters"] for n in ids], [G.nodes[n]["fields"] for n in ids],
                      [sorted(G.nodes[n]["clusters_via"]) for n in ids])
    graph = igraph.Graph(n=len(ids), edges=[(at[u], at[v]) for u, v in G.edges])
    return G, LeanGraph(nodes, graph, np.ones(graph.ecount()), G.graph["clusters"], G.graph["fields"], "everything")


@pytest.mark.parametrize("seed", range(40))
def test_counted_at_once_equals_the_projection_ranking(seed):
    G, lg = random_pair(seed)
    stored = every_cluster_complementarity(lg, G.graph["cluster_fields"], top=3)
    for cluster in CLUSTERS:
        if not any(cluster in G.nodes[n]["clusters"] for n in G):
            assert cluster not in stored
            continue
        expected = rank_cluster_candidates(G, cluster, top=3)
        got = [cluster_candidate(G, row.score, row.common_count, row.inherited) for row in stored[cluster]]
        assert [(r.to_dict(), r.reason_parts) for r in got] == [(r.to_dict(), r.reason_parts) for r in expected]


def test_a_stored_ranking_answers_only_what_it_kept():
    """Asked for more than were kept, a stored ranking answers nothing (the expansion does); a cluster
    with fewer pairs than were kept has them all."""
    from queries.stored_pairs import StoredRanking

    full = StoredRanking("t", list(range(100)), 100, list(range(30)), 30)
    assert full.organisation_pairs(100) == list(range(100)) and full.organisation_pairs(101) is None
    assert full.cluster_pairs(10) == list(range(10)) and full.cluster_pairs(31) is None
    small = StoredRanking("t", [1, 2], 100, [3], 30)
    assert small.organisation_pairs(500) == [1, 2] and small.cluster_pairs(99) == [3]
