"""Cypher statements as ``.cypher`` files (one statement each, pasteable into Neo4j Browser).

Values travel only as ``$parameters``; every read runs with read routing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from neo4j import Driver, RoutingControl

from queries.errors import NotFound

_FOLDER = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_cypher(name: str) -> str:
    """The text of ``queries/cypher/<name>.cypher``; ``name`` may start with one folder (``dashboard/actors``).

    >>> load_cypher("projection_edges").startswith("MATCH")
    True
    """
    path = _FOLDER / (name + ".cypher")
    parts = name.split("/")
    if len(parts) > 2 or not all(part.replace("_", "").isalnum() for part in parts) or not path.is_file():
        raise NotFound(f"there is no query named '{name}'")
    return path.read_text(encoding="utf-8").strip()


def read(driver: Driver, database: str, name: str, **params) -> list[dict]:
    """Run the named statement in a read transaction and return its records as dicts."""
    return [record.data() for record in read_records(driver, database, name, **params)]


def read_records(driver: Driver, database: str, name: str, **params) -> list:
    """Like :func:`read`, but the driver's records as they are: ``record["key"]`` without the deep copy
    ``record.data()`` makes (a national export reads 670k relationships' property maps)."""
    records, _, _ = driver.execute_query(
        load_cypher(name), params, database_=database, routing_=RoutingControl.READ
    )
    return records
