"""Every per-organisation metric in one pass, shared by ``bridges`` and ``analyze``."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from analytics.brokerage import ROLES, Groups, brokerage_roles, participation_coefficient, primary_groups, structural_holes
from analytics.centrality import Betweenness, weighted_betweenness
from analytics.community_detection import detect_communities


@dataclass(frozen=True)
class NodeMetrics:
    """Metric name → {node: value}, plus how betweenness and the groups were obtained."""

    betweenness: Betweenness
    groups: Groups
    communities: dict
    pagerank: dict
    participation: dict
    constraint: dict
    effective_size: dict
    roles: dict

    def row(self, node) -> dict:
        """The metrics of one node as flat properties (``brokerage_<role>`` per role)."""
        return {
            "betweenness": self.betweenness.values[node],
            "pagerank": self.pagerank[node],
            "community": self.communities[node],
            "participation": self.participation[node],
            "constraint": _number(self.constraint[node]),
            "effective_size": _number(self.effective_size[node]),
            **{"brokerage_" + role: self.roles[node][role] for role in ROLES},
        }


def node_metrics(G: nx.Graph, *, seed: int = 42, exact_up_to: int | None = None) -> NodeMetrics:
    """Betweenness (distance = 1/weight), PageRank, Louvain community, brokerage over groups.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "h", weight=1.0, distance=1.0)
    >>> G.add_edge("b", "h", weight=1.0, distance=1.0)
    >>> G.add_edge("c", "h", weight=2.0, distance=0.5)
    >>> nx.set_node_attributes(G, {"a": ["X"], "b": ["Y"], "c": ["Y"], "h": ["X"]}, "clusters")
    >>> m = node_metrics(G)
    >>> round(m.betweenness.values["h"], 3), m.roles["h"]["representative"], round(m.participation["h"], 3)
    (1.0, 2, 0.375)
    """
    options = {} if exact_up_to is None else {"exact_up_to": exact_up_to}
    betweenness = weighted_betweenness(G, seed=seed, **options)
    communities = detect_communities(G, seed=seed)
    groups = primary_groups(G, communities=communities)
    constraint, effective_size = structural_holes(G)
    return NodeMetrics(
        betweenness=betweenness,
        groups=groups,
        communities=communities,
        pagerank=nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1 / len(G) for n in G},
        participation=participation_coefficient(G, groups.of),
        constraint=constraint,
        effective_size=effective_size,
        roles=brokerage_roles(G, groups.of),
    )


def _number(value: float) -> float | None:
    return None if value != value else value
