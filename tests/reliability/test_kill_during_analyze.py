"""The connection to Neo4j is lost while ``innograph analyze`` writes its metrics back: the
command reports it in one line and exits 1, and the metrics are either all new (one
``metrics_computed_at``) or all as before.

The server is killed for real (SIGKILL) right after the first write batch is sent, by wrapping the
writer's batch function — the database itself is never replaced by a mock.
"""

from __future__ import annotations

import contextlib
import io
import time

import pytest
from neo4j import RoutingControl

import graph.writer
from cli.main import main
from graph.schema import NodeLabel, RelType
from graph.writer import DEFAULT_BATCH, write_nodes, write_relationships
from tests.reliability.conftest import OwnServer

ORGANISATIONS = DEFAULT_BATCH + 500  # more than one write batch


def _ecosystem(driver, database: str) -> None:
    write_nodes(driver, database, NodeLabel.ORGANISATION,
                [{"id": f"org:{i}", "name": f"Org {i}", "kind": "Firm", "sources": ["src:test"]} for i in range(ORGANISATIONS)])
    # sparse on purpose (pairs and short chains): the metrics take a second, the write is what matters
    ties = {(i, i + 1) for i in range(0, ORGANISATIONS - 1, 2)} | {(i, i + 2) for i in range(0, ORGANISATIONS - 2, 50)}
    write_relationships(driver, database, RelType.COLLABORATES_WITH,
                        [{"start": f"org:{a}", "end": f"org:{b}", "weight": 1 + (a + b) % 3} for a, b in sorted(ties)])


def _computed_at(driver, database: str) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation) RETURN o.metrics_computed_at AS at, count(*) AS n",
        database_=database, routing_=RoutingControl.READ)
    return {r["at"]: r["n"] for r in records}


@pytest.fixture(scope="module")
def analyze_killed_mid_write(own_server: OwnServer, tmp_path_factory):
    """Analyse through the CLI with the server killed right after the first write batch."""
    from graph.admin import clear_database

    own_server.restart()
    driver, db = own_server.driver, own_server.settings.database
    clear_database(driver, db)
    _ecosystem(driver, db)
    before = None  # no metrics yet: "as before" means none at all

    original = graph.writer._run_in_one_transaction
    calls = []

    class KillAfterFirstBatch(list):
        """The write's batches; the server dies as the transaction asks for the second one."""

        def __iter__(self):
            for index, rows in enumerate(list.__iter__(self)):
                if index == 1 and len(calls) == 1:
                    own_server.kill()
                if index >= len(calls):
                    calls.append(1)
                yield rows

    def kill_after_first_batch(driver, database, cypher, batches):
        rows = [row for batch in batches for row in batch]
        chunks = [rows[i:i + 1000] for i in range(0, len(rows), 1000)]
        return original(driver, database, cypher, KillAfterFirstBatch(chunks))

    patch = pytest.MonkeyPatch()
    patch.setattr(graph.writer, "_run_in_one_transaction", kill_after_first_batch)
    for name, value in own_server.env(INNOGRAPH_TIMEOUT="3").items():
        patch.setenv(name, value)
    err = io.StringIO()
    started = time.monotonic()
    try:
        with contextlib.redirect_stderr(err):
            code = main(["analyze"])
    finally:
        patch.undo()
    seconds = time.monotonic() - started
    own_server.restart()
    after = _computed_at(own_server.driver, db)
    return {"code": code, "stderr": err.getvalue(), "before": before, "after": after, "seconds": seconds,
            "batches": len(calls)}


def test_lost_connection_during_analyze_is_one_clear_line(analyze_killed_mid_write, own_server: OwnServer) -> None:
    run = analyze_killed_mid_write
    assert run["batches"] == 2
    assert run["code"] == 1
    lines = run["stderr"].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("innograph: "), run["stderr"]
    assert "Traceback" not in run["stderr"] and own_server.settings.password not in run["stderr"]
    assert sum(run["after"].values()) == ORGANISATIONS


def test_metrics_are_all_new_or_all_old(analyze_killed_mid_write) -> None:
    after = analyze_killed_mid_write["after"]
    assert len(after) == 1, f"organisations per metrics_computed_at: {after}"
