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

# Each module defines ``register(subparsers)`` and sets ``handler`` defaults on its parsers.
COMMAND_MODULES = ("cli.db", "cli.serve", "cli.analytics", "cli.load", "cli.export", "cli.query", "cli.kpis",
                   "cli.sources")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="innograph",
        description="Knowledge graph of a regional innovation ecosystem (Neo4j, NetworkX, Streamlit).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
