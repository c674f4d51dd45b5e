"""``innograph load demo``: the bundled Baden-Württemberg dataset in ``data/demo/`` (see data/README.md).

Sources are combined into one bundle before entity resolution, so that KIT from the clusters
file, ROR, H2020 and FP7 becomes one node. Earlier sources rank higher for display names:
hand-collected cluster facts, the press release, ROR, CORDIS H2020, CORDIS FP7. The organisational
hierarchy (names, ``org_groups.csv``) is read last, over all of them (:mod:`loaders.hierarchy`).
"""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from .clusters_bw import read_clusters_bw
from .cordis import cordis_source, read_cordis
from .hierarchy import hierarchy_records
from .partners_abroad import read_partners_abroad
from .pipeline import LoadReport, load_bundle
from .press_release import press_release
from .records import Bundle
from .regions import DATA, region_source
from .ror import read_ror
from .workbook import read_alias_rules

DEMO = DATA / "demo"


def demo_bundle(folder: Path = DEMO) -> Bundle:
    """Every record of the demo dataset, unresolved."""
    bundle = Bundle(nodes=[region_source()])
    bundle.extend(read_clusters_bw(folder / "clusters_bw"))
    bundle.extend(press_release())
    bundle.extend(read_ror(folder / "ror" / "ror_BW_flat.csv", retrieved="2026-06-23"))
    h2020 = cordis_source("H2020", retrieved="2020-12-14", note="BW slice by address; organisation names of June 2017")
    bundle.extend(read_cordis(folder / "cordis_h2020", programme="H2020", source=h2020))
    fp7 = cordis_source("FP7", retrieved="2016", note="BW slice by address, via Spaghetti Open Data")
    bundle.extend(read_cordis(folder / "cordis_fp7", programme="FP7", source=fp7))
    bundle.extend(read_partners_abroad(folder / "partners_abroad.csv.gz", {"H2020": h2020.id, "FP7": fp7.id}))
    bundle.rules += read_alias_rules(folder / "aliases.csv")
    return bundle.extend(hierarchy_records(bundle.orgs, folder / "org_groups.csv"))


def load_demo(driver: Driver, database: str, *, progress: bool = True, report_dir: Path | None = None) -> LoadReport:
    """Load the bundled dataset (idempotent: a second run changes no counts except LoadRun)."""
    return load_bundle(driver, database, demo_bundle(), source="demo", progress=progress, report_dir=report_dir)
