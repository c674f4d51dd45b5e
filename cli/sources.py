"""``innograph sources`` and ``innograph remove-source ID [--dry-run]``: see and take back a source."""

from __future__ import annotations

import argparse

from cli.context import database
from loaders.sources import list_sources, remove_source
from queries.stats import store_ecosystem_stats


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sources", help="list the sources with their load runs and what they are cited on")
    p.set_defaults(handler=_list)
    p = subparsers.add_parser(
        "remove-source", help="remove what only one source asserted, and its tag where others agree",
        description="Delete the nodes and relationships only this source supports, take its tag off those "
                    "other sources share, re-derive COLLABORATES_WITH, and delete its load runs. "
                    "An interrupted removal is finished by running it again.")
    p.add_argument("source_id", metavar="ID", help="a Source id as `innograph sources` lists it")
    p.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    p.set_defaults(handler=_remove)


def _list(args: argparse.Namespace) -> int:
    with database() as (settings, driver):
        sources = list_sources(driver, settings.database)
    print(f"{'id':<40} {'nodes':>8} {'rels':>8} {'runs':>4}  {'as of':<10}  name (licence)")
    for s in sources:
        print(f"{s.id:<40} {s.nodes:>8,} {s.relationships:>8,} {len(s.runs):>4}  {s.as_of or '':<10}  "
              f"{s.name or ''} ({s.licence or 'licence not stated'})")
        for run in s.runs:
            print(f"{'':<4}run {run.id} at {run.started_at}: {run.nodes:,} nodes, {run.relationships:,} "
                  "relationships created")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with database() as (settings, driver):
        counts = remove_source(driver, settings.database, args.source_id, dry_run=args.dry_run)
        if not args.dry_run:
            store_ecosystem_stats(driver, settings.database)  # the figures of the graph as it is now
    print(counts.summary())
    return 0
