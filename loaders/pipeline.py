"""The shared last steps of every load: check, resolve, write, derive, record the run.

``load_bundle`` refuses a bundle with rejected rows unless ``skip_invalid`` is set (then it writes
the valid rows and a CSV of the rejected ones). Nodes are written before relationships, in
batches of one transaction each, so a load that dies half-way leaves whole batches only, and a
re-run merges onto the same ids.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from neo4j import Driver

from graph.derive import derive_collaborations, existing_organisations
from graph.errors import InnographError
from graph.schema import ENDPOINTS, NodeLabel, RelType
from graph.writer import write_nodes, write_relationships

from .progress import Progress
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .regions import city_districts, region_records
from .names import name_key
from .resolve import Resolution, resolve

BATCH = 2000
NODE_ORDER = (NodeLabel.SOURCE, NodeLabel.REGION, NodeLabel.FIELD, NodeLabel.CLUSTER, NodeLabel.PROJECT,
              NodeLabel.PERSON, NodeLabel.EVENT, NodeLabel.TOPIC)


class InvalidRows(InnographError):
    """Rows were rejected and the load was asked to be all-or-nothing."""

    def __init__(self, rejected: list[Rejection]) -> None:
        self.rejected = rejected
        more = f" (and {len(rejected) - 1} more)" if len(rejected) > 1 else ""
        super().__init__(
            f"{len(rejected)} invalid row(s), nothing was written: {rejected[0]}{more}; "
            "fix them or load the valid rows with --skip-invalid"
        )


@dataclass
class LoadReport:
    """What a load did; ``summary()`` is what the CLI prints."""

    source: str
    run_id: str
    seconds: float = 0.0
    nodes: dict[str, tuple[int, int]] = field(default_factory=dict)
    relationships: dict[str, tuple[int, int]] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)
    resolution: dict = field(default_factory=dict)
    merges: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_endpoints: int = 0
    rejected_file: Path | None = None
    merge_file: Path | None = None

    def summary(self) -> str:
        lines = [f"Loaded {self.source} in {self.seconds:.1f} s (run {self.run_id})", "  nodes (created / updated):"]
        lines += [f"    {label:<22} {c:>7,} / {u:,}" for label, (c, u) in sorted(self.nodes.items())]
        lines.append("  relationships (created / updated):")
        lines += [f"    {t:<22} {c:>7,} / {u:,}" for t, (c, u) in sorted(self.relationships.items())]
        res = self.resolution
        lines.append(
            f"  entity resolution: {res.get('records', 0):,} organisation records -> "
            f"{res.get('organisations', 0):,} organisations; {res.get('merged_groups', 0):,} merged groups "
            f"{res.get('by_rule', {})}"
        )
        largest = sorted(self.merges, key=lambda m: (-len(m["spellings"]), m["name"]))[:15]
        lines += [f"    merged: {m['name']} <- {' | '.join(m['spellings'])} ({'; '.join(m['reasons'])})"
                  for m in largest]
        if len(self.merges) > 15:
            lines.append(f"    … {len(self.merges) - 15} more" + (f" in {self.merge_file}" if self.merge_file else ""))
        lines += [f"  note: {n}" for n in self.notes[:10]]
        lines.append(f"  rejected rows: {len(self.rejected)}" + (f" (report: {self.rejected_file})"
                                                                  if self.rejected_file else ""))
        if self.missing_endpoints:
            lines.append(f"  relationships skipped because an endpoint is missing: {self.missing_endpoints}")
        return "\n".join(lines)


def load_bundle(
    driver: Driver,
    database: str,
    bundle: Bundle,
    *,
    source: str,
    skip_invalid: bool = False,
    progress: bool | Progress = False,
    report_dir: Path | None = None,
) -> LoadReport:
    """Resolve and write ``bundle``; see the module docstring for the all-or-nothing rule."""
    started = time.monotonic()
    started_at = datetime.now(timezone.utc)
    run_id = f"run:{source}:{started_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
    bar = progress if isinstance(progress, Progress) else Progress(bool(progress))
    if bundle.rejected and not skip_invalid:
        raise InvalidRows(bundle.rejected)
    report = LoadReport(source=source, run_id=run_id, rejected=list(bundle.rejected))
    resolution = resolve_with_database(driver, database, bundle)
    report.resolution = resolution.stats()
    report.merges = [m.to_dict() for m in resolution.merges]
    report.notes = list(resolution.notes)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        stamp = run_id.rsplit(":", 1)[-1]
        report.merge_file = _write_merge_report(report_dir / f"merge-report-{source}-{stamp}.json", report)
        if report.rejected:
            report.rejected_file = _write_rejected(report_dir / f"rejected-{source}-{stamp}.csv", report.rejected)
    rels = _resolved_relationships(bundle.rels, resolution)
    region_nodes, region_rels = region_records({e.region for e in resolution.entities if e.region}
                                               | {r.end for r in rels if r.type is RelType.CLUSTER_LOCATED_IN})
    located = [RelRecord(RelType.LOCATED_IN, e.id, e.region, source=e.sources[0] if e.sources else None)
               for e in resolution.entities if e.region]
    nodes = _merged_nodes([*bundle.nodes, *region_nodes])
    rels = _merged_relationships([*rels, *region_rels, *located])
    for label in NODE_ORDER:
        _write_node_label(driver, database, label, nodes.get(label, []), report, bar)
    _write_node_label(driver, database, NodeLabel.ORGANISATION, [e.row() for e in resolution.entities], report, bar)
    for (rel_type, merge_keys), rows in sorted(rels.items(), key=lambda kv: kv[0][0].value):
        _write_rel_type(driver, database, rel_type, merge_keys, rows, report, bar)
    if any(t is RelType.PARTICIPATES_IN for t, _ in rels):
        bar.note("deriving COLLABORATES_WITH from shared projects …")
        derived = derive_collaborations(driver, database)
        before = report.relationships.get(RelType.COLLABORATES_WITH.value, (0, 0))
        report.relationships[RelType.COLLABORATES_WITH.value] = (
            before[0] + derived["created"], before[1] + derived["total"] - derived["created"])
    report.seconds = time.monotonic() - started
    _record_run(driver, database, report, started_at)
    return report


def resolve_with_database(driver: Driver, database: str, bundle: Bundle) -> Resolution:
    """Resolve the bundle's organisations together with those already in the database (ids kept).

    A record whose ref an existing node already holds (the same row loaded before) is tied to that
    node, so that re-loading a source gives the same graph. Existing nodes match by their name and
    their multi-word aliases (one-word aliases such as CORDIS short names are too ambiguous).
    """
    rows = existing_organisations(driver, database)
    known = {ref: o["id"] for o in rows for ref in o["refs"]}
    orgs = [replace(r, node_id=known[r.ref]) if r.ref in known else r for r in bundle.orgs]
    existing = [
        OrgRecord(ref="db:" + o["id"], name=o["name"] or o["id"], source="database", pic=o["pic"], ror=o["ror"],
                  city=o["city"], country=o["country"], node_id=o["id"],
                  match_names=tuple(a for a in o["aliases"] if len(name_key(a).split()) > 1))
        for o in rows
    ]
    return resolve([*existing, *orgs], bundle.rules, city_districts())  # existing first: their names stay


def _resolved_relationships(rels: Iterable[RelRecord], resolution: Resolution) -> list[RelRecord]:
    """Relationship records with organisation refs replaced by entity ids."""
    out = []
    for rel in rels:
        start_label, end_label = ENDPOINTS[rel.type]
        start = resolution.ids.get(rel.start, rel.start) if start_label is NodeLabel.ORGANISATION else rel.start
        end = resolution.ids.get(rel.end, rel.end) if end_label is NodeLabel.ORGANISATION else rel.end
        if rel.type is RelType.COLLABORATES_WITH and start > end:
            start, end = end, start
        out.append(RelRecord(rel.type, start, end, rel.props, rel.source, rel.as_of, rel.origin))
    return out


def _merged_nodes(records: Iterable[NodeRecord]) -> dict[NodeLabel, list[dict]]:
    """One row per (label, id): first non-empty value of each property wins, sources are united."""
    rows: dict[tuple[NodeLabel, str], dict] = {}
    for record in records:
        row = rows.setdefault((record.label, record.id), {"id": record.id, "sources": []})
        for name, value in record.props.items():
            if row.get(name) in (None, "") and value not in (None, ""):
                row[name] = value
        if record.source and record.source not in row["sources"]:
            row["sources"].append(record.source)
        if record.as_of and not row.get("as_of"):
            row["as_of"] = record.as_of
    grouped: dict[NodeLabel, list[dict]] = defaultdict(list)
    for (label, _), row in rows.items():
        grouped[label].append(row)
    return grouped


def _merged_relationships(records: Iterable[RelRecord]) -> dict[tuple[RelType, tuple[str, ...]], list[dict]]:
    """One row per relationship identity (type, ends, and a ``role`` where the type has one)."""
    rows: dict[tuple, dict] = {}
    for rel in records:
        merge_keys = ("role",) if "role" in rel.props and rel.type in (RelType.PARTNER_OF, RelType.PARTICIPATES_IN,
                                                                       RelType.MANAGES, RelType.LEADS,
                                                                       RelType.WORKS_FOR) else ()
        identity = (rel.type, merge_keys, rel.start, rel.end, tuple(rel.props.get(k) for k in merge_keys))
        row = rows.setdefault(identity, {"start": rel.start, "end": rel.end, "sources": []})
        for name, value in rel.props.items():
            if row.get(name) in (None, "") and value not in (None, ""):
                row[name] = value
        if rel.source and rel.source not in row["sources"]:
            row["sources"].append(rel.source)
        if rel.as_of and (not row.get("as_of") or rel.as_of > row["as_of"]):
            row["as_of"] = rel.as_of
    grouped: dict[tuple[RelType, tuple[str, ...]], list[dict]] = defaultdict(list)
    for (rel_type, merge_keys, *_), row in rows.items():
        grouped[(rel_type, merge_keys)].append(row)
    return grouped


def _write_node_label(driver, database, label: NodeLabel, rows: list[dict], report: LoadReport, bar) -> None:
    if not rows:
        return
    bar.update(label.value, 0, len(rows))
    stats = write_nodes(driver, database, label, rows, batch_size=BATCH)
    bar.update(label.value, len(rows), len(rows))
    report.nodes[label.value] = (stats.nodes_created, stats.rows - stats.nodes_created)


def _write_rel_type(driver, database, rel_type, merge_keys, rows, report: LoadReport, bar) -> None:
    bar.update(rel_type.value, 0, len(rows))
    stats = write_relationships(driver, database, rel_type, rows, merge_keys=merge_keys, batch_size=BATCH)
    bar.update(rel_type.value, len(rows), len(rows))
    created, updated = report.relationships.get(rel_type.value, (0, 0))
    written = stats.rows - stats.missing_endpoints
    report.relationships[rel_type.value] = (created + stats.relationships_created,
                                            updated + written - stats.relationships_created)
    report.missing_endpoints += stats.missing_endpoints


def _record_run(driver: Driver, database: str, report: LoadReport, started_at: datetime) -> None:
    write_nodes(driver, database, NodeLabel.LOAD_RUN, [{
        "id": report.run_id,
        "source": report.source,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(report.seconds, 2),
        "counts": json.dumps({"nodes": report.nodes, "relationships": report.relationships}),
        "rejected": len(report.rejected),
        "rejected_rows": json.dumps([str(r) for r in report.rejected[:1000]], ensure_ascii=False),
        "merged": report.resolution.get("merged_groups", 0),
        "resolution": json.dumps(report.resolution),
        "merges": json.dumps(report.merges, ensure_ascii=False),
        "notes": json.dumps(report.notes, ensure_ascii=False),
        "merge_report_file": str(report.merge_file) if report.merge_file else None,
    }])


def _write_merge_report(path: Path, report: LoadReport) -> Path:
    path.write_text(json.dumps({"run": report.run_id, "source": report.source, "statistics": report.resolution,
                                "merges": report.merges, "notes": report.notes}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def _write_rejected(path: Path, rejected: list[Rejection]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "column", "message"])
        writer.writerows([r.file, r.line, r.column, r.message] for r in rejected)
    return path
