"""graph_view: colours, sizes, labels and legends from a subgraph or from paths."""

from queries.actors import Actor
from queries.paths import Hop, TransferPath
from queries.subgraph_model import GraphNode, GraphRel, Subgraph

from dashboard.graph_view import NONE_KEY, OTHER_COLOUR, PALETTE, path_drawing, subgraph_drawing


def org(id_, kind, **props):
    return GraphNode(id_, ("Organisation", kind), {"id": id_, "name": id_.upper(), "kind": kind, **props})


SUBGRAPH = Subgraph(
    nodes=[
        org("a", "Firm", community=1, betweenness=0.0),
        org("b", "University", community=1, betweenness=0.5),
        org("c", "Firm", community=2, betweenness=1.0),
        GraphNode("ci", ("ClusterInitiative",), {"id": "ci", "name": "Cluster X"}),
    ],
    relationships=[
        GraphRel("a|COLLABORATES_WITH|b", "COLLABORATES_WITH", "a", "b", {"weight": 3}),
        GraphRel("b|COLLABORATES_WITH|c", "COLLABORATES_WITH", "b", "c", {"weight": 1}),
        GraphRel("a|MEMBER_OF|ci", "MEMBER_OF", "a", "ci", {}),
    ],
)


def test_colour_by_cluster_uses_memberships_and_marks_the_rest():
    drawing = subgraph_drawing(SUBGRAPH, colour_by="cluster")
    colours = {node.id: node.color for node in drawing.nodes}
    assert colours["a"] == colours["ci"] == PALETTE[0]
    assert colours["b"] == colours["c"] == OTHER_COLOUR
    assert {(entry.key, entry.count) for entry in drawing.legend} == {("Cluster X", 2), (NONE_KEY, 2)}


def test_colour_by_community_and_size_by_betweenness():
    drawing = subgraph_drawing(SUBGRAPH, colour_by="community", size_by="betweenness")
    nodes = {node.id: node for node in drawing.nodes}
    assert nodes["a"].color == nodes["b"].color != nodes["c"].color
    assert nodes["a"].size == 8.0 and nodes["c"].size == 40.0 and nodes["b"].size == 24.0


def test_size_by_degree_and_edges_by_type():
    drawing = subgraph_drawing(SUBGRAPH)
    nodes = {node.id: node for node in drawing.nodes}
    assert nodes["a"].size == nodes["b"].size == 40.0 and nodes["c"].size == nodes["ci"].size == 8.0
    edges = {(e.source, e.target): e for e in drawing.edges}
    assert edges[("a", "b")].weight == 3.0 and not edges[("a", "b")].dashes
    assert edges[("a", "ci")].dashes
    assert nodes["ci"].shape == "diamond"


def test_paths_share_nodes_and_colour_each_path():
    s, m1, m2, t = (Actor(x, x.upper(), "Firm") for x in ("s", "m1", "m2", "t"))
    first = TransferPath([s, m1, t], [Hop(s, m1, "collaboration", 2, []), Hop(m1, t, "collaboration", 1, [])], 2.0)
    second = TransferPath([s, m2, t], [Hop(s, m2, "membership", 1, []), Hop(m2, t, "collaboration", 1, [])], 3.0)
    drawing = path_drawing([first, second])
    assert sorted(node.id for node in drawing.nodes) == ["m1", "m2", "s", "t"]
    ends = {node.id: node for node in drawing.nodes}
    assert ends["s"].size == ends["t"].size == 30.0 and ends["m1"].size == 16.0
    colours = {(e.source, e.target): e.color for e in drawing.edges}
    assert colours[("m1", "s")] == PALETTE[0] and colours[("m2", "s")] == PALETTE[1]
    assert [e.dashes for e in drawing.edges if (e.source, e.target) == ("m2", "s")] == [True]
