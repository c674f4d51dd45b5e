"""Loading: the batched writer against a naive one-transaction-per-row MERGE of the same rows.

The naive baseline runs on a sample (it is far too slow for a whole graph) and is extrapolated
per row; it writes the same statement shapes as the writer, one row per managed transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from neo4j import Driver

from graph.schema import KEY, NodeLabel, RelType
from bench.server import empty_database
from graph.writer import write_nodes, write_relationships

NODE_ORDER = ("TechnologyField", "Region", "ClusterInitiative", "Organisation", "Project")
REL_MERGE_KEYS = {"PARTNER_OF": ("role",), "PARTICIPATES_IN": ("role",)}


@dataclass
class LoadTimes:
    """Seconds and rows per label and type of one load."""

    node_seconds: dict[str, float] = field(default_factory=dict)
    node_rows: dict[str, int] = field(default_factory=dict)
    rel_seconds: dict[str, float] = field(default_factory=dict)
    rel_rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.node_seconds.values()) + sum(self.rel_seconds.values())

    @property
    def nodes(self) -> int:
        return sum(self.node_rows.values())

    @property
    def relationships(self) -> int:
        return sum(self.rel_rows.values())

    def node_rate(self, label: str | None = None) -> float:
        if label:
            return self.node_rows[label] / self.node_seconds[label]
        return self.nodes / sum(self.node_seconds.values())

    def rel_rate(self) -> float:
        return self.relationships / sum(self.rel_seconds.values())


def load_rows(driver: Driver, database: str, nodes: dict[str, list[dict]], rels: dict[str, list[dict]]) -> LoadTimes:
    """Write every node list, then every relationship list, through :mod:`graph.writer`, timed."""
    times = LoadTimes()
    for label in [name for name in NODE_ORDER if name in nodes] + [n for n in nodes if n not in NODE_ORDER]:
        started = time.perf_counter()
        write_nodes(driver, database, NodeLabel(label), nodes[label], distinct_keys=True)  # generated ids are unique
        times.node_seconds[label] = time.perf_counter() - started
        times.node_rows[label] = len(nodes[label])
    for rel_type, rows in rels.items():
        started = time.perf_counter()
        stats = write_relationships(driver, database, RelType(rel_type), rows, merge_keys=REL_MERGE_KEYS.get(rel_type, ()))
        times.rel_seconds[rel_type] = time.perf_counter() - started
        times.rel_rows[rel_type] = len(rows)
        if stats.missing_endpoints:
            raise RuntimeError(f"{rel_type}: {stats.missing_endpoints} rows lost an endpoint, e.g. {stats.missing_examples[:3]}")
    return times


@dataclass(frozen=True)
class NaiveRates:
    """Rows per second of one-transaction-per-row MERGE, measured on a sample."""

    node_rate: float
    rel_rate: float
    sample_nodes: int
    sample_rels: int

    def extrapolate(self, nodes: int, relationships: int) -> float:
        return nodes / self.node_rate + relationships / self.rel_rate


def naive_rates(driver: Driver, database: str, orgs: list[dict], ties: list[dict], *, sample: int) -> NaiveRates:
    """Time one managed transaction per row for ``sample`` organisations and ``sample`` ties.

    The database is emptied before and after, so the batched load that follows starts clean.
    """
    empty_database(driver, database)
    node_rows = orgs[:sample]
    started = time.perf_counter()
    for row in node_rows:
        write_nodes(driver, database, NodeLabel.ORGANISATION, [row], batch_size=1)
    node_rate = len(node_rows) / (time.perf_counter() - started)

    rel_rows = ties[:sample]
    ids = {r["start"] for r in rel_rows} | {r["end"] for r in rel_rows}
    write_nodes(driver, database, NodeLabel.ORGANISATION, [o for o in orgs if o[KEY] in ids])
    started = time.perf_counter()
    for row in rel_rows:
        write_relationships(driver, database, RelType.COLLABORATES_WITH, [row], batch_size=1)
    rel_rate = len(rel_rows) / (time.perf_counter() - started)
    empty_database(driver, database)
    return NaiveRates(node_rate, rel_rate, len(node_rows), len(rel_rows))


def daily_update(driver: Driver, database: str, orgs: list[dict], ties: list[dict], *, rows: int = 10_000) -> float:
    """Seconds to write ``rows`` changed rows: half organisations (new website), half ties (one more project)."""
    half = rows // 2
    step_o = max(1, len(orgs) // half)
    step_t = max(1, len(ties) // (rows - half))
    changed_orgs = [{KEY: o[KEY], "kind": o["kind"], "website": f"https://example.org/{i}", "sources": ["src:bench-update"]}
                    for i, o in enumerate(orgs[::step_o][:half])]
    changed_ties = [{"start": t["start"], "end": t["end"], "weight": t["weight"] + 1, "last_year": 2026,
                     "sources": ["src:bench-update"]} for t in ties[::step_t][: rows - half]]
    started = time.perf_counter()
    write_nodes(driver, database, NodeLabel.ORGANISATION, changed_orgs)
    write_relationships(driver, database, RelType.COLLABORATES_WITH, changed_ties)
    return time.perf_counter() - started


