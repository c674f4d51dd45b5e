"""network_html: offline, escaped, deterministic, physics only for small networks."""

import re

from dashboard.network_html import PHYSICS_LIMIT, MapEdge, MapNode, layout, network_html
from tests.dashboard.html_nodes import embedded_nodes

EVIL = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "\"'><svg onload=alert(3)>", "a&b"]


def small(n: int = 5):
    nodes = [MapNode(f"n{i}", f"Node {i}", tooltip=[f"tip {i}"]) for i in range(n)]
    edges = [MapEdge(f"n{i}", f"n{(i + 1) % n}", weight=i + 1) for i in range(n)]
    return nodes, edges


def test_names_and_tooltips_from_data_are_escaped():
    nodes = [MapNode(f"n{i}", name, tooltip=[name, "kind " + name]) for i, name in enumerate(EVIL)]
    edges = [MapEdge("n0", "n1", tooltip=[EVIL[1]])]
    page = network_html(nodes, edges)
    for name in EVIL[:3]:
        assert name not in page
    assert "<img src=x" not in page and "<svg" not in page and "<script>alert" not in page
    embedded = {node["id"]: node for node in embedded_nodes(page)}
    assert embedded["n0"]["label"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert embedded["n1"]["title"] == "&lt;img src=x onerror=alert(2)&gt;\nkind &lt;img src=x onerror=alert(2)&gt;"
    assert embedded["n3"]["label"] == "a&amp;b"


def test_the_page_needs_no_network():
    nodes, edges = small()
    page = network_html(nodes, edges)
    assert "vis.Network" in page and "new vis.DataSet" in page
    external = re.findall(r"<(?:script|link)[^>]*(?:src|href)=\"(https?://[^\"]+)\"", page)
    assert external == []


def test_same_input_same_layout():
    nodes, edges = small(30)
    assert layout(nodes, edges) == layout(list(reversed(nodes)), list(reversed(edges)))
    assert network_html(nodes, edges) == network_html(nodes, edges)
    positions = {node["id"]: (node["x"], node["y"]) for node in embedded_nodes(network_html(nodes, edges))}
    assert len(set(positions.values())) == 30


def test_physics_settles_then_stops_for_small_and_is_off_for_large_networks():
    nodes, edges = small(10)
    page = network_html(nodes, edges)
    assert '"enabled": true' in page and "stabilizationIterationsDone" in page and "physics:{enabled:false}" in page
    big_nodes, big_edges = small(PHYSICS_LIMIT + 1)
    big = network_html(big_nodes, big_edges)
    assert '"physics": {"enabled": false' in big
    assert "stabilizationIterationsDone', off" not in big


def test_edges_to_unknown_nodes_are_dropped():
    nodes, _ = small(2)
    page = network_html(nodes, [MapEdge("n0", "n1"), MapEdge("n0", "ghost")])
    assert page.count('"from": "n0"') == 1


def test_a_rerun_reuses_the_layout_of_the_same_nodes_and_ties(monkeypatch):
    """The spring layout runs once per node-and-tie set; a changed tie weight lays out again."""
    import dashboard.network_html as module

    module._layout.cache_clear()
    runs = []
    spring = module.nx.spring_layout
    monkeypatch.setattr(module.nx, "spring_layout", lambda *a, **k: runs.append(1) or spring(*a, **k))
    nodes = [module.MapNode("a", "A"), module.MapNode("b", "B"), module.MapNode("c", "C")]
    edges = [module.MapEdge("a", "b"), module.MapEdge("b", "c", weight=2.0)]
    module.network_html(nodes, edges)
    assert module.layout(list(reversed(nodes)), list(reversed(edges))) == module.layout(nodes, edges)
    assert len(runs) == 1
    module.network_html(nodes, [module.MapEdge("a", "b"), module.MapEdge("b", "c", weight=3.0)])
    assert len(runs) == 2
