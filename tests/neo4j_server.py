"""The test suite's own Neo4j: its own home in a temporary directory, its own free port."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

from graph import local
from graph.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_test_server(home: Path) -> tuple[Settings, local.LocalServer]:
    """Settings and server for a fresh instance under ``home`` (never the user's INNOGRAPH_HOME)."""
    port = free_port()
    settings = Settings(
        uri=f"bolt://127.0.0.1:{port}",
        user="neo4j",
        # A leading "-" proves that such passwords reach Neo4j as passwords, not as options.
        password="-" + secrets.token_urlsafe(18),
        database="neo4j",
        home=home,
        bolt_port=port,
        external=False,
        timeout=15.0,
    )
    return settings, local.LocalServer(home=home, bolt_port=port, http_port=0, heap="768m", pagecache="128m")
