"""Analytics: the compiled engine (igraph) against plain NetworkX on the same graph.

Betweenness is the product's own :func:`analytics.centrality.weighted_betweenness` (distance =
1/weight) run with each engine. NetworkX's exact betweenness on M or L takes hours, so its time
is extrapolated from a run over a sample of sources (Brandes' algorithm costs the same per
source). PageRank and Louvain: igraph's against NetworkX's, conversion to igraph included.
"""

from __future__ import annotations

import random
import time

import networkx as nx

from analytics.centrality import weighted_betweenness


def seconds(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def networkx_betweenness_estimate(G: nx.Graph, sources: int, *, sample: int, seed: int = 5) -> float:
    """Seconds NetworkX would need for ``sources`` Brandes sources, from a run over ``sample`` of them."""
    rng = random.Random(seed)
    picked = rng.sample(list(G.nodes), min(sample, G.number_of_nodes()))
    spent, _ = seconds(lambda: nx.betweenness_centrality_subset(G, sources=picked, targets=list(G), weight="distance"))
    return spent * sources / len(picked)


def exact_betweenness(G: nx.Graph) -> tuple[float, dict]:
    spent, result = seconds(lambda: weighted_betweenness(G, exact_up_to=10**12, engine="igraph"))
    return spent, result.values


def sampled_betweenness(G: nx.Graph) -> tuple[float, object]:
    """The product's sampled estimate (its default number of sources), forced even on small graphs."""
    return seconds(lambda: weighted_betweenness(G, exact_up_to=0, engine="igraph"))


def top_overlap(a: dict, b: dict, k: int = 20) -> float:
    """Share of the top ``k`` of ``a`` that is also in the top ``k`` of ``b``."""
    top = lambda values: {n for n, _ in sorted(values.items(), key=lambda item: (-item[1], str(item[0])))[:k]}  # noqa: E731
    return len(top(a) & top(b)) / k


def to_igraph(G: nx.Graph):
    import igraph

    index = {n: i for i, n in enumerate(G.nodes)}
    graph = igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in G.edges], directed=False)
    graph.es["weight"] = [float(w) for _, _, w in G.edges(data="weight", default=1.0)]
    return graph


def pagerank_seconds(G: nx.Graph) -> tuple[float, float]:
    """(igraph, NetworkX) seconds for weighted PageRank."""
    engine, _ = seconds(lambda: to_igraph(G).pagerank(weights="weight", directed=False))
    reference, _ = seconds(lambda: nx.pagerank(G, weight="weight"))
    return engine, reference


def louvain_seconds(G: nx.Graph, *, networkx: bool = True) -> tuple[float, float | None, float, float | None]:
    """(igraph s, NetworkX s, igraph modularity, NetworkX modularity) for weighted Louvain."""
    engine, partition = seconds(lambda: to_igraph(G).community_multilevel(weights="weight"))
    if not networkx:
        return engine, None, partition.modularity, None
    reference, found = seconds(lambda: nx.community.louvain_communities(G, weight="weight", seed=42))
    return engine, reference, partition.modularity, nx.community.modularity(G, found, weight="weight")
