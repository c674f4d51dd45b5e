"""The benchmark's synthetic ecosystem: deterministic, consistent, and shaped like the real one."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.figures import Figure, p95
from bench.generator import KIND_SHARES, MAX_PROJECTS_ON_TIE, SIZES, cluster_count, generate


@pytest.fixture(scope="module")
def small():
    return generate("S")


def test_same_size_and_seed_give_the_same_rows() -> None:
    first, second = generate("smoke"), generate("smoke")
    assert first.nodes == second.nodes
    assert first.relationships == second.relationships


def test_another_seed_gives_another_ecosystem() -> None:
    assert generate("smoke", seed=1).ties != generate("smoke").ties


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown size"):
        generate("XL")


def test_sizes_match_the_issue() -> None:
    assert SIZES["S"] == (2_000, 20_000)
    assert SIZES["M"] == (10_000, 100_000)
    assert SIZES["L"] == (100_000, 1_000_000)
    assert cluster_count(10_000) == cluster_count(100_000) == 100


def test_counts_reach_the_targets(small) -> None:
    assert len(small.organisations) == 2_000
    assert 20_000 <= len(small.ties) < 20_400
    assert len(small.nodes["ClusterInitiative"]) == cluster_count(2_000)


def test_every_relationship_joins_existing_nodes_and_ties_are_stored_once(small) -> None:
    ids = {row["id"] for rows in small.nodes.values() for row in rows}
    for rows in small.relationships.values():
        assert all(r["start"] in ids and r["end"] in ids for r in rows)
    pairs = [(t["start"], t["end"]) for t in small.ties]
    assert all(a < b for a, b in pairs)
    assert len(set(pairs)) == len(pairs)


def test_tie_weight_counts_its_projects(small) -> None:
    participants: dict[str, set[str]] = {}
    for p in small.relationships["PARTICIPATES_IN"]:
        participants.setdefault(p["end"], set()).add(p["start"])
    for tie in small.ties[:500]:
        assert len(tie["projects"]) == min(tie["weight"], MAX_PROJECTS_ON_TIE)
        assert all({tie["start"], tie["end"]} <= participants[p] for p in tie["projects"])


def test_about_15_percent_of_ties_cross_cluster_initiatives(small) -> None:
    cross = sum(small.home_cluster[t["start"]] != small.home_cluster[t["end"]] for t in small.ties)
    assert 0.10 <= cross / len(small.ties) <= 0.20


def test_degrees_are_heavy_tailed(small) -> None:
    degree = Counter()
    for t in small.ties:
        degree[t["start"]] += 1
        degree[t["end"]] += 1
    ranked = sorted(degree.values(), reverse=True)
    median = ranked[len(ranked) // 2]
    assert ranked[0] >= 10 * median
    top_percent = ranked[: len(small.organisations) // 100]
    assert sum(top_percent) >= 0.05 * sum(ranked)  # five times their share under equal degrees


def test_organisation_kinds_come_in_realistic_shares(small) -> None:
    counts = Counter(o["kind"] for o in small.organisations)
    for kind, share in KIND_SHARES.items():
        assert abs(counts[kind] / len(small.organisations) - share) <= 0.03, kind
    assert counts.most_common(1)[0][0] == "Firm"


def test_figure_ratio_says_how_many_times_better_than_the_baseline() -> None:
    faster = Figure("t", 2.0, "s", baseline=60.0, goal=("<=", 90))
    higher = Figure("r", 40_000.0, "rows/s", baseline=1_000.0, goal=(">=", 50_000))
    assert (faster.ratio, faster.met) == (30.0, True)
    assert (higher.ratio, higher.met) == (40.0, False)
    assert higher.to_dict()["goal"] == ">= 50000 rows/s"
    assert Figure("x", None, "s", goal=("<=", 1)).met is None


def test_p95_of_few_samples_is_their_maximum_and_of_many_the_95th_percentile() -> None:
    assert p95([3.0, 1.0, 2.0]) == 3.0
    assert p95([float(i) for i in range(1, 101)]) == pytest.approx(95.05)
