"""Member linkage on the demo: the baseline resolver, innograph's rapidfuzz linkage and a Splink model.

``python bench/linkage_compare.py [--baseline GIT_REV]`` (needs ``pip install 'splink>=4,<5'``, which
innograph does not depend on). Counts, for the records of the hand-collected cluster files, how many
end in one organisation with a registry record (CORDIS or ROR), how many review items each method
leaves, and its seconds. Splink (Fellegi-Sunter, DuckDB) links members to registry records on the
name key (Jaro-Winkler levels) and the city (exact), blocked on the member's rarest name word,
u by random sampling, m by EM; a pair with match probability >= 0.9 is a link, 0.5-0.9 a review item.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.resolution import baseline_module  # noqa: E402
from loaders import resolve  # noqa: E402
from loaders.demo import demo_bundle  # noqa: E402
from loaders.linkage import REGISTRIES  # noqa: E402
from loaders.names import city_key, name_key  # noqa: E402
from loaders.regions import city_districts  # noqa: E402


def _registered(record) -> bool:
    return bool(record.pic or record.ror or record.ref.startswith(REGISTRIES))


def by_resolver(module, orgs, rules) -> dict:
    started = time.perf_counter()
    result = module.resolve(orgs, rules, city_districts())
    seconds = time.perf_counter() - started
    registered = {result.ids[r.ref] for r in orgs if _registered(r)}
    members = {r.ref for r in orgs if r.source == "src:clusters-bw" and not _registered(r)}
    linked = sum(1 for ref in members if result.ids[ref] in registered)
    return {"members": len(members), "linked_to_registry": linked,
            "review_items": len(getattr(result, "review", ())), "seconds": round(seconds, 2)}


def by_splink(orgs, entity_of) -> dict:
    """``entity_of``: registry ref -> organisation (the exact rules'), so that a member matching the
    H2020, FP7 and ROR records of one organisation counts as one candidate."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    members = [r for r in orgs if r.source == "src:clusters-bw" and not _registered(r)]
    registry = {}
    for r in orgs:
        if _registered(r):
            registry.setdefault(r.ref, r)
    frequency = Counter(w for r in registry.values() for w in set(name_key(r.name).split()))
    rare = lambda key: min(key.split(), key=lambda w: (frequency.get(w, 0), w)) if key else None  # noqa: E731

    def frame(records) -> pd.DataFrame:
        rows = {}
        for r in records:
            key = name_key(r.name)
            rows.setdefault(r.ref, {"unique_id": r.ref, "name": key, "city": city_key(r.city) or None,
                                    "rare": rare(key)})
        return pd.DataFrame(list(rows.values()))

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.8]), cl.ExactMatch("city")],
        blocking_rules_to_generate_predictions=[block_on("rare")],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([frame(members), frame(registry.values())], settings, db_api=DuckDBAPI())
    linker.training.estimate_u_using_random_sampling(max_pairs=2e5)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("rare"))
    pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    best = defaultdict(list)
    for row in pairs.itertuples():
        member = row.unique_id_l if row.source_dataset_l == "__splink__input_table_0" else row.unique_id_r
        other = row.unique_id_r if member == row.unique_id_l else row.unique_id_l
        best[member].append((row.match_probability, entity_of[other]))
    linked = sum(1 for found in best.values() if len({e for p, e in found if p >= 0.9}) == 1)
    return {"members": len({r.ref for r in members}), "linked_to_registry": linked,
            "review_items": len(best) - linked, "seconds": round(seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD")
    args = parser.parse_args()
    bundle = demo_bundle()
    print(json.dumps({"baseline": by_resolver(baseline_module(args.baseline), bundle.orgs, bundle.rules),
                      "rapidfuzz_linkage": by_resolver(resolve, bundle.orgs, bundle.rules),
                      "splink": by_splink(bundle.orgs, resolve.resolve(bundle.orgs, bundle.rules).ids)}, indent=1))


if __name__ == "__main__":
    main()
