"""Write a subgraph in a format researchers' tools read (see docs/export.md for each mapping).

Every export starts with the same header block: the selection, the time, the counts (and what
the node limit hid) and the attribution lines of the Source nodes the exported data cites.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from neo4j import Driver

from .errors import BadSelection
from .exporters.common import ExportMeta, export_meta
from .exporters.csv_zip import write_csv_zip
from .exporters.cypher_script import write_cypher_script
from .exporters.gexf import write_gexf
from .exporters.graphml import write_graphml
from .exporters.node_link import write_node_link
from .subgraph import Selection, select_subgraph, spooled_subgraph
from .subgraph_model import SpooledSubgraph, Subgraph

FORMATS = ("graphml", "gexf", "json", "csv", "cypher")
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".zip", "cypher": ".cypher"}
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
    "cypher": "text/plain; charset=utf-8",
}
_WRITERS: dict[str, Callable[[Subgraph, ExportMeta, BinaryIO], None]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "json": write_node_link,
    "csv": write_csv_zip,
    "cypher": write_cypher_script,
}


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export_to_file` wrote."""

    path: str
    format: str
    bytes: int
    nodes: int
    relationships: int
    hidden_nodes: int
    seconds: float

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def export_subgraph(
    subgraph: Subgraph, fmt: str, selection_text: str, *, exported_at: datetime.datetime | None = None
) -> bytes:
    """The file content of ``subgraph`` in ``fmt`` (one of :data:`FORMATS`)."""
    buffer = io.BytesIO()
    write_export(subgraph, fmt, selection_text, buffer, exported_at=exported_at)
    return buffer.getvalue()


def write_export(subgraph: Subgraph | SpooledSubgraph, fmt: str, selection_text: str, out: BinaryIO, *,
                 exported_at: datetime.datetime | None = None) -> None:
    """Write ``subgraph`` in ``fmt`` to ``out`` (seekable), item by item: the writers never hold the whole file."""
    if fmt not in _WRITERS:
        raise BadSelection(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    moment = exported_at or datetime.datetime.now(datetime.timezone.utc)
    _WRITERS[fmt](subgraph, export_meta(subgraph, fmt, selection_text, moment), out)


def export_to_file(subgraph: Subgraph | SpooledSubgraph, fmt: str, path: str | Path, selection_text: str, *,
                   exported_at: datetime.datetime | None = None) -> ExportReport:
    """Write the export to ``path`` (replacing it) and report its size and the time it took.

    It is written to ``NAME.part`` and renamed at the end, so an interrupted export leaves no half file
    under the real name (and an earlier file of that name stays as it was).
    """
    started = time.monotonic()
    target = Path(path)
    part = target.with_name(target.name + ".part")
    try:
        with part.open("wb") as out:
            write_export(subgraph, fmt, selection_text, out, exported_at=exported_at)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return ExportReport(str(target), fmt, target.stat().st_size, len(subgraph.nodes), len(subgraph.relationships),
                        subgraph.hidden_nodes, round(time.monotonic() - started, 3))


def export_selection_to_file(driver: Driver, database: str, selection: Selection, fmt: str, path: str | Path, *,
                     timeout: float = 30.0, exported_at: datetime.datetime | None = None) -> ExportReport:
    """Select and write in one go. A selection of filters, an ego network or a path is streamed: read from
    the database in pages into a spool beside ``path``, then written item by item (a full export of a
    national graph never sits in memory); a Cypher selection is held in memory as before."""
    started = time.monotonic()
    with rare_cycle_collection(), spooled_subgraph(driver, database, selection, Path(path).resolve().parent) as spooled:
        subgraph = spooled or select_subgraph(driver, database, selection, timeout=timeout)
        report = export_to_file(subgraph, fmt, path, selection.describe(), exported_at=exported_at)
    return replace(report, seconds=round(time.monotonic() - started, 3))


@contextlib.contextmanager
def rare_cycle_collection() -> Iterator[None]:
    """Python's cycle collector run rarely, and over the export's own objects only: the objects there
    before are frozen and a generation-0 collection waits for :data:`YOUNG` new containers instead of
    700. An export makes millions of dicts, lists and tuples, and the collections they set off cost 30-40 %
    of its CPU time (one selection of 59k relationships: 2.7 s -> 1.9 s user time; the national graph: ~10 s
    at 10,000, 0.7 s at 1,000,000); the collector stays on, so that the cycles some steps make (the
    indenting JSON encoder's closures, now used only for nested values) stay bounded."""
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(YOUNG, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen:  # a caller's own frozen objects stay frozen
            gc.unfreeze()


YOUNG = 1_000_000
