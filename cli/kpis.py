"""``innograph kpis``: the ministry's agenda indicators per cluster (or region, organisation,
ecosystem), overall, by period, by year or before/after a date. See docs/analytics.md."""

from __future__ import annotations

import argparse

from cli.analytics_output import add_format_option, print_csv, print_json, print_table
from cli.context import database
from graph.errors import InnographError
from graph.schema import NodeLabel
from queries.agenda import cross_cluster_rows, read_facts, rows
from queries.selection import resolve_names

NO_DATA = "no data"
TABLE = (("name", "name"), ("when", "when"), ("members", "members"), ("projects", "projects"),
         ("abroad", "intl_share"), ("countries", "partner_countries"), ("EU", "EU_share"),
         ("assoc.", "associated_share"), ("third", "third_share"), ("coord.", "coordinator_roles"),
         ("digital", "digital_share"), ("res–firm", "transfer_share"), ("firms w/o res.", "firms_without_research"),
         ("linking inst.", "linking_institutes"), ("SME", "sme_share"), ("young", "young_firms"),
         ("univ.", "universities"), ("MSCA", "training_share"), ("EC EUR", "ec_contribution"))


class UnknownCluster(InnographError):
    """``--cluster`` names no cluster with members."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("kpis", help="agenda indicators per cluster: international, digital, transfer, "
                                           "SMEs, skills, innovation")
    p.add_argument("--cluster", help="id, name or acronym of one cluster initiative")
    p.add_argument("--level", choices=("cluster", "region", "organisation", "ecosystem"), default="cluster",
                   help="group organisations by cluster membership (default), region, one by one, or all of BW")
    p.add_argument("--by", choices=("period", "year", "before-after"), help="split by Framework Programme "
                   "period, start year, or before/after --cut")
    p.add_argument("--cut", default="2015-01-01", help="date for --by before-after (default 2015-01-01, "
                   "the year the clusters received their labels)")
    add_format_option(p)
    p.set_defaults(handler=_kpis)


def _kpis(args) -> int:
    with database() as (settings, driver):
        facts = read_facts(driver, settings.database)
        ids = resolve_names(driver, settings.database, NodeLabel.CLUSTER, (args.cluster,)) if args.cluster else ()
    only = None
    if args.cluster:
        only = next((c for c in ids if c in facts.groups("cluster")), None)
        if not only:
            raise UnknownCluster(f"the cluster '{args.cluster}' has no members with data")
    level = "cluster" if only else args.level
    by = args.by.replace("-", "_") if args.by else None
    table = rows(facts, level, by=by, only=only, cut=args.cut)
    ties = cross_cluster_rows(facts, only) if by == "period" else []
    if args.format == "json":
        print_json({"rows": table, "new_cross_cluster_ties": ties})
    elif args.format == "csv":
        print_csv(table)
    else:
        print_table(table, [(header, _getter(key)) for header, key in TABLE], width=40)
        if ties:
            print("\nnew cross-cluster ties per period")
            print_table(ties, [("group", lambda r: r["id"]), ("period", lambda r: r["when"]),
                               ("new ties", lambda r: r["new_cross_cluster_ties"])])
    return 0


def _getter(key: str):
    def get(row: dict):
        value = row[key]
        if value is None:
            return NO_DATA
        if key.endswith("_share"):
            return f"{value:.0%}"
        return f"{value:,.0f}" if isinstance(value, float) else value
    return get
