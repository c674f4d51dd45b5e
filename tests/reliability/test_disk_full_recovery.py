"""A full disk, as a user meets it through ``innograph`` on the reliability tests' own server.

- A load refuses before writing anything when the data directory's file system has too little room.
- A write that failed half-way leaves a torn entry at the end of the transaction log (simulated:
  the server is stopped and bytes no entry starts with are appended to its newest log file).
  ``innograph db start`` then says so within seconds and names ``innograph db repair``; the repair
  brings back every committed node and relationship; the load runs again; and ``innograph db
  restore`` brings back the backup taken before the load.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph import local
from graph.connection import connect
from tests.reliability.conftest import OwnServer, innograph
from tests.reliability.workbook_gen import write_synthetic_workbook

# What a failed append leaves: the start of an entry that no reader can make sense of.
TORN_ENTRY = b"\x7f" + bytes(range(1, 256)) * 8


def _local_env(own: OwnServer, **extra: str) -> dict[str, str]:
    """The ``innograph`` environment of a user whose local server is the test's own server."""
    env = own.env(**extra)
    del env["NEO4J_URI"]
    env.update(INNOGRAPH_HOME=str(own.settings.home), INNOGRAPH_NEO4J_PORT=str(own.settings.bolt_port),
               INNOGRAPH_NEO4J_HTTP_PORT="0", INNOGRAPH_NEO4J_HEAP=own.server.heap,
               INNOGRAPH_NEO4J_PAGECACHE=own.server.pagecache)
    return env


def _counts(driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS rels",
        database_=database, routing_=RoutingControl.READ)
    return records[0]["nodes"], records[0]["rels"]


def _reconnect(own: OwnServer) -> None:
    """Adopt the server that the ``innograph`` commands left running (same home, same pid file)."""
    if local.running_pid(own.server) is None:
        own.start()
    else:
        own.driver = connect(own.settings)


def _tear_the_newest_transaction_log(own: OwnServer) -> Path:
    logs = own.server.data_dir / "transactions" / own.settings.database
    newest = max(logs.glob("neostore.transaction.db.*"), key=lambda path: int(path.suffix[1:]))
    with newest.open("ab") as log:
        log.write(TORN_ENTRY)
    return newest


@pytest.fixture(scope="module")
def small_workbook(tmp_path_factory) -> Path:
    return write_synthetic_workbook(tmp_path_factory.mktemp("disk") / "workbook", organisations=150, projects=60)


def test_a_load_refuses_when_the_disk_is_too_full_and_writes_nothing(own_server: OwnServer, own_driver, small_workbook) -> None:
    db = own_server.settings.database
    result = innograph(["load", "workbook", str(small_workbook), "--quiet"],
                       _local_env(own_server, INNOGRAPH_MIN_FREE_MB=str(1 << 40)))

    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.count("\n") == 0 and "Traceback" not in line, result.stderr
    assert line.startswith("innograph: not enough free disk space for a load")
    assert str(own_server.server.data_dir) in line and "MiB free" in line and "MiB needed" in line
    assert _counts(own_driver, db) == (0, 0)


def test_an_external_server_is_not_checked_and_local_only_commands_refuse_it(own_server: OwnServer, own_driver, small_workbook, tmp_path) -> None:
    env = own_server.env(INNOGRAPH_MIN_FREE_MB=str(1 << 40))
    assert innograph(["load", "workbook", str(small_workbook), "--quiet"], env).returncode == 0
    for argv in (["db", "repair"], ["db", "backup"], ["db", "restore", str(tmp_path / "b.tar.gz")]):
        refused = innograph(argv, env)
        assert refused.returncode == 1 and refused.stderr.strip().count("\n") == 0, refused.stderr
        assert "NEO4J_URI is set" in refused.stderr and "local server" in refused.stderr


def test_a_torn_transaction_log_is_reported_at_once_and_repair_loses_nothing(
    own_server: OwnServer, own_driver, small_workbook, tmp_path, record_property
) -> None:
    db = own_server.settings.database
    env = _local_env(own_server)
    own_driver.execute_query("UNWIND range(1, 3000) AS i CREATE (:Marker {i: i})-[:NEXT]->(:Marker {i: -i})", database_=db)
    committed = _counts(own_driver, db)
    own_server.stop()
    archive = tmp_path / "before.tar.gz"
    backup = innograph(["db", "backup", "--to", str(archive)], env)
    assert backup.returncode == 0 and archive.is_file(), backup.stderr
    assert "Neo4j stopped" not in backup.stdout and "started" not in backup.stdout  # was stopped, stays stopped
    try:
        _tear_the_newest_transaction_log(own_server)

        started = time.monotonic()
        failed = innograph(["db", "start", "--timeout", "120"], env, timeout=200)
        reported_after = time.monotonic() - started
        assert failed.returncode == 1, failed.stdout + failed.stderr
        line = failed.stderr.strip()
        assert line.count("\n") == 0 and "Traceback" not in line, failed.stderr
        assert "cannot open database 'neo4j'" in line and "torn entry" in line
        assert "`innograph db repair`" in line
        assert reported_after < 60, f"reported only after {reported_after:.1f} s"
        status = innograph(["db", "status"], env)
        assert status.returncode == 1 and "`innograph db repair`" in status.stderr

        repaired = innograph(["db", "repair"], env, timeout=600)
        assert repaired.returncode == 0, repaired.stderr
        assert "cut off a torn transaction-log tail, kept in" in repaired.stdout
        assert innograph(["db", "status"], env).returncode == 0
        _reconnect(own_server)
        assert _counts(own_server.driver, db) == committed

        rerun = innograph(["load", "workbook", str(small_workbook), "--quiet"], env, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        records, _, _ = own_server.driver.execute_query("MATCH (o:Organisation) RETURN count(o) AS n", database_=db)
        assert records[0]["n"] >= 150

        # The restore replaces the repaired graph, organisations and all, by the backup.
        own_server.driver.close()
        own_server.driver = None
        restored = innograph(["db", "restore", str(archive)], env, timeout=300)
        assert restored.returncode == 0, restored.stderr
        assert "the data it replaced is kept in" in restored.stdout
        _reconnect(own_server)
        assert _counts(own_server.driver, db) == committed
        assert own_server.settings.password not in "".join(
            r.stdout + r.stderr for r in (backup, failed, status, repaired, rerun, restored))
        record_property("torn_log_reported_after_seconds", round(reported_after, 1))
        record_property("message", line)
    finally:
        _reconnect(own_server)
