"""``innograph query "CYPHER" [--param k=v] [--format table|json|csv]``: the read-only console.

``--example NAME`` runs a named example query, ``--list-examples`` lists them.
"""

from __future__ import annotations

import argparse
import json
import sys

from graph.errors import InnographError
from queries.console import DEFAULT_LIMIT, DEFAULT_TIMEOUT, ConsoleResult, check_read_only, run_read_only
from graph.csv_text import csv_text
from queries.examples import EXAMPLES, example

from .context import database

CELL_WIDTH = 60


def register(subparsers: argparse._SubParsersAction) -> None:
    query = subparsers.add_parser(
        "query", help="run your own read-only Cypher (writes are refused), or a named example",
        description="Run a read-only Cypher query: write and admin clauses are refused before anything is sent, "
                    "the session is read-only, and the server stops the query after --timeout seconds.",
    )
    query.add_argument("cypher", nargs="?", help="the Cypher query (one statement)")
    add_param_option(query)
    query.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output (default table)")
    query.add_argument("--example", metavar="NAME", help="run the named example query (see --list-examples)")
    query.add_argument("--list-examples", action="store_true", help="list the example queries and exit")
    query.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds (default {DEFAULT_TIMEOUT:g})")
    query.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"most rows shown (default {DEFAULT_LIMIT})")
    query.set_defaults(handler=_query)


def add_param_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="a query parameter ($NAME); VALUE is read as JSON when it is JSON (2020, true, [1,2], \"text\"), else as text",
    )


def parse_params(items: list[str]) -> dict:
    """``["year=2020", "name=Bosch"]`` → ``{"year": 2020, "name": "Bosch"}``."""
    params = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InnographError(f"--param needs NAME=VALUE, not '{item}'")
        try:
            params[name.strip()] = json.loads(text)
        except ValueError:
            params[name.strip()] = text
    return params


def _query(args: argparse.Namespace) -> int:
    if args.list_examples:
        print(examples_text())
        return 0
    params = parse_params(args.param)
    cypher = args.cypher
    if args.example:
        chosen = example(args.example)
        missing = [p for p in chosen.params if p not in params]
        if missing:
            raise InnographError(f"example '{chosen.name}' needs " + " ".join(f"--param {p}=…" for p in missing))
        cypher = chosen.cypher
    if not cypher:
        raise InnographError("give a Cypher query, --example NAME or --list-examples")
    check_read_only(cypher)  # refuse before even connecting
    with database() as (settings, driver):
        result = run_read_only(driver, settings.database, cypher, params, timeout=args.timeout, limit=args.limit)
    sys.stdout.write(render(result, args.format))
    if result.truncated:
        print(f"(only the first {args.limit} rows: raise --limit to see more)", file=sys.stderr)
    return 0


def examples_text() -> str:
    lines = []
    for group in dict.fromkeys(e.group for e in EXAMPLES.values()):
        lines.append(f"For {group}:")
        for e in (e for e in EXAMPLES.values() if e.group == group):
            needs = " " + " ".join(f"--param {p}=…" for p in e.params) if e.params else ""
            lines.append(f"  {e.name:<30} {e.title}{needs}")
    lines.append('Run one with: innograph query --example NAME [--param NAME=VALUE]')
    return "\n".join(lines)


def render(result: ConsoleResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    cells = [[_text(v) for v in row] for row in result.rows]
    if fmt == "csv":
        return csv_text(result.columns, cells)
    return _table(result.columns, cells) + f"({len(result.rows)} rows, {result.elapsed_ms:.0f} ms)\n"


def _text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table(columns: list[str], rows: list[list[str]]) -> str:
    rows = [[_short(" ".join(c.split())) for c in row] for row in rows]
    widths = [max([len(col)] + [len(row[i]) for row in rows]) for i, col in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"

    return line(columns) + "-+-".join("-" * w for w in widths) + "\n" + "".join(line(r) for r in rows)


def _short(text: str) -> str:
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"

