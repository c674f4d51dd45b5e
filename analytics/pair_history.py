"""Who took part in which project when: the only input the partner model learns from.

One shape for both sources: the backtest reads it from the CORDIS tables, the product from the graph
(``queries/partner_chance.py``). Organisation attributes that a source lacks stay empty (``None``/NaN), and
the model treats them as unknown rather than as a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp


@dataclass
class History:
    orgs: list                      # organisation keys, row order of every matrix
    kinds: list                     # per organisation: its kind (firm, university …) or None
    project_years: np.ndarray       # per project: its start year
    members: sp.csr_matrix          # projects × organisations, 1 where the organisation took part
    project_parts: list             # per project: its programme parts / topics (tuple of str)
    regions: list = field(default_factory=list)    # per organisation: Kreis, region or city, or None
    coords: np.ndarray | None = None               # organisations × (lat, lon), NaN where unknown
    clusters: list = field(default_factory=list)   # per organisation: frozenset of cluster names
    parents: list = field(default_factory=list)    # per organisation: its parent organisation's key, or None

    def __post_init__(self):
        n = len(self.orgs)
        self.regions = self.regions or [None] * n
        self.clusters = self.clusters or [frozenset()] * n
        self.parents = self.parents or [None] * n
        if self.coords is None:
            self.coords = np.full((n, 2), np.nan)

    @property
    def first_year(self) -> int:
        return int(self.project_years.min())

    @property
    def last_year(self) -> int:
        return int(self.project_years.max())

    def index(self) -> dict:
        return {key: i for i, key in enumerate(self.orgs)}


def history_from_rows(rows, *, kinds: dict | None = None, regions: dict | None = None, coords: dict | None = None,
                      clusters: dict | None = None, parents: dict | None = None, parts: dict | None = None) -> History:
    """A :class:`History` from ``(project, start_year, organisation)`` rows; the dicts map an
    organisation (``parts``: a project) to its attribute."""
    kinds, regions, coords = kinds or {}, regions or {}, coords or {}
    clusters, parents, parts = clusters or {}, parents or {}, parts or {}
    project_index: dict = {}
    org_index: dict = {}
    years: list = []
    cells_p: list = []
    cells_o: list = []
    for project, year, org in rows:
        if project not in project_index:
            project_index[project] = len(years)
            years.append(int(year))
        cells_p.append(project_index[project])
        cells_o.append(org_index.setdefault(org, len(org_index)))
    orgs = list(org_index)
    members = sp.csr_matrix((np.ones(len(cells_p)), (cells_p, cells_o)), shape=(len(years), len(orgs)))
    members.sum_duplicates()
    members.data[:] = 1.0  # a project listing an organisation twice is still one participation
    return History(
        orgs=orgs,
        kinds=[kinds.get(o) for o in orgs],
        project_years=np.asarray(years, dtype=np.int32),
        members=members,
        project_parts=[tuple(parts.get(p, ())) for p in project_index],
        regions=[regions.get(o) for o in orgs],
        coords=np.array([coords.get(o, (np.nan, np.nan)) for o in orgs], dtype=float).reshape(len(orgs), 2),
        clusters=[frozenset(clusters.get(o, ())) for o in orgs],
        parents=[parents.get(o) for o in orgs],
    )


def co_participation(P: sp.csr_matrix) -> sp.csr_matrix:
    """Organisations × organisations: the projects two share (projects × organisations in)."""
    W = (P.T @ P).tocsr()
    W.setdiag(0)
    W.eliminate_zeros()
    return W
