"""The server dies (SIGKILL of its java process) in the middle of ``innograph load``: the command
says so in one line and exits non-zero; after a restart, the same load gives exactly the graph a
clean load gives (counts per label and type, property checksums)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import RoutingControl

from graph.admin import clear_database
from tests.reliability.conftest import REPO, OwnServer, innograph
from tests.reliability.snapshot import snapshot
from tests.reliability.workbook_gen import write_synthetic_workbook


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return write_synthetic_workbook(tmp_path_factory.mktemp("synthetic") / "workbook", organisations=1500, projects=700)


def _count(driver, database: str, cypher: str) -> int:
    try:
        records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
        return records[0][0]
    except Exception:  # the server is busy with the load; try again
        return 0


def test_killed_server_mid_load_then_rerun_gives_the_clean_graph(own_server: OwnServer, own_driver, workbook, record_property) -> None:
    db = own_server.settings.database
    env = own_server.env(INNOGRAPH_TIMEOUT="10")
    command = ["load", "workbook", str(workbook), "--quiet"]

    started = time.monotonic()
    clean = innograph(command, env, timeout=300)
    assert clean.returncode == 0, clean.stderr
    clean_seconds = time.monotonic() - started
    expected = snapshot(own_driver, db)
    assert expected.labels.get("Organisation", 0) > 1400 and expected.types.get("COLLABORATES_WITH", 0) > 1000

    clear_database(own_driver, db)
    # A short timeout: the driver stops retrying the broken transaction after 3 s.
    process = subprocess.Popen([sys.executable, "-m", "cli.main", *command], env={**env, "INNOGRAPH_TIMEOUT": "3"}, cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    # Kill once organisations are being written: projects and fields are in, relationships are not.
    while _count(own_driver, db, "MATCH (o:Organisation) RETURN count(o)") == 0:
        assert process.poll() is None, "the load finished before the server could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    killed_after = time.monotonic() - started - clean_seconds
    own_server.kill()
    out, err = process.communicate(timeout=180)

    assert process.returncode != 0
    assert "Traceback" not in err, err[-3000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("innograph: "), err[-2000:]
    assert own_server.settings.password not in out + err

    own_server.restart()
    partial = snapshot(own_server.driver, db)
    assert partial.labels != expected.labels, "the kill landed after the load had finished"
    rerun = innograph(command, env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(own_server.driver, db).differences(expected) == []
    record_property("clean_load_seconds", round(clean_seconds, 1))
    record_property("killed_after_seconds", round(killed_after, 1))
    record_property("message", last)
    record_property("partial_counts", partial.labels)


def test_loading_the_same_workbook_twice_changes_nothing(own_server: OwnServer, own_driver, workbook) -> None:
    from loaders.workbook import load_workbook

    db = own_server.settings.database
    load_workbook(own_driver, db, workbook)
    first = snapshot(own_driver, db)
    load_workbook(own_driver, db, workbook)
    assert snapshot(own_driver, db).differences(first) == []
