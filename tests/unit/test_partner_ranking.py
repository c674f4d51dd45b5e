"""``rank_partners`` on a graph whose nodes are bare until asked for ranks exactly as scoring every partner's
partner with ``score_pairs`` (the code before, kept here as the reference), and asks about fewer nodes."""

from __future__ import annotations

import networkx as nx
import pytest

import analytics.recommend
from analytics.recommend import rank_pairs_of, score_pairs
from queries.candidates import _org_candidate, rank_partners
from tests.unit.test_member_pairs import random_ecosystem


def reference(G: nx.Graph, u, *, top: int, outside: str | None, method: str) -> list:
    left_out = {n for n, cs in G.nodes(data="clusters") if outside in (cs or [])} if outside else set()
    reached = {w for m in G[u] for w in G[m]} - set(G[u]) - left_out - {u}
    pairs = [(u, v) for v in sorted(reached, key=repr)]
    return [_org_candidate(G, p, outside) for p in score_pairs(G, pairs, method=method)[:top]]


def bare(G: nx.Graph) -> tuple[nx.Graph, list]:
    """``G`` with only its ties and hub degrees, and a ``complete`` that copies attributes from ``G``."""
    H = nx.Graph()
    H.add_nodes_from((n, {k: v for k, v in d.items() if k == "full_degree"}) for n, d in G.nodes(data=True))
    H.add_edges_from(G.edges(data=True))
    asked: list = []

    def complete(nodes) -> None:
        for n in nodes:
            if "name" not in H.nodes[n]:
                asked.append(n)
                H.nodes[n].update(G.nodes[n])
    return H, complete, asked


def _rows(rows) -> list:
    return [(r.to_dict(), r.reason_parts) for r in rows]


@pytest.mark.parametrize("first_asked", [1, 3, 64])
@pytest.mark.parametrize("method", ["resource_allocation", "adamic_adar"])
@pytest.mark.parametrize("seed", range(30))
def test_equals_scoring_every_partners_partner(seed, method, first_asked, monkeypatch):
    """With few candidates asked about at first, the rounds and the bound decide (a bound 0.02 too tight fails)."""
    monkeypatch.setattr(analytics.recommend, "_FIRST_ASKED", first_asked)
    G, _ = random_ecosystem(seed, n=80, m=[60, 160, 400][seed % 3])
    for node in G:
        G.nodes[node]["name"] = node.upper()
    for u in sorted(G, key=lambda n: -G.degree(n))[:3] + sorted(G)[:3]:
        for outside in (None, "B"):
            for top in (1, 5, 20, 1000):
                H, complete, _ = bare(G)
                expected = reference(G, u, top=top, outside=outside, method=method)
                assert _rows(rank_partners(H, u, top=top, outside=outside, method=method, complete=complete)) \
                    == _rows(expected)


def test_asks_only_about_candidates_that_can_reach_the_top():
    """A hub's 2,000 partners' partners: one strong candidate, the rest weak; few are read."""
    G = nx.Graph([("u", "p1"), ("u", "p2"), ("p1", "best"), ("p2", "best")])
    G.add_edges_from(("u", f"h{i}") for i in range(10))
    G.add_edges_from((f"h{i}", f"x{j:04d}") for i in range(10) for j in range(i * 200, (i + 1) * 200))
    for node in G:
        G.nodes[node].update(name=node, fields=[], region=None, clusters=[])
    H, complete, asked = bare(G)
    assert _rows(rank_partners(H, "u", top=1, complete=complete)) == _rows(reference(G, "u", top=1, outside=None,
                                                                                        method="resource_allocation"))
    assert len(asked) < 200


def test_no_candidate_or_no_top():
    G = nx.Graph([("a", "b")])
    assert rank_pairs_of(G, "a", [], top=5) == []
    assert rank_pairs_of(G, "a", ["b"], top=0) == []
    with pytest.raises(ValueError):
        rank_pairs_of(G, "a", ["b"], top=5, method="nonsense")
