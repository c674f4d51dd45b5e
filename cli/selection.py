"""The selection options every command shares (``innograph export`` and the analytics commands).

One set of names, one meaning (docs/analytics.md, "The selection"); old names still work and say so.
"""

from __future__ import annotations

import argparse
import sys

from graph.schema import OrgKind
from queries.selection import Selection, parse_years

DEPRECATED = {"--in-cluster": "--cluster"}


class _Deprecated(argparse.Action):
    """Accept an old option name, note its new name on stderr, and store as the new one does."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"innograph: {option_string} is deprecated, use {DEPRECATED[option_string]}", file=sys.stderr)
        getattr(namespace, self.dest).append(values)


def add_selection_options(parser: argparse.ArgumentParser, *, cluster_filter: bool = True) -> argparse._ArgumentGroup:
    """Add the selection options; ``cluster_filter=False`` where ``--cluster`` names the command's subject."""
    pick = parser.add_argument_group("selection")
    if cluster_filter:
        pick.add_argument("--cluster", action="append", default=[],
                          help="cluster initiative id or name: its members (repeatable)")
        pick.add_argument("--in-cluster", dest="cluster", action=_Deprecated, help=argparse.SUPPRESS)
    pick.add_argument("--field", action="append", default=[],
                      help="technology field id or name, narrower fields included (repeatable)")
    pick.add_argument("--kind", action="append", default=[], choices=[k.value for k in OrgKind],
                      help="organisation kind (repeatable)")
    pick.add_argument("--region", action="append", default=[],
                      help="region id or name, e.g. nuts:DE11, sub-regions included (repeatable)")
    pick.add_argument("--years", help="project years FROM-TO, e.g. 2014-2020 or 2018- (either side may be empty)")
    pick.add_argument("--min-weight", type=float, help="keep collaboration ties with at least this many shared projects")
    pick.add_argument("--include-partners", action="store_true", help="count cluster partners (PARTNER_OF) like members")
    pick.add_argument("--no-hierarchy", action="store_true",
                      help="count memberships only where stated, not through a group or parent (SUBUNIT_OF)")
    return pick


def selection_from_args(args: argparse.Namespace, **view) -> Selection:
    """The selection the shared options describe, plus ``view`` fields (ego, path, limit …) of a command."""
    clusters = args.cluster if isinstance(getattr(args, "cluster", None), list) else ()  # candidates: the subject
    return Selection(
        clusters=tuple(clusters),
        fields=tuple(args.field), kinds=tuple(args.kind), regions=tuple(args.region),
        years=parse_years(args.years), min_weight=args.min_weight,
        include_partners=args.include_partners, no_hierarchy=args.no_hierarchy, **view,
    )
