"""Entity resolution speed on the real H2020 Germany participations, against a baseline resolver.

``python bench/resolution.py [--baseline GIT_REV]``: one organisation record per participation row
(92,787 rows, about 25,000 PICs; names and cities from the 2017 organisation table, a PIC without a
name keeps ``PIC <n>``), plus the demo's cluster-member records, which have no identifier and so
go through member linkage. Both resolvers group the same records in the same run; the baseline is
``loaders/resolve.py`` of ``GIT_REV`` (default ``HEAD``), imported from git. Prints records/s,
merges and review items of each, and their ratio. Reads ``../shared`` (the benchmark only).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.h2020 import PARTICIPATIONS  # noqa: E402
from loaders.clusters_bw import read_clusters_bw  # noqa: E402
from loaders.demo import DEMO  # noqa: E402
from loaders.records import OrgRecord  # noqa: E402
from loaders.regions import city_districts  # noqa: E402
from loaders import resolve  # noqa: E402

ORGS_2017 = PARTICIPATIONS.parent / "h2020_orgs2017_all.csv.gz"


def records() -> list[OrgRecord]:
    """Cluster members first (as in the demo), then one record per participation row."""
    with gzip.open(ORGS_2017, "rt", encoding="utf-8", newline="") as handle:
        names = {row["orgId"]: row for row in csv.DictReader(handle)}
    out = list(read_clusters_bw(DEMO / "clusters_bw").orgs)
    with gzip.open(PARTICIPATIONS, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            known = names.get(row["pic"], {})
            out.append(OrgRecord(ref=f"h2020:{row['rcn']}:{row['pic']}", name=known.get("name") or f"PIC {row['pic']}",
                                 source="src:cordis-h2020", pic=row["pic"], city=known.get("city") or None,
                                 country=row["country"] or None, aliases=(known.get("shortName") or "",)))
    return out


def baseline_module(rev: str):
    """``loaders/resolve.py`` as of ``rev``, imported as ``loaders.resolve_baseline``."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:loaders/resolve.py"],
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("loaders.resolve_baseline", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "loaders"
    sys.modules[spec.name] = module
    exec(compile(source, f"{rev}:loaders/resolve.py", "exec"), module.__dict__)
    return module


def measure(module, recs: list[OrgRecord], districts) -> dict:
    """Best of three: match keys and grouping, as a load does them."""
    best, grouping = float("inf"), None
    for _ in range(3):
        for cache in ("_name_key", "_city_key"):  # every run starts cold
            getattr(module, cache, None) and getattr(module, cache).cache_clear()
        started = time.perf_counter()
        grouping = module.group([module.match_key(r) for r in recs], (), districts)
        best = min(best, time.perf_counter() - started)
    merged = sum(1 for i in range(len(recs)) if grouping.root[i] == i and grouping.size[i] > 1)
    return {"seconds": round(best, 3), "records_per_s": round(len(recs) / best),
            "organisations": grouping.organisations, "merged_groups": merged,
            "review_items": len(getattr(grouping, "review", ()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD", help="git revision of the baseline resolver")
    args = parser.parse_args()
    recs, districts = records(), city_districts()
    base = measure(baseline_module(args.baseline), recs, districts)
    new = measure(resolve, recs, districts)
    print(json.dumps({"records": len(recs), "baseline": {"rev": args.baseline, **base}, "current": new,
                      "speed_ratio": round(new["records_per_s"] / base["records_per_s"], 2),
                      "goal_records_per_s": 20_000, "goal_met": new["records_per_s"] >= 20_000}, indent=1))


if __name__ == "__main__":
    main()
