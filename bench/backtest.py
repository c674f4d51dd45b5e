"""Time-split backtest of partner recommendations on CORDIS Horizon 2020 data, learned and indexed.

For each split year Y: the graph of the projects that started before Y; candidate pairs are untied
partners' partners inside the universe (German organisations on the Germany table, BW organisations on
the BW slice); a pair is positive when the two share a project that started in Y or later. The learned
models (``bench/pair_model.py``) are trained on the splits Y-3 … Y-1 with labels before Y only, and
compared in the same run with resource allocation, Adamic–Adar, common partners, the most active
organisations and random. One run, no Neo4j:

    .venv/bin/python -m bench.backtest [--data DIR] [--years 2016 2017 2018 2019] [--datasets germany bw] [--ceiling]

``--ceiling`` adds both models fitted on each split's *own* labels (cross-fitted, no time shift): the most
these features can give, so how far any model trained on the past could get beyond the indices.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score

from analytics.pair_calibration import HORIZON, calibrate, replay
from analytics.pair_features import future_pairs
from analytics.pair_history import History, history_from_rows
from bench.pair_model import cross_fitted, fit_ceiling_trees, fit_logistic, fit_trees, split_features, training_set

# ../shared beside the project root; --data points elsewhere
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/cordis/h2020"
DATASETS = {"germany": "h2020_participations_DE.csv.gz", "bw": "h2020_participations_BWcity.csv.gz"}
PARTS = "h2020_programme_parts.csv.gz"
INDICES = {"resource allocation": "resource_allocation", "Adamic-Adar": "adamic_adar", "common partners": "common_partners"}
LEARNED = ("gradient-boosted trees", "logistic regression")
CEILINGS = {"ceiling: trees on the split's own labels": fit_ceiling_trees,
            "ceiling: logistic regression on the split's own labels": fit_logistic}
GOALS = {("germany", 50): 1.5, ("germany", 500): 1.3, ("bw", 50): 1.3}
RANDOM_DRAWS = 20
# the chance beside a partner: fitted on the graph before 2016 (outcomes 2016–2018), checked on the
# graph before 2018 (outcomes 2018–2020), as the product fits on its last complete window and shows it today
CALIBRATION_SPLITS = (2016, 2018)
CHANCE_BINS = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 1.0)
END = 10_000  # "from Y on": no upper bound on the test labels


def read_history(data: Path, dataset: str) -> tuple[History, np.ndarray]:
    """The dataset's participations with programme parts, and the universe (indices) whose pairs count."""
    parts: dict = {}
    with gzip.open(data / PARTS, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parts.setdefault(row["rcn"], []).append(row["programme_part"])
    rows, kinds, cities, inside = [], {}, {}, set()
    with gzip.open(data / DATASETS[dataset], "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["start_year"]:
                continue
            rows.append((row["rcn"], int(float(row["start_year"])), row["pic"]))
            kinds[row["pic"]] = row["type"] or None
            if row.get("org_city"):
                cities[row["pic"]] = row["org_city"].strip().upper()
            if (row.get("is_bw") == "1") if dataset == "bw" else row["country"] == "DE":
                inside.add(row["pic"])
    history = history_from_rows(rows, kinds=kinds, regions=cities, parts=parts)
    return history, np.array([i for i, org in enumerate(history.orgs) if org in inside])


def evaluate(history: History, universe: np.ndarray, year: int, ks: list[int], seed: int, cache: dict,
             ceiling: bool = False) -> dict:
    """Every method's scores on split ``year`` and their P@k and AUC-PR."""
    X, names, u, v = split_features(history, year, universe, cache=cache)
    labels = future_pairs(history, year, END, u, v)
    column = {n: X[:, j] for j, n in enumerate(names)}
    scores = {name: column[feature] for name, feature in INDICES.items()}
    scores["most active organisations"] = column["projects_min"] * column["projects_max"]
    training = training_set(history, year, universe, seed=seed, cache=cache)
    if training is not None:
        scores["gradient-boosted trees"] = fit_trees(training, seed=seed).score(X)
        scores["logistic regression"] = fit_logistic(training).score(X)
    if ceiling and labels.any():
        for name, fit in CEILINGS.items():
            scores[name] = cross_fitted(X, labels, names, fit, seed=seed)
    result = {"split": year, "pairs": len(labels), "positives": int(labels.sum()),
              "training_pairs": 0 if training is None else len(training.labels), "methods": {}}
    for name, score in scores.items():
        result["methods"][name] = {f"P@{k}": precision_at(score, labels, k) for k in ks} | \
            {"AUC-PR": round(float(average_precision_score(labels, score)), 4)}
    rng = np.random.default_rng(seed)
    draws = [rng.permutation(len(labels)) for _ in range(RANDOM_DRAWS)]
    result["methods"]["random"] = {f"P@{k}": round(float(np.mean([labels[d[:k]].mean() for d in draws])), 4) for k in ks} | \
        {"AUC-PR": round(float(labels.mean()), 4)}
    return result


def precision_at(score: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Share of positives among the k best-scored pairs (ties broken by pair order, stable)."""
    return round(float(labels[np.argsort(-score, kind="stable")[:k]].mean()), 4)


def summarise(splits: list[dict], ks: list[int]) -> dict:
    """Mean of each figure over the splits, the best single index, and each learned model's ratio to it."""
    methods = list(splits[0]["methods"])
    means = {m: {f: round(float(np.mean([s["methods"][m][f] for s in splits if m in s["methods"]])), 4)
                 for f in [f"P@{k}" for k in ks] + ["AUC-PR"]}
             for m in methods if all(m in s["methods"] for s in splits)}
    best = {f: max(INDICES, key=lambda m: means[m][f]) for f in means[next(iter(INDICES))]}
    ratios = {m: {f: round(means[m][f] / means[best[f]][f], 3) if means[best[f]][f] else None for f in best}
              for m in LEARNED + tuple(CEILINGS) if m in means}
    return {"means": means, "best_index": best, "ratios": ratios}


def reliability(history: History, fitted_on: int, checked_on: int, *, seed: int) -> dict:
    """The chance as fitted on one window against what happened in a later one, per band of chance."""
    calibration = calibrate(history, split=fitted_on, seed=seed)
    scores, labels = replay(history, checked_on, seed=seed)
    chance = np.interp(scores, calibration.scores, calibration.shares)
    bands = []
    for low, high in zip(CHANCE_BINS, CHANCE_BINS[1:]):
        inside = (chance >= low) & ((chance < high) if high < 1 else (chance <= high))
        if inside.any():
            bands.append({"band": f"{low:g}–{high:g}", "pairs": int(inside.sum()),
                          "predicted": round(float(chance[inside].mean()), 4), "observed": round(float(labels[inside].mean()), 4)})
    return {"fitted_on": f"{fitted_on}–{fitted_on + HORIZON - 1}", "checked_on": f"{checked_on}–{checked_on + HORIZON - 1}",
            "bands": bands}


def run(data: Path, datasets: list[str], years: list[int], ks: list[int], seed: int = 42, ceiling: bool = False) -> dict:
    report = {"data": str(data.name), "years": years, "seed": seed, "ceiling": ceiling, "datasets": {}}
    started = time.perf_counter()
    for dataset in datasets:
        history, universe = read_history(data, dataset)
        cache: dict = {}
        splits = []
        for year in years:
            t = time.perf_counter()
            splits.append(evaluate(history, universe, year, ks, seed, cache, ceiling))
            print(f"# {dataset} split {year}: {time.perf_counter() - t:.1f} s", flush=True)
        report["datasets"][dataset] = {"organisations": len(history.orgs), "universe": len(universe),
                                       "splits": splits, "summary": summarise(splits, ks),
                                       "reliability": reliability(history, *CALIBRATION_SPLITS, seed=seed)}
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def print_report(report: dict, ks: list[int]) -> None:
    figures = [f"P@{k}" for k in ks] + ["AUC-PR"]
    for dataset, part in report["datasets"].items():
        print(f"\n## {dataset}: {part['organisations']} organisations, {part['universe']} in the universe")
        for split in part["splits"]:
            print(f"\nsplit {split['split']}: {split['pairs']} candidate pairs, {split['positives']} positive; "
                  f"trained on {split['training_pairs']} pairs")
            _table(split["methods"], figures)
        summary = part["summary"]
        print(f"\nmean over the splits (best index per figure: {summary['best_index']})")
        _table(summary["means"], figures)
        for model, ratio in summary["ratios"].items():
            print(f"{model} ÷ best index: " + ", ".join(f"{f} {r}×" for f, r in ratio.items()))
        shown = part["reliability"]
        print(f"\nchance fitted on {shown['fitted_on']}, checked on {shown['checked_on']}:")
        print("| chance band | pairs | predicted | observed |\n| --- | --- | --- | --- |")
        for band in shown["bands"]:
            print(f"| {band['band']} | {band['pairs']} | {band['predicted']:.4f} | {band['observed']:.4f} |")
        for (goal_set, k), goal in GOALS.items():
            if goal_set == dataset and k in ks:
                learned = [m for m in LEARNED if m in summary["ratios"]]
                got = max((summary["ratios"][m][f"P@{k}"] or 0) for m in learned) if learned else 0
                print(f"goal P@{k} ≥ {goal}× best index: {got}× — {'met' if got >= goal else 'not met'}")
    print(f"\nwhole backtest, training included: {report['seconds']} s (goal ≤ 300 s)")


def _table(methods: dict, figures: list[str]) -> None:
    print("| method | " + " | ".join(figures) + " |")
    print("| --- |" + " --- |" * len(figures))
    for name, values in methods.items():
        print(f"| {name} | " + " | ".join(f"{values[f]:.3f}" for f in figures) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the CORDIS H2020 tables")
    parser.add_argument("--datasets", nargs="+", choices=sorted(DATASETS), default=["germany", "bw"])
    parser.add_argument("--years", type=int, nargs="+", default=[2016, 2017, 2018, 2019])
    parser.add_argument("--k", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--ceiling", action="store_true",
                        help="also fit both models on each split's own labels (cross-fitted): what the features allow at best")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report = run(args.data, args.datasets, args.years, args.k, args.seed, args.ceiling)
    print_report(report, args.k)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
