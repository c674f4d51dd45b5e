"""``innograph db start | stop | status``: the local Neo4j server."""

from __future__ import annotations

import argparse

from graph import local
from graph.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="start, stop or check the local Neo4j server")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help="build (if needed) and start the local Neo4j, wait until it answers")
    start.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for Bolt (default 120)")
    start.set_defaults(handler=_start)
    actions.add_parser("stop", help="stop the local Neo4j cleanly").set_defaults(handler=_stop)
    actions.add_parser("status", help="exit 0 only when the server answers").set_defaults(handler=_status)


def _start(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.external:
        print(f"NEO4J_URI is set: innograph uses the server at {settings.uri} and starts no local one.")
        print(local.status(settings, None))
        return 0
    print(local.start(settings, local.LocalServer.from_settings(settings), timeout=args.timeout))
    return 0


def _stop(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.external:
        print(f"NEO4J_URI is set ({settings.uri}): there is no local server to stop.")
        return 0
    print(local.stop(local.LocalServer.from_settings(settings)))
    return 0


def _status(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    server = None if settings.external else local.LocalServer.from_settings(settings)
    print(local.status(settings, server))
    return 0
