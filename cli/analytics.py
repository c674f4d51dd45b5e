"""``innograph analyze | bridges | communities | stats``: the whole-graph network analytics."""

from __future__ import annotations

import argparse

from cli.analytics_output import add_analysis_options, emit, print_csv, print_json
from cli.context import database
from cli.selection import selection_from_args
from queries.analyze import ENGINES, analyze
from queries.bridges import SORT_KEYS, bridge_report, cluster_tie_matrix
from queries.communities import communities
from queries.stats import ecosystem_stats


LOW_COVERAGE = 0.2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("analyze", help="compute network metrics and write them back into Neo4j")
    p.add_argument("--engine", choices=ENGINES, default="igraph",
                   help="igraph (default) or the server's Graph Data Science (gds; auto: gds when present)")
    add_analysis_options(p).set_defaults(handler=_analyze)

    p = subparsers.add_parser("bridges", help="organisations that bridge clusters, and the cluster tie matrix")
    p.add_argument("--top", type=int, default=20, help="how many organisations (default 20)")
    p.add_argument("--sort", choices=SORT_KEYS, default="betweenness", help="ranking criterion")
    p.add_argument("--matrix", action="store_true", help="show the cluster-to-cluster tie matrix instead")
    add_analysis_options(p).set_defaults(handler=_bridges)

    p = subparsers.add_parser("communities", help="detected communities vs cluster membership, hidden clusters")
    p.add_argument("--resolution", type=float, default=1.0, help="Louvain resolution (default 1.0)")
    p.add_argument("--min-size", type=int, default=3, help="smallest community listed (default 3)")
    add_analysis_options(p).set_defaults(handler=_communities)

    p = subparsers.add_parser("stats", help="ecosystem figures: counts, density, components, degrees, SMEs")
    add_analysis_options(p).set_defaults(handler=_stats)


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
    return emit(args, report.to_dict(), rows, [
        ("#", lambda r: rows.index(r) + 1), ("organisation", lambda r: r["name"]), ("kind", lambda r: r["kind"]),
        ("betweenness", lambda r: r["betweenness"]), ("particip.", lambda r: r["participation"]),
        ("constraint", lambda r: r["constraint"]), ("eff. size", lambda r: r["effective_size"]),
        ("why", lambda r: r["explanation"]),
    ], width=110, heading=[f"{report.organisations} organisations, {report.ties} ties ({report.selection}); "
                           f"betweenness {report.betweenness_method}; {report.groups}"])


def _matrix(args, matrix) -> int:
    names = [name for _, name in matrix.clusters]
    rows = [
        {"cluster_a": names[i], "cluster_b": names[j], "ties": matrix.counts[i][j], "weight": matrix.weights[i][j],
         "carriers": matrix.carriers.get("|".join(sorted((a, b))), [])}
        for i, (a, _) in enumerate(matrix.clusters) for j, (b, _) in enumerate(matrix.clusters)
        if j >= i and matrix.counts[i][j]
    ]
    rows.sort(key=lambda r: (-r["ties"], r["cluster_a"], r["cluster_b"]))
    return emit(args, matrix.to_dict(), rows, [
        ("cluster A", lambda r: r["cluster_a"]), ("cluster B", lambda r: r["cluster_b"]),
        ("ties", lambda r: r["ties"]), ("carried by", lambda r: r["carriers"])], width=70)


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
    return emit(args, report.to_dict(), [c.to_dict() for c in report.communities], [
        ("id", lambda r: r["id"]), ("size", lambda r: r["size"]), ("density", lambda r: r["density"]),
        ("hidden", lambda r: "yes" if r["hidden"] else ""), ("clusters (share)", lambda r: [f"{n} {s:.0%}" for n, s in r["clusters"]]),
        ("fields", lambda r: r["fields"]), ("top members", lambda r: r["top_members"])], width=60, heading=heading)


def _stats(args) -> int:
    with database() as (settings, driver):
        stats = ecosystem_stats(driver, settings.database, selection_from_args(args))
    rows = [{"figure": k, "value": v} for k, v in _stats_figures(stats)]
    return emit(args, stats.to_dict(), rows, [("figure", lambda r: r["figure"]), ("value", lambda r: r["value"])],
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
