"""innograph's benchmark suite: ``python bench/run.py [--sizes DE,S,M,L] [--quick | --smoke]``.

Starts its own Neo4j (temporary home, free port; never the user's), generates the synthetic
ecosystems, and measures loading, updates, analytics, queries, maps and memory, each against a
baseline measured in the same run. Size ``DE`` is the real Germany-wide graph (the BW demo and the
CORDIS H2020 table from ``../shared``, loaded with the CLI), where each command runs as a new process
with the code before issue 19 as its baseline. Prints one JSON object with every figure and writes it to
``bench/results/latest.json`` (or to ``--out``). Nothing here asserts a timing: the
figures say whether each goal of issue 7 is met.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import analytics, h2020, maps, national, query_timing  # noqa: E402
from bench.figures import Figure, p95  # noqa: E402
from bench.generator import SIZES, generate  # noqa: E402
from bench.load import daily_update, load_rows, naive_rates  # noqa: E402
from bench.projection import collaboration_graph  # noqa: E402
from bench.server import bench_server, empty_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GOAL_SIZE = "L"  # the load, query and memory goals are stated for the L graph
NATIONAL = "DE"  # the real Germany-wide graph: the BW demo plus the CORDIS H2020 table, loaded as users do
NATIONAL_BASELINE = "d48b281"  # the code before issue 19: every command projected the whole graph
NATIONAL_GOALS = {  # issue 19, for the whole table: seconds, peak MB
    **{name: (3.0, None) for name in ("stats", "paths", "candidates", "export_selection")},
    "bridges": (5.0, None), "communities": (5.0, None), "analyze": (60.0, 2048.0),
    **{name: (30.0, 1536.0) for name in ("export_graphml", "export_csv", "export_gexf", "export_json", "export_cypher")},
}


@dataclass(frozen=True)
class Profile:
    """How much of each benchmark a run does."""

    name: str
    sizes: tuple[str, ...]
    naive_sample: int
    query_samples: int
    e2e_budget_s: float
    h2020_projects: int | None
    map_repeat: int
    paint_repeat: int
    analyze_timeout_s: float
    map_size: tuple[int, int] = (1000, 5000)


PROFILES = {
    "full": Profile("full", ("DE", "S", "M", "L"), 500, 50, 60.0, None, 5, 3, 600.0),
    "quick": Profile("quick", ("DE", "S"), 300, 30, 15.0, 1000, 3, 2, 300.0),
    "smoke": Profile("smoke", ("smoke",), 30, 5, 2.0, 15, 1, 1, 180.0, (200, 1000)),
}


class Run:
    """Collects figures; a benchmark that fails records why instead of ending the run."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.errors: list[str] = []
        self.sections: dict[str, float] = {}

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(f"  {figure.name}: {figure.value} {figure.unit}", file=sys.stderr, flush=True)

    def guarded(self, what: str, call, *args) -> None:
        started = time.perf_counter()
        try:
            call(self, *args)
        except Exception as exc:  # a failing benchmark is a result, not the end of the run
            self.errors.append(f"{what}: {type(exc).__name__}: {exc}")
            traceback.print_exc(file=sys.stderr)
        finally:
            self.sections[what] = round(time.perf_counter() - started, 1)


def goal(size: str, op: str, value: float) -> tuple[str, float] | None:
    return (op, value) if size == GOAL_SIZE else None


def bench_h2020(run: Run, profile: Profile, settings, driver) -> None:
    if not h2020.available():
        run.errors.append(f"h2020: {h2020.PARTICIPATIONS} is missing")
        return
    nodes, rels, rows = h2020.h2020_rows(max_projects=profile.h2020_projects)
    naive = naive_rates(driver, settings.database, nodes["Organisation"], rels["COLLABORATES_WITH"], sample=profile.naive_sample)
    times = load_rows(driver, settings.database, nodes, rels)
    baseline = naive.extrapolate(times.nodes, times.relationships)
    note = f"{rows} participation rows, {times.nodes} nodes, {times.relationships} relationships"
    run.add(Figure("load.h2020_de.seconds", times.total_seconds, "s", baseline, "naive one-transaction-per-row MERGE, extrapolated", note=note))
    run.add(Figure("load.h2020_de.rows_per_s", (times.nodes + times.relationships) / times.total_seconds, "rows/s",
                   (times.nodes + times.relationships) / baseline, "naive one-transaction-per-row MERGE"))
    empty_database(driver, settings.database)


def bench_size(run: Run, size: str, profile: Profile, settings, driver) -> None:
    started = time.perf_counter()
    eco = generate(size)
    gc.freeze()  # the generated rows live for the whole run; keep the collector off them
    counts = eco.counts()
    run.add(Figure(f"generate.{size}.seconds", time.perf_counter() - started, "s",
                   note=f"{counts['Organisation']} organisations, {counts['COLLABORATES_WITH']} ties"))
    db = settings.database
    run.guarded(f"load {size}", bench_load, size, profile, eco, db, driver)
    expansion: dict = {}  # the per-cluster candidates' p95 before analyze stores them (ms), by pairs=
    run.guarded(f"candidates before analyze {size}", bench_expanded_candidates, size, profile, eco, db, driver, expansion)
    run.guarded(f"analyze {size}", bench_analyze, size, profile, settings)
    run.guarded(f"queries {size}", bench_queries, size, profile, eco, db, driver, expansion)
    G = collaboration_graph(eco)
    run.guarded(f"analytics {size}", bench_engines, size, G)


def bench_national(run: Run, profile: Profile, settings) -> None:
    """Size DE: every CLI command of issue 19 as a user runs it (a new process each), the code at
    :data:`NATIONAL_BASELINE` against this code on the same server in the same run (bench/national.py)."""
    if not h2020.available():
        run.errors.append(f"{NATIONAL}: {h2020.PARTICIPATIONS} is missing")
        return
    env = server_env(settings)
    whole = profile.h2020_projects is None
    with tempfile.TemporaryDirectory(prefix="innograph-bench-de-") as folder:
        table = h2020.PARTICIPATIONS if whole else h2020.write_slice(Path(folder) / "slice.csv.gz", profile.h2020_projects)
        for name, args in (("demo", ["load", "demo"]), ("cordis", ["load", "cordis", str(table)])):
            done = national.run_cli(ROOT, args, env)
            if not done["ok"]:
                raise RuntimeError(f"innograph {' '.join(args)} failed: {done['tail']}")
            run.add(Figure(f"load.{NATIONAL}.{name}_seconds", done["seconds"], "s",
                           note=f"innograph {args[0]} {args[1]}{'' if whole else f' (the first {profile.h2020_projects} projects)'}"
                           f", a new process, peak {done['peak_mb']} MB"))
    found = national.compare(NATIONAL_BASELINE, list(national.COMMANDS), env=env)
    query = found["new"]["query"]["seconds"]
    for name, new in found["new"].items():
        old = found["old"].get(name, {})
        if not new["ok"]:
            run.errors.append(f"{NATIONAL} {name}: {new['tail']}")
        seconds, peak = NATIONAL_GOALS.get(name, (None, None)) if whole else (None, None)
        baseline_name = f"the same command at {NATIONAL_BASELINE} (before issue 19), same server and run"
        run.add(Figure(f"national.{name}.seconds", new["seconds"], "s", old.get("seconds"), baseline_name,
                       ("<=", seconds) if seconds else None,
                       note=f"{new['seconds'] / query:.1f}x innograph query 'RETURN 1' ({query} s)"))
        run.add(Figure(f"national.{name}.peak_mb", new["peak_mb"], "MB", old.get("peak_mb"), baseline_name,
                       ("<=", peak) if peak else None, note="peak resident memory of the process"))


def bench_load(run: Run, size: str, profile: Profile, eco, db: str, driver) -> None:
    naive = naive_rates(driver, db, eco.organisations, eco.ties, sample=profile.naive_sample)
    times = load_rows(driver, db, eco.nodes, eco.relationships)
    baseline = naive.extrapolate(times.nodes, times.relationships)
    sample_note = f"naive baseline measured on {naive.sample_nodes} organisations and {naive.sample_rels} ties"
    run.add(Figure(f"load.{size}.org_nodes_per_s", times.node_rate("Organisation"), "nodes/s", naive.node_rate,
                   "naive one-transaction-per-row MERGE", goal(size, ">=", 50_000), sample_note))
    run.add(Figure(f"load.{size}.relationships_per_s", times.rel_rate(), "rels/s", naive.rel_rate,
                   "naive one-transaction-per-row MERGE", goal(size, ">=", 20_000),
                   f"all {times.relationships} relationships of {len(times.rel_rows)} types"))
    run.add(Figure(f"load.{size}.seconds", times.total_seconds, "s", baseline,
                   "naive one-transaction-per-row MERGE, extrapolated", goal(size, "<=", 90),
                   f"{times.nodes} nodes and {times.relationships} relationships"))
    run.add(Figure(f"load.{size}.speedup_vs_naive", baseline / times.total_seconds, "x", None, "",
                   goal(size, ">=", 30)))
    run.add(Figure(f"update.{size}.daily_10k_rows_seconds", daily_update(driver, db, eco.organisations, eco.ties),
                   "s", 10_000 / naive.node_rate / 2 + 10_000 / naive.rel_rate / 2,
                   "naive one-transaction-per-row MERGE, extrapolated", goal(size, "<=", 2),
                   "5,000 changed organisations + 5,000 changed ties on the loaded graph"))


def bench_analyze(run: Run, size: str, profile: Profile, settings) -> None:
    shipped = analyze_child(settings, profile.analyze_timeout_s)
    method = shipped.get("report", {}).get("betweenness_method", "")
    run.add(Figure(f"analyze.{size}.seconds", shipped.get("seconds"), "s",
                   goal=("<=", 90) if size == "L" else ("<=", 30) if size == "M" else None,  # L: issue 19 (issue 7 had 120 s)
                   note=shipped.get("error") or f"queries.analyze.analyze as shipped; betweenness {method}; "
                   f"steps {shipped.get('report', {}).get('seconds')}"))
    run.add(Figure(f"memory.{size}.analyze_peak_rss_mb", shipped.get("peak_rss_mb"), "MB",
                   goal=goal(size, "<=", 3072), note="peak resident memory of the analyze process (Neo4j not included); "
                   "its largest forked worker (betweenness batches, Burt's measures, roles, PageRank): "
                   f"{shipped.get('workers_peak_rss_mb', 0):.0f} MB, shared pages counted"))
    if size == "M":
        exact = analyze_child(settings, profile.analyze_timeout_s, "--exact")
        run.add(Figure(f"analyze.{size}.exact_seconds", exact.get("seconds"), "s", goal=("<=", 30),
                       note=exact.get("error") or f"betweenness {exact.get('report', {}).get('betweenness_method')}; "
                       f"steps {exact.get('report', {}).get('seconds')}"))


def server_env(settings) -> dict:
    """This environment with the benchmark server as the one a child process connects to."""
    return {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
            "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database}


def analyze_child(settings, timeout: float, *flags: str) -> dict:
    env = server_env(settings)
    command = [sys.executable, str(ROOT / "bench" / "analyze_child.py"), *flags]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


CANDIDATE_FIGURES = {"organisations": "partner_candidates", "both": "cluster_candidates"}  # pairs= → figure name


def cluster_candidates_samples(profile: Profile, eco, db: str, driver, pairs: str) -> list:
    """Per-cluster candidates as a click asks for them (``pairs``: organisation pairs alone, or both tables
    as the CLI and the Cross-Clustering page), one cluster after another (ms each)."""
    from queries.candidates import candidates

    clusters = [c["id"] for c in eco.nodes["ClusterInitiative"]]

    def one_cluster(index=iter(range(10**9))):
        candidates(driver, db, clusters[next(index) % len(clusters)], top=20, pairs=pairs)

    return query_timing.time_calls(one_cluster, profile.query_samples, budget_s=profile.e2e_budget_s)


def bench_expanded_candidates(run: Run, size: str, profile: Profile, eco, db: str, driver, expansion: dict) -> None:
    """Before ``analyze``: the bounded expansion in the database, what a graph changed since the last analyze gets."""
    for pairs, name in CANDIDATE_FIGURES.items():
        samples = cluster_candidates_samples(profile, eco, db, driver, pairs)
        expansion[pairs] = p95(samples)
        run.add(Figure(f"query.{size}.{name}_expanded_e2e_p95_ms", expansion[pairs], "ms",
                       note=f"queries.candidates.candidates(pairs={pairs}, default bounds) before analyze: the bounded "
                       f"two-hop expansion, per cluster, calls timed: {len(samples)}"))


def bench_queries(run: Run, size: str, profile: Profile, eco, db: str, driver, expansion: dict) -> None:
    pairs = query_timing.sample_pairs(eco.ties, profile.query_samples)
    ordinary, hubs = query_timing.sample_organisations(eco.ties, profile.query_samples)
    path_params = [{"source": a, "target": b} for a, b in pairs]
    cand = lambda ids: [{"id": i, "max_partners": 50, "max_fanout": 200, "top": 20} for i in ids]  # noqa: E731
    db_note = "server time of bench/cypher/{}.cypher (result available + consumed)"
    e2e_note = "the same statement from Python: driver, network and records"
    for name, params, label, limit, hub in (
        ("transfer_paths", path_params, "transfer_paths", (50, 300), False),
        ("partner_candidates", cand(ordinary), "partner_candidates", (100, 100), False),
        ("partner_candidates", cand(hubs), "partner_candidates_hubs", (500, 500), True),
    ):
        samples = query_timing.db_samples(driver, db, name, params)
        run.add(Figure(f"query.{size}.{label}_db_p95_ms", p95(samples), "ms", goal=goal(size, "<=", limit[0]),
                       note=db_note.format(name) + f"; {len(samples)} queries" + ("; the highest-degree organisations" if hub else "")))
        samples = query_timing.e2e_samples(driver, db, name, params)
        run.add(Figure(f"query.{size}.{label}_cypher_e2e_p95_ms", p95(samples), "ms",
                       goal=goal(size, "<=", limit[1]), note=e2e_note))
    bench_product_queries(run, size, profile, db, driver, pairs, ordinary, eco, expansion)


def bench_product_queries(run: Run, size: str, profile: Profile, db: str, driver, pairs, ordinary, eco,
                          expansion: dict) -> None:
    """The functions a user's click calls (queries.paths, queries.candidates), timed end to end."""
    from queries.candidates import partners
    from queries.errors import NoPath
    from queries.paths import transfer_paths

    def one_path(index=iter(range(10**9))):
        a, b = pairs[next(index) % len(pairs)]
        try:
            transfer_paths(driver, db, a, b, k=5)
        except NoPath:
            pass

    samples = query_timing.time_calls(one_path, profile.query_samples, budget_s=profile.e2e_budget_s)
    run.add(Figure(f"query.{size}.transfer_paths_e2e_p95_ms", p95(samples), "ms", goal=goal(size, "<=", 300),
                   note=f"queries.paths.transfer_paths(k=5), calls timed: {len(samples)} (the first builds the projection, the others reuse it from queries.projection_cache)"))
    for (asked, name), limit in zip(CANDIDATE_FIGURES.items(), (100, 300)):
        samples = cluster_candidates_samples(profile, eco, db, driver, asked)
        run.add(Figure(f"query.{size}.{name}_e2e_p95_ms", p95(samples), "ms", expansion.get(asked),
                       "the same calls before analyze (bounded expansion), same run", goal=goal(size, "<=", limit),
                       note=f"queries.candidates.candidates(pairs={asked}, default bounds) after analyze: the rankings it "
                       f"stored (queries.stored_pairs), per cluster, calls timed: {len(samples)}"))

    def one_organisation(index=iter(range(10**9))):
        partners(driver, db, ordinary[next(index) % len(ordinary)], top=20)

    samples = query_timing.time_calls(one_organisation, profile.query_samples, budget_s=profile.e2e_budget_s)
    run.add(Figure(f"query.{size}.partners_e2e_p95_ms", p95(samples), "ms", goal=goal(size, "<=", 300),
                   note=f"queries.candidates.partners (innograph partners ORG: one organisation, default bounds), "
                   f"the same organisations as partner_candidates, calls timed: {len(samples)}"))


def bench_engines(run: Run, size: str, G) -> None:
    n = G.number_of_nodes()
    exact_affordable = n <= 20_000
    if exact_affordable:
        spent, exact = analytics.exact_betweenness(G)
        baseline = analytics.networkx_betweenness_estimate(G, n, sample=20)
        run.add(Figure(f"betweenness.{size}.exact_seconds", spent, "s", baseline,
                       "NetworkX exact, extrapolated from 20 sources", note="igraph via analytics.centrality"))
    spent, sampled = analytics.sampled_betweenness(G)
    sources = sampled.samples or n  # a graph smaller than the sample is computed exactly
    few = 16 if exact_affordable else 4  # one NetworkX source on L takes seconds
    baseline = analytics.networkx_betweenness_estimate(G, sources, sample=few)
    run.add(Figure(f"betweenness.{size}.sampled_seconds", spent, "s", baseline,
                   f"NetworkX with the same {sources} sources, extrapolated from {few}",
                   note=f"igraph via analytics.centrality; {sampled.describe()}"))
    if exact_affordable:
        run.add(Figure(f"betweenness.{size}.top20_overlap", analytics.top_overlap(sampled.values, exact), "share",
                       goal=(">=", 0.8) if size == "M" else None,
                       note=f"top-20 bridges by sampled ({sources} sources) vs exact betweenness"))
    engine, reference = analytics.pagerank_seconds(G)
    run.add(Figure(f"pagerank.{size}.seconds", engine, "s", reference, "networkx.pagerank", note="igraph"))
    engine, reference, q_engine, q_reference = analytics.louvain_seconds(G)
    run.add(Figure(f"communities.{size}.louvain_seconds", engine, "s", reference,
                   "networkx louvain_communities (what analytics.community_detection uses)",
                   note=f"igraph community_multilevel; modularity {q_engine:.3f} vs NetworkX {q_reference:.3f}"))


def bench_maps(run: Run, profile: Profile) -> None:
    G = maps.map_graph(*profile.map_size)
    size = f"{G.number_of_nodes():,} nodes / {G.number_of_edges():,} edges"
    timings = maps.html_timings(G, profile.map_repeat)
    run.add(Figure("map.html_ms", timings["network_html_ms"], "ms", timings["pyvis_from_nx_ms"],
                   "pyvis Network.from_nx + generate_html", ("<=", 100),
                   f"dashboard.network_html.network_html, {size}; it computes its layout on every call "
                   f"(layout alone {timings['layout_ms']:.0f} ms)"))
    run.add(Figure("map.html_cached_layout_ms", timings["cached_layout_ms"], "ms", timings["pyvis_from_nx_ms"],
                   "pyvis Network.from_nx + generate_html", ("<=", 100),
                   f"network_html with the layout served from a cache, {size}"))
    run.add(Figure("map.first_paint_ms", maps.first_paint_ms(G, profile.paint_repeat), "ms", goal=("<=", 2000),
                   note=f"headless Chromium, {size}: navigation start to the frame after vis-network's first drawing"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="S only, smaller samples (under 5 minutes)")
    group.add_argument("--smoke", action="store_true", help="a tiny graph: proves every benchmark runs")
    parser.add_argument("--sizes", help=f"comma-separated sizes out of {NATIONAL},{','.join(SIZES)} (default DE,S,M,L; "
                        f"{NATIONAL} is the real Germany-wide graph)")
    parser.add_argument("--out", type=Path, help="write the JSON here instead of bench/results/latest.json")
    parser.add_argument("--heap", default="2g", help="Neo4j heap for the benchmark server")
    parser.add_argument("--pagecache", default="1g", help="Neo4j page cache for the benchmark server")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    profile = PROFILES["quick" if args.quick else "smoke" if args.smoke else "full"]
    sizes = tuple(args.sizes.split(",")) if args.sizes else profile.sizes
    unknown = [s for s in sizes if s not in SIZES and s != NATIONAL]
    if unknown:
        print(f"bench: unknown size {', '.join(unknown)}; choose from {', '.join([NATIONAL, *SIZES])}", file=sys.stderr)
        return 2
    started, started_at = time.perf_counter(), datetime.now(timezone.utc).isoformat(timespec="seconds")
    run = Run()
    with bench_server(heap=args.heap, pagecache=args.pagecache) as (settings, driver):
        run.sections["server start"] = round(time.perf_counter() - started, 1)
        run.guarded("h2020", bench_h2020, profile, settings, driver)
        for size in sizes:
            print(f"bench: size {size}", file=sys.stderr, flush=True)
            if size == NATIONAL:
                run.guarded(f"size {size}", bench_national, profile, settings)
            else:
                run.guarded(f"size {size}", bench_size, size, profile, settings, driver)
            if size != sizes[-1]:
                empty_database(driver, settings.database)
    run.guarded("maps", bench_maps, profile)
    result = {
        "profile": profile.name,
        "sizes": list(sizes),
        "started_at": started_at,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "figures": [f.to_dict() for f in run.figures],
        "errors": run.errors,
        "section_seconds": run.sections,
    }
    text = json.dumps(result, indent=1)
    print(text)
    out = args.out or RESULTS / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
