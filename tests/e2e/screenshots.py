"""README screenshots of the dashboard on the data in the configured Neo4j (the bundled BW data).

``python -m tests.e2e.screenshots [--out docs/screenshots] [--pages network,bridges] [--cluster NAME]``
starts ``innograph serve`` on a free port, opens each page in headless Chromium and saves
``<page>.png``; with ``--cluster`` also ``network-cluster.png``, the map with that cluster opened.
Same tooling as the end-to-end test; run it after ``innograph load demo`` (and ``innograph analyze``).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.e2e.browser import ROOT, browser_page, map_frame, open_app, serving, wait_idle
from tests.neo4j_server import free_port

MAP_PAGES = {"network", "paths", "query"}


def take(pages: list[str], out: Path, *, language: str = "de", cluster: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with tempfile.TemporaryDirectory() as scratch, serving(free_port(), {}, Path(scratch) / "serve.log") as url:
        with browser_page(width=1500, height=1350) as page:
            for name in pages:
                open_app(page, f"{url}/{name}")
                if language == "en":
                    page.get_by_text("English", exact=True).click(force=True)
                    page.wait_for_timeout(1500)
                if name in MAP_PAGES:
                    map_frame(page)
                else:
                    page.wait_for_timeout(2500)  # charts draw after the script finishes
                path = out / f"{name}.png"
                page.screenshot(path=str(path))
                saved.append(path)
                if name == "network" and cluster:
                    saved.append(open_cluster(page, cluster, out / "network-cluster.png"))
    return saved


def open_cluster(page, cluster: str, path: Path) -> Path:
    """Choose ``cluster`` in the map's cluster box (typed, as a user would) and save the opened map."""
    page.get_by_role("combobox").first.click()  # the cluster box is the page's first
    page.keyboard.type(cluster)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    wait_idle(page, 60_000)
    map_frame(page)
    page.screenshot(path=str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", default="network,bridges")
    parser.add_argument("--language", choices=("de", "en"), default="de")
    parser.add_argument("--cluster", help="also open this cluster on the network map (as typed in its box)")
    args = parser.parse_args()
    for path in take(args.pages.split(","), args.out, language=args.language, cluster=args.cluster):
        print(path)


if __name__ == "__main__":
    main()
