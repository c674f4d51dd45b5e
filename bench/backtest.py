"""Time-split backtest of the organisation-pair recommender on CORDIS Horizon 2020 data.

Build the collaboration graph from the projects that started before year Y, recommend pairs of
Baden-Württemberg organisations that have no tie yet, and check which of them took part in a
common project from Y on. Precision@k and recall@k for innograph's scores against a random and a
"most active organisations" baseline. Pure Python, no Neo4j:

    .venv/bin/python -m bench.backtest [--data PATH] [--years 2017 2018 2019] [--k 10 50 100 500]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import time
from itertools import combinations
from pathlib import Path

import networkx as nx

from bench.h2020 import PARTICIPATIONS
from analytics.recommend import link_score, score_pairs

# The BW slice beside the Germany-wide table in ../shared (relative to the project root); --data points elsewhere.
DEFAULT_DATA = PARTICIPATIONS.with_name("h2020_participations_BWcity.csv.gz")
RANDOM_DRAWS = 20


def read_participations(path: Path) -> tuple[dict, dict]:
    """project → (start year, set of PICs), and BW PIC → city."""
    projects: dict = {}
    bw_city: dict = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["start_year"]:
                continue
            year = int(float(row["start_year"]))
            projects.setdefault(row["rcn"], (year, set()))[1].add(row["pic"])
            if row.get("is_bw") == "1":
                bw_city[row["pic"]] = row["org_city"]
    return projects, bw_city


def build_graph(projects: dict, before: int) -> nx.Graph:
    """Co-participation graph of the projects that started before ``before`` (weight = projects)."""
    G = nx.Graph()
    for year, members in projects.values():
        if year >= before:
            continue
        G.add_nodes_from(members)
        for a, b in combinations(sorted(members), 2):
            G.add_edge(a, b, weight=G.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    return G


def new_pairs(projects: dict, since: int, nodes: set, G: nx.Graph) -> set:
    """BW pairs present before ``since``, not tied then, that share a project from ``since`` on."""
    found = set()
    for year, members in projects.values():
        if year >= since:
            inside = sorted(m for m in members if m in nodes)
            found.update((a, b) for a, b in combinations(inside, 2) if not G.has_edge(a, b))
    return found


def rank_link(G: nx.Graph, bw: list, method: str) -> list:
    """Two-hop BW pairs ranked by a link-prediction score alone."""
    pairs = _two_hop(G, bw)
    scored = [(link_score(G, u, v, method=method)[0], u, v) for u, v in pairs]
    return [(u, v) for s, u, v in sorted(scored, key=lambda x: (-x[0], x[1], x[2]))]


def rank_combined(G: nx.Graph, bw: list) -> list:
    """innograph's ranking (:func:`analytics.recommend.score_pairs`); CORDIS has no technology
    fields per organisation, so only the link score and the same-city bonus act here."""
    return [(p.u, p.v) for p in score_pairs(G, sorted(_two_hop(G, bw)))]


def rank_most_active(G: nx.Graph, bw: list) -> list:
    """Baseline: untied pairs of the organisations with the most projects (product of strengths)."""
    strength = dict(G.degree(weight="weight"))
    ordered = sorted(bw, key=lambda n: (-strength[n], n))
    scored = [(strength[u] * strength[v], u, v) for u, v in combinations(ordered[:400], 2) if not G.has_edge(u, v)]
    return [tuple(sorted((u, v))) for s, u, v in sorted(scored, key=lambda x: (-x[0], x[1], x[2]))]


def _two_hop(G: nx.Graph, bw: list) -> set:
    inside = set(bw)
    found = set()
    for u in bw:
        for m in G[u]:
            for v in G[m]:
                if v in inside and v != u and not G.has_edge(u, v):
                    found.add((u, v) if u < v else (v, u))
    return found


def precision_recall(ranked: list, positives: set, k: int) -> tuple[float, float]:
    hits = sum(1 for pair in ranked[:k] if pair in positives)
    return hits / k, hits / len(positives) if positives else 0.0


def random_baseline(bw: list, G: nx.Graph, positives: set, k: int, seed: int) -> tuple[float, float]:
    """Mean precision and recall of ``RANDOM_DRAWS`` draws of k untied BW pairs."""
    universe = [(u, v) for u, v in combinations(sorted(bw), 2) if not G.has_edge(u, v)]
    rng = random.Random(seed)
    results = [precision_recall(rng.sample(universe, min(k, len(universe))), positives, k) for _ in range(RANDOM_DRAWS)]
    return sum(r[0] for r in results) / RANDOM_DRAWS, sum(r[1] for r in results) / RANDOM_DRAWS


def run(path: Path, years: list[int], ks: list[int], seed: int = 42) -> list[dict]:
    projects, bw_city = read_participations(path)
    rows = []
    for year in years:
        started = time.perf_counter()
        G = build_graph(projects, year)
        bw = sorted(n for n in bw_city if n in G)
        nx.set_node_attributes(G, {n: bw_city.get(n) for n in G}, "region")
        positives = new_pairs(projects, year, set(bw), G)
        rankings = {
            "innograph (RA + same city)": rank_combined(G, bw),
            "resource allocation": rank_link(G, bw, "resource_allocation"),
            "Adamic-Adar": rank_link(G, bw, "adamic_adar"),
            "most active organisations": rank_most_active(G, bw),
        }
        untied = len(bw) * (len(bw) - 1) // 2 - G.subgraph(bw).number_of_edges()
        for k in ks:
            for name, ranked in rankings.items():
                p, r = precision_recall(ranked, positives, k)
                rows.append(_row(year, name, k, p, r, G, bw, positives, untied))
            p, r = random_baseline(bw, G, positives, k, seed)
            rows.append(_row(year, "random", k, p, r, G, bw, positives, untied))
        print(f"# split {year}: {time.perf_counter() - started:.1f} s", flush=True)
    return rows


def _row(year, name, k, p, r, G, bw, positives, untied) -> dict:
    return {"split": year, "method": name, "k": k, "precision": round(p, 4), "recall": round(r, 4),
            "organisations": G.number_of_nodes(), "bw_organisations": len(bw),
            "untied_bw_pairs": untied, "new_bw_pairs": len(positives)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--years", type=int, nargs="+", default=[2017, 2018, 2019])
    parser.add_argument("--k", type=int, nargs="+", default=[10, 50, 100, 500])
    args = parser.parse_args(argv)
    rows = run(args.data, args.years, args.k)
    for year in args.years:
        first = next(r for r in rows if r["split"] == year)
        print(f"\nsplit {year}: graph of projects started before {year}: {first['organisations']} organisations, "
              f"{first['bw_organisations']} in BW, {first['untied_bw_pairs']} untied BW pairs, "
              f"{first['new_bw_pairs']} of them collaborate from {year} on (base rate "
              f"{first['new_bw_pairs'] / max(first['untied_bw_pairs'], 1):.4f})")
        print("| method | " + " | ".join(f"P@{k} | R@{k}" for k in args.k) + " |")
        print("| --- |" + " --- | --- |" * len(args.k))
        methods = dict.fromkeys(r["method"] for r in rows if r["split"] == year)
        for method in methods:
            cells = []
            for k in args.k:
                r = next(x for x in rows if x["split"] == year and x["method"] == method and x["k"] == k)
                cells += [f"{r['precision']:.3f}", f"{r['recall']:.3f}"]
            print(f"| {method} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
