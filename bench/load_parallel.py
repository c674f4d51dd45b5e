"""Organisation nodes per second on synthetic L: the two ways issue 19 names, against the old writer.

- ``sequential``: :func:`graph.writer.write_nodes` one transaction at a time, the next batch prepared
  meanwhile (the writer before concurrent batches) — the baseline every ratio is against, measured
  in the same run;
- ``concurrent``: ``write_nodes(…, distinct_keys=True)``, :data:`graph.writer.WORKERS` batches at
  once (distinct keys do not contend; what loads and ``bench/load.py`` use);
- ``deferred``: the secondary indexes (look-up and full-text) dropped, the rows written
  sequentially, the indexes created again and awaited — the time includes the index build;
- ``deferred+concurrent``: both.

Each variant starts from a database without organisations and writes the same rows (L: 100,000).

    python bench/load_parallel.py [--size L] [--repeat 2] [--heap 2g]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generator import generate  # noqa: E402
from bench.server import bench_server  # noqa: E402
from graph.schema import NodeLabel, ensure_schema  # noqa: E402
from graph.writer import WORKERS, write_nodes  # noqa: E402

_SECONDARY = """
SHOW INDEXES YIELD name, type, labelsOrTypes, owningConstraint
WHERE owningConstraint IS NULL AND type <> 'LOOKUP' AND any(l IN labelsOrTypes WHERE l = 'Organisation')
RETURN name
"""


def _clear(driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run("MATCH (n:Organisation) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def _drop_secondary(driver, database: str) -> None:
    records, _, _ = driver.execute_query(_SECONDARY, database_=database)
    for record in records:
        driver.execute_query("DROP INDEX " + record["name"], database_=database)  # names from the server


def run_variant(driver, database: str, rows: list[dict], *, concurrent: bool, deferred: bool) -> float:
    """Seconds to write ``rows`` (index build included when ``deferred``); the schema is whole after."""
    _clear(driver, database)
    if deferred:
        _drop_secondary(driver, database)
    started = time.perf_counter()
    write_nodes(driver, database, NodeLabel.ORGANISATION, rows, distinct_keys=concurrent)
    if deferred:
        ensure_schema(driver, database)  # creates the dropped indexes and waits until they are online
    seconds = time.perf_counter() - started
    count, _, _ = driver.execute_query("MATCH (n:Organisation) RETURN count(n) AS n", database_=database)
    assert count[0]["n"] == len(rows), (count[0]["n"], len(rows))
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="L")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--repeat", type=int, default=2, help="runs per variant; the best is reported")
    args = parser.parse_args(argv)
    rows = generate(args.size).organisations
    variants = [("sequential", False, False), ("concurrent", True, False), ("deferred", False, True),
                ("deferred+concurrent", True, True)]
    with bench_server(heap=args.heap, pagecache="1g") as (settings, driver):
        write_nodes(driver, settings.database, NodeLabel.ORGANISATION, rows[:5000])  # warm the server's code paths
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, concurrent, deferred in variants:
                seconds = run_variant(driver, settings.database, rows, concurrent=concurrent, deferred=deferred)
                best[name] = min(best.get(name, seconds), seconds)
    baseline = len(rows) / best["sequential"]
    print(f"{len(rows):,} organisation rows ({args.size}); best of {args.repeat}; {WORKERS} concurrent batches; "
          "goal >= 50,000 nodes/s")
    print(f"{'variant':<22} {'seconds':>8} {'nodes/s':>9} {'x sequential':>13}")
    for name, *_ in variants:
        rate = len(rows) / best[name]
        print(f"{name:<22} {best[name]:>8.1f} {rate:>9,.0f} {rate / baseline:>13.2f}")


if __name__ == "__main__":
    main()
