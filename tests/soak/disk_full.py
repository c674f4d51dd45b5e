"""A load into a full disk fails cleanly and loses nothing (run as root; not part of the test suite).

Mounts a tmpfs and puts a fresh local Neo4j's home on it; every command runs as a user runs it
(``innograph`` in its own process, local server settings, no ``NEO4J_URI``). Steps:

1. Reference: 3,000 marker nodes, then ``innograph load workbook`` of a synthetic workbook (6,000
   organisations) with room to spare; its fingerprint; then the database is emptied and the markers
   written again (the committed data a full disk must not take away).
2. A filler file leaves a few MiB. ``innograph load workbook`` refuses before writing anything.
3. The same load with the check turned off (``INNOGRAPH_MIN_FREE_MB=0``) runs into the full disk:
   one ``innograph:`` line, exit 1; while it ran, the organisations committed so far were counted.
4. The filler goes; ``innograph db stop`` and ``db start``: how fast and how the start reports a
   database that does not open. ``innograph db repair``; then the markers and at least every
   organisation seen committed are there; the load runs again and the graph equals the reference.

    sudo .venv/bin/python tests/soak/disk_full.py [--json FILE] [--keep-logs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from neo4j import RoutingControl  # noqa: E402

from graph import local  # noqa: E402
from graph.admin import clear_database  # noqa: E402
from graph.connection import connect  # noqa: E402
from graph.disk import size_on_disk  # noqa: E402
from graph.errors import InnographError  # noqa: E402
from tests.neo4j_server import make_test_server  # noqa: E402
from tests.reliability.snapshot import snapshot  # noqa: E402
from tests.reliability.workbook_gen import write_synthetic_workbook  # noqa: E402

SIZE = "1200m"
LEAVE_FREE_MIB = 4
MARKERS = "UNWIND range(1, 3000) AS i CREATE (:Marker {i: i})"


def innograph(args: list[str], settings, server, **extra: str) -> dict:
    """Run ``innograph`` against the local server on the tmpfs; exit status, output, seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "INNOGRAPH_"))}
    env.update(NEO4J_PASSWORD=settings.password, INNOGRAPH_HOME=str(settings.home),
               INNOGRAPH_NEO4J_PORT=str(settings.bolt_port), INNOGRAPH_NEO4J_HTTP_PORT="0",
               INNOGRAPH_NEO4J_HEAP=server.heap, INNOGRAPH_NEO4J_PAGECACHE=server.pagecache,
               INNOGRAPH_TIMEOUT="10", **extra)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=1200)
    return {"exit": result.returncode, "seconds": round(time.monotonic() - started, 1),
            "stdout": result.stdout.strip().splitlines()[-6:], "stderr": result.stderr.strip().splitlines()[-3:],
            "traceback": "Traceback" in result.stderr}


def count(driver, database: str, cypher: str) -> int:
    records, _, _ = driver.execute_query(cypher, database_=database, routing_=RoutingControl.READ)
    return records[0][0]


def fill(mount: Path, leave_mib: int) -> Path:
    filler = mount / "filler"
    free = shutil.disk_usage(mount).free
    with filler.open("wb") as handle:
        chunk = b"\1" * (1024 * 1024)
        for _ in range(max(0, free // (1024 * 1024) - leave_mib)):
            handle.write(chunk)
    return filler


class CommittedCounter(threading.Thread):
    """Counts the organisations committed while a load runs; the last answer before the failure is
    a lower bound for what a repair must bring back."""

    def __init__(self, settings) -> None:
        super().__init__(daemon=True)
        self.settings, self.last_seen, self.done = settings, 0, threading.Event()

    def run(self) -> None:
        driver = connect(self.settings)
        try:
            while not self.done.is_set():
                try:
                    self.last_seen = count(driver, self.settings.database, "MATCH (o:Organisation) RETURN count(o)")
                except Exception:  # the database stopped itself: the count so far stands
                    return
                time.sleep(0.2)
        finally:
            driver.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the outcome to this file")
    parser.add_argument("--keep-logs", type=Path, help="copy the server's console and debug logs here before unmounting")
    args = parser.parse_args()
    mount = Path(tempfile.mkdtemp(prefix="innograph-diskfull-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount)], check=True)
    outcome: dict = {"tmpfs": SIZE, "left_free_mib": LEAVE_FREE_MIB}
    settings = server = None
    try:
        settings, server = make_test_server(mount / "home")
        db = settings.database
        local.start(settings, server, timeout=300)
        workbook = write_synthetic_workbook(Path(tempfile.mkdtemp()) / "wb", organisations=6000, projects=3000)
        outcome["input_mib"] = round(size_on_disk(workbook) / 2**20, 1)

        driver = connect(settings)
        driver.execute_query(MARKERS, database_=db)
        used_before = shutil.disk_usage(mount).used
        outcome["reference_load"] = innograph(["load", "workbook", str(workbook), "--quiet"], settings, server)
        outcome["reference_load_grew_disk_mib"] = (shutil.disk_usage(mount).used - used_before) // 2**20
        reference = snapshot(driver, db)
        clear_database(driver, db)
        driver.execute_query(MARKERS, database_=db)
        driver.close()

        filler = fill(mount, LEAVE_FREE_MIB)
        outcome["free_before_load_mib"] = shutil.disk_usage(mount).free // 2**20
        outcome["checked_load"] = innograph(["load", "workbook", str(workbook), "--quiet"], settings, server)
        driver = connect(settings)
        outcome["organisations_after_checked_load"] = count(driver, db, "MATCH (o:Organisation) RETURN count(o)")
        driver.close()

        counter = CommittedCounter(settings)
        counter.start()
        outcome["unchecked_load"] = innograph(["load", "workbook", str(workbook), "--quiet"], settings, server,
                                              INNOGRAPH_MIN_FREE_MB="0")
        counter.done.set()
        counter.join()
        outcome["organisations_seen_committed"] = counter.last_seen
        print(json.dumps(outcome, indent=1, ensure_ascii=False), flush=True)

        filler.unlink()
        try:
            connect(settings).close()
            outcome["server_after_freeing_space"] = "answering"
        except InnographError as exc:
            outcome["server_after_freeing_space"] = str(exc)
        outcome["db_stop"] = innograph(["db", "stop"], settings, server)
        outcome["db_start"] = innograph(["db", "start", "--timeout", "300"], settings, server)
        if outcome["db_start"]["exit"] != 0:
            outcome["db_repair"] = innograph(["db", "repair"], settings, server)
        driver = connect(settings)
        outcome["markers_after"] = count(driver, db, "MATCH (m:Marker) RETURN count(m)")
        outcome["organisations_after"] = count(driver, db, "MATCH (o:Organisation) RETURN count(o)")
        driver.close()
        outcome["rerun_with_space"] = innograph(["load", "workbook", str(workbook), "--quiet"], settings, server)
        driver = connect(settings)
        outcome["final_differences_from_reference"] = snapshot(driver, db).differences(reference)
        driver.close()
        outcome["lost_nothing"] = (
            outcome["markers_after"] == 3000
            and outcome["organisations_after"] >= outcome["organisations_seen_committed"]
            and outcome["final_differences_from_reference"] == []
        )
    finally:
        if server is not None:
            local.stop(server)
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in (server.log_file, server.debug_log):
                    shutil.copy(log, args.keep_logs / log.name)
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()
    text = json.dumps(outcome, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if outcome.get("lost_nothing") else 1


if __name__ == "__main__":
    sys.exit(main())
