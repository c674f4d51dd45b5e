"""A graph's fingerprint: counts per label and type, and a checksum of every node's and
relationship's properties, so that two loads can be compared exactly. Bookkeeping is left out:
``LoadRun`` nodes carry times, and ``AnalysisRun`` nodes the figures a load leaves, stamped with its run."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from neo4j import Driver, RoutingControl

SKIP_LABELS = ("LoadRun", "AnalysisRun")

_NODES = """
MATCH (n) WHERE NOT n:LoadRun AND NOT n:AnalysisRun
RETURN labels(n) AS labels, properties(n) AS props
"""
_RELS = """
MATCH (a)-[r]->(b) WHERE NOT a:LoadRun AND NOT b:LoadRun AND NOT a:AnalysisRun AND NOT b:AnalysisRun
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


@dataclass(frozen=True)
class Snapshot:
    labels: dict[str, int]
    types: dict[str, int]
    checksums: dict[str, str]  # label or type -> sha256 of its sorted items

    def differences(self, other: "Snapshot") -> list[str]:
        out = []
        for name in ("labels", "types", "checksums"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key in sorted(set(mine) | set(theirs)):
                if mine.get(key) != theirs.get(key):
                    out.append(f"{name}[{key}]: {mine.get(key)} != {theirs.get(key)}")
        return out


def snapshot(driver: Driver, database: str) -> Snapshot:
    labels: dict[str, int] = {}
    types: dict[str, int] = {}
    items: dict[str, list[str]] = {}
    nodes, _, _ = driver.execute_query(_NODES, database_=database, routing_=RoutingControl.READ)
    for record in nodes:
        text = _canonical([sorted(record["labels"]), record["props"]])
        for label in record["labels"]:
            labels[label] = labels.get(label, 0) + 1
            items.setdefault(label, []).append(text)
    rels, _, _ = driver.execute_query(_RELS, database_=database, routing_=RoutingControl.READ)
    for record in rels:
        types[record["type"]] = types.get(record["type"], 0) + 1
        items.setdefault(record["type"], []).append(
            _canonical([record["start"], record["end"], record["props"]]))
    checksums = {key: hashlib.sha256("\n".join(sorted(values)).encode()).hexdigest()[:16] for key, values in items.items()}
    return Snapshot(labels, types, checksums)


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
