"""``innograph``: parse the command line, run one subcommand, report errors as one line."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from neo4j.exceptions import DriverError, Neo4jError

from graph.connection import START_HINT
from graph.errors import InnographError
from graph.settings import Settings

# The module that registers each command (``register(subparsers)``, ``handler`` defaults on its parsers), in
# the order ``--help`` lists them. A run imports only its command's module: importing them all took about
# half a second (cli.analytics alone pulls in igraph and scipy), a third of `innograph export --kind …`.
COMMANDS = {
    "db": "cli.db", "serve": "cli.serve",
    "analyze": "cli.analytics", "bridges": "cli.analytics",
    **dict.fromkeys(("paths", "candidates", "partners"), "cli.questions"),
    "communities": "cli.analytics", "stats": "cli.analytics",
    "load": "cli.load", "export": "cli.export", "query": "cli.query", "kpis": "cli.kpis",
    **dict.fromkeys(("sources", "remove-source"), "cli.sources"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` only when it is known, otherwise for every command (help, typos)."""
    parser = argparse.ArgumentParser(
        prog="innograph",
        description="Knowledge graph of a regional innovation ecosystem (Neo4j, NetworkX, Streamlit).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    # The driver logs retries and broken connections; innograph reports the outcome as one line instead.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    try:
        return int(args.handler(args) or 0)
    except InnographError as exc:
        print(f"innograph: {exc}", file=sys.stderr)
        return 1
    except DriverError as exc:  # the server went away in the middle of the work (crash, restart, network)
        print(f"innograph: lost the connection to Neo4j at {Settings.from_env().uri} ({_first_line(exc)}); "
              f"the command stopped — run it again once the server answers ({START_HINT})", file=sys.stderr)
        return 1
    except Neo4jError as exc:  # refused by the server (memory limit, constraint …) outside innograph's own checks
        print(f"innograph: Neo4j stopped the command: {exc.code}: {_first_line(exc.message or exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("innograph: interrupted", file=sys.stderr)
        return 130


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
