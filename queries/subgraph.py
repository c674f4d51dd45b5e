"""Choose the part of the graph a map shows or an export writes.

A selection has one of four modes, each giving a set of nodes; the subgraph is then the
*induced* subgraph (every relationship between two chosen nodes), except in Cypher mode where the
query's own nodes and relationships are taken as they are.

- **filters** (the default): the organisations of the one selection filter (:mod:`queries.selection`), plus
  the chosen clusters (else those the organisations belong to), the chosen fields (else those the
  clusters focus on) and, with ``include_projects``, the organisations' projects within ``years``;
- **ego**: a node and everything within ``ego_depth`` (1 or 2) relationships of it;
- **path**: exactly the listed nodes;
- **cypher**: the nodes, relationships and paths a read-only query returns (checked and run by
  :mod:`queries.console`).

In every mode ``min_weight`` and ``years`` drop collaboration ties (``COLLABORATES_WITH``) that
are too weak or lie wholly outside the years, and ``limit`` keeps the most connected nodes
(highest degree in the subgraph, ties by id; the ego node and path nodes always stay) and counts
the rest in ``hidden_nodes``.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

from neo4j import Driver

from graph.schema import RelType

from .console import run_read_only
from .cypher import read as _read
from .cypher import read_records as _records
from .errors import Ambiguous, EmptySelection, NotFound
from .selection import Selection, organisation_eids, resolve
from .subgraph_model import (GraphNode, GraphRel, Spool, SpooledSubgraph, Subgraph, cited_source_ids,
                             relationships_with_ids)

__all__ = ["GraphNode", "GraphRel", "Selection", "Subgraph", "select_subgraph", "selected_nodes", "spooled_subgraph",
           "subgraph_size"]

PAGE = 2000  # nodes per read, with their outgoing relationships
HELD = 100_000  # nodes, and relationships, a spool holds in memory (~100 MB) before it writes them to a file

def select_subgraph(driver: Driver, database: str, selection: Selection, *, timeout: float = 30.0) -> Subgraph:
    """The subgraph ``selection`` describes; raises :class:`EmptySelection` when it matches nothing.

    ``timeout`` (seconds) bounds a Cypher-mode query on the server.
    """
    selection.validate()
    if selection.mode == "cypher":
        result = run_read_only(driver, database, selection.cypher, dict(selection.params), timeout=timeout, limit=None)
        if result.subgraph is None:
            raise EmptySelection("the query returned no nodes, relationships or paths to select")
        nodes, rels, keep = result.subgraph.nodes, result.subgraph.relationships, set()
    else:
        eids, keep_eids = _node_eids(driver, database, selection)
        if not eids:
            raise EmptySelection(f"nothing matches the selection ({selection.describe()})")
        chosen = _ranked_in_database(driver, database, eids, keep_eids, selection)
        nodes, rels, keep = _induced(driver, database, chosen, keep_eids)
    rels = [r for r in rels if _tie_passes(r, selection)]
    nodes, rels, hidden = _limit(nodes, rels, selection.limit, keep)
    if selection.mode != "cypher":
        hidden += len(eids) - len(chosen)
    return Subgraph(nodes, rels, hidden, _sources(driver, database, cited_source_ids([*nodes, *rels])),
                    _review(driver, database, {n.id for n in nodes}))


def selected_nodes(driver: Driver, database: str, selection: Selection) -> int:
    """How many nodes a filter, ego or path selection matches before its node limit (no ranking)."""
    selection.validate()
    return len(_node_eids(driver, database, selection)[0])


def subgraph_size(driver: Driver, database: str, selection: Selection) -> tuple[int, int, int]:
    """The nodes, relationships and hidden nodes :func:`select_subgraph` would give for a filter, ego
    or path selection, counted in the database without reading a property: the export page's
    figures (the national default of 1,000 nodes has 105,629 ties, 34 MB read; the file is made on
    download)."""
    selection.validate()
    eids, keep_eids = _node_eids(driver, database, selection)
    if not eids:
        raise EmptySelection(f"nothing matches the selection ({selection.describe()})")
    chosen = _ranked_in_database(driver, database, eids, keep_eids, selection)
    low, high = selection.years or (None, None)
    rels = _read(driver, database, "subgraph_relationship_count", eids=chosen, min_weight=selection.min_weight,
                 year_from=low, year_to=high)[0]["relationships"]
    return len(chosen), rels, len(eids) - len(chosen)


@contextlib.contextmanager
def spooled_subgraph(driver: Driver, database: str, selection: Selection, directory: Path) -> Iterator[SpooledSubgraph | None]:
    """The subgraph :func:`select_subgraph` gives, read page by page (nodes in id order, each page with
    the relationships that start there) into spool files in a temporary folder under ``directory``,
    removed on exit; None for a Cypher selection or one the limit trims after reading (use
    :func:`select_subgraph` then). Holds only element ids and natural ids of the whole selection."""
    selection.validate()
    if selection.mode == "cypher":
        yield None
        return
    eids, keep_eids = _node_eids(driver, database, selection)
    if not eids:
        raise EmptySelection(f"nothing matches the selection ({selection.describe()})")
    chosen = _ranked_in_database(driver, database, eids, keep_eids, selection)
    if selection.limit is not None and len(chosen) > selection.limit:
        yield None
        return
    ids = {r["eid"]: str(r["id"]) if r["id"] is not None else r["eid"]
           for r in _read(driver, database, "subgraph_node_ids", eids=chosen)}
    order = sorted(chosen, key=lambda eid: (ids[eid], eid))  # the id order select_subgraph sorts nodes in
    with tempfile.TemporaryDirectory(dir=directory, prefix=".innograph-export-") as folder:
        nodes, rels = Spool(Path(folder) / "nodes", HELD), Spool(Path(folder) / "relationships", HELD)
        try:
            cited: set[str] = set()
            for page, rows, rel_rows in _pages_read_ahead(driver, database, order, chosen):
                batch = [GraphNode(ids[eid], tuple(sorted(rows[eid]["labels"])), rows[eid]["props"]) for eid in page]
                ties = relationships_with_ids((t, ids[start], ids[end], props) for t, start, end, props in rel_rows)
                if selection.min_weight is not None or selection.years:
                    ties = [r for r in ties if _tie_passes(r, selection)]
                cited.update(cited_source_ids([*batch, *ties]))
                nodes.extend(batch)
                rels.extend(ties)
            yield SpooledSubgraph(nodes, rels, len(eids) - len(chosen), _sources(driver, database, sorted(cited)),
                                  _review(driver, database, set(ids.values())))
        finally:
            nodes.close()
            rels.close()


def _pages_read_ahead(driver: Driver, database: str, order: list[str], chosen: list[str]) -> Iterator[tuple[list[str], dict, list]]:
    """Each page of ``order`` with its node rows (by element id) and relationship rows, the next page read
    by a thread while the caller spools this one: the server's time per page (0.1-0.5 s on the national
    graph) overlaps the client's work instead of adding to it."""
    pages = [order[start:start + PAGE] for start in range(0, len(order), PAGE)]
    with ThreadPoolExecutor(1) as reader:
        ahead = reader.submit(_page, driver, database, pages[0], chosen)
        for following in pages[1:] + [None]:
            page = ahead.result()
            if following is not None:
                ahead = reader.submit(_page, driver, database, following, chosen)
            yield page


def _page(driver: Driver, database: str, page: list[str], chosen: list[str]) -> tuple[list[str], dict, list]:
    rows = {row["eid"]: row for row in _records(driver, database, "subgraph_nodes", eids=page)}
    return page, rows, _records(driver, database, "subgraph_relationships_from", starts=page, eids=chosen)[0]["rels"]


def _node_eids(driver: Driver, database: str, selection: Selection) -> tuple[list[str], set[str]]:
    """Element ids of the selected nodes, and those the limit must keep."""
    if selection.mode == "ego":
        ego = _resolve_one(driver, database, selection.ego_id)
        around = _column(driver, database, f"subgraph_ego_depth{selection.ego_depth}", eid=ego)
        return _unique([ego, *around]), {ego}
    if selection.mode == "path":
        path = [_resolve_one(driver, database, value) for value in selection.path_ids]
        return _unique(path), set(path)
    return _filter_eids(driver, database, selection), set()


def _filter_eids(driver: Driver, database: str, selection: Selection) -> list[str]:
    resolved = resolve(driver, database, selection)
    clusters, fields = list(resolved.clusters) or None, list(resolved.fields) or None
    organisations = organisation_eids(driver, database, resolved)
    cluster_eids = _column(driver, database, "subgraph_clusters", clusters=clusters, organisations=organisations)
    field_eids = _column(driver, database, "subgraph_fields", fields=fields, clusters=cluster_eids)
    projects = []
    if selection.include_projects:
        low, high = selection.years or (None, None)
        projects = _column(driver, database, "subgraph_projects", organisations=organisations, year_from=low, year_to=high)
    return _unique([*organisations, *cluster_eids, *field_eids, *projects])


def _ranked_in_database(driver: Driver, database: str, eids: list[str], keep_eids: set[str], selection: Selection) -> list[str]:
    """The ``limit`` most connected of ``eids`` (``keep_eids`` always), ranked on degrees counted in
    the database, so that a 150-node map of a national graph reads 150 nodes' properties, not all.

    Degrees inside the set are counted for the nodes with most relationships of any kind first (an
    upper bound from the degree store), in growing batches, until no node left can reach the last
    kept degree: the same nodes, but on the Germany-wide default (1,000 of 26,453) 1,500 nodes
    counted instead of all, 1.7 s instead of 3.8 s.
    """
    if selection.limit is None or len(eids) <= selection.limit:
        return eids
    slots = max(selection.limit - len(keep_eids), 0)
    bounds = sorted((r for r in _read(driver, database, "subgraph_degree_bounds", eids=eids) if r["eid"] not in keep_eids),
                    key=lambda r: -r["bound"])
    low, high = selection.years or (None, None)
    counted: list[dict] = []
    start, batch = 0, max(3 * slots // 2, 1)
    while start < len(bounds) and slots:
        candidates = [r["eid"] for r in bounds[start:start + batch]]
        counted += _read(driver, database, "subgraph_degrees", candidates=candidates, eids=eids,
                         min_weight=selection.min_weight, year_from=low, year_to=high)
        start, batch = start + len(candidates), batch * 2
        counted.sort(key=lambda r: (-r["degree"], r["id"]))
        if len(counted) >= slots and start < len(bounds) and counted[slots - 1]["degree"] > bounds[start]["bound"]:
            break
    return [e for e in eids if e in keep_eids] + [r["eid"] for r in counted[:slots]]


def _induced(driver: Driver, database: str, eids: list[str], keep_eids: set[str]):
    node_rows = _read(driver, database, "subgraph_nodes", eids=eids)
    ids = {row["eid"]: str(row["props"].get("id", row["eid"])) for row in node_rows}
    nodes = [GraphNode(ids[row["eid"]], tuple(sorted(row["labels"])), row["props"]) for row in node_rows]
    rel_rows = _read(driver, database, "subgraph_relationships", eids=eids)
    rels = relationships_with_ids((r["type"], ids[r["start"]], ids[r["end"]], r["props"]) for r in rel_rows)
    return sorted(nodes, key=lambda n: n.id), rels, {ids[e] for e in keep_eids}


def _tie_passes(rel: GraphRel, selection: Selection) -> bool:
    if rel.type != RelType.COLLABORATES_WITH.value:
        return True
    if selection.min_weight is not None and (rel.props.get("weight") or 0) < selection.min_weight:
        return False
    low, high = selection.years or (None, None)
    first, last = rel.props.get("first_year"), rel.props.get("last_year")
    if low is not None and last is not None and last < low:
        return False
    return not (high is not None and first is not None and first > high)


def _limit(nodes: list[GraphNode], rels: list[GraphRel], limit: int | None, keep: set[str]):
    """Keep the ``limit`` most connected nodes (``keep`` first) and the relationships among them."""
    if limit is None or len(nodes) <= limit:
        return nodes, rels, 0
    degree: dict[str, int] = {}
    for rel in rels:
        degree[rel.start] = degree.get(rel.start, 0) + 1
        degree[rel.end] = degree.get(rel.end, 0) + 1
    ranked = sorted(nodes, key=lambda n: (n.id not in keep, -degree.get(n.id, 0), n.id))
    kept = {n.id for n in ranked[: max(limit, len(keep))]}
    return (
        [n for n in nodes if n.id in kept],
        [r for r in rels if r.start in kept and r.end in kept],
        len(nodes) - len(kept),
    )


def _sources(driver: Driver, database: str, ids: list[str]) -> list[GraphNode]:
    if not ids:
        return []
    rows = _read(driver, database, "subgraph_sources", ids=ids)
    return [GraphNode(str(r["props"]["id"]), tuple(sorted(r["labels"])), r["props"]) for r in rows]


def _review(driver: Driver, database: str, ids: set[str]) -> list[dict]:
    """The latest loads' review items (loaders.linkage) whose candidate is among ``ids``."""
    items = [item for row in _read(driver, database, "subgraph_review") for item in json.loads(row["review"])]
    return [item for item in items if item.get("candidate_id") in ids]


def _resolve_one(driver: Driver, database: str, value: str) -> str:
    """The element id of the one node whose id, name or acronym is ``value``."""
    row = _read(driver, database, "selection_resolve", label=None, values=[value])[0]
    if not row["eids"]:
        raise NotFound(f"no node with id or name {value!r}")
    if len(row["eids"]) > 1:
        raise Ambiguous(f"{value!r} names several nodes: use one of the ids {', '.join(sorted(row['ids']))}",
                        sorted(row["ids"]))
    return row["eids"][0]


def _column(driver: Driver, database: str, name: str, **params) -> list[str]:
    return [row["eid"] for row in _read(driver, database, name, **params)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
