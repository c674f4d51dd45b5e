"""20 analysts at once: parallel clients against the query layer on the bundled data, for a fixed time.

Each client loops until the deadline over the questions the dashboard asks most: transfer paths
between two organisations, cross-clustering candidates of a cluster, a cluster's map subgraph
(at most 300 nodes) and an export of it in a random format. All clients share ONE driver, as the
dashboard's threads do (``st.cache_resource``), so connection-pool exhaustion would show up here.

It starts its own local Neo4j (loopback only) in a temporary home unless ``--use-env`` is given,
loads ``innograph load demo`` into it, and prints p50/p95/max latency per operation, the error
count by kind and whether the pool ran dry, as a table and as JSON (``--json FILE``).

    .venv/bin/python bench/soak_concurrent.py --clients 20 --seconds 120
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neo4j import RoutingControl  # noqa: E402

from graph import local  # noqa: E402
from graph.connection import connect  # noqa: E402
from graph.errors import InnographError  # noqa: E402
from graph.schema import ensure_schema  # noqa: E402
from graph.settings import Settings  # noqa: E402
from queries.candidates import candidates  # noqa: E402
from queries.export import FORMATS, export_subgraph  # noqa: E402
from queries.paths import transfer_paths  # noqa: E402
from queries.subgraph import Selection, select_subgraph  # noqa: E402

OPERATIONS = ("paths", "candidates", "map", "export")


def own_server(home: Path, heap: str, pagecache: str, port: int) -> tuple[Settings, local.LocalServer]:
    settings = Settings(uri=f"bolt://127.0.0.1:{port}", user="neo4j", password="", database="neo4j", home=home,
                        bolt_port=port, external=False, timeout=30.0)
    settings = local.ensure_password(settings)
    server = local.LocalServer(home=home, bolt_port=port, http_port=0, heap=heap, pagecache=pagecache)
    print(local.start(settings, server, timeout=300), flush=True)
    return settings, server


def ensure_demo(driver, database: str) -> None:
    records, _, _ = driver.execute_query("MATCH (o:Organisation) RETURN count(o) AS n", database_=database,
                                         routing_=RoutingControl.READ)
    if records[0]["n"]:
        return
    from loaders.demo import load_demo

    started = time.monotonic()
    ensure_schema(driver, database)
    load_demo(driver, database, progress=False)
    print(f"demo loaded in {time.monotonic() - started:.0f} s", flush=True)


def workload(driver, database: str) -> tuple[list[str], list[str]]:
    """Cluster ids and the 200 best-connected organisation ids, to draw questions from."""
    clusters, _, _ = driver.execute_query(
        "MATCH (c:ClusterInitiative)<-[:MEMBER_OF]-() RETURN DISTINCT c.id AS id ORDER BY id",
        database_=database, routing_=RoutingControl.READ)
    orgs, _, _ = driver.execute_query(
        "MATCH (o:Organisation)-[r:COLLABORATES_WITH]-() RETURN o.id AS id, count(r) AS d ORDER BY d DESC, id LIMIT 200",
        database_=database, routing_=RoutingControl.READ)
    return [r["id"] for r in clusters], [r["id"] for r in orgs]


def one_question(op: str, driver, database: str, clusters: list[str], orgs: list[str], rng: random.Random) -> None:
    if op == "paths":
        source, target = rng.sample(orgs, 2)
        transfer_paths(driver, database, source, target, k=3)
    elif op == "candidates":
        candidates(driver, database, rng.choice(clusters), top=10)
    else:
        subgraph = select_subgraph(driver, database, Selection(clusters=(rng.choice(clusters),), limit=300))
        if op == "export":
            export_subgraph(subgraph, rng.choice(FORMATS), "soak test")


def client(index: int, deadline: float, driver, database: str, clusters, orgs, results: list, lock) -> None:
    rng = random.Random(index)
    while time.monotonic() < deadline:
        op = rng.choice(OPERATIONS)
        started = time.monotonic()
        error = None
        try:
            one_question(op, driver, database, clusters, orgs, rng)
        except InnographError as exc:  # e.g. "no path": an answer, not a failure
            error = "answer:" + type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - every other failure is counted and named
            error = type(exc).__name__ + ": " + str(exc).splitlines()[0][:160]
        with lock:
            results.append((op, time.monotonic() - started, error))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def report(results: list, seconds: float, clients: int) -> dict:
    by_op = defaultdict(list)
    errors, answers = Counter(), Counter()
    for op, latency, error in results:
        if error and not error.startswith("answer:"):
            errors[error] += 1
        else:
            by_op[op].append(latency)
            if error:
                answers[error[7:]] += 1
    all_latencies = [latency for values in by_op.values() for latency in values]
    return {
        "clients": clients, "seconds": round(seconds, 1), "requests": len(results),
        "throughput_per_s": round(len(results) / seconds, 2),
        "errors": sum(errors.values()), "error_kinds": dict(errors),
        "pool_exhausted": sum(n for e, n in errors.items() if "pool" in e.lower() or "acquisition" in e.lower()),
        "answers_without_result": dict(answers),
        "latency_s": {op: {"n": len(v), "p50": round(statistics.median(v), 3), "p95": round(percentile(v, 0.95), 3),
                           "max": round(max(v), 3)} for op, v in sorted(by_op.items())},
        "overall_s": {"p50": round(statistics.median(all_latencies), 3) if all_latencies else None,
                      "p95": round(percentile(all_latencies, 0.95), 3) if all_latencies else None},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0, help="how long the clients run (default 120)")
    parser.add_argument("--use-env", action="store_true", help="use the server in NEO4J_* / INNOGRAPH_* instead")
    parser.add_argument("--heap", default="2g", help="heap of the own server (default 2g)")
    parser.add_argument("--pagecache", default="512m")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)

    server = None
    tmp = tempfile.TemporaryDirectory(prefix="innograph-soak-")
    try:
        if args.use_env:
            settings = Settings.from_env()
        else:
            from tests.neo4j_server import free_port

            settings, server = own_server(Path(tmp.name), args.heap, args.pagecache, free_port())
        driver = connect(replace(settings, timeout=30.0))
        ensure_demo(driver, settings.database)
        clusters, orgs = workload(driver, settings.database)
        print(f"{len(clusters)} clusters, {len(orgs)} organisations to ask about; "
              f"{args.clients} clients for {args.seconds:.0f} s", flush=True)
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(i, deadline, driver, settings.database, clusters, orgs,
                                                         results, lock), daemon=True) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 600)
        summary = report(results, time.monotonic() - started, args.clients)
        driver.close()
    finally:
        if server is not None:
            local.stop(server)
        tmp.cleanup()
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
