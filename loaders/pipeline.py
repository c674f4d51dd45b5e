"""The shared last steps of every load: check, resolve, write, derive, record the run.

A load reads its source as a stream of records (:class:`RecordSource`), three times:

1. *check and match*: every record is read; rejected rows are collected and each organisation
   record is reduced to a :class:`~loaders.resolve.MatchKey`. With any rejected row and without
   ``skip_invalid`` the load stops here and nothing is written (then the valid rows are written
   and a CSV of the rejected ones). Entity resolution groups the keys with the organisations
   already in the database.
2. *nodes*: every node, and every organisation entity as soon as its group's records have passed.
3. *relationships*: every relationship, its organisation ends replaced by entity ids.

Records go to the writer in batches of one transaction each, so a load that dies half-way leaves
whole batches only, and a re-run merges onto the same ids. What stays in memory is the match keys
and the ref → entity id map (a few hundred bytes per organisation record) and one batch per label
or type: an in-memory :class:`~loaders.records.Bundle` is merged whole (rows with the same id
become one row, first value wins), a streamed source per batch window (a later batch's values
then overwrite an earlier batch's, as any re-load does).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol

from neo4j import Driver

from graph.csv_text import write_csv
from graph.derive import derive_collaborations, existing_organisations, prune_stale_places
from graph.errors import InnographError
from graph.schema import ENDPOINTS, NodeLabel, OrgKind, RelType
from graph.writer import Batch, WriteStats, statement, write_batches, write_nodes

from .names import name_key
from .places import Unplaced
from .precedence import stated_records
from .progress import Progress
from .records import AliasRule, Bundle, NodeRecord, OrgRecord, Record, Rejection, RelRecord
from .regions import city_districts, region_records
from .resolve import Entity, EntityBuilder, Grouping, group, match_key

BATCH = 2000
NODE_ORDER = (NodeLabel.SOURCE, NodeLabel.REGION, NodeLabel.FIELD, NodeLabel.CLUSTER, NodeLabel.PROJECT,
              NodeLabel.PERSON, NodeLabel.EVENT, NodeLabel.TOPIC, NodeLabel.ORGANISATION, NodeLabel.COUNTRY)
ROLE_TYPES = (RelType.PARTNER_OF, RelType.PARTICIPATES_IN, RelType.MANAGES, RelType.LEADS, RelType.WORKS_FOR)


class RecordSource(Protocol):
    """A source read as a stream: ``records()`` starts from the beginning on every call and gives the
    same records in the same order; ``rejected`` is complete once ``records()`` was read through."""

    rejected: list[Rejection]

    def records(self) -> Iterable[Record]: ...


@dataclass
class BundleSource:
    """A :class:`Bundle` as a record source (all in memory, merged whole before writing)."""

    bundle: Bundle

    @property
    def rejected(self) -> list[Rejection]:
        return self.bundle.rejected

    def records(self) -> Iterable[Record]:
        return chain(self.bundle.orgs, self.bundle.nodes, self.bundle.rels, self.bundle.rules)


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
    review: list[dict] = field(default_factory=list)  # candidates not merged (loaders.linkage)
    sources: list[str] = field(default_factory=list)  # the Source ids its records cite (loaders.sources)
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
        lines += [f"  review: {r['name']} -> {r['candidate']} (score {r['score']}, {r['reason']})"
                  for r in self.review[:15]]
        if len(self.review) > 15:
            lines.append(f"    … {len(self.review) - 15} more review items" + (f" in {self.merge_file}" if self.merge_file else ""))
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
    return load_records(driver, database, BundleSource(bundle), source=source, merge_whole=True,
                        skip_invalid=skip_invalid, progress=progress, report_dir=report_dir)


def load_records(
    driver: Driver,
    database: str,
    records: RecordSource,
    *,
    source: str,
    merge_whole: bool = False,
    batch_size: int = BATCH,
    skip_invalid: bool = False,
    progress: bool | Progress = False,
    report_dir: Path | None = None,
) -> LoadReport:
    """Check, resolve and write a record source in three passes (see the module docstring).

    Records of one label or type are merged into rows ``batch_size`` records at a time, or all
    at once with ``merge_whole`` (for sources that are in memory anyway).
    """
    started = time.monotonic()
    started_at = datetime.now(timezone.utc)
    run_id = f"run:{source}:{started_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
    bar = progress if isinstance(progress, Progress) else Progress(bool(progress))
    if records.rejected and not skip_invalid:
        raise InvalidRows(records.rejected)
    existing, known, keys, rules, unplaced, cited = _match_pass(driver, database, records)
    if records.rejected and not skip_invalid:
        raise InvalidRows(records.rejected)
    report = LoadReport(source=source, run_id=run_id, rejected=list(records.rejected), sources=sorted(cited))
    grouping = group([*map(match_key, existing), *keys], rules, city_districts())  # existing first: names stay
    del keys
    stamp = run_id.rsplit(":", 1)[-1]
    if report_dir is not None and report.rejected:
        report_dir.mkdir(parents=True, exist_ok=True)
        report.rejected_file = _write_rejected(report_dir / f"rejected-{source}-{stamp}.csv", report.rejected)

    regions: set[str] = set()
    entities = EntityBuilder(grouping)
    window = Window(None if merge_whole else batch_size, batch_size)
    held: dict[str, list[str]] = defaultdict(list)  # node id → the refs it holds (a load adds to them)
    for ref, node_id in known.items():
        held[node_id].append(ref)
    placed: set[str] = set()  # organisations written with a region
    nodes = _node_batches(chain(existing, records.records()), entities, regions, window, held, placed)
    # each organisation entity comes once (EntityBuilder), so its batches can be written concurrently
    _count(report, write_batches(driver, database, _progress(nodes, bar, "nodes"),
                                 distinct=frozenset({NodeLabel.ORGANISATION})))
    merges = entities.merges_in_order()
    report.resolution = grouping.stats(merges)
    report.merges = [m.to_dict() for m in merges]
    report.review = [r.to_dict() for r in grouping.review]
    report.notes = [*grouping.notes, *unplaced.notes()]
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        report.merge_file = _write_merge_report(report_dir / f"merge-report-{source}-{stamp}.json", report)
    region_nodes, region_rels = region_records(regions)
    for label in (NodeLabel.SOURCE, NodeLabel.REGION):  # GeoNames cites itself when a Kreis is written
        rows = [n for n in region_nodes if n.label is label]
        _count(report, write_batches(driver, database, _node_rows(label, rows, batch_size)))
    rels = _rel_batches(chain(existing, records.records(), region_rels), EntityBuilder(grouping), grouping, window)
    _count(report, write_batches(driver, database, _progress(rels, bar, "relationships")))
    if existing:
        prune_stale_places(driver, database, sorted(placed))

    if RelType.PARTICIPATES_IN.value in report.relationships:
        bar.note("deriving COLLABORATES_WITH from shared projects …")
        derived = derive_collaborations(driver, database)
        before = report.relationships.get(RelType.COLLABORATES_WITH.value, (0, 0))
        report.relationships[RelType.COLLABORATES_WITH.value] = (
            before[0] + derived["created"], before[1] + derived["total"] - derived["created"])
    report.seconds = time.monotonic() - started
    _record_run(driver, database, report, started_at)
    return report


@dataclass
class DryRun:
    """Entity resolution of a source against the database, nothing written (the upload preview)."""

    grouping: Grouping
    refs: list[str]  # record index in the grouping → ref; the database's organisations ("db:<id>") first
    existing: int  # how many of them
    names: dict[str, str]  # node id → name of the organisations already in the database


def match_only(driver: Driver, database: str, records: RecordSource) -> DryRun:
    """The first pass of :func:`load_records` alone: which organisation each record would join."""
    if records.rejected:
        raise InvalidRows(records.rejected)
    existing, _, keys, rules, _, _ = _match_pass(driver, database, records)
    if records.rejected:
        raise InvalidRows(records.rejected)
    matched = [*map(match_key, existing), *keys]
    return DryRun(group(matched, rules, city_districts()), [k.ref for k in matched], len(existing),
                  {r.node_id: r.name for r in existing})


def _match_pass(driver: Driver, database: str,
                records: RecordSource) -> tuple[list[OrgRecord], dict[str, str], list, list, Unplaced, set[str]]:
    """The database's organisations as records and the node each stored ref belongs to, and the
    source's match keys, alias rules, unplaced records and the Source ids its records cite."""
    existing, known = _existing_records(driver, database)
    keys, rules, unplaced, cited = [], [], Unplaced(), set()
    for record in records.records():
        if getattr(record, "source", None):
            cited.add(record.source)
        if isinstance(record, OrgRecord):
            unplaced.see(record)
            keys.append(match_key(replace(record, node_id=known[record.ref]) if record.ref in known else record))
        elif isinstance(record, AliasRule):
            rules.append(record)
    return existing, known, keys, rules, unplaced, cited


def _existing_records(driver: Driver, database: str) -> tuple[list[OrgRecord], dict[str, str]]:
    """Organisations already in the database as records, and which node each stored ref belongs to.

    Each node takes part with what every source stated about it (:mod:`loaders.precedence`), so the
    precedence decides as if all sources were loaded together; a node written before ``stated`` was
    kept takes part with its stored properties, as stated by its first source. A record whose ref an
    existing node already holds (the same row loaded before) is tied to that node, so that re-loading
    a source gives the same graph. Existing nodes match by their name and their multi-word aliases
    (one-word aliases such as CORDIS short names are too ambiguous).
    """
    rows = existing_organisations(driver, database)
    known = {ref: o["id"] for o in rows for ref in o["refs"]}
    existing = []
    for o in rows:
        match_names = tuple(a for a in o["aliases"] if len(name_key(a).split()) > 1)
        if o["stated"]:
            existing += stated_records(o["id"], o["stated"], match_names)
            continue
        existing.append(OrgRecord(
            ref="db:" + o["id"], name=o["name"] or o["id"], source=(o["sources"] or ["database"])[0], pic=o["pic"],
            ror=o["ror"], city=o["city"], country=o["country"], region=o["region"], sme=o["sme"], lat=o["lat"],
            lon=o["lon"], website=o["website"], as_of=o["as_of"], founded=o["founded"], node_id=o["id"], match_names=match_names,
            kind=OrgKind(o["kind"]) if o["kind"] in OrgKind._value2member_map_ else None,
            kind_inferred=o["kind_inferred"]))
    return existing, known


@dataclass(frozen=True)
class Window:
    """How many records are merged into rows at a time (``None``: all), and the rows per batch."""

    records: int | None
    batch: int


def _node_batches(records: Iterable[Record], entities: EntityBuilder, regions: set[str],
                  window: Window, held: dict[str, list[str]], placed: set[str]) -> Iterator[Batch]:
    """Node batches in stream order; organisation records become entities, regions are noted."""
    pending: dict[NodeLabel, list] = defaultdict(list)
    for record in records:
        if isinstance(record, OrgRecord):
            entity = entities.add(record)
            if entity is None or not _mentioned(entity):
                continue  # a load leaves the organisations it does not mention alone
            if entity.region:
                regions.add(entity.region)
                placed.add(entity.id)
            label, item = NodeLabel.ORGANISATION, entity.row()
            item["refs"] = list(dict.fromkeys([*held.get(entity.id, ()), *item["refs"]]))
        elif isinstance(record, NodeRecord):
            if record.props.get("region"):
                regions.add(record.props["region"])
            label, item = record.label, record
        else:
            continue
        pending[label].append(item)
        if window.records and len(pending[label]) >= window.records:
            yield from _node_rows(label, pending.pop(label), window.batch)
    for label in NODE_ORDER:
        yield from _node_rows(label, pending.pop(label, []), window.batch)


def _mentioned(entity: Entity) -> bool:
    """The load states something about this organisation (it has a record besides the database's)."""
    return any(not ref.startswith("db:") for ref in entity.refs)


def _node_rows(label: NodeLabel, items: list, size: int) -> Iterator[Batch]:
    rows = items if label is NodeLabel.ORGANISATION else _merged_nodes(items).get(label, [])
    for start in range(0, len(rows), size):
        yield label, (), rows[start:start + size]


def _rel_batches(records: Iterable[Record], entities: EntityBuilder, grouping: Grouping,
                 window: Window) -> Iterator[Batch]:
    """Relationship batches: organisation ends resolved; each entity's LOCATED_IN its region."""
    pending: list[RelRecord] = []
    for record in records:
        if isinstance(record, OrgRecord):
            entity = entities.add(record)
            if entity is None or not entity.region or not _mentioned(entity):
                continue
            rel = RelRecord(RelType.LOCATED_IN, entity.id, entity.region,
                            source=entity.sources[0] if entity.sources else None)
        elif isinstance(record, RelRecord):
            rel = _resolved(record, grouping)
            if rel.type is RelType.SUBUNIT_OF and rel.start == rel.end:
                continue  # the part was merged into its whole: a link to itself says nothing
        else:
            continue
        pending.append(rel)
        if window.records and len(pending) >= window.records:
            yield from _rel_rows(pending, window.batch)
            pending = []
    yield from _rel_rows(pending, window.batch)


def _rel_rows(records: list[RelRecord], size: int) -> Iterator[Batch]:
    for (rel_type, merge_keys), rows in sorted(_merged_relationships(records).items(), key=lambda kv: kv[0][0].value):
        for start in range(0, len(rows), size):
            yield rel_type, merge_keys, rows[start:start + size]


def _resolved(rel: RelRecord, grouping: Grouping) -> RelRecord:
    """The relationship with organisation refs replaced by entity ids."""
    start_label, end_label = ENDPOINTS[rel.type]
    start = grouping.ids.get(rel.start, rel.start) if start_label is NodeLabel.ORGANISATION else rel.start
    end = grouping.ids.get(rel.end, rel.end) if end_label is NodeLabel.ORGANISATION else rel.end
    if rel.type is RelType.COLLABORATES_WITH and start > end:
        start, end = end, start
    return RelRecord(rel.type, start, end, rel.props, rel.source, rel.as_of, rel.origin)


def _merged_nodes(records: Iterable[NodeRecord]) -> dict[NodeLabel, list[dict]]:
    """One row per (label, id): first non-empty value of each property wins, sources are united."""
    rows: dict[tuple[NodeLabel, str], dict] = {}
    statements: dict[tuple[NodeLabel, str], dict[str, dict]] = defaultdict(dict)
    for record in records:
        row = rows.setdefault((record.label, record.id), {"id": record.id, "sources": []})
        props = {**record.props, "as_of": record.props.get("as_of") or record.as_of}
        _first_values(row, props)
        if record.source:
            _first_values(statements[(record.label, record.id)].setdefault(record.source, {}), props)
            if record.source not in row["sources"]:
                row["sources"].append(record.source)
    grouped: dict[NodeLabel, list[dict]] = defaultdict(list)
    for key, row in rows.items():
        grouped[key[0]].append(_with_statements(row, statements.get(key)))
    return grouped


def _merged_relationships(records: Iterable[RelRecord]) -> dict[tuple[RelType, tuple[str, ...]], list[dict]]:
    """One row per relationship identity (type, ends, and a ``role`` where the type has one)."""
    rows: dict[tuple, dict] = {}
    statements: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for rel in records:
        merge_keys = ("role",) if "role" in rel.props and rel.type in ROLE_TYPES else ()
        identity = (rel.type, merge_keys, rel.start, rel.end, tuple(rel.props.get(k) for k in merge_keys))
        row = rows.setdefault(identity, {"start": rel.start, "end": rel.end, "sources": []})
        _first_values(row, rel.props)
        if rel.source:
            stated = statements[identity].setdefault(rel.source, {})
            _first_values(stated, rel.props)
            _latest_as_of(stated, rel.as_of)
            if rel.source not in row["sources"]:
                row["sources"].append(rel.source)
        _latest_as_of(row, rel.as_of)
    grouped: dict[tuple[RelType, tuple[str, ...]], list[dict]] = defaultdict(list)
    for identity, row in rows.items():
        grouped[(identity[0], identity[1])].append(_with_statements(row, statements.get(identity)))
    return grouped


def _first_values(row: dict, props: Mapping) -> None:
    """Adds the properties ``row`` has no value for yet (the first non-empty value wins)."""
    for name, value in props.items():
        if row.get(name) in (None, "") and value not in (None, ""):
            row[name] = value


def _latest_as_of(row: dict, as_of: str | None) -> None:
    """A relationship's ``as_of`` is the latest its records give."""
    if as_of and (not row.get("as_of") or as_of > row["as_of"]):
        row["as_of"] = as_of


def _with_statements(row: dict, statements: dict[str, dict] | None) -> dict:
    """The row with what each source stated on it (:func:`graph.writer.statement`), so that taking
    a source back can restore the values the others stated (:mod:`loaders.sources`)."""
    if statements:
        row["statements"] = [statement(source, values) for source, values in statements.items()]
    return row


def _progress(batches: Iterable[Batch], bar: Progress, label: str) -> Iterator[Batch]:
    done = 0
    for batch in batches:
        done += len(batch[2])
        bar.count(label, done)
        yield batch
    bar.count(label, done, final=True)


def _count(report: LoadReport, stats: dict[NodeLabel | RelType, WriteStats]) -> None:
    """Adds what a write did to the report's created / updated counts per label and type."""
    for kind, part in stats.items():
        if isinstance(kind, NodeLabel):
            created, updated = report.nodes.get(kind.value, (0, 0))
            report.nodes[kind.value] = (created + part.nodes_created, updated + part.rows - part.nodes_created)
        else:
            created, updated = report.relationships.get(kind.value, (0, 0))
            written = part.rows - part.missing_endpoints
            report.relationships[kind.value] = (created + part.relationships_created,
                                                updated + written - part.relationships_created)
            report.missing_endpoints += part.missing_endpoints


def _record_run(driver: Driver, database: str, report: LoadReport, started_at: datetime) -> None:
    write_nodes(driver, database, NodeLabel.LOAD_RUN, [{
        "id": report.run_id,
        "source": report.source,
        "sources": report.sources,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(report.seconds, 2),
        "counts": json.dumps({"nodes": report.nodes, "relationships": report.relationships}),
        "rejected": len(report.rejected),
        "rejected_rows": json.dumps([str(r) for r in report.rejected[:1000]], ensure_ascii=False),
        "merged": report.resolution.get("merged_groups", 0),
        "resolution": json.dumps(report.resolution),
        "merges": json.dumps(report.merges, ensure_ascii=False),
        "review": json.dumps(report.review, ensure_ascii=False),
        "notes": json.dumps(report.notes, ensure_ascii=False),
        "merge_report_file": str(report.merge_file) if report.merge_file else None,
    }])


def _write_merge_report(path: Path, report: LoadReport) -> Path:
    path.write_text(json.dumps({"run": report.run_id, "source": report.source, "statistics": report.resolution,
                                "merges": report.merges, "review": report.review, "notes": report.notes}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def _write_rejected(path: Path, rejected: list[Rejection]) -> Path:
    return write_csv(path, ["file", "line", "column", "message"], ([r.file, r.line, r.column, r.message] for r in rejected))
