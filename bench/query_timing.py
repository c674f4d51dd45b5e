"""Query latency: time inside Neo4j (server-side, from the result summary) and end to end (Python).

The in-database figures run the statements of ``bench/cypher/`` (a bounded SHORTEST-k path
search; partner candidates by resource allocation with a bounded expansion, so hubs stay fast).
The end-to-end figures call the product's functions in :mod:`queries` as a user's click would.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from neo4j import Driver, RoutingControl

CYPHER = Path(__file__).resolve().parent / "cypher"


def statement(name: str) -> str:
    return (CYPHER / (name + ".cypher")).read_text(encoding="utf-8").strip()


def server_ms(driver: Driver, database: str, name: str, params: dict) -> float:
    """Milliseconds the server spent until the last record was consumed."""
    _, summary, _ = driver.execute_query(statement(name), params, database_=database, routing_=RoutingControl.READ)
    return float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))


def time_calls(call: Callable[[], object], count: int, *, budget_s: float) -> list[float]:
    """Wall-clock milliseconds of up to ``count`` calls, stopping once ``budget_s`` is spent."""
    samples: list[float] = []
    spent = time.perf_counter()
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() - spent > budget_s:
            break
    return samples


def sample_pairs(ties: list[dict], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Pairs of organisations that both have ties and are not tied directly (so a path is a search)."""
    rng = random.Random(seed)
    tied = sorted({t["start"] for t in ties} | {t["end"] for t in ties})
    direct = {(t["start"], t["end"]) for t in ties}
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        a, b = sorted(rng.sample(tied, 2))
        if (a, b) not in direct:
            pairs.append((a, b))
    return pairs


def sample_organisations(ties: list[dict], count: int, seed: int = 11) -> tuple[list[str], list[str]]:
    """Ordinary organisations (random, with ties) and the hubs (highest degree)."""
    degree = Counter()
    for t in ties:
        degree[t["start"]] += 1
        degree[t["end"]] += 1
    rng = random.Random(seed)
    ordinary = rng.sample(sorted(degree), min(count, len(degree)))
    hubs = [org for org, _ in degree.most_common(max(3, count // 5))]
    return ordinary, hubs


def db_samples(driver: Driver, database: str, name: str, params: list[dict]) -> list[float]:
    """Server milliseconds per query; every query runs once before (plans cached, caches warm)."""
    for p in params:
        server_ms(driver, database, name, p)
    return [server_ms(driver, database, name, p) for p in params]


def e2e_samples(driver: Driver, database: str, name: str, params: list[dict]) -> list[float]:
    """Wall-clock milliseconds of the same statements from Python (driver, network, records)."""
    text = statement(name)

    def run(p: dict) -> None:
        driver.execute_query(text, p, database_=database, routing_=RoutingControl.READ)

    for p in params:
        run(p)
    samples = []
    for p in params:
        started = time.perf_counter()
        run(p)
        samples.append((time.perf_counter() - started) * 1000)
    return samples
