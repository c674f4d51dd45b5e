"""``innograph paths | candidates | partners``: questions about one pair, cluster or organisation, answered
in the database (issue 19), without the whole-graph analytics' imports."""

from __future__ import annotations

import argparse

from analytics.pair_calibration import odds
from cli.analytics_output import add_analysis_options, emit, print_csv, print_json, print_table
from cli.context import database
from cli.selection import selection_from_args
from graph.errors import InnographError
from queries.candidate_graph import MAX_FANOUT, MAX_PARTNERS, Bounds
from queries.candidates import candidates, partners
from queries.partner_chance import CALIBRATED_METHOD, chance_years
from queries.paths import reach, transfer_paths


class BadOption(InnographError):
    """A command-line value innograph cannot read."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("paths", help="k shortest transfer paths between two actors, with evidence")
    p.add_argument("source", help="id or name of an organisation, cluster or technology field")
    p.add_argument("target", nargs="?", help="id or name (omit with --reach)")
    p.add_argument("--k", type=int, default=3, help="how many paths (default 3)")
    p.add_argument("--reach", metavar="CLUSTER", help="instead: the firms of CLUSTER that SOURCE reaches within two hops")
    add_analysis_options(p).set_defaults(handler=_paths)

    p = subparsers.add_parser("candidates", help="cross-clustering candidates for a cluster")
    p.add_argument("--cluster", required=True, help="id or name of the cluster initiative")
    p.add_argument("--top", type=int, default=10, help="how many candidates per table (default 10)")
    p.add_argument("--pairs", choices=("both", "clusters", "organisations"), default="both")
    p.add_argument("--method", choices=("resource_allocation", "adamic_adar"), default="resource_allocation")
    _bounds(p)
    add_analysis_options(p, cluster_filter=False).set_defaults(handler=_candidates)

    p = subparsers.add_parser("partners", help="organisations one organisation could work with (two hops, no tie yet)")
    p.add_argument("organisation", help="id or name of the organisation")
    p.add_argument("--top", type=int, default=10, help="how many partners (default 10)")
    p.add_argument("--outside-cluster", metavar="CLUSTER", help="leave out the members of this cluster (id or name)")
    p.add_argument("--method", choices=("resource_allocation", "adamic_adar"), default="resource_allocation")
    _bounds(p)
    add_analysis_options(p).set_defaults(handler=_partners)


def _bounds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-partners", type=_count, default=MAX_PARTNERS,
                   help=f"expand each member's N strongest partners (default {MAX_PARTNERS}; 0: all, exact)")
    p.add_argument("--max-fanout", type=_count, default=MAX_FANOUT,
                   help=f"read each such partner's N strongest ties (default {MAX_FANOUT}; 0: all, exact)")


def _paths(args) -> int:
    with database() as (settings, driver):
        flt = selection_from_args(args)
        if args.reach:
            rows = reach(driver, settings.database, args.source, args.reach, flt=flt)
            return _print_reach(args, rows)
        if not args.target:
            raise BadOption("paths needs SOURCE and TARGET (or SOURCE --reach CLUSTER)")
        found = transfer_paths(driver, settings.database, args.source, args.target, k=args.k, flt=flt)
    if args.format == "json":
        print_json({"source": args.source, "target": args.target, "paths": [p.to_dict() for p in found]})
        return 0
    hops = [
        {"path": i, "hop": j, "from": h.source.name, "to": h.target.name, "kind": h.kind, "weight": h.weight,
         "evidence": [_evidence_text(e) for e in h.evidence]}
        for i, p in enumerate(found, 1) for j, h in enumerate(p.hops, 1)
    ]
    if args.format == "csv":
        print_csv(hops)
        return 0
    for i, p in enumerate(found, 1):
        print(f"path {i} (length {p.length:.3f}): " + " → ".join(a.name for a in p.nodes))
        for h in p.hops:
            print(f"  {h.source.name} — {h.target.name} [{h.kind}, weight {h.weight:g}]")
            for e in h.evidence[:5]:
                print(f"      {_evidence_text(e)}")
            if len(h.evidence) > 5:
                print(f"      … and {len(h.evidence) - 5} more")
    return 0


def _evidence_text(e: dict) -> str:
    if e.get("type") == "project":
        programme = " ".join(filter(None, (e.get("programme"), e.get("programme_part"))))
        about = ", ".join(filter(None, (e.get("period") or e.get("year") and str(e["year"]), programme,
                                        e.get("topic") and f"topic: {e['topic']}")))
        return f"project {e.get('acronym') or e['id']}{f' ({about})' if about else ''} sources: {', '.join(e.get('sources') or []) or '-'}"
    if e.get("relation"):
        extra = ", ".join(f"{k} {e[k]}" for k in ("role", "since") if e.get(k))
        return f"{e['relation']}{' (' + extra + ')' if extra else ''} sources: {', '.join(e.get('sources') or []) or '-'}"
    return e.get("note", str(e))


def _print_reach(args, rows) -> int:
    flat = [{"firm": r.firm.name, "id": r.firm.id, "hops": r.hops, "via": [a.name for a in r.via]} for r in rows]
    if args.format == "table" and not flat:
        print("no firm of the cluster within two hops")
        return 0
    return emit(args, {"source": args.source, "cluster": args.reach, "reach": [r.to_dict() for r in rows]}, flat,
                 [("firm", lambda r: r["firm"]), ("hops", lambda r: r["hops"]), ("via", lambda r: r["via"])], width=80)


def _count(text: str) -> int:
    """A bound: a whole number ≥ 0."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"takes a whole number ≥ 0 (0: no bound), not '{text}'")
    return int(text)


def _candidates(args) -> int:
    with database() as (settings, driver):
        found = candidates(driver, settings.database, args.cluster, top=args.top, flt=selection_from_args(args),
                           method=args.method, pairs=args.pairs, bounds=Bounds(args.max_partners, args.max_fanout))
    target, clusters, orgs = found.cluster, found.clusters, found.organisations
    if args.format == "json":
        print_json({"cluster": target.to_dict(), "bounded": found.bounded, "max_partners": found.max_partners,
                    "max_fanout": found.max_fanout, "pairs_ranked_at": found.pairs_ranked_at,
                    "clusters_ranked_at": found.clusters_ranked_at,
                    "clusters": [c.to_dict() for c in clusters],
                    "organisations": [o.to_dict() for o in orgs]})
        return 0
    if args.format == "csv":
        print_csv([c.to_dict() for c in clusters])
        if clusters and orgs:
            print()
        print_csv([o.to_dict() for o in orgs])
        return 0
    if args.pairs != "organisations":
        print(f"clusters to work with {target.name}:")
        print_table([c.to_dict() for c in clusters], [
            ("cluster", lambda r: r["name"]), ("score", lambda r: r["score"]), ("ties", lambda r: r["ties"]),
            ("reasons", lambda r: "; ".join(r["reasons"]))], width=120)
    if args.pairs != "clusters":
        print(f"\norganisation pairs across clusters ({args.method}):")
        print_table([o.to_dict() for o in orgs], [
            ("member", lambda r: r["member"]), ("candidate", lambda r: r["candidate"]), ("score", lambda r: r["score"]),
            *_chance_column(orgs), ("reasons", lambda r: "; ".join(r["reasons"]))], width=100)
        _chance_note(orgs, args)
    stored = [name for name, at in (("cluster pairs", found.clusters_ranked_at), ("organisation pairs", found.pairs_ranked_at))
              if at]
    if stored:
        print(f"\n{' and '.join(stored)}: ranked exactly over the whole graph by innograph analyze at "
              f"{found.pairs_ranked_at or found.clusters_ranked_at}; the graph has not changed since")
    expanded = "organisation pairs" if found.clusters_ranked_at else "cluster pairs" if found.pairs_ranked_at else ""
    _bounded_note(found, expanded)
    return 0


def _partners(args) -> int:
    with database() as (settings, driver):
        found = partners(driver, settings.database, args.organisation, top=args.top, outside_cluster=args.outside_cluster,
                         flt=selection_from_args(args), method=args.method, bounds=Bounds(args.max_partners, args.max_fanout))
    rows = [o.to_dict() for o in found.partners]
    if args.format == "json":
        print_json({"organisation": found.organisation.to_dict(),
                    "outside_cluster": found.outside_cluster.to_dict() if found.outside_cluster else None,
                    "bounded": found.bounded, "max_partners": found.max_partners, "max_fanout": found.max_fanout,
                    "partners": rows})
        return 0
    if args.format == "csv":
        print_csv(rows)
        return 0
    outside = f", outside {found.outside_cluster.name}" if found.outside_cluster else ""
    print(f"partners for {found.organisation.name}{outside} ({args.method}):")
    print_table(rows, [
        ("candidate", lambda r: r["candidate"]), ("kind", lambda r: r["candidate_kind"]),
        ("score", lambda r: r["score"]), *_chance_column(found.partners), ("reasons", lambda r: "; ".join(r["reasons"]))],
        width=100)
    _chance_note(found.partners, args)
    if not rows:
        print("none: no organisation two hops away (a partner's partner) without a tie yet")
    _bounded_note(found)
    return 0


def _chance_column(rows) -> list:
    """A "chance" column ("1 in 4") when ``analyze`` calibrated the ranking (queries.partner_chance)."""
    if not any(r.chance is not None for r in rows):
        return []
    return [("chance", lambda r: "" if r["chance"] is None else _odds_words(odds(r["chance"])))]


def _odds_words(found: tuple[int, int] | None) -> str:
    return "< 1 in 100" if found is None else f"{found[0]} in {found[1]}"


def _chance_note(rows, args) -> None:
    years = chance_years(rows)
    if not years and rows and args.method == CALIBRATED_METHOD and not selection_from_args(args).is_restricted():
        print("\nchance: none yet; innograph analyze replays the graph's history and adds it (again after each load)")
    if years:
        print(f"\nchance: of the pairs in this graph that had such a score before {years[:4]}, the share that started "
              f"a joint project in {years} (innograph analyze replays it); a look back, not a forecast: in a growing "
              "network the same score later came true about half as often (docs/analytics.md)")


def _bounded_note(found, of: str = "") -> None:
    """Say so when the expansion left hubs' ties out (``of``: which table it ranked, when not all)."""
    if found.bounded:
        print(f"\nnote: {of + ' from a ' if of else ''}bounded expansion ({found.max_partners} partners per member, "
              f"{found.max_fanout} ties per partner): hubs' other ties were left out; --max-partners 0 --max-fanout 0 "
              "gives the exact ranking")
