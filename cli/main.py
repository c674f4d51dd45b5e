"""``innograph``: parse the command line, run one subcommand, report errors as one line."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from graph.errors import InnographError

# Each module defines ``register(subparsers)`` and sets ``handler`` defaults on its parsers.
COMMAND_MODULES = ("cli.db", "cli.serve", "cli.analytics", "cli.load", "cli.export", "cli.query")


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
    # The driver logs each retry as a warning; innograph reports the outcome as one line instead.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    try:
        return int(args.handler(args) or 0)
    except InnographError as exc:
        print(f"innograph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("innograph: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
