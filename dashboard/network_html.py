"""pyvis HTML for a network, generated in memory, offline and safe to embed.

The HTML is embedded with ``st.iframe``, which is same-origin with the app and runs scripts, so
every string that comes from data is HTML-escaped here before it reaches the page. A small script
turns the escaped tooltips back into text nodes (never markup) and decodes the labels for the canvas.

The layout is computed in Python with a fixed seed, so a rerun draws the same picture. Small
networks then settle with a short physics stabilisation that is switched off afterwards; above
:data:`PHYSICS_LIMIT` nodes physics stays off and the precomputed layout is final.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

PHYSICS_LIMIT = 300
LAYOUT_SEED = 7
LAYOUT_SCALE = 60.0
_CDN_TAGS = re.compile(
    r"<link[^>]*https?://[^>]*>|<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.IGNORECASE,
)
_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
# pyvis makes a new jinja Environment per Network and so compiles its template on every map
# (most of a rerun's time); one shared Environment compiles it once per process.
_TEMPLATES = Environment(loader=FileSystemLoader(Network().template_dir))


@dataclass(frozen=True)
class MapNode:
    """One drawn node: plain (unescaped) text in, escaping happens in :func:`network_html`."""

    id: str
    label: str
    tooltip: Sequence[str] = ()
    color: str = "#4c78a8"
    size: float = 12.0
    shape: str = "dot"
    border: str | None = None


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    weight: float = 1.0
    tooltip: Sequence[str] = ()
    color: str = "#b0b0b0"
    dashes: bool = False
    width: float | None = None


@dataclass(frozen=True)
class HtmlOptions:
    height_px: int = 640
    physics_limit: int = PHYSICS_LIMIT
    background: str = "#ffffff"
    extra: dict = field(default_factory=dict)


def layout(nodes: Sequence[MapNode], edges: Sequence[MapEdge], *, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Deterministic positions (same input, same picture); cheaper iterations for big networks.

    The spring layout is most of a map's cost, and a rerun of a page (a click elsewhere, a new
    colour) draws the same nodes and ties again: positions are cached by the node ids and the
    ties (ends and weight), so a rerun only writes the HTML.

    >>> pos = layout([MapNode("a", "A"), MapNode("b", "B")], [MapEdge("a", "b")])
    >>> pos == layout([MapNode("a", "A"), MapNode("b", "B")], [MapEdge("a", "b")])
    True
    """
    ids = tuple(sorted({node.id for node in nodes}))
    known = set(ids)
    ties = tuple(sorted((e.source, e.target, float(e.weight)) for e in edges if e.source in known and e.target in known))
    return dict(_layout(ids, ties, seed))


@lru_cache(maxsize=32)
def _layout(ids: tuple, ties: tuple, seed: int) -> tuple:
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_weighted_edges_from(ties)
    if graph.number_of_nodes() == 0:
        return ()
    iterations = 50 if graph.number_of_nodes() <= PHYSICS_LIMIT else 25
    scale = LAYOUT_SCALE * max(graph.number_of_nodes(), 4) ** 0.5
    positions = nx.spring_layout(graph, seed=seed, iterations=iterations, scale=scale)
    return tuple((node, (round(float(x), 1), round(float(y), 1))) for node, (x, y) in positions.items())


def network_html(nodes: Sequence[MapNode], edges: Sequence[MapEdge], options: HtmlOptions | None = None) -> str:
    """A complete, self-contained HTML page drawing the network with vis-network (no CDN)."""
    options = options or HtmlOptions()
    physics = len(nodes) <= options.physics_limit
    positions = layout(nodes, edges)
    net = Network(height=f"{options.height_px}px", width="100%", bgcolor=options.background, cdn_resources="in_line")
    net.templateEnv = _TEMPLATES
    net.nodes = [_node_dict(node, positions.get(node.id, (0.0, 0.0))) for node in nodes]
    net.node_ids = [node.id for node in nodes]
    net.node_map = {entry["id"]: entry for entry in net.nodes}
    known = set(net.node_ids)
    net.edges = [_edge_dict(edge) for edge in edges if edge.source in known and edge.target in known]
    net.options = _vis_options(physics, options.extra)
    page = net.generate_html(notebook=False)
    page = _CDN_TAGS.sub("", page)
    page = _HEADING.sub("", page)
    # pyvis switches to its own innerHTML popup when a title mentions "href"; keep strings then.
    text_tooltips = not any("href" in entry["title"] for entry in net.nodes)
    return page.replace("</body>", _settle_script(physics, text_tooltips) + "</body>", 1)


def escape(text: object) -> str:
    """HTML-escape one data-derived value (quotes too, it may end up in an attribute)."""
    return html.escape("" if text is None else str(text), quote=True)


def _node_dict(node: MapNode, position: tuple[float, float]) -> dict:
    entry = {
        "id": node.id,
        "label": escape(node.label),
        "title": "\n".join(escape(line) for line in node.tooltip) or escape(node.label),
        "color": node.color if node.border is None else {"background": node.color, "border": node.border},
        "size": round(float(node.size), 2),
        "shape": node.shape,
        "x": position[0],
        "y": position[1],
    }
    if node.border is not None:
        entry["borderWidth"] = 3
    return entry


def _edge_dict(edge: MapEdge) -> dict:
    entry = {
        "from": edge.source,
        "to": edge.target,
        "value": float(edge.weight),
        "color": edge.color,
        "dashes": edge.dashes,
    }
    if edge.tooltip:
        entry["title"] = "\n".join(escape(line) for line in edge.tooltip)
    if edge.width is not None:
        entry["width"] = edge.width
    return entry


def _vis_options(physics: bool, extra: dict) -> dict:
    options = {
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "scaling": {"min": 1, "max": 8}, "color": {"inherit": False}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "damping": 0.35, "avoidOverlap": 0.2},
            "stabilization": {"enabled": physics, "iterations": 150, "updateInterval": 25, "fit": True},
            "minVelocity": 1.0,
        },
    }
    options.update(extra)
    return options


def _settle_script(physics: bool, text_tooltips: bool) -> str:
    """Decode escaped labels for the canvas, show tooltips as text, stop physics once settled."""
    stop = (
        "network.once('stabilizationIterationsDone', off);"
        "setTimeout(off, 4000);"
        if physics
        else ""
    )
    return (
        "<style>.vis-tooltip{white-space:pre-line;max-width:420px}</style>"
        "<script type=\"text/javascript\">(function(){"
        "var box=document.createElement('textarea');"
        "function text(s){box.innerHTML=s;return box.value;}"
        "var fix=[];nodes.forEach(function(n){var d=document.createElement('div');"
        "d.textContent=text(n.title||'');fix.push({id:n.id,label:text(n.label||'')"
        + (",title:d" if text_tooltips else "")
        + "});});"
        "nodes.update(fix);"
        "var efix=[];edges.forEach(function(e){if(typeof e.title==='string'){"
        "var d=document.createElement('div');d.textContent=text(e.title);efix.push({id:e.id,title:d});}});"
        "edges.update(efix);"
        "function off(){network.setOptions({physics:{enabled:false}});document.body.dataset.settled='1';}"
        + stop
        + ("" if physics else "off();")
        + "})();</script>"
    )

