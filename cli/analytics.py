"""``innograph analyze | bridges | paths | candidates | partners | communities | stats``: the network analytics."""

from __future__ import annotations

import argparse

from analytics.pair_calibration import one_in
from cli.analytics_output import add_format_option, print_csv, print_json, print_table
from cli.context import database
from cli.selection import add_selection_options, selection_from_args
from graph.errors import InnographError
from queries.actors import resolve_actor
from queries.analyze import ENGINES, analyze
from queries.bridges import SORT_KEYS, bridge_report, cluster_tie_matrix
from queries.candidate_graph import MAX_FANOUT, MAX_PARTNERS, Bounds
from queries.candidates import candidates, partners
from queries.communities import communities
from queries.partner_chance import CALIBRATED_METHOD, chance_years
from queries.paths import reach, transfer_paths
from queries.stats import ecosystem_stats


LOW_COVERAGE = 0.2


class BadOption(InnographError):
    """A command-line value innograph cannot read."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("analyze", help="compute network metrics and write them back into Neo4j")
    p.add_argument("--engine", choices=ENGINES, default="igraph",
                   help="igraph (default) or the server's Graph Data Science (gds; auto: gds when present)")
    _common(p).set_defaults(handler=_analyze)

    p = subparsers.add_parser("bridges", help="organisations that bridge clusters, and the cluster tie matrix")
    p.add_argument("--top", type=int, default=20, help="how many organisations (default 20)")
    p.add_argument("--sort", choices=SORT_KEYS, default="betweenness", help="ranking criterion")
    p.add_argument("--matrix", action="store_true", help="show the cluster-to-cluster tie matrix instead")
    _common(p).set_defaults(handler=_bridges)

    p = subparsers.add_parser("paths", help="k shortest transfer paths between two actors, with evidence")
    p.add_argument("source", help="id or name of an organisation, cluster or technology field")
    p.add_argument("target", nargs="?", help="id or name (omit with --reach)")
    p.add_argument("--k", type=int, default=3, help="how many paths (default 3)")
    p.add_argument("--reach", metavar="CLUSTER", help="instead: the firms of CLUSTER that SOURCE reaches within two hops")
    _common(p).set_defaults(handler=_paths)

    p = subparsers.add_parser("candidates", help="cross-clustering candidates for a cluster")
    p.add_argument("--cluster", required=True, help="id or name of the cluster initiative")
    p.add_argument("--top", type=int, default=10, help="how many candidates per table (default 10)")
    p.add_argument("--pairs", choices=("both", "clusters", "organisations"), default="both")
    p.add_argument("--method", choices=("resource_allocation", "adamic_adar"), default="resource_allocation")
    _bounds(p)
    _common(p, cluster_filter=False).set_defaults(handler=_candidates)

    p = subparsers.add_parser("partners", help="organisations one organisation could work with (two hops, no tie yet)")
    p.add_argument("organisation", help="id or name of the organisation")
    p.add_argument("--top", type=int, default=10, help="how many partners (default 10)")
    p.add_argument("--outside-cluster", metavar="CLUSTER", help="leave out the members of this cluster (id or name)")
    p.add_argument("--method", choices=("resource_allocation", "adamic_adar"), default="resource_allocation")
    _bounds(p)
    _common(p).set_defaults(handler=_partners)

    p = subparsers.add_parser("communities", help="detected communities vs cluster membership, hidden clusters")
    p.add_argument("--resolution", type=float, default=1.0, help="Louvain resolution (default 1.0)")
    p.add_argument("--min-size", type=int, default=3, help="smallest community listed (default 3)")
    _common(p).set_defaults(handler=_communities)

    p = subparsers.add_parser("stats", help="ecosystem figures: counts, density, components, degrees, SMEs")
    _common(p).set_defaults(handler=_stats)


def _bounds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-partners", type=_count, default=MAX_PARTNERS,
                   help=f"expand each member's N strongest partners (default {MAX_PARTNERS}; 0: all, exact)")
    p.add_argument("--max-fanout", type=_count, default=MAX_FANOUT,
                   help=f"read each such partner's N strongest ties (default {MAX_FANOUT}; 0: all, exact)")


def _common(p: argparse.ArgumentParser, *, cluster_filter: bool = True) -> argparse.ArgumentParser:
    add_selection_options(p, cluster_filter=cluster_filter)
    add_format_option(p)
    return p


def _analyze(args) -> int:
    with database() as (settings, driver):
        report = analyze(driver, settings.database, flt=selection_from_args(args), engine=args.engine)
    if args.format == "json":
        print_json(report.to_dict())
    elif args.format == "csv":
        print_csv([report.to_dict()])
    else:
        print(f"wrote metrics for {report.written} organisations ({report.ties} ties) at {report.computed_at}")
        print(f"betweenness: {report.betweenness_method}; {report.groups}; {report.communities} communities "
              f"(engine: {report.engine})")
        print(f"partner chance: {report.partner_chance}")
        print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items()))
    return 0


def _bridges(args) -> int:
    with database() as (settings, driver):
        flt = selection_from_args(args)
        if args.matrix:
            return _matrix(args, cluster_tie_matrix(driver, settings.database, flt))
        report = bridge_report(driver, settings.database, top=args.top, flt=flt, sort=args.sort)
    rows = [r.to_dict() for r in report.rows]
    return _emit(args, report.to_dict(), rows, [
        ("#", lambda r: rows.index(r) + 1), ("organisation", lambda r: r["name"]), ("kind", lambda r: r["kind"]),
        ("betweenness", lambda r: r["betweenness"]), ("particip.", lambda r: r["participation"]),
        ("constraint", lambda r: r["constraint"]), ("eff. size", lambda r: r["effective_size"]),
        ("why", lambda r: r["explanation"]),
    ], width=110, heading=[f"{report.organisations} organisations, {report.ties} ties ({report.selection}); "
                           f"betweenness {report.betweenness_method}; {report.groups}"])


def _emit(args, document, rows: list[dict], columns, *, width: int, heading: list[str] = ()) -> int:
    """Print a command's result as ``--format`` asks: the whole document as JSON, its rows as CSV, or
    the heading lines and the rows as a table."""
    if args.format == "json":
        print_json(document)
    elif args.format == "csv":
        print_csv(rows)
    else:
        for line in heading:
            print(line)
        print_table(rows, columns, width=width)
    return 0


def _matrix(args, matrix) -> int:
    names = [name for _, name in matrix.clusters]
    rows = [
        {"cluster_a": names[i], "cluster_b": names[j], "ties": matrix.counts[i][j], "weight": matrix.weights[i][j],
         "carriers": matrix.carriers.get("|".join(sorted((a, b))), [])}
        for i, (a, _) in enumerate(matrix.clusters) for j, (b, _) in enumerate(matrix.clusters)
        if j >= i and matrix.counts[i][j]
    ]
    rows.sort(key=lambda r: (-r["ties"], r["cluster_a"], r["cluster_b"]))
    return _emit(args, matrix.to_dict(), rows, [
        ("cluster A", lambda r: r["cluster_a"]), ("cluster B", lambda r: r["cluster_b"]),
        ("ties", lambda r: r["ties"]), ("carried by", lambda r: r["carriers"])], width=70)


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
    return _emit(args, {"source": args.source, "cluster": args.reach, "reach": [r.to_dict() for r in rows]}, flat,
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
                    "max_fanout": found.max_fanout, "clusters": [c.to_dict() for c in clusters],
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
    _bounded_note(found)
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
    return [("chance", lambda r: "" if r["chance"] is None else
             (f"1 in {one_in(r['chance'])}" if one_in(r["chance"]) else "< 1 in 100"))]


def _chance_note(rows, args) -> None:
    years = chance_years(rows)
    if not years and rows and args.method == CALIBRATED_METHOD and not selection_from_args(args).is_restricted():
        print("\nchance: none yet; innograph analyze replays the graph's history and adds it (again after each load)")
    if years:
        print(f"\nchance: of the pairs in this graph that had such a score before {years[:4]}, the share that started "
              f"a joint project in {years} (innograph analyze replays it); a look back, not a forecast: in a growing "
              "network the same score later came true about half as often (docs/analytics.md)")


def _bounded_note(found) -> None:
    if found.bounded:
        print(f"\nnote: bounded expansion ({found.max_partners} partners per member, {found.max_fanout} ties per "
              "partner): hubs' other ties were left out; --max-partners 0 --max-fanout 0 gives the exact ranking")


def _communities(args) -> int:
    with database() as (settings, driver):
        report = communities(driver, settings.database, flt=selection_from_args(args),
                             resolution=args.resolution, min_size=args.min_size)
    agreement = "n/a (fewer than two members)" if report.nmi is None else f"NMI {report.nmi:.3f}, ARI {report.ari:.3f} over {report.compared} members"
    heading = [f"{len(report.communities)} communities of {args.min_size}+; modularity {report.modularity:.3f}; vs membership: {agreement}"]
    if report.membership_coverage < LOW_COVERAGE:
        hint = "" if args.include_partners else "; try --include-partners"
        heading.append(f"note: only {report.membership_coverage:.1%} of the organisations have a cluster membership, "
                       f"so most communities count as hidden{hint}")
    return _emit(args, report.to_dict(), [c.to_dict() for c in report.communities], [
        ("id", lambda r: r["id"]), ("size", lambda r: r["size"]), ("density", lambda r: r["density"]),
        ("hidden", lambda r: "yes" if r["hidden"] else ""), ("clusters (share)", lambda r: [f"{n} {s:.0%}" for n, s in r["clusters"]]),
        ("fields", lambda r: r["fields"]), ("top members", lambda r: r["top_members"])], width=60, heading=heading)


def _stats(args) -> int:
    with database() as (settings, driver):
        stats = ecosystem_stats(driver, settings.database, selection_from_args(args))
    rows = [{"figure": k, "value": v} for k, v in _stats_figures(stats)]
    return _emit(args, stats.to_dict(), rows, [("figure", lambda r: r["figure"]), ("value", lambda r: r["value"])],
                 width=120)


def _stats_figures(s) -> list[tuple[str, object]]:
    top = lambda d, n=8: ", ".join(f"{k} {v}" for k, v in list(d.items())[:n])  # noqa: E731
    figures = [
        ("organisations", s.organisations), ("ties", s.ties), ("density", s.density),
        ("components", f"{s.components} (largest {s.largest_component}, isolated {s.isolated})"),
        ("by kind", top(s.by_kind)), ("by region", top(s.by_region)), ("by field", top(s.by_field)),
        ("by cluster", top(s.by_cluster)),
        ("degree", f"mean {s.degree['mean']}, median {s.degree['median']}, max {s.degree['max']}; " + top(s.degree["histogram"], 20)),
        ("SMEs", f"{s.sme['organisations']} ({s.sme['with_ties']} with ties); {s.sme['share_of_ties_with_sme']:.0%} of ties involve an SME"),
    ]
    figures += [(f"top {kind}", ", ".join(f"{n} ({t} ties)" for n, t, _ in rows)) for kind, rows in s.top_by_kind.items()]
    return figures

