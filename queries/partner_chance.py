"""The calibrated chance beside each recommended partner (:mod:`analytics.pair_calibration`).

``analyze`` replays the graph's own project history once and stores the calibration on its run; the
partner and candidate rankings read it while the graph is unchanged since. The chance belongs to the
resource-allocation score over everything, so another method or a narrowed selection shows none.
"""

from __future__ import annotations

import dataclasses
import json

from neo4j import Driver

from analytics.pair_calibration import Calibration, calibrate
from analytics.pair_history import history_from_rows
from queries.cypher import read_records
from queries.selection import Selection

CALIBRATED_METHOD = "resource_allocation"


def graph_calibration(driver: Driver, database: str) -> Calibration | None:
    """The calibration on the graph's dated projects; ``None`` with too little history."""
    rows = [(r["project"], r["year"], organisation) for r in read_records(driver, database, "participations")
            for organisation in r["organisations"]]
    return calibrate(history_from_rows(rows)) if rows else None


def stored_calibration(run: dict | None) -> Calibration | None:
    """The calibration ``analyze`` stored on its run, if it stored one."""
    if not run or not run.get("partner_calibration"):
        return None
    return Calibration(**json.loads(run["partner_calibration"]))


def current_calibration(driver: Driver, database: str, flt: Selection, method: str) -> Calibration | None:
    """The stored calibration when it applies: resource allocation over everything, graph unchanged."""
    if method != CALIBRATED_METHOD or flt.is_restricted():
        return None
    from queries.stored_metrics import current_analysis

    return stored_calibration(current_analysis(driver, database))


def with_chance(rows: list, calibration: Calibration | None) -> list:
    """The rows with their ``chance`` (pairs without a common partner were not replayed: none)."""
    if calibration is None:
        return rows
    return [dataclasses.replace(r, chance=round(calibration.chance(r.link_score), 4) if r.link_score > 0 else None,
                                chance_years=calibration.years)
            for r in rows]


def chance_years(rows: list) -> str | None:
    """The years the shown chances were replayed on (all rows share one calibration), or ``None``."""
    return next((r.chance_years for r in rows if r.chance is not None), None)
