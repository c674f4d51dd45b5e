"""``innograph db start | stop | status | repair | backup | restore``: the local Neo4j server."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph import local
from graph.backup import backup_data, default_backup_path, restore_data
from graph.errors import LocalServerError
from graph.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="start, stop, check, repair, back up or restore the local Neo4j server")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help="build (if needed) and start the local Neo4j, wait until it answers")
    start.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for Bolt (default 120)")
    start.set_defaults(handler=_start)
    actions.add_parser("stop", help="stop the local Neo4j cleanly").set_defaults(handler=_stop)
    actions.add_parser("status", help="exit 0 only when the server answers").set_defaults(handler=_status)
    repair_help = ("after a full disk: open a database whose transaction log ends in a torn entry, keeping every "
                   "committed transaction (only the failed, rolled-back write is cut off; Neo4j keeps a copy)")
    repair = actions.add_parser("repair", help=repair_help, description=repair_help)
    repair.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the start (default 300)")
    repair.set_defaults(handler=_repair)
    backup_help = "copy the local server's data into one .tar.gz (stops the server for the copy, restarts it)"
    backup = actions.add_parser("backup", help=backup_help, description=backup_help)
    backup.add_argument("--to", type=Path, metavar="FILE",
                        help="the archive to write (default $INNOGRAPH_HOME/backups/neo4j-data-TIME.tar.gz)")
    backup.set_defaults(handler=_backup)
    restore_help = "replace the local server's data with a backup; the replaced data is moved aside, not deleted"
    restore = actions.add_parser("restore", help=restore_help, description=restore_help)
    restore.add_argument("archive", type=Path, metavar="FILE", help="a .tar.gz written by `innograph db backup`")
    restore.set_defaults(handler=_restore)


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


def _repair(args: argparse.Namespace) -> int:
    settings, server = _local_only("repair")
    print(local.repair(settings, server, timeout=args.timeout))
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings, server = _local_only("back up")
    archive = args.to or default_backup_path(settings.home / "backups")
    was_running = local.running_pid(server) is not None
    if was_running:
        print(local.stop(server))
    try:
        print(f"backed up {server.data_dir} to {backup_data(server.data_dir, archive)}")
    finally:
        if was_running:
            print(local.start(settings, server))
    return 0


def _restore(args: argparse.Namespace) -> int:
    settings, server = _local_only("restore")
    print(local.stop(server))
    try:
        set_aside = restore_data(args.archive, server.data_dir)
        print(f"restored {server.data_dir} from {args.archive}")
        if set_aside is not None:
            print(f"the data it replaced is kept in {set_aside} (delete it once the restored data is right)")
    finally:  # a failed restore leaves the data as it was: start that again
        print(local.start(settings, server))
    return 0


def _local_only(verb: str) -> tuple[Settings, local.LocalServer]:
    settings = Settings.from_env()
    if settings.external:
        raise LocalServerError(
            f"NEO4J_URI is set ({settings.uri}): innograph can only {verb} its local server; "
            "use your server's own tools (neo4j-admin) for that one"
        )
    return settings, local.LocalServer.from_settings(settings)
