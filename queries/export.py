"""Write a subgraph in a format researchers' tools read (see docs/export.md for each mapping).

Every export starts with the same header block: the selection, the time, the counts (and what
the node limit hid) and the attribution lines of the Source nodes the exported data cites.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import BadSelection
from .exporters.common import ExportMeta, export_meta
from .exporters.csv_zip import write_csv_zip
from .exporters.cypher_script import write_cypher_script
from .exporters.gexf import write_gexf
from .exporters.graphml import write_graphml
from .exporters.node_link import write_node_link
from .subgraph_model import Subgraph

FORMATS = ("graphml", "gexf", "json", "csv", "cypher")
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".zip", "cypher": ".cypher"}
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
    "cypher": "text/plain; charset=utf-8",
}
_WRITERS: dict[str, Callable[[Subgraph, ExportMeta], bytes]] = {
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
    if fmt not in _WRITERS:
        raise BadSelection(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    moment = exported_at or datetime.datetime.now(datetime.timezone.utc)
    return _WRITERS[fmt](subgraph, export_meta(subgraph, fmt, selection_text, moment))


def export_to_file(subgraph: Subgraph, fmt: str, path: str | Path, selection_text: str) -> ExportReport:
    """Write the export to ``path`` (replacing it) and report its size and the time it took."""
    started = time.monotonic()
    content = export_subgraph(subgraph, fmt, selection_text)
    target = Path(path)
    target.write_bytes(content)
    return ExportReport(str(target), fmt, len(content), len(subgraph.nodes), len(subgraph.relationships),
                        subgraph.hidden_nodes, round(time.monotonic() - started, 3))
