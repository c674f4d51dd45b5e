"""``innograph load demo | workbook PATH | cordis PATH | ror PATH``: put data into the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.context import database
from graph.local import check_free_space_before_load
from graph.schema import ensure_schema
from loaders.cordis import read_cordis
from loaders.demo import DEMO, load_demo
from loaders.pipeline import InvalidRows, load_bundle
from loaders.ror import read_ror
from loaders.workbook import load_workbook


def register(subparsers: argparse._SubParsersAction) -> None:
    load = subparsers.add_parser(
        "load", help="load the demo dataset, a workbook, a CORDIS export or ROR records",
        description="Load data into the graph. Into the local server only when its disk has room: at least "
                    "INNOGRAPH_MIN_FREE_MB (default 512) MiB and 40 times the input's size must be free.",
    )
    sources = load.add_subparsers(dest="source", required=True, metavar="SOURCE")
    sources.add_parser("demo", help="the bundled Baden-Württemberg dataset (data/demo)").set_defaults(handler=_demo)
    for name, helptext, handler in (
        ("workbook", "an ecosystem workbook: a folder of CSV files or one .xlsx (docs/workbook.md)", _workbook),
        ("cordis", "a CORDIS export folder: project/organization/euroSciVoc as ;-CSV or JSON", _cordis),
        ("ror", "ROR records: JSON, JSON Lines (.gz) or the flat CSV", _ror),
    ):
        parser = sources.add_parser(name, help=helptext)
        parser.add_argument("path", type=Path)
        parser.add_argument("--skip-invalid", action="store_true",
                            help="load the valid rows and write a CSV report of the rejected ones")
        parser.set_defaults(handler=handler)
    for parser in sources.choices.values():
        parser.add_argument("--quiet", action="store_true", help="no progress output")


def _run(args: argparse.Namespace, load, inputs: list[Path]) -> int:
    with database() as (settings, driver):
        check_free_space_before_load(settings, inputs)
        ensure_schema(driver, settings.database)
        try:
            report = load(driver, settings.database, settings.home / "reports")
        except InvalidRows as exc:
            for rejection in exc.rejected[:50]:
                print(f"  rejected: {rejection}", file=sys.stderr)
            raise
    print(report.summary())
    if report.merge_file:
        print(f"  merge report: {report.merge_file}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    return _run(args, lambda d, db, reports: load_demo(d, db, progress=not args.quiet, report_dir=reports), [DEMO])


def _workbook(args: argparse.Namespace) -> int:
    return _run(args, lambda d, db, reports: load_workbook(
        d, db, args.path, skip_invalid=args.skip_invalid, progress=not args.quiet, report_dir=reports), [args.path])


def _cordis(args: argparse.Namespace) -> int:
    return _run(args, lambda d, db, reports: load_bundle(
        d, db, read_cordis(args.path), source="cordis", skip_invalid=args.skip_invalid,
        progress=not args.quiet, report_dir=reports), [args.path])


def _ror(args: argparse.Namespace) -> int:
    return _run(args, lambda d, db, reports: load_bundle(
        d, db, read_ror(args.path), source="ror", skip_invalid=args.skip_invalid,
        progress=not args.quiet, report_dir=reports), [args.path])
