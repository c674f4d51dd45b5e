"""Features of candidate organisation pairs, computed from the projects that started before a year.

:class:`Snapshot` is the graph as it was before ``year``; every feature reads only that snapshot, so a
model trained on it never sees the future it is asked to predict (tested). Counts come from sparse
matrix products (scipy), which computes a whole split's pairs at once instead of pair by pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np
import scipy.sparse as sp

from analytics.community_detection import seeded_random
from analytics.pair_history import History, co_participation

RECENT_YEARS = 3      # "active recently": projects that started in the three years before the split
EARTH_KM = 6371.0


@dataclass
class Snapshot:
    """The collaboration graph of the projects that started before ``year``."""

    history: History
    year: int
    weights: sp.csr_matrix     # organisations × organisations: shared projects (diagonal 0)
    tied: sp.csr_matrix        # the same, 1 where two organisations share a project
    recent_ties: sp.csr_matrix  # 1 where they share a project of the last RECENT_YEARS years
    projects: np.ndarray       # per organisation: projects before ``year``
    recent: np.ndarray         # … of which in the last RECENT_YEARS years
    first: np.ndarray          # first and last project year (NaN before any)
    last: np.ndarray
    parts: sp.csr_matrix       # organisations × programme parts, 1 where it took part in one
    community: np.ndarray      # Louvain community per organisation (-1: no tie yet)
    kind_names: list

    @property
    def partners(self) -> np.ndarray:
        return np.asarray(self.tied.sum(axis=1)).ravel()

    @property
    def present(self) -> np.ndarray:
        """Organisations with a project before ``year``: the only ones a pair can be scored for."""
        return self.projects > 0


def snapshot(history: History, year: int, *, seed: int = 42) -> Snapshot:
    """The graph of the projects that started before ``year``, and nothing later."""
    before = history.project_years < year
    P = history.members[before].tocsr()
    years = history.project_years[before]
    weights = co_participation(P)
    recent_rows = years >= year - RECENT_YEARS
    recent_ties = co_participation(P[recent_rows])
    recent_ties.data[:] = 1.0
    tied = weights.copy()
    tied.data[:] = 1.0
    projects = np.asarray(P.sum(axis=0)).ravel()
    recent = np.asarray(P[recent_rows].sum(axis=0)).ravel()
    first, last = _first_and_last(P, years, year)
    part_names = sorted({p for parts in history.project_parts for p in parts})
    part_index = {p: i for i, p in enumerate(part_names)}
    rows, cols = [], []
    for row, project in enumerate(np.flatnonzero(before)):
        for part in history.project_parts[project]:
            rows.append(row)
            cols.append(part_index[part])
    incidence = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(P.shape[0], len(part_names)))
    parts = (P.T @ incidence).tocsr()
    parts.data[:] = 1.0
    return Snapshot(history, year, weights, tied, recent_ties, projects, recent, first, last, parts,
                    _communities(tied, projects > 0, seed), sorted({k for k in history.kinds if k}))


def _first_and_last(P: sp.csr_matrix, years: np.ndarray, year: int) -> tuple[np.ndarray, np.ndarray]:
    """Each organisation's first and last project year (NaN without one). Sparse maxima count the
    implicit zeros, so they run over strictly positive values: age ``year - start`` and its inverse."""
    age = (year - years).astype(float)
    oldest = P.T.multiply(age[None, :]).tocsr().max(axis=1).toarray().ravel()
    newest = P.T.multiply(1.0 / age[None, :]).tocsr().max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore"):
        return np.where(oldest > 0, year - oldest, np.nan), np.where(newest > 0, year - 1.0 / newest, np.nan)


def _communities(tied: sp.csr_matrix, present: np.ndarray, seed: int) -> np.ndarray:
    """igraph's Louvain on the organisations of the snapshot (those with a project before its year),
    so later newcomers cannot shift it; igraph draws from Python's ``random``, seeded so a run repeats."""
    inside = np.flatnonzero(present)
    upper = sp.triu(tied[inside][:, inside], 1).tocoo()
    graph = ig.Graph(n=len(inside), edges=list(zip(upper.row.tolist(), upper.col.tolist())))
    with seeded_random(seed):
        found = graph.community_multilevel()
    community = np.full(tied.shape[0], -1)
    community[inside] = found.membership
    community[inside[np.asarray(graph.degree(), dtype=int) == 0]] = -1
    return community


def two_hop_pairs(snap: Snapshot, sources: np.ndarray, targets: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Untied pairs (u, v) at distance two, u from ``sources`` and v from ``targets`` (default: the
    sources; then each pair once, u < v). Partners' partners are who a recommendation can explain."""
    own = targets is None
    targets = sources if own else targets
    reach = (snap.tied[sources] @ snap.tied).tocsr()
    reach = reach[:, targets].tocoo()
    u, v = sources[reach.row], targets[reach.col]
    keep = (u != v) & ~_lookup(snap.tied, u, v).astype(bool)
    if own:
        keep &= u < v
    return u[keep], v[keep]


def pair_features(snap: Snapshot, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """One row of features per pair (float32, NaN where unknown) and the column names."""
    columns: dict = {}
    columns.update(_topology(snap, u, v))
    columns.update(_activity(snap, u, v))
    columns.update(_context(snap, u, v))
    for name, values in _kind_pairs(snap, u, v).items():
        columns[name] = values
    names = list(columns)
    return np.column_stack([np.asarray(columns[n], dtype=np.float32) for n in names]) if len(u) else \
        np.zeros((0, len(names)), dtype=np.float32), names


def _topology(snap: Snapshot, u, v) -> dict:
    B, W = snap.tied, snap.weights
    degree = snap.partners
    strength = np.asarray(W.sum(axis=1)).ravel()
    inverse_log = sp.diags(np.divide(1.0, np.log(np.maximum(degree, 2)), out=np.zeros_like(degree, dtype=float), where=degree > 1))
    inverse_strength = sp.diags(np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0))
    cn = _pair_products(B, B, u, v)
    du, dv = degree[u], degree[v]
    return {
        "common_partners": cn,
        "resource_allocation": resource_allocation(snap, u, v),
        "adamic_adar": _pair_products(B, B, u, v, middle=inverse_log),
        "jaccard": np.divide(cn, du + dv - cn, out=np.zeros_like(cn), where=(du + dv - cn) > 0),
        "preferential_attachment": np.log1p(du.astype(float) * dv),
        "weighted_common_partners": _pair_products(W, W, u, v),
        "weighted_resource_allocation": _pair_products(W, W, u, v, middle=inverse_strength),
        "common_partners_recent": _pair_products(snap.recent_ties, snap.recent_ties, u, v),
    }


def resource_allocation(snap: Snapshot, u, v) -> np.ndarray:
    """``Σ 1/partners(w)`` over the common partners w: today's ranking score (analytics.recommend)."""
    degree = snap.partners
    inverse = sp.diags(np.divide(1.0, degree, out=np.zeros_like(degree, dtype=float), where=degree > 0))
    return _pair_products(snap.tied, snap.tied, u, v, middle=inverse)


def _activity(snap: Snapshot, u, v) -> dict:
    degree = snap.partners.astype(float)
    idle = snap.year - snap.last
    active = snap.year - snap.first
    return {
        "partners_min": np.minimum(degree[u], degree[v]), "partners_max": np.maximum(degree[u], degree[v]),
        "projects_min": np.minimum(snap.projects[u], snap.projects[v]),
        "projects_max": np.maximum(snap.projects[u], snap.projects[v]),
        "recent_min": np.minimum(snap.recent[u], snap.recent[v]), "recent_max": np.maximum(snap.recent[u], snap.recent[v]),
        "years_idle_max": np.fmax(idle[u], idle[v]), "years_active_min": np.fmin(active[u], active[v]),
    }


def _context(snap: Snapshot, u, v) -> dict:
    h = snap.history
    shared = _pair_products(snap.parts, snap.parts.T.tocsr(), u, v)
    count = np.asarray(snap.parts.sum(axis=1)).ravel()
    union = count[u] + count[v] - shared
    region = np.array([r or "" for r in h.regions], dtype=object)
    known = (region[u] != "") & (region[v] != "")
    clusters = [h.clusters[a] & h.clusters[b] for a, b in zip(u.tolist(), v.tolist())]
    parents = np.array([p or "" for p in h.parents], dtype=object)
    kinds = np.array([k or "" for k in h.kinds], dtype=object)
    community = snap.community
    return {
        "shared_parts": shared,
        "parts_jaccard": np.divide(shared, union, out=np.zeros_like(shared), where=union > 0),
        "distance_km": _distance_km(h.coords[u], h.coords[v]),
        "same_region": np.where(known, (region[u] == region[v]).astype(float), np.nan),
        "shared_clusters": np.array([len(c) for c in clusters], dtype=float),
        "siblings": ((parents[u] != "") & (parents[u] == parents[v])).astype(float),
        "same_community": ((community[u] >= 0) & (community[u] == community[v])).astype(float),
        "same_kind": np.where((kinds[u] != "") & (kinds[v] != ""), (kinds[u] == kinds[v]).astype(float), np.nan),
    }


def _kind_pairs(snap: Snapshot, u, v) -> dict:
    """One 0/1 column per unordered pair of kinds (``kinds:firm+university``): a pair of kinds is a
    category, not a quantity."""
    kinds = np.array([k or "" for k in snap.history.kinds], dtype=object)
    a, b = kinds[u], kinds[v]
    low, high = np.where(a <= b, a, b), np.where(a <= b, b, a)
    columns = {}
    names = snap.kind_names
    for i, first in enumerate(names):
        for second in names[i:]:
            columns[f"kinds:{first}+{second}"] = ((low == first) & (high == second)).astype(float)
    return columns


def _pair_products(left: sp.csr_matrix, right: sp.csr_matrix, u, v, *, middle=None) -> np.ndarray:
    """``(left · middle · right)[u, v]`` for each pair (no ``middle``: ``left · right``), computed only for
    the rows in ``u``."""
    if not len(u):
        return np.zeros(0)
    rows, where = np.unique(u, return_inverse=True)
    product = (left[rows] @ right if middle is None else left[rows] @ middle @ right).tocsr()
    return _lookup(product, where, v)


def _lookup(matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    if not len(rows):
        return np.zeros(0)
    return np.asarray(matrix[rows, cols]).ravel().astype(float)


def _distance_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distance (haversine); NaN where a coordinate is unknown."""
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def future_pairs(history: History, since: int, until: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """1 where the pair shares a project that started in ``[since, until)``: the label."""
    window = (history.project_years >= since) & (history.project_years < until)
    P = history.members[window].tocsr()
    return (_lookup(co_participation(P), u, v) > 0).astype(np.int8)

