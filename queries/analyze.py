"""``innograph analyze``: compute every organisation metric and write it back into Neo4j.

The dashboard, Neo4j Browser and exports then read the metrics as plain node properties.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from neo4j import Driver

from graph.schema import NodeLabel
from graph.writer import write_properties
from graph.record import Record
from analytics.metrics import node_metrics
from queries.projection import build_projection
from queries.selection import Selection


@dataclass(frozen=True)
class AnalyzeReport(Record):
    organisations: int
    ties: int
    written: int
    computed_at: str
    betweenness_method: str
    groups: str
    communities: int
    seconds: dict  # step -> seconds


def analyze(driver: Driver, database: str, *, flt: Selection | None = None, seed: int = 42) -> AnalyzeReport:
    """Compute betweenness, PageRank, degree, community, participation, constraint, effective
    size and brokerage roles for every organisation in the selection and write them as node
    properties with ``metrics_computed_at`` (ISO time, UTC), one transaction per batch."""
    seconds = {}
    started = time.perf_counter()
    G = build_projection(driver, database, flt)
    seconds["projection"] = time.perf_counter() - started
    started = time.perf_counter()
    metrics = node_metrics(G, seed=seed)
    seconds["metrics"] = time.perf_counter() - started
    computed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    strength = dict(G.degree(weight="weight"))
    rows = [
        {
            "id": n,
            **metrics.row(n),
            "degree": G.degree(n),
            "weighted_degree": strength[n],
            "betweenness_exact": metrics.betweenness.exact,
            "metrics_computed_at": computed_at,
        }
        for n in G
    ]
    started = time.perf_counter()
    stats = write_properties(driver, database, NodeLabel.ORGANISATION, rows)
    seconds["write"] = time.perf_counter() - started
    return AnalyzeReport(
        organisations=G.number_of_nodes(),
        ties=G.number_of_edges(),
        written=stats.rows - stats.missing_endpoints,
        computed_at=computed_at,
        betweenness_method=metrics.betweenness.describe(),
        groups=metrics.groups.describe(),
        communities=len(set(metrics.communities.values())),
        seconds={k: round(v, 3) for k, v in seconds.items()},
    )
