"""Pair features, the learned partner models and the backtest harness (issue 15), on small histories."""

from __future__ import annotations

import csv
import gzip
import json
import random

import numpy as np
import pytest

from analytics.pair_features import future_pairs, pair_features, snapshot, two_hop_pairs
from analytics.pair_history import history_from_rows
from bench.pair_model import cross_fitted, fit_ceiling_trees, fit_logistic, fit_trees, top_reasons, training_set
from bench import backtest


def _rows(seed: int = 7, organisations: int = 60, years=range(2014, 2021), per_year: int = 25):
    """Random consortia whose members prefer earlier partners' partners, so the past predicts something."""
    rng = random.Random(seed)
    rows = []
    for year in years:
        for p in range(per_year):
            core = rng.randrange(organisations)
            members = {core} | {(core + rng.choice([1, 2, 3, 5, 8])) % organisations for _ in range(rng.randint(1, 4))}
            rows += [(f"{year}-{p}", year, f"o{m}") for m in members]
    return rows


def _history(rows):
    kinds = {f"o{i}": ["PRC", "HES", "REC"][i % 3] for i in range(100)}
    parts = {project: ["LEIT-ICT" if len(project) % 2 else "SC1"] for project, _, _ in rows}
    return history_from_rows(rows, kinds=kinds, parts=parts)


def test_counts_on_a_known_graph() -> None:
    # a–m, b–m (2014), a–x (2014): a and b share one partner m of degree 2
    rows = [("p1", 2014, "a"), ("p1", 2014, "m"), ("p2", 2014, "b"), ("p2", 2014, "m"), ("p3", 2014, "a"), ("p3", 2014, "x")]
    h = _history(rows)
    snap = snapshot(h, 2015)
    i = h.index()
    u, v = two_hop_pairs(snap, np.arange(len(h.orgs)))
    pairs = {tuple(sorted((h.orgs[a], h.orgs[b]))) for a, b in zip(u, v)}
    assert pairs == {("a", "b"), ("m", "x")}
    X, names = pair_features(snap, np.array([i["a"]]), np.array([i["b"]]))
    row = dict(zip(names, X[0]))
    assert row["common_partners"] == 1
    assert row["resource_allocation"] == pytest.approx(0.5)
    assert row["adamic_adar"] == pytest.approx(1 / np.log(2))
    assert row["jaccard"] == pytest.approx(1 / 2)  # {m} of {m, x}
    assert row["partners_max"] == 2 and row["projects_min"] == 1


def test_features_of_split_y_use_only_projects_before_y() -> None:
    """Adding, removing or rewiring any project from Y on leaves every feature of split Y unchanged."""
    rows = _rows()
    year = 2018
    past = [r for r in rows if r[1] < year]
    future = [(f"new-{k}", year + k % 3, f"o{(k * 7) % 60}") for k in range(200)]
    h_full, h_past, h_rewired = _history(rows), _history(past), _history(past + future)
    features = []
    for h in (h_full, h_past, h_rewired):
        snap = snapshot(h, year)
        u, v = two_hop_pairs(snap, np.arange(len(h.orgs))[snap.present])
        X, names = pair_features(snap, u, v)
        keyed = {tuple(sorted((h.orgs[a], h.orgs[b]))): tuple(np.nan_to_num(x, nan=-1.0)) for a, b, x in zip(u, v, X)}
        features.append((names, keyed))
    assert features[0][1] and features[0] == features[1] == features[2]


def test_training_labels_stop_before_the_split_year() -> None:
    """A pair that first works together in year Y is not a positive in the training set for split Y."""
    rows = [("a1", 2014, "a"), ("a1", 2014, "m"), ("b1", 2014, "b"), ("b1", 2014, "m"),
            ("c1", 2016, "c"), ("c1", 2016, "m"), ("late", 2018, "a"), ("late", 2018, "b")]
    h = _history(rows)
    training = training_set(h, 2018, np.arange(len(h.orgs)))
    assert training is not None and training.labels.sum() == 0
    i = h.index()
    assert future_pairs(h, 2018, 2019, np.array([i["a"]]), np.array([i["b"]])).tolist() == [1]


def test_too_little_history_gives_no_training_set() -> None:
    h = _history([("p", 2014, "a"), ("p", 2014, "b")])
    assert training_set(h, 2015, np.arange(2)) is None


def test_models_are_deterministic_and_explain_themselves() -> None:
    h = _history(_rows())
    universe = np.arange(len(h.orgs))
    training = training_set(h, 2019, universe)
    snap = snapshot(h, 2019)
    u, v = two_hop_pairs(snap, universe[snap.present])
    X, names = pair_features(snap, u, v)
    for fit in (fit_trees, fit_logistic):
        first, second = fit(training), fit(training_set(h, 2019, universe))
        assert np.array_equal(first.score(X), second.score(X))
        reasons = top_reasons(first, X[:5])
        assert len(reasons) == 5
        assert all(name in names and share > 0 for pair in reasons for name, share in pair)
        # contributions add up to the score (TreeSHAP's and the linear model's own decomposition)
        assert np.allclose(first.contributions(X[:5]).sum(axis=1), first.score(X[:5]), atol=1e-6)


class _Recorded:
    """A fit that remembers which pairs (column 0 holds the pair's number) it trained on."""

    def __init__(self):
        self.trained: list[set] = []
        self.scored: list[set] = []

    def __call__(self, training):
        seen = set(training.features[:, 0].astype(int).tolist())
        self.trained.append(seen)
        recorded = self

        class Model:
            def score(self, X):
                recorded.scored.append(set(X[:, 0].astype(int).tolist()))
                return X[:, 0].astype(float)
        return Model()


def test_the_ceiling_scores_every_pair_with_a_model_that_never_saw_it() -> None:
    n = 500
    X = np.column_stack([np.arange(n), np.random.default_rng(1).random(n)]).astype(np.float32)
    labels = (np.arange(n) % 7 == 0).astype(np.int8)
    fit = _Recorded()
    scores = cross_fitted(X, labels, ["pair", "noise"], fit, folds=5, seed=3)
    assert len(fit.trained) == 5
    for trained, scored in zip(fit.trained, fit.scored):
        assert not trained & scored
    assert set().union(*fit.scored) == set(range(n)) and np.array_equal(scores, np.arange(n))
    # all positives are trained on by the other folds; negatives are thinned as in training_set
    assert {i for i in range(n) if labels[i]} <= set().union(*fit.trained)


def test_the_ceiling_learns_a_signal_the_window_carries() -> None:
    rng = np.random.default_rng(5)
    signal = rng.random(4000)
    X = np.column_stack([signal, rng.random(4000)]).astype(np.float32)
    labels = (signal + 0.1 * rng.random(4000) > 0.9).astype(np.int8)
    for fit in (fit_ceiling_trees, fit_logistic):
        scores = cross_fitted(X, labels, ["signal", "noise"], fit, seed=2)
        top = np.argsort(-scores, kind="stable")[:100]
        assert labels[top].mean() > 0.9
        assert np.array_equal(scores, cross_fitted(X, labels, ["signal", "noise"], fit, seed=2))


def test_backtest_reads_the_folder_it_is_given(tmp_path, capsys) -> None:
    rows = _rows(organisations=80, per_year=40)
    with gzip.open(tmp_path / backtest.DATASETS["germany"], "wt", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["rcn", "pic", "type", "country", "start_year"])
        for project, year, org in rows:
            out.writerow([project, org, "PRC", "DE" if int(org[1:]) % 4 else "FR", f"{year}.0"])
    with gzip.open(tmp_path / backtest.PARTS, "wt", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["rcn", "programme_part"])
        out.writerows((project, "SC1") for project in dict.fromkeys(r[0] for r in rows))
    backtest.main(["--data", str(tmp_path), "--datasets", "germany", "--years", "2018", "2019", "--k", "5", "50",
                   "--ceiling", "--json", str(tmp_path / "figures.json")])
    printed = capsys.readouterr().out
    assert "gradient-boosted trees ÷ best index" in printed and "logistic regression ÷ best index" in printed
    assert "ceiling: trees on the split's own labels ÷ best index" in printed
    assert "goal P@50 ≥ 1.5× best index" in printed and "whole backtest, training included" in printed
    summary = json.loads((tmp_path / "figures.json").read_text())["datasets"]["germany"]["summary"]
    # the goal is judged on the models trained on earlier splits only, never on the ceiling
    learned = max(summary["ratios"][m]["P@50"] for m in backtest.LEARNED)
    assert f"goal P@50 ≥ 1.5× best index: {learned}×" in printed


def test_the_default_data_folder_is_relative_to_the_project() -> None:
    root = backtest.Path(backtest.__file__).resolve().parents[1]
    assert backtest.DEFAULT_DATA == root.parent / "shared/data/cordis/h2020"
