"""Run a user's own Cypher safely: checked, read-only, time-limited, row-limited.

The server decides what is read-only: before a statement runs, :func:`queries.plan_guard.check_plan`
has Neo4j plan it (``EXPLAIN``) and refuses it unless every operator of that plan reads (no
LOAD CSV, no writes, no procedures off the read list, no administration). Around that decision:
:func:`check_read_only` is a quick first filter that refuses write and admin clauses with a message
naming the word, before anything is sent; the session's access mode is READ, so the server refuses
data writes too; and the query runs with a server-side timeout, so a runaway pattern is stopped by
the server instead of running on. None of this depends on the server's configuration
(docs/reliability.md says what an administrator should set besides).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Mapping

import neo4j
from neo4j import Driver
from neo4j.exceptions import DriverError, Neo4jError

from graph.errors import DatabaseUnavailable

from .cypher_guard import check_read_only
from .errors import QueryFailed, QueryTimedOut, WriteRefused
from .plan_guard import check_plan
from .subgraph_model import Subgraph, plain_value, subgraph_from_values

__all__ = ["ConsoleResult", "check_read_only", "run_read_only"]

DEFAULT_TIMEOUT = 5.0
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class ConsoleResult:
    """Columns and rows (JSON-ready), whether the row limit cut them, and any graph they contain."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: float
    subgraph: Subgraph | None

    def to_dict(self) -> dict:
        return {
            "columns": self.columns,
            "rows": self.rows,
            "truncated": self.truncated,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "subgraph": self.subgraph.to_dict() if self.subgraph else None,
        }


def run_read_only(
    driver: Driver,
    database: str,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
) -> ConsoleResult:
    """Check ``cypher`` (first filter, then the server's plan), then run it in a READ session with a
    server-side ``timeout`` (seconds).

    At most ``limit`` rows are read (``None``: all); ``truncated`` says whether more were there.
    Raises :class:`WriteRefused`, :class:`QueryTimedOut` or :class:`QueryFailed` with one line.
    """
    check_read_only(cypher)
    started = time.monotonic()
    raw_rows: list[list[Any]] = []
    truncated = False
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            check_plan(session, cypher, params or {}, timeout)
            result = session.run(neo4j.Query(cypher, timeout=timeout), dict(params or {}))
            columns = list(result.keys())
            for record in result:
                if limit is not None and len(raw_rows) >= limit:
                    truncated = True
                    break
                raw_rows.append(list(record.values()))
            result.consume()
    except Neo4jError as exc:
        raise _translate(exc, timeout) from exc
    except DriverError as exc:
        raise DatabaseUnavailable(f"Neo4j stopped answering during the query: {exc}") from exc
    elapsed = (time.monotonic() - started) * 1000
    subgraph = subgraph_from_values(value for row in raw_rows for value in row)
    rows = [[plain_value(value) for value in row] for row in raw_rows]
    return ConsoleResult(columns, rows, truncated, elapsed, subgraph)


def _translate(exc: Neo4jError, timeout: float) -> Exception:
    code = exc.code or ""
    text = (exc.message or str(exc)).strip()
    message = text.splitlines()[0] if text else code
    if "TimedOut" in code or "Terminated" in code:
        return QueryTimedOut(
            f"the query ran longer than {timeout:g} s and the server stopped it: narrow it "
            "(bound variable-length patterns such as [*1..3], add LIMIT)"
        )
    if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
        return WriteRefused("the server refused to write in the console's read-only session")
    if "SyntaxError" in code:
        return QueryFailed(f"Neo4j could not parse the query: {message}")
    return QueryFailed(f"Neo4j refused the query: {message}")
