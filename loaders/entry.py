"""One load entry for every source: the CLI and the dashboard both call :func:`load`.

It owns what every load needs around the reading and writing itself: the free-space check of
the local server, the schema (uniqueness constraints and indexes, without which a fresh database
would accept duplicates), progress and the report files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from neo4j import Driver

from graph.local import check_free_space_before_load
from graph.schema import ensure_schema
from graph.settings import Settings

from .cordis_participations import read_any_cordis
from .demo import DEMO, load_demo
from .pipeline import LoadReport, load_bundle
from .ror import read_ror
from .workbook import load_workbook

SOURCES = ("demo", "workbook", "cordis", "ror")


def load(
    driver: Driver,
    settings: Settings,
    source: str,
    path: Path | None = None,
    *,
    skip_invalid: bool = False,
    progress: bool = True,
    report_dir: Path | None = None,
) -> LoadReport:
    """Load ``source`` (one of :data:`SOURCES`; all but the demo read ``path``) into ``settings.database``.

    Reports (rejected rows, merges) go to ``report_dir``, by default ``$INNOGRAPH_HOME/reports``.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    if source != "demo" and path is None:
        raise ValueError(f"loading {source} needs a path")
    reports = report_dir if report_dir is not None else settings.home / "reports"
    check_free_space_before_load(settings, [DEMO if source == "demo" else path])
    ensure_schema(driver, settings.database)
    return _LOADS[source](driver, settings.database, path, skip_invalid, progress, reports)


def _demo(driver: Driver, database: str, path, skip_invalid: bool, progress: bool, reports: Path) -> LoadReport:
    return load_demo(driver, database, progress=progress, report_dir=reports)


def _workbook(driver: Driver, database: str, path: Path, skip_invalid: bool, progress: bool, reports: Path) -> LoadReport:
    return load_workbook(driver, database, path, skip_invalid=skip_invalid, progress=progress, report_dir=reports)


def _reader_load(reader: Callable, source: str) -> Callable[..., LoadReport]:
    def run(driver: Driver, database: str, path: Path, skip_invalid: bool, progress: bool, reports: Path) -> LoadReport:
        return load_bundle(driver, database, reader(path), source=source, skip_invalid=skip_invalid,
                           progress=progress, report_dir=reports)

    return run


_LOADS = {"demo": _demo, "workbook": _workbook, "cordis": _reader_load(read_any_cordis, "cordis"),
          "ror": _reader_load(read_ror, "ror")}
