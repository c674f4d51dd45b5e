"""``innograph export --format graphml|gexf|json|csv|cypher -o FILE [selection options]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.errors import InnographError
from queries.console import check_read_only
from queries.export import EXTENSIONS, FORMATS, export_selection_to_file
from queries.subgraph import Selection

from .context import database
from .selection import add_selection_options, selection_from_args
from .query import add_param_option, parse_params


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="write a subgraph as GraphML, GEXF, JSON, CSV (zip) or a Cypher script",
        description="Without selection options the export holds every organisation, its clusters and their fields. "
                    "Filters combine (AND); --ego, --path and --cypher each replace the filters.",
    )
    export.add_argument("--format", choices=FORMATS, help="file format (default: from the file name's extension)")
    export.add_argument("-o", "--output", required=True, type=Path, help="file to write (replaced if it exists)")
    pick = add_selection_options(export)
    pick.add_argument("--with-projects", action="store_true", help="include the organisations' projects")
    pick.add_argument("--ego", metavar="ID", help="the ego network of this node (id or name)")
    pick.add_argument("--depth", type=int, default=1, choices=(1, 2), help="ego network depth (default 1)")
    pick.add_argument("--path", nargs="+", metavar="ID", help="exactly these nodes (e.g. a path found on the map)")
    pick.add_argument("--cypher", help="a read-only query returning nodes, relationships or paths")
    add_param_option(pick)
    pick.add_argument("--timeout", type=float, default=30.0, help="seconds allowed for --cypher (default 30)")
    pick.add_argument("--limit", type=int, help="keep only the N most connected nodes")
    export.set_defaults(handler=_export)


def export_selection(args: argparse.Namespace) -> Selection:
    return selection_from_args(args, ego_id=args.ego, ego_depth=args.depth, path_ids=tuple(args.path or ()),
                               cypher=args.cypher, params=parse_params(args.param), limit=args.limit,
                               include_projects=args.with_projects)


def format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    by_extension = {extension: name for name, extension in EXTENSIONS.items()} | {".csv": "csv", ".xml": "graphml"}
    if path.suffix.lower() not in by_extension:
        raise InnographError(f"cannot tell the format from '{path.name}': add --format ({', '.join(FORMATS)})")
    return by_extension[path.suffix.lower()]


def _export(args: argparse.Namespace) -> int:
    fmt = format_for(args.output, args.format)
    selection = export_selection(args)
    selection.validate()
    if selection.cypher:
        check_read_only(selection.cypher)  # refuse before even connecting
    with database() as (settings, driver):
        report = export_selection_to_file(driver, settings.database, selection, fmt, args.output, timeout=args.timeout)
    hidden = f", {report.hidden_nodes} more hidden by --limit" if report.hidden_nodes else ""
    print(f"wrote {report.path} ({fmt}, {report.bytes / 1024:.1f} KiB): {report.nodes} nodes, "
          f"{report.relationships} relationships{hidden}")
    return 0
