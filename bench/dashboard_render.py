"""First render of every dashboard page, cold and warm: ``python bench/dashboard_render.py``.

Runs the app in-process with Streamlit's AppTest against the Neo4j the environment names (the
bundled BW data loaded with ``innograph load demo``). *Cold* is a page's first render with empty
result caches; *warm* is the same render again with the caches filled. Times are script run times
(queries, analytics, HTML generation), not browser paint. Cold also empties the process's projection
cache (``queries/projection_cache.py``), which ``st.cache_data.clear()`` does not reach.

Budgets: on the demo (issue 13) 5 s cold and 2 s warm; with ``--national`` (issue 19, the
Germany-wide graph) 3 s cold and 0.5 s warm. The flag chooses them, not the graph's size, so that a
run says which promise it checks. ``--pages`` measures only the named page files.
Prints a table (median of ``--repeat`` runs) and one JSON line; asserts nothing. Under
``innograph serve`` the default views are also warmed in the background after the first page
(see ``dashboard/data.py``), which this script does not do: its cold figures are the worst case.

``--map`` measures only the network map: its first view, the cluster map (budget 1 s warm), against
the organisation network of 150 nodes that was the map's first view before, in the same run, and
prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard.navigation import PAGE_TABLE  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
COLD_BUDGET, WARM_BUDGET = 5.0, 2.0
NATIONAL_COLD_BUDGET, NATIONAL_WARM_BUDGET = 3.0, 0.5
CLUSTER_MAP_BUDGET = 1.0  # warm, on the demo


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# The 1st and the 20th organisation by ties, counted in the database (degree store, no projection).
_ENDPOINTS = (
    "MATCH (o:Organisation) WITH o, COUNT { (o)-[:COLLABORATES_WITH]-() } AS ties "
    "ORDER BY ties DESC, o.id LIMIT $top RETURN o.id AS id"
)


def _endpoints() -> tuple[str, str]:
    """Two well-connected organisations (1st and 20th by ties), so the paths page has real work."""
    from graph.connection import connect
    from graph.settings import Settings

    settings = Settings.from_env()
    driver = connect(settings)
    try:
        records, _, _ = driver.execute_query(_ENDPOINTS, top=20, database_=settings.database)
    finally:
        driver.close()
    return records[0]["id"], records[-1]["id"]


def _cold() -> None:
    """Empty every result cache a page may hit: Streamlit's and the shared projections."""
    from queries.projection_cache import PROJECTIONS

    st.cache_data.clear()
    PROJECTIONS.clear()


def measure(page_file: str, endpoints: tuple[str, str], timeout: float = 120) -> dict:
    app = AppTest.from_file(str(APP), default_timeout=timeout)
    app.run()
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception}")

    def render() -> None:
        if page_file == "overview.py":
            app.run()
        else:
            app.switch_page(f"app_pages/{page_file}").run()
        if page_file == "paths.py":
            app.selectbox(key="paths.source").set_value(endpoints[0])
            app.selectbox(key="paths.target").set_value(endpoints[1]).run()
        if app.exception:
            raise RuntimeError(f"{page_file} failed: {app.exception}")

    _cold()
    cold = _timed(render)
    warm = _timed(render)
    return {"page": page_file, "cold_s": round(cold, 3), "warm_s": round(warm, 3)}


def measure_map(view: str) -> dict:
    """The network map's first render in one view (``clusters``, the default, or ``organisations``)."""
    app = AppTest.from_file(str(APP), default_timeout=120)
    if view != "clusters":
        app.session_state["map.view"] = view
    app.run()

    def render() -> None:
        app.switch_page("app_pages/network_map.py").run()
        if app.exception or not app.get("iframe"):
            raise RuntimeError(f"the {view} map failed: {app.exception}")

    _cold()
    cold = _timed(render)
    warm = _timed(render)
    return {"page": f"network_map.py ({view})", "cold_s": round(cold, 3), "warm_s": round(warm, 3)}


def map_comparison(repeat: int) -> dict:
    """Cluster map against the former first view (150 organisations), alternating, medians of ``repeat``."""
    clusters, organisations = [], []
    for _ in range(repeat):
        clusters.append(measure_map("clusters"))
        organisations.append(measure_map("organisations"))
    new, old = median_of(clusters), median_of(organisations)
    return {"cluster_map": new, "organisation_map": old,
            "warm_ratio_old_over_new": round(old["warm_s"] / new["warm_s"], 1) if new["warm_s"] else None,
            "cold_ratio_old_over_new": round(old["cold_s"] / new["cold_s"], 1) if new["cold_s"] else None,
            "cluster_map_warm_ok": new["warm_s"] <= CLUSTER_MAP_BUDGET}


def median_of(runs: list[dict], budgets: tuple[float, float] = (COLD_BUDGET, WARM_BUDGET)) -> dict:
    cold = statistics.median(r["cold_s"] for r in runs)
    warm = statistics.median(r["warm_s"] for r in runs)
    return {"page": runs[0]["page"], "cold_s": round(cold, 3), "warm_s": round(warm, 3),
            "cold_ok": cold <= budgets[0], "warm_ok": warm <= budgets[1],
            "cold_runs": [r["cold_s"] for r in runs], "warm_runs": [r["warm_s"] for r in runs]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="measurements per page; the median is reported")
    parser.add_argument("--map", action="store_true", help="only the cluster map against the former first view")
    parser.add_argument("--national", action="store_true", help="the Germany-wide budgets: 3 s cold, 0.5 s warm")
    parser.add_argument("--pages", nargs="+", metavar="FILE", help="only these page files (e.g. bridges.py)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds one page run may take")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.map:
        found = map_comparison(args.repeat)
        print(f"median of {args.repeat} runs; the map's first view, cold and warm")
        for key in ("cluster_map", "organisation_map"):
            row = found[key]
            print(f"{row['page']:<38}{row['cold_s']:>8.2f} s cold{row['warm_s']:>8.2f} s warm")
        verdict = "ok" if found["cluster_map_warm_ok"] else "OVER"
        print(f"organisation map / cluster map: {found['cold_ratio_old_over_new']}x cold, "
              f"{found['warm_ratio_old_over_new']}x warm; cluster map warm {verdict} (budget {CLUSTER_MAP_BUDGET} s)")
        print(json.dumps({"dashboard_render_map": found}))
        return 0
    budgets = (NATIONAL_COLD_BUDGET, NATIONAL_WARM_BUDGET) if args.national else (COLD_BUDGET, WARM_BUDGET)
    endpoints = _endpoints()
    pages = [page_file for page_file, *_ in PAGE_TABLE if not args.pages or page_file in args.pages]
    results = [
        median_of([measure(page_file, endpoints, args.timeout) for _ in range(args.repeat)], budgets)
        for page_file in pages
    ]
    print(f"median of {args.repeat} runs per page")
    print(f"{'page':<22}{'cold s':>8}{'warm s':>8}{'cold/warm':>11}  budget ({budgets[0]:g} s cold, {budgets[1]:g} s warm)")
    for row in results:
        ratio = row["cold_s"] / row["warm_s"] if row["warm_s"] else float("inf")
        verdict = "ok" if row["cold_ok"] and row["warm_ok"] else "OVER"
        print(f"{row['page']:<22}{row['cold_s']:>8.2f}{row['warm_s']:>8.2f}{ratio:>11.1f}  {verdict}")
    print(json.dumps({"dashboard_render": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
