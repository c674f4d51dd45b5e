"""What every database command needs: the settings and a connected driver."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from neo4j import Driver

from graph.connection import connect
from graph.settings import Settings


@contextmanager
def database() -> Iterator[tuple[Settings, Driver]]:
    """Settings from the environment and a driver that has reached the server; closed afterwards."""
    settings = Settings.from_env()
    driver = connect(settings)
    try:
        yield settings, driver
    finally:
        driver.close()
