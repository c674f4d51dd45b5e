"""Run ``queries.analyze.analyze`` (what ``innograph analyze`` calls) in a process of its own.

Its own process, so that its peak resident memory is its own. Reads the connection from the
environment (``NEO4J_URI``, ``NEO4J_PASSWORD``) and prints one JSON line. ``--exact`` forces
exact betweenness at any size (analyze samples above ``analytics.centrality.EXACT_UP_TO``).
"""

from __future__ import annotations

import json
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import queries.analyze as analyze_module  # noqa: E402
from bench.memory import peak_rss_kb, workers_peak_rss_kb  # noqa: E402
from graph.connection import connect  # noqa: E402
from graph.settings import Settings  # noqa: E402
from queries.lean_metrics import lean_node_metrics  # noqa: E402


def main() -> None:
    if "--exact" in sys.argv:
        analyze_module.lean_node_metrics = partial(lean_node_metrics, exact_up_to=10**12)
    settings = Settings.from_env()
    driver = connect(settings)
    started = time.perf_counter()
    report = analyze_module.analyze(driver, settings.database)
    seconds = time.perf_counter() - started
    driver.close()
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_kb() / 1024,
                      "workers_peak_rss_mb": workers_peak_rss_kb() / 1024, "report": report.to_dict()}))


if __name__ == "__main__":
    main()
