"""Agenda indicators: every indicator for every cluster, cold (a fresh process: new driver, nothing
cached), against the organisation projection read cold in the same run as the baseline.

Run against a loaded demo (``innograph load demo``):
``.venv/bin/python -m bench.agenda [--runs 3]``. Goal (issue 16): ≤ 2 s per cold computation.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

GOAL_SECONDS = 2.0
CHILD = """
import json, sys, time
from graph.connection import connect
from graph.settings import Settings
settings = Settings.from_env()
driver = connect(settings)
started = time.perf_counter()
if sys.argv[1] == "agenda":
    from queries.agenda import read_facts, rows
    facts = read_facts(driver, settings.database)
    table = rows(facts, "cluster") + rows(facts, "cluster", by="period")
    size = len(table)
else:
    from queries.projection import build_projection
    size = build_projection(driver, settings.database).number_of_nodes()
print(json.dumps({"seconds": time.perf_counter() - started, "size": size}))
driver.close()
"""


def cold(task: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, task], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    agenda, baseline = [], []
    for _ in range(runs):  # interleaved, so that other load on the machine hits both alike
        agenda.append(cold("agenda"))
        baseline.append(cold("projection"))
    a = statistics.median(r["seconds"] for r in agenda)
    b = statistics.median(r["seconds"] for r in baseline)
    print(f"agenda, every indicator for {agenda[0]['size']} cluster rows (overall + 4 periods), cold: "
          f"median {a:.2f} s over {runs} runs (goal ≤ {GOAL_SECONDS:.0f} s: {'met' if a <= GOAL_SECONDS else 'NOT met'})")
    print(f"baseline, organisation projection ({baseline[0]['size']} nodes), cold: median {b:.2f} s")
    print(f"ratio agenda / projection: {a / b:.2f}")


if __name__ == "__main__":
    main()
