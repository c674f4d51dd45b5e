"""A load into a full disk fails cleanly (run as root; not part of the test suite).

Mounts a tmpfs, puts a fresh local Neo4j's home on it, fills the rest of it with a filler file
until only a few MiB are left, and runs ``innograph load workbook`` (a synthetic workbook) against
it. Expected: one ``innograph:`` line, exit status 1, no traceback; after the filler is removed the
server answers (restarted if it had to stop) and the same load completes. Unmounts afterwards.

    sudo .venv/bin/python tests/soak/disk_full.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from graph import local  # noqa: E402
from graph.admin import count_by_label  # noqa: E402
from graph.connection import connect  # noqa: E402
from graph.errors import InnographError  # noqa: E402
from tests.neo4j_server import make_test_server  # noqa: E402
from tests.reliability.workbook_gen import write_synthetic_workbook  # noqa: E402

SIZE = "900m"
LEAVE_FREE_MIB = 4


def innograph(args: list[str], settings) -> tuple[int, str, str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=settings.uri, NEO4J_PASSWORD=settings.password, INNOGRAPH_TIMEOUT="10",
               INNOGRAPH_HOME=str(settings.home / "cli"))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=900)
    return result.returncode, result.stdout, result.stderr, time.monotonic() - started


def fill(mount: Path, leave_mib: int) -> Path:
    filler = mount / "filler"
    free = shutil.disk_usage(mount).free
    with filler.open("wb") as handle:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(max(0, free // (1024 * 1024) - leave_mib)):
            handle.write(chunk)
    return filler


def main() -> int:
    mount = Path(tempfile.mkdtemp(prefix="innograph-diskfull-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount)], check=True)
    outcome: dict = {"tmpfs": SIZE, "left_free_mib": LEAVE_FREE_MIB}
    server = None
    try:
        settings, server = make_test_server(mount / "home")
        local.start(settings, server, timeout=300)
        workbook = write_synthetic_workbook(Path(tempfile.mkdtemp()) / "wb", organisations=6000, projects=3000)
        filler = fill(mount, LEAVE_FREE_MIB)
        outcome["free_before_load_mib"] = shutil.disk_usage(mount).free // (1024 * 1024)
        code, out, err, seconds = innograph(["load", "workbook", str(workbook), "--quiet"], settings)
        outcome["full_disk_load"] = {"exit": code, "seconds": round(seconds, 1), "stderr_lines": err.strip().splitlines()[-3:],
                                     "traceback": "Traceback" in err}
        print(json.dumps(outcome, indent=1, ensure_ascii=False), flush=True)
        filler.unlink()
        try:
            driver = connect(replace(settings, timeout=5.0))
            outcome["server_after"] = "answering"
        except InnographError as exc:  # the database shut itself down: it needs a restart
            outcome["server_after"] = str(exc)
            started = time.monotonic()
            local.stop(server)
            local.start(settings, server, timeout=300)
            outcome["restart_seconds"] = round(time.monotonic() - started, 1)
            driver = connect(settings)
        outcome["partial_counts"] = count_by_label(driver, settings.database)
        driver.close()
        code, out, err, seconds = innograph(["load", "workbook", str(workbook), "--quiet"], settings)
        outcome["rerun_with_space"] = {"exit": code, "seconds": round(seconds, 1), "stderr": err.strip()[-300:]}
        driver = connect(settings)
        outcome["final_counts"] = count_by_label(driver, settings.database)
        driver.close()
    finally:
        if server is not None:
            local.stop(server)
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()
    print(json.dumps(outcome, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
