"""The benchmarks' own Neo4j: a temporary home and a free port, never the user's server."""

from __future__ import annotations

import secrets
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from neo4j import Driver

from graph import local
from graph.connection import connect
from graph.schema import ensure_schema
from graph.settings import Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def bench_server(*, heap: str, pagecache: str) -> Iterator[tuple[Settings, Driver]]:
    """Start a fresh server with the schema in place; stop it and delete its home afterwards."""
    with tempfile.TemporaryDirectory(prefix="innograph-bench-") as home:
        port = _free_port()
        settings = Settings(
            uri=f"bolt://127.0.0.1:{port}",
            user="neo4j",
            password=secrets.token_urlsafe(18),
            database="neo4j",
            home=Path(home),
            bolt_port=port,
            external=False,
            timeout=120.0,
        )
        server = local.LocalServer(home=Path(home), bolt_port=port, http_port=0, heap=heap, pagecache=pagecache)
        local.start(settings, server, timeout=300)
        driver = connect(settings)
        try:
            ensure_schema(driver, settings.database)
            yield settings, driver
        finally:
            driver.close()
            local.stop(server)


def empty_database(driver: Driver, database: str) -> None:
    """Delete everything, relationships first, in small transactions.

    ``graph.admin.clear_database`` detaches and deletes 10,000 nodes per transaction, which
    exceeds the server's transaction memory when those nodes are hubs with thousands of ties
    (the H2020 and L graphs); deleting relationships on their own keeps each transaction small.
    """
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
