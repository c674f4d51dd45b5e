"""How often pairs like a recommended one went on to work together: a calibrated chance beside the score.

The partner ranking scores pairs by resource allocation (the backtest in docs/analytics.md found no
learned model that beats it). Its score has no unit; a cluster manager needs "about 1 in 4 such pairs
started a joint project within three years". :func:`calibrate` replays the graph's own history: the
graph before year Y, every untied partners' partners pair of a seeded sample of organisations, and
whether the pair shared a project that started in Y … Y+horizon-1. scikit-learn's isotonic regression
turns score into observed share (monotone: a higher score never gets a lower chance).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp

from analytics.pair_history import History, co_participation

HORIZON = 3         # years a pair is given to start a joint project
SOURCES = 2_000     # organisations whose candidates are replayed (seeded sample; all when fewer)
CHUNK = 250         # … this many at a time


@dataclass(frozen=True)
class Calibration:
    split: int           # the graph before this year was scored …
    horizon: int         # … and its pairs followed for this many years
    pairs: int
    positives: int
    scores: list         # isotonic steps: score → share of pairs that started a joint project
    shares: list

    @property
    def years(self) -> str:
        return f"{self.split}–{self.split + self.horizon - 1}"

    def chance(self, score: float) -> float:
        """The share of replayed pairs with this resource-allocation score that started a joint project."""
        return float(np.interp(score, self.scores, self.shares))

    def to_dict(self) -> dict:
        return asdict(self)


def calibrate(history: History, *, split: int | None = None, horizon: int = HORIZON, sources: int = SOURCES,
              seed: int = 42) -> Calibration | None:
    """The calibration on the last complete window (or the one from ``split``): the graph before the
    split, its pairs followed for ``horizon`` years. ``None`` when that leaves no earlier year or no
    pair worked together.

    The shares describe the replayed window; used later, on a graph that has grown (more partners'
    partners per organisation, not more new projects), they run high: about 2× in CORDIS H2020 from
    2016 to 2018 (docs/analytics.md). A drift correction estimated from the history's own earlier
    windows over-corrected (3–5× too low) on the same data, so none is applied and the words say what it is:
    the share in the replayed years."""
    split = last_full_year(history) - horizon + 1 if split is None else split
    if split <= history.first_year:
        return None
    scores, labels = replay(history, split, horizon=horizon, sources=sources, seed=seed)
    if not labels.any():
        return None
    fitted = _isotonic(scores, labels)
    return Calibration(split, horizon, len(labels), int(labels.sum()),
                       [float(x) for x in fitted.X_thresholds_], [round(float(y), 6) for y in fitted.y_thresholds_])


def _isotonic(scores: np.ndarray, labels: np.ndarray):
    """scikit-learn's isotonic regression on the distinct scores (4 significant digits), weighted by
    their pairs: 8.6 million national pairs fitted one by one took 450 MB. Imported here, since every
    CLI process imports this module for :func:`odds` and scikit-learn takes a second to import."""
    from sklearn.isotonic import IsotonicRegression

    rounded = np.maximum(scores, 1e-12).astype(np.float32)
    magnitude = np.log10(rounded)
    np.floor(magnitude, out=magnitude)
    np.power(np.float32(10), magnitude - 3, out=magnitude)
    np.divide(rounded, magnitude, out=rounded)
    np.round(rounded, out=rounded)
    np.multiply(rounded, magnitude, out=rounded)
    del magnitude
    distinct, where = np.unique(rounded, return_inverse=True)
    pairs = np.bincount(where, minlength=len(distinct))
    hits = np.bincount(where, weights=labels.astype(float), minlength=len(distinct))
    return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(distinct, hits / pairs, sample_weight=pairs)


def replay(history: History, split: int, *, horizon: int = HORIZON, sources: int = SOURCES,
           seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """Resource allocation of the untied partners' partners of a seeded sample of organisations in the
    graph before ``split``, and whether each pair shared a project that started in the next ``horizon`` years."""
    years = history.project_years
    tied = co_participation(history.members[years < split])
    tied.data[:] = 1.0
    later = co_participation(history.members[(years >= split) & (years < split + horizon)])
    degree = np.asarray(tied.sum(axis=1)).ravel()
    present = np.flatnonzero(degree > 0)
    chosen = np.sort(np.random.default_rng(seed).choice(present, size=min(sources, len(present)), replace=False))
    spread = (sp.diags(np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)) @ tied).tocsr()
    found = [_replay_rows(tied, spread, later, rows) for rows in np.array_split(chosen, max(1, len(chosen) // CHUNK))]
    return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])


def _replay_rows(tied: sp.csr_matrix, spread: sp.csr_matrix, later: sp.csr_matrix, rows: np.ndarray):
    """:func:`replay` for some source rows: a national graph's 8.6 million pairs at once peaked at 1 GB."""
    reach = (tied[rows] @ spread).tocoo()  # resource allocation of every partners' partners pair
    n = np.int64(tied.shape[0])
    key = reach.row.astype(np.int64) * n + reach.col
    own = tied[rows].tocoo()
    candidate = (reach.col != rows[reach.row]) & ~np.isin(key, own.row.astype(np.int64) * n + own.col)
    started = later[rows].tocoo()
    return reach.data[candidate].astype(np.float32), np.isin(key[candidate], started.row.astype(np.int64) * n + started.col)


def last_full_year(history: History) -> int:
    """The last start year with at least half the median year's projects: a source's final year is
    often partial (CORDIS H2020: 349 projects in 2021 against ~1,400 a year), and its pairs would look
    as if they never worked together."""
    years, counts = np.unique(history.project_years, return_counts=True)
    return int(years[counts >= np.median(counts) / 2].max())


def odds(share: float) -> tuple[int, int] | None:
    """``(k, n)`` of "about k in n" for a share: 1 in n up to about one half, k in 10 above it, never
    "1 in 1" or "10 in 10" (a replayed share is not a certainty); ``None`` under 1 in 100, where such
    words mislead.

    >>> odds(0.26), odds(0.5), odds(0.7), odds(1.0), odds(0.004)
    ((1, 4), (1, 2), (7, 10), (9, 10), None)
    """
    if share < 0.01:
        return None
    if share < 0.55:
        return 1, round(1 / share)
    return min(round(10 * share), 9), 10
