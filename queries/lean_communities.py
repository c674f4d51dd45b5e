""":func:`queries.communities.community_report` on a :class:`LeanGraph`, for ``analyze`` to store.

Same definitions (sizes, densities, cluster shares, hidden clusters, NMI/ARI against primary
cluster membership, weighted modularity at resolution 1); counted with arrays instead of subgraphs.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from analytics.agreement import adjusted_rand_index, normalized_mutual_info
from queries.communities import Community, CommunityReport
from queries.lean_metrics import lean_primary_groups
from queries.lean_projection import LeanGraph

STORED_MIN_SIZE = 2  # singletons are not stored; a smaller --min-size computes afresh


def lean_community_report(lg: LeanGraph, partition: list[int], *, min_size: int = 3, density_factor: float = 2.0, max_coverage: float = 0.5) -> CommunityReport:
    """The report of ``partition`` (community number per position)."""
    n = len(lg)
    edges = np.asarray(lg.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    part = np.asarray(partition, dtype=np.int64)
    inside = part[edges[:, 0]] == part[edges[:, 1]]
    internal = np.bincount(part[edges[inside, 0]], minlength=int(part.max(initial=0)) + 1)
    degree = np.asarray(lg.graph.degree())
    overall = 2 * len(edges) / (n * (n - 1)) if n > 1 else 0.0
    members: dict = {}
    for i, number in enumerate(partition):
        members.setdefault(number, []).append(i)
    compared = {lg.nodes.ids[i]: group for i, group in _cluster_groups(lg).items()}
    by_id = dict(zip(lg.nodes.ids, partition))
    nmi = normalized_mutual_info(compared, by_id) if len(compared) > 1 else None
    ari = adjusted_rand_index(compared, by_id) if len(compared) > 1 else None
    rows, hidden = [], []
    for number in sorted(members):
        nodes = members[number]
        size = len(nodes)
        if size < min_size:
            continue
        density = float(2 * internal[number] / (size * (size - 1))) if size > 1 else 0.0
        shares = Counter(c for i in nodes for c in lg.nodes.clusters[i])
        best, covered = shares.most_common(1)[0] if shares else (None, 0)
        is_hidden = bool(density >= density_factor * overall and covered / size <= max_coverage)
        if is_hidden:
            hidden.append({"community": number, "size": size, "density": density, "best_cluster": best, "coverage": covered / size})
        fields = Counter(f for i in nodes for f in lg.nodes.fields[i])
        rows.append(Community(
            number, size, round(float(density), 6),
            [lg.nodes.names[i] for i in sorted(nodes, key=lambda i: (-int(degree[i]), repr(lg.nodes.ids[i])))[:5]],
            [(lg.cluster_names.get(c, c), round(k / size, 4)) for c, k in shares.most_common(3)],
            [lg.field_names.get(f, f) for f, _ in fields.most_common(3)],
            is_hidden,
        ))
    modularity = float(lg.graph.modularity(partition, weights=lg.weights.tolist())) if len(edges) else 0.0
    return CommunityReport(
        rows, round(modularity, 6),
        None if nmi is None else round(nmi, 6), None if ari is None else round(ari, 6),
        len(compared), sorted(hidden, key=lambda h: (-h["size"], h["community"])),
        round(len(compared) / n, 4), lg.selection,
    )


def restrict(report: CommunityReport, min_size: int) -> CommunityReport:
    """A stored report (communities of :data:`STORED_MIN_SIZE` and more) cut to ``min_size``."""
    return CommunityReport(
        [c for c in report.communities if c.size >= min_size], report.modularity, report.nmi, report.ari,
        report.compared, [h for h in report.hidden if h["size"] >= min_size], report.membership_coverage,
        report.selection,
    )


def _cluster_groups(lg: LeanGraph) -> dict:
    """Primary cluster per position for organisations with a membership (no community fallback)."""
    groups = lean_primary_groups(lg, [0] * len(lg)).of
    return {i: groups[node] for i, node in enumerate(lg.nodes.ids) if lg.nodes.clusters[i]}
