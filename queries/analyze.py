"""``innograph analyze``: compute every organisation metric and write it back into Neo4j.

The dashboard, Neo4j Browser and exports then read the metrics as plain node properties, and
``bridges`` and ``communities`` read them (see :mod:`queries.stored_metrics`) until the graph changes.
The projection is the lean one (:mod:`queries.lean_projection`): ids, kinds, groups and weights in
igraph arrays, no per-tie project lists.
"""

from __future__ import annotations

import json
import time
from functools import partial
from dataclasses import dataclass
from datetime import datetime, timezone

from neo4j import Driver

from graph.schema import NodeLabel
from graph.writer import write_properties
from graph.record import Record
from queries.lean_communities import STORED_MIN_SIZE, lean_community_report
from queries.lean_metrics import lean_node_metrics, run_beside
from queries.lean_projection import build_lean_projection
from queries.partner_chance import graph_calibration
from queries.selection import Selection
from queries.stats import lean_stats
from queries.stored_metrics import forget_analysis, record_analysis
from queries.cypher import read
from queries.stored_pairs import every_cluster_ranking, forget_pairs, write_pairs


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
    engine: str = "igraph"  # what computed betweenness, Louvain and PageRank
    partner_chance: str = ""  # what the partner chance was calibrated on, or why not (queries.partner_chance)



ENGINES = ("igraph", "gds", "auto")


def analyze(driver: Driver, database: str, *, flt: Selection | None = None, seed: int = 42, engine: str = "igraph") -> AnalyzeReport:
    """Compute betweenness, PageRank, degree, community, participation, constraint, effective
    size and brokerage roles for every organisation in the selection and write them as node
    properties with ``metrics_computed_at`` (ISO time, UTC), one transaction per batch. Over
    everything, also rank and store each cluster's candidates (:mod:`queries.stored_pairs`), while the
    metrics are written.

    ``engine``: ``igraph`` (default, needs nothing), ``gds`` (the server's Graph Data Science runs
    betweenness, Louvain and PageRank; an error if it has none) or ``auto`` (GDS when present).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    seconds = {}
    started = time.perf_counter()
    lg = build_lean_projection(driver, database, flt)
    seconds["projection"] = time.perf_counter() - started
    started = time.perf_counter()
    metrics = lean_node_metrics(lg, seed=seed, core=_core_in_database(driver, database, lg, flt, engine, seed))
    seconds["metrics"] = time.perf_counter() - started
    computed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    degree = lg.graph.degree()
    strength = lg.graph.strength(weights=lg.weights.tolist()) if len(lg.weights) else [0.0] * len(lg)
    rows = [
        {
            "id": n,
            **metrics.row(n),
            "degree": degree[i],
            "weighted_degree": float(strength[i]),
            "betweenness_exact": metrics.betweenness.exact,
            "metrics_computed_at": computed_at,
        }
        for i, n in enumerate(lg.nodes.ids)
    ]
    started = time.perf_counter()
    forget_analysis(driver, database)
    forget_pairs(driver, database)
    everything = lg.selection == Selection().describe()
    write = partial(write_properties, driver, database, NodeLabel.ORGANISATION, rows)
    if everything:  # only a run over everything ranks and stores the cluster tables; a narrowed one just writes
        cluster_fields = {c["id"]: c["fields"] for c in read(driver, database, "clusters")}
        stats, (pairs, cluster_pairs) = run_beside(partial(every_cluster_ranking, lg, cluster_fields), write)
    else:
        stats, pairs, cluster_pairs = write(), {}, {}
    communities = lean_community_report(lg, [metrics.communities[n] for n in lg.nodes.ids], min_size=STORED_MIN_SIZE)
    figures = lean_stats(lg) if everything else None
    report = AnalyzeReport(
        organisations=len(lg),
        ties=lg.graph.ecount(),
        written=stats.rows - stats.missing_endpoints,
        computed_at=computed_at,
        betweenness_method=metrics.betweenness.describe(),
        groups=metrics.groups.describe(),
        communities=len(set(metrics.communities.values())),
        seconds={},
        engine=metrics.betweenness.engine,
    )
    selection = lg.selection
    del lg, metrics, rows  # the calibration below reads the project history; a national projection is 300 MB
    write_pairs(driver, database, pairs, cluster_pairs, computed_at)
    calibration = graph_calibration(driver, database) if everything else None
    report = AnalyzeReport(**{**report.to_dict(), "partner_chance": _chance_words(calibration, everything)})
    record_analysis(driver, database, {
        **{k: v for k, v in report.to_dict().items() if k != "seconds"},
        "selection": selection,
        "community_report": json.dumps(communities.to_dict()),
        **({"stats_report": json.dumps(figures.to_dict())} if figures else {}),
        **({"partner_calibration": json.dumps(calibration.to_dict())} if calibration else {}),
    })
    seconds["write"] = time.perf_counter() - started
    return AnalyzeReport(**{**report.to_dict(), "seconds": {k: round(v, 3) for k, v in seconds.items()}})


def _chance_words(calibration, everything: bool) -> str:
    if calibration is not None:
        return (f"calibrated on {calibration.years}: {calibration.pairs:,} replayed pairs, "
                f"{calibration.positives:,} started a joint project")
    if not everything:
        return "not calibrated: only an analysis of everything calibrates it"
    return "not calibrated: too little dated project history (or no replayed pair started a joint project)"


def _core_in_database(driver: Driver, database: str, lg, flt: Selection | None, engine: str, seed: int):
    """Betweenness, Louvain and PageRank from GDS when ``engine`` asks for it, else ``None``.
    Year windows recompute tie weights from projects, which the GDS projection does not: igraph."""
    if engine == "igraph" or (flt is not None and flt.years is not None):
        return None
    from queries.gds_engine import gds_core_metrics, gds_version

    if gds_version(driver, database) is None:
        if engine == "gds":
            raise ValueError("engine 'gds' needs Neo4j Graph Data Science on the server (CALL gds.version() failed)")
        return None
    return gds_core_metrics(driver, database, lg.nodes.ids, min_weight=(flt.tie_floor if flt else 1), seed=seed)
