"""The collaboration graph of a generated ecosystem as NetworkX, shaped like queries' projection.

The engine-against-NetworkX figures time algorithms on the same graph without reading it back
from Neo4j first (that read is timed on its own, inside ``analyze``).
"""

from __future__ import annotations

import networkx as nx

from bench.generator import Ecosystem


def collaboration_graph(eco: Ecosystem) -> nx.Graph:
    """Organisations with ``clusters``/``fields``/``kind``/``region``; ties with weight and distance."""
    clusters: dict[str, list[str]] = {}
    for rel in eco.relationships["MEMBER_OF"]:
        clusters.setdefault(rel["start"], []).append(rel["end"])
    fields: dict[str, list[str]] = {}
    for rel in eco.relationships["WORKS_ON"]:
        fields.setdefault(rel["start"], []).append(rel["end"])
    G = nx.Graph(
        clusters={c["id"]: c["name"] for c in eco.nodes["ClusterInitiative"]},
        fields={f["id"]: f["name"] for f in eco.nodes["TechnologyField"]},
    )
    for org in eco.organisations:
        G.add_node(
            org["id"], name=org["name"], kind=org["kind"], region=org["region"], sme=org["sme"],
            clusters=sorted(clusters.get(org["id"], [])), fields=sorted(fields.get(org["id"], [])),
        )
    for tie in eco.ties:
        weight = float(tie["weight"])
        G.add_edge(tie["start"], tie["end"], weight=weight, distance=1.0 / weight, projects=tie["projects"])
    return G
