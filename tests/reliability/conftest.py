"""A Neo4j of the reliability tests' own: they kill it, lock its user out and read its logs, which
the shared session server must never suffer. Started once for the package, restarted by the tests
that kill it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from neo4j import Driver

from graph import local
from graph.admin import clear_database
from graph.connection import connect
from graph.schema import ensure_schema
from graph.settings import Settings
from tests.neo4j_server import make_test_server

REPO = Path(__file__).resolve().parents[2]


class OwnServer:
    """Settings, server and a driver that the tests may kill and restart."""

    def __init__(self, settings: Settings, server: local.LocalServer) -> None:
        self.settings = settings
        self.server = server
        self.driver: Driver | None = None

    def start(self) -> None:
        local.start(self.settings, self.server, timeout=240)
        self.driver = connect(self.settings)
        ensure_schema(self.driver, self.settings.database)

    def kill(self) -> None:
        """SIGKILL the java process named in the pid file: a crash, not a shutdown."""
        pid = local.running_pid(self.server)
        assert pid is not None, "the reliability server is not running"
        os.kill(pid, 9)
        local._reap(pid)
        if self.driver is not None:
            self.driver.close()
            self.driver = None

    def restart(self) -> None:
        if local.running_pid(self.server) is None:
            self.server.pid_file.unlink(missing_ok=True)
            self.start()

    def stop(self) -> None:
        if self.driver is not None:
            self.driver.close()
        local.stop(self.server)

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for the ``innograph`` command pointed at this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "INNOGRAPH_"))}
        env.update(
            NEO4J_URI=self.settings.uri, NEO4J_USER=self.settings.user, NEO4J_PASSWORD=self.settings.password,
            NEO4J_DATABASE=self.settings.database, INNOGRAPH_HOME=str(self.settings.home / "cli-home"),
            INNOGRAPH_TIMEOUT="10",
        )
        env.update(extra)
        return env


@pytest.fixture(scope="package")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnServer]:
    settings, server = make_test_server(tmp_path_factory.mktemp("reliability-home"))
    own = OwnServer(settings, server)
    own.start()
    try:
        yield own
    finally:
        own.stop()


@pytest.fixture
def own_driver(own_server: OwnServer) -> Driver:
    """The own server, running and empty (constraints and indexes kept)."""
    own_server.restart()
    clear_database(own_server.driver, own_server.settings.database)
    return own_server.driver


def innograph(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``innograph`` command as a user does, in its own process."""
    return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)
