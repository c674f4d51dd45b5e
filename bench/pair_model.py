"""Learned partner ranking: gradient-boosted trees (LightGBM) and a logistic regression on pair features.

Both are trained on earlier time splits (:func:`training_set`) and explained from the model itself:
LightGBM's own TreeSHAP contributions (``pred_contrib``), or coefficient × standardised value for the
logistic regression, which is what a Neo4j GDS link-prediction pipeline fits. LightGBM and
scikit-learn are the field's well-kept libraries for both; nothing here is hand-rolled learning.
"""

from __future__ import annotations

from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from analytics.pair_features import future_pairs, pair_features, snapshot, two_hop_pairs
from analytics.pair_history import History

NEGATIVE_SHARE = 0.3   # negatives kept for training (weighted back up), all positives kept
TRAINING_SPLITS = 3    # a model for split Y learns from the splits Y-3 … Y-1
# Counts that should never lower a pair's chance as they grow: LightGBM keeps them monotone, so the
# graph's growth after training (larger counts than any seen) does not land in an arbitrary leaf.
MONOTONE = {"common_partners", "resource_allocation", "adamic_adar", "weighted_common_partners",
            "weighted_resource_allocation", "common_partners_recent", "shared_parts"}
TREE_PARAMS = dict(n_estimators=150, learning_rate=0.05, num_leaves=4, min_child_samples=1000,
                   subsample=0.8, subsample_freq=1, colsample_bytree=0.8, deterministic=True,
                   force_row_wise=True, n_jobs=2, verbose=-1)
# The ceiling's trees learn one window's own labels, with no drift to guard against: more leaves, smaller
# leaves, more rounds, and no monotone constraints.
CEILING_TREE_PARAMS = TREE_PARAMS | dict(n_estimators=300, num_leaves=31, min_child_samples=50)
CEILING_FOLDS = 5


@dataclass
class TrainingSet:
    features: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    names: list
    splits: list          # the (snapshot year, label years) it was built from


def training_set(history: History, year: int, universe: np.ndarray, *, seed: int = 42, splits: int = TRAINING_SPLITS,
                 cache: dict | None = None) -> TrainingSet | None:
    """Pairs of the snapshots before ``year - splits`` … ``year - 1``, each labelled by the projects that
    started from its own year up to ``year`` (never later). ``None`` with fewer than two periods of history."""
    years = [s for s in range(year - splits, year) if s > history.first_year]
    if not years:
        return None
    rng = np.random.default_rng(seed)
    parts = []
    for s in years:
        X, names, u, v = split_features(history, s, universe, cache=cache)
        y = future_pairs(history, s, year, u, v)
        keep = _thinned(y, rng)
        parts.append((X[keep], y[keep], _weights(y[keep])))
    return TrainingSet(np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                       np.concatenate([p[2] for p in parts]), names, [(s, f"{s}–{year - 1}") for s in years])


def _thinned(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Which pairs training keeps: every positive, :data:`NEGATIVE_SHARE` of the negatives (seeded)."""
    return (labels == 1) | (rng.random(len(labels)) < NEGATIVE_SHARE)


def _weights(labels: np.ndarray) -> np.ndarray:
    """The kept pairs' weights: the thinned negatives count for those left out."""
    return np.where(labels == 1, 1.0, 1.0 / NEGATIVE_SHARE)


def split_features(history: History, year: int, universe: np.ndarray, *, cache: dict | None = None):
    """Features of the untied partners' partners among ``universe`` (indices) before ``year``."""
    key = ("split", year)
    if cache is not None and key in cache:
        return cache[key]
    snap = snapshot(history, year)
    u, v = two_hop_pairs(snap, universe[snap.present[universe]])
    X, names = pair_features(snap, u, v)
    found = (X, names, u, v)
    if cache is not None:
        cache[key] = found
    return found


@dataclass
class TreeModel:
    booster: lgb.Booster
    names: list

    def score(self, X: np.ndarray) -> np.ndarray:
        return self.booster.predict(X, raw_score=True)

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Each feature's share of each pair's score (TreeSHAP, in log-odds); the last column is the bias."""
        return self.booster.predict(X, pred_contrib=True)


@dataclass
class LogisticModel:
    scaler: StandardScaler
    regression: LogisticRegression
    names: list

    def score(self, X: np.ndarray) -> np.ndarray:
        return self.regression.decision_function(self._design(X))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Coefficient × standardised value per feature (log-odds), the intercept as the last column."""
        Z = self._design(X)
        return np.column_stack([Z * self.regression.coef_[0], np.full(len(Z), self.regression.intercept_[0])])

    def _design(self, X: np.ndarray) -> np.ndarray:
        return self.scaler.transform(logistic_inputs(X))


def logistic_inputs(X: np.ndarray) -> np.ndarray:
    """Counts on a log scale and unknowns as 0: a linear model needs both, trees need neither."""
    return np.log1p(np.nan_to_num(np.abs(X), nan=0.0))


def fit_trees(training: TrainingSet, *, seed: int = 42) -> TreeModel:
    constraints = [1 if n in MONOTONE else 0 for n in training.names]
    model = lgb.LGBMClassifier(monotone_constraints=constraints, random_state=seed, **TREE_PARAMS)
    model.fit(training.features, training.labels, sample_weight=training.weights)
    return TreeModel(model.booster_, training.names)


def fit_logistic(training: TrainingSet) -> LogisticModel:
    inputs = logistic_inputs(training.features)
    scaler = StandardScaler().fit(inputs)
    regression = LogisticRegression(max_iter=2000).fit(scaler.transform(inputs), training.labels,
                                                       sample_weight=training.weights)
    return LogisticModel(scaler, regression, training.names)


def fit_ceiling_trees(training: TrainingSet, *, seed: int = 42) -> TreeModel:
    model = lgb.LGBMClassifier(random_state=seed, **CEILING_TREE_PARAMS)
    model.fit(training.features, training.labels, sample_weight=training.weights)
    return TreeModel(model.booster_, training.names)


def cross_fitted(X: np.ndarray, labels: np.ndarray, names: list, fit, *, folds: int = CEILING_FOLDS,
                 seed: int = 42) -> np.ndarray:
    """Every pair scored by a model trained on the *same* window's other pairs (``folds``-fold cross-fitting).

    No time shift separates training from test here, so this is what the features could give at best: a
    ceiling for any model trained on earlier splits, not a forecast. ``fit`` is ``fit_ceiling_trees`` or
    ``fit_logistic``; the negatives are thinned and weighted back up as in :func:`training_set`."""
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, folds, len(labels))
    kept = _thinned(labels, rng)
    scores = np.zeros(len(labels))
    for f in range(folds):
        train = (fold != f) & kept
        y = labels[train]
        model = fit(TrainingSet(X[train], y, _weights(y), names, []))
        scores[fold == f] = model.score(X[fold == f])
    return scores


def top_reasons(model, X: np.ndarray, *, top: int = 3) -> list[list[tuple[str, float]]]:
    """Per pair, the features that raised its score most: ``[(name, log-odds contribution), …]``."""
    contributions = model.contributions(X)[:, :-1]
    found = []
    for row in contributions:
        order = np.argsort(-row, kind="stable")[:top]
        found.append([(model.names[j], float(row[j])) for j in order if row[j] > 0])
    return found
