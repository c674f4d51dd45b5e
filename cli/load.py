"""``innograph load demo | workbook PATH | cordis PATH | ror PATH``: put data into the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.context import database
from loaders import load
from loaders.pipeline import InvalidRows
from queries.stats import store_ecosystem_stats


def register(subparsers: argparse._SubParsersAction) -> None:
    load = subparsers.add_parser(
        "load", help="load the demo dataset, a workbook, a CORDIS export or ROR records",
        description="Load data into the graph. Into the local server only when its disk has room: at least "
                    "INNOGRAPH_MIN_FREE_MB (default 512) MiB and 40 times the input's size must be free.",
    )
    sources = load.add_subparsers(dest="source", required=True, metavar="SOURCE")
    sources.add_parser("demo", help="the bundled Baden-Württemberg dataset (data/demo)").set_defaults(
        handler=lambda args: _run(args, "demo"))
    for name, helptext in (
        ("workbook", "an ecosystem workbook: a folder of CSV files or one .xlsx (docs/workbook.md)"),
        ("cordis", "a CORDIS export folder: project/organization/euroSciVoc as ;-CSV or JSON"),
        ("ror", "ROR records: JSON, JSON Lines (.gz) or the flat CSV"),
    ):
        parser = sources.add_parser(name, help=helptext)
        parser.add_argument("path", type=Path)
        parser.add_argument("--skip-invalid", action="store_true",
                            help="load the valid rows and write a CSV report of the rejected ones")
        parser.set_defaults(handler=lambda args, source=name: _run(args, source))
    for parser in sources.choices.values():
        parser.add_argument("--quiet", action="store_true", help="no progress output")


def _run(args: argparse.Namespace, source: str) -> int:
    with database() as (settings, driver):
        try:
            report = load(driver, settings, source, getattr(args, "path", None),
                          skip_invalid=getattr(args, "skip_invalid", False), progress=not args.quiet)
        except InvalidRows as exc:
            for rejection in exc.rejected[:50]:
                print(f"  rejected: {rejection}", file=sys.stderr)
            raise
        store_ecosystem_stats(driver, settings.database)  # so 'innograph stats' reads them until the graph changes
    print(report.summary())
    if report.merge_file:
        print(f"  merge report: {report.merge_file}")
    return 0
