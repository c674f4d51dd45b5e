"""Maps: the dashboard's pyvis HTML for 1,000 nodes / 5,000 edges, and its first paint in Chromium.

Baseline: pyvis ``Network.from_nx`` + ``generate_html`` on the same graph (quadratic in nodes).
First paint: milliseconds from navigation start until vis-network has drawn the network once.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# Installed before the page's scripts: the first stroke on a canvas is vis-network drawing the
# map (the page's other elements are HTML); the frame after it is the one that shows it.
PAINT_HOOK = """
(() => {
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (...args) {
    if (window.__firstDraw === undefined) {
      window.__firstDraw = performance.now();
      requestAnimationFrame(() => { window.__firstPaint = performance.now(); });
    }
    return stroke.apply(this, args);
  };
})();
"""


def map_graph(nodes: int = 1000, edges: int = 5000, seed: int = 3) -> nx.Graph:
    """A connected-ish heavy-tailed graph of exactly ``nodes`` nodes and ``edges`` edges."""
    G = nx.gnm_random_graph(nodes, edges, seed=seed)
    return nx.relabel_nodes(G, {n: f"org:map-{n:04d}" for n in G})


def median_ms(call, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def dashboard_inputs(G: nx.Graph):
    from dashboard.network_html import MapEdge, MapNode

    nodes = [MapNode(n, f"Organisation {n[-4:]} <GmbH>", (f"degree {G.degree(n)}",), size=8 + G.degree(n)) for n in G]
    edges = [MapEdge(u, v, weight=1.0 + (i % 4)) for i, (u, v) in enumerate(G.edges)]
    return nodes, edges


def html_timings(G: nx.Graph, repeat: int) -> dict:
    """Median ms of the dashboard's ``network_html`` as shipped (a rerun: its layout cache warm), on
    a first drawing (layout cache cleared), with the layout patched in, of the layout alone, and of
    pyvis from_nx."""
    from pyvis.network import Network

    import dashboard.network_html as module
    from dashboard.network_html import layout, network_html

    nodes, edges = dashboard_inputs(G)
    network_html(nodes, edges)
    cached = layout(nodes, edges)

    def pyvis_from_nx() -> str:
        net = Network(height="640px", width="100%", cdn_resources="in_line")
        net.from_nx(G)
        return net.generate_html(notebook=False)

    def first_drawing() -> str:
        module._layout.cache_clear()
        return network_html(nodes, edges)

    return {
        "network_html_ms": median_ms(lambda: network_html(nodes, edges), repeat),
        "network_html_first_ms": median_ms(first_drawing, repeat),
        "layout_ms": median_ms(lambda: layout(nodes, edges), repeat),
        "cached_layout_ms": _with_layout(module, cached, lambda: median_ms(lambda: network_html(nodes, edges), repeat)),
        "pyvis_from_nx_ms": median_ms(pyvis_from_nx, max(1, repeat // 2)),
    }


def _with_layout(module, positions: dict, call):
    """Run ``call`` while the dashboard's layout function answers from ``positions``."""
    from unittest import mock

    with mock.patch.object(module, "layout", lambda *args, **kwargs: positions):
        return call()


def first_paint_ms(G: nx.Graph, repeat: int = 3) -> float:
    """Median ms from navigation start to the first drawing of the dashboard's map of ``G``."""
    from playwright.sync_api import sync_playwright

    from dashboard.network_html import network_html

    nodes, edges = dashboard_inputs(G)
    with tempfile.TemporaryDirectory(prefix="innograph-map-") as folder:
        page_file = Path(folder) / "map.html"
        page_file.write_text(network_html(nodes, edges), encoding="utf-8")
        samples = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for _ in range(repeat + 1):
                    page = browser.new_page()
                    page.add_init_script(PAINT_HOOK)
                    page.goto(page_file.as_uri())
                    page.wait_for_function("window.__firstPaint !== undefined", timeout=60_000)
                    samples.append(page.evaluate("window.__firstPaint"))
                    page.close()
            finally:
                browser.close()
    return statistics.median(samples[1:])
