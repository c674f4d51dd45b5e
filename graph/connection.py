"""One driver per process, and errors a person can act on instead of stack traces."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import neo4j
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from .errors import AuthenticationFailed, DatabaseUnavailable
from .settings import Settings

START_HINT = "start the local one with `innograph db start`, or point NEO4J_URI at a running server"


def create_driver(settings: Settings) -> Driver:
    """A driver with innograph's timeouts; it does not connect until first used."""
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.user, settings.password),
        connection_timeout=settings.timeout,
        connection_acquisition_timeout=settings.timeout,
        max_transaction_retry_time=settings.timeout,
        max_connection_pool_size=50,
        user_agent="innograph",
        warn_notification_severity=None,
        notifications_min_severity="OFF",
    )


def connect(settings: Settings) -> Driver:
    """A driver that has proven it can reach the server, log in and see the database."""
    driver = create_driver(settings)
    try:
        check_connection(driver, settings)
    except DatabaseUnavailable:
        driver.close()
        raise
    return driver


def check_connection(driver: Driver, settings: Settings) -> str:
    """The server's version string; raises :class:`DatabaseUnavailable` with one readable line."""
    with translate_errors(settings):
        driver.verify_connectivity()
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD versions RETURN versions[0] AS version",
            database_=settings.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return records[0]["version"]


@contextmanager
def translate_errors(settings: Settings) -> Iterator[None]:
    """Turn the driver's connection, login and database errors into :class:`DatabaseUnavailable`."""
    try:
        yield
    except AuthError as exc:
        raise AuthenticationFailed(
            f"Neo4j at {settings.uri} refused the login of user '{settings.user}': "
            "check NEO4J_USER and NEO4J_PASSWORD"
        ) from exc
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise DatabaseUnavailable(f"Neo4j is not reachable at {settings.uri}: {START_HINT}") from exc
    except ClientError as exc:
        if exc.code and "DatabaseNotFound" in exc.code:
            raise DatabaseUnavailable(
                f"Neo4j at {settings.uri} has no database '{settings.database}': check NEO4J_DATABASE"
            ) from exc
        raise
    except Neo4jError as exc:
        # "…Unavailable", or Neo.DatabaseError.*: the database stopped itself (e.g. its disk is full)
        if exc.code and ("Unavailable" in exc.code or exc.code.startswith("Neo.DatabaseError.")):
            raise DatabaseUnavailable(
                f"Neo4j at {settings.uri} cannot serve database '{settings.database}' now: {exc.message}"
            ) from exc
        raise
