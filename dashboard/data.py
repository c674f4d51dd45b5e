"""The dashboard's cached data layer: one driver per process, cached results per question.

Pages call these functions and render; nothing here draws. Results are cached with
``st.cache_data`` (the driver is passed as ``_driver`` so it is not hashed); the sidebar's refresh
button clears them after a load. Analytics modules are imported where they are used, so that the
overview page does not pay for NetworkX on a cold start.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

import streamlit as st
from neo4j import Driver

from graph.admin import count_by_label, count_by_type
from graph.connection import check_connection, create_driver
from graph.settings import Settings
from queries import overview as overview_queries

if TYPE_CHECKING:
    from loaders.member_list import Match, MemberList, Target
    from loaders.pipeline import LoadReport
    from loaders.sources import RemovalCounts, SourceSummary
    from queries.analyze import AnalyzeReport
    from queries.bridges import BridgeRow, TieMatrix
    from queries.candidates import Candidates
    from queries.cluster_map import ClusterMap, ClusterView
    from queries.console import ConsoleResult
    from queries.projection_cache import GraphVersion
    from queries.selection import Selection
    from queries.subgraph_model import Subgraph

    from .graph_view import Drawing

TTL_SECONDS = 600
# The cluster the user chose last (Cross-Clustering, or the "My cluster" upload): a plain session
# key, so that it survives page switches where a widget's own state is dropped.
CLUSTER_KEY = "innograph.cluster"


def readonly() -> bool:
    """Viewer mode (``INNOGRAPH_READONLY=1``): no loading, no analysis write-back."""
    return os.environ.get("INNOGRAPH_READONLY", "").strip().lower() in ("1", "true", "yes")


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _driver(uri: str, user: str, _settings: Settings) -> Driver:
    return create_driver(_settings)


def connection() -> tuple[Driver, str]:
    """The process's one driver (it connects on first use) and the database name."""
    current = settings()
    return _driver(current.uri, current.user, current), current.database


def ensure_reachable() -> None:
    """Fail fast with :class:`~graph.errors.DatabaseUnavailable` when Neo4j is down.

    Without this check the first query of a page would retry for the driver's whole retry time.
    A success is remembered for a few seconds, so that reruns do not pay a round trip each.
    """
    current = settings()
    _reachable(current.uri, current.database, _driver(current.uri, current.user, current), current)


@st.cache_data(ttl=10, show_spinner=False)
def _reachable(uri: str, database: str, _driver: Driver, _settings: Settings) -> str:
    return check_connection(_driver, _settings)


def clear() -> None:
    """Forget every cached result (after a load or an analysis run)."""
    st.cache_data.clear()


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview(_driver: Driver, database: str) -> overview_queries.Overview:
    return overview_queries.overview(_driver, database)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def filter_options(_driver: Driver, database: str) -> overview_queries.FilterOptions:
    return overview_queries.filter_options(_driver, database)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def partner_suggestions(_driver: Driver, database: str, graph: GraphVersion, node_id: str, top: int = 5) -> list:
    """The profile's "Partners for …": organisations two hops away without a tie yet, best first
    (:func:`queries.candidates.partners`, the expansion around this organisation only)."""
    from queries.candidates import partners

    return partners(_driver, database, node_id, top=top).partners


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def node_profile(_driver: Driver, database: str, node_id: str) -> overview_queries.NodeProfile | None:
    return overview_queries.node_profile(_driver, database, node_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def actor_names(_driver: Driver, database: str) -> dict[str, str]:
    """Id -> name of every actor to choose from. A plain dict: a cache hit copies the result, and
    26,000 ``Actor`` records took 0.17 s to copy on the Germany-wide graph, their names 0.01 s."""
    return {a.id: a.name for a in overview_queries.actors(_driver, database)}


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def geo_points(_driver: Driver, database: str, kinds: tuple[str, ...], clusters: tuple[str, ...]) -> overview_queries.GeoPoints:
    return overview_queries.geo_points(_driver, database, kinds=kinds, clusters=clusters)


@dataclass(frozen=True)
class DataStatus:
    """What the data page shows: sources, load runs and node/relationship counts."""

    sources: list[overview_queries.SourceInfo]
    loads: list[overview_queries.LoadRunInfo]
    labels: dict[str, int]
    types: dict[str, int]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def data_status(_driver: Driver, database: str) -> DataStatus:
    return DataStatus(
        sources=overview_queries.sources(_driver, database),
        loads=overview_queries.load_history(_driver, database),
        labels=count_by_label(_driver, database),
        types=count_by_type(_driver, database),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def subgraph(_driver: Driver, database: str, selection: Selection) -> Subgraph:
    from queries.subgraph import select_subgraph

    return select_subgraph(_driver, database, selection)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def selected_nodes(_driver: Driver, database: str, selection: Selection) -> int:
    """Nodes a selection matches before its limit (export page: no ranking, no relationship read)."""
    from queries.subgraph import selected_nodes as count

    return count(_driver, database, selection)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def subgraph_size(_driver: Driver, database: str, selection: Selection) -> tuple[int, int, int]:
    """Nodes, relationships and hidden nodes of a selection, counted without reading it (export page)."""
    from queries.subgraph import subgraph_size as size

    return size(_driver, database, selection)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def network_page(
    _driver: Driver, database: str, selection: Selection, colour_by: str, size_by: str, language: str, highlight: str | None
) -> tuple[Subgraph, Drawing, str]:
    """The subgraph, its drawing and the map's HTML for one selection (language only changes labels)."""
    from . import graph_view, i18n
    from .network_html import network_html

    found = subgraph(_driver, database, selection)
    drawing = graph_view.subgraph_drawing(
        found,
        colour_by=colour_by,
        size_by=size_by,
        kind_label=lambda kind: i18n.catalogue(language).get(f"kind.{kind}", kind),
        highlight=highlight,
    )
    return found, drawing, network_html(drawing.nodes, drawing.edges)


# Up to this many ties whole-graph metrics take seconds (the demo: 13,251 ties, 1–5 s): the bridges page
# computes them on first paint when no current analyze stored them. Beyond (the Germany-wide graph: 672,138
# ties, about a minute on the lean projection) it asks first.
QUICK_PROJECTION_TIES = 20_000


def version(driver: Driver, database: str) -> GraphVersion:
    """The graph's version (one cheap read): part of the cache key of results that the stored
    metrics decide, so that a load or ``analyze`` from the command line is seen without a refresh."""
    from queries.projection_cache import graph_version

    return graph_version(driver, database)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def analysis_is_current(_driver: Driver, database: str, graph: GraphVersion) -> bool:
    """Whether ``analyze`` stored metrics for the graph as it is (then whole-graph bridges read them)."""
    from queries.stored_metrics import current_analysis

    return current_analysis(_driver, database) is not None


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def projection_is_quick(_driver: Driver, database: str, graph: GraphVersion) -> bool:
    """Whether a whole-graph projection is small enough to build without asking (count store).
    ``graph`` (:func:`version`) only keys the cache, here and below."""
    from queries.cypher import read

    return read(_driver, database, "tie_count")[0]["ties"] <= QUICK_PROJECTION_TIES


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def bridge_ranking(_driver: Driver, database: str, graph: GraphVersion, top: int, flt: Selection) -> list[BridgeRow]:
    """The bridge ranking: over the whole graph from the metrics ``analyze`` stored while they are
    current (no projection), else computed on the selection's projection."""
    from queries.bridges import bridge_report

    return bridge_report(_driver, database, top=top, flt=flt).rows


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def tie_matrix(_driver: Driver, database: str, graph: GraphVersion, flt: Selection) -> TieMatrix:
    """The cluster-to-cluster tie matrix (over the whole graph from the members' ties alone)."""
    from queries.bridges import cluster_tie_matrix

    return cluster_tie_matrix(_driver, database, flt)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def transfer_paths(_driver: Driver, database: str, source: str, target: str, k: int, language: str) -> tuple[list, str]:
    """The k paths between two actors and the HTML that draws them."""
    from queries.paths import transfer_paths as find_paths

    from . import graph_view, i18n
    from .network_html import network_html

    paths = find_paths(_driver, database, source, target, k=k)
    drawing = graph_view.path_drawing(
        paths, kind_label=lambda kind: i18n.catalogue(language).get(f"kind.{kind}", kind)
    )
    return paths, network_html(drawing.nodes, drawing.edges)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def candidates(_driver: Driver, database: str, cluster: str, top: int) -> Candidates:
    """Candidate partner clusters and organisation pairs for one cluster: what the last ``analyze`` stored
    while the graph is unchanged (``*_ranked_at``), else from a bounded expansion in the database (default
    bounds; ``bounded`` says whether they left hubs' ties out)."""
    from queries.candidates import candidates as find_candidates

    return find_candidates(_driver, database, cluster, top=top, top_organisations=top * 2)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def export_bytes(_driver: Driver, database: str, selection: Selection, fmt: str) -> bytes:
    from queries.export import export_subgraph

    return export_subgraph(subgraph(_driver, database, selection), fmt, selection.describe())


def run_console(driver: Driver, database: str, cypher: str, params: dict | None = None) -> ConsoleResult:
    """Console queries are not cached: the user expects each run to ask the database."""
    from queries.console import run_read_only

    return run_read_only(driver, database, cypher, params)


def warm_up() -> None:
    """Fill the caches of the default views in the background, once per server process.

    Only under ``innograph serve`` (``INNOGRAPH_WARM_UP=1``): while a visitor reads the overview,
    the heavy analytics of the map, bridges and export pages are computed, so that their first
    render is a warm one. Tests and the benchmark run without it.
    """
    if os.environ.get("INNOGRAPH_WARM_UP") == "1":
        current = settings()
        _warm_up_thread(current.uri, current.database)


@st.cache_resource(show_spinner=False)
def _warm_up_thread(uri: str, database: str) -> threading.Thread:
    driver, database = connection()
    thread = threading.Thread(target=_warm, args=(driver, database), name="innograph-warm-up", daemon=True)
    thread.start()
    return thread


def _warm(driver: Driver, database: str) -> None:
    from .i18n import DEFAULT_LANGUAGE
    from queries.selection import Selection

    from .widgets import DEFAULT_EXPORT_LIMIT, DEFAULT_MAP_LIMIT

    defaults = Selection(min_weight=1)
    steps = (
        lambda: filter_options(driver, database),
        lambda: actor_names(driver, database),
        lambda: cluster_map_page(driver, database, DEFAULT_LANGUAGE),
        lambda: network_page(driver, database, defaults.for_view(limit=DEFAULT_MAP_LIMIT), "kind", "degree",
                             DEFAULT_LANGUAGE, None),
        lambda: _warm_bridges(driver, database, defaults),
        lambda: selected_nodes(driver, database, defaults.for_view(limit=DEFAULT_EXPORT_LIMIT)),
    )
    for step in steps:
        try:
            step()
        except Exception as exc:  # best effort: the page computes it again and reports any error itself
            logging.getLogger(__name__).info("warm-up step skipped: %s", exc)


def _warm_bridges(driver: Driver, database: str, defaults: Selection) -> None:
    """The bridges page's default view, unless it needs a whole-graph projection the page would ask
    for first (then the warm-up would only take the machine's memory and cores for it)."""
    from .widgets import DEFAULT_TOP_BRIDGES

    graph = version(driver, database)
    if not analysis_is_current(driver, database, graph) and not projection_is_quick(driver, database, graph):
        return
    bridge_ranking(driver, database, graph, DEFAULT_TOP_BRIDGES, defaults)
    tie_matrix(driver, database, graph, defaults)


def load_demo(driver: Driver) -> LoadReport:
    """Load the bundled Baden-Württemberg data (the data page offers it unless in viewer mode).

    The same entry as ``innograph load demo``, into the configured database: it refuses to start
    while the local server's disk is nearly full, and creates the schema first.
    """
    from loaders import load

    return load(driver, settings(), "demo", progress=False)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def source_list(_driver: Driver, database: str) -> list[SourceSummary]:
    """Every source with its counts and load runs (:func:`loaders.sources.list_sources`)."""
    from loaders.sources import list_sources

    return list_sources(_driver, database)


def remove_source(driver: Driver, database: str, source_id: str, *, dry_run: bool) -> RemovalCounts:
    """Take a source back, or only count what that would remove (the data page previews first)."""
    from loaders.sources import remove_source as remove

    return remove(driver, database, source_id, dry_run=dry_run)


def analyse(driver: Driver, database: str) -> AnalyzeReport:
    """Compute centralities, communities and bridge scores and write them back."""
    from queries.analyze import analyze

    return analyze(driver, database)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def cluster_map_page(_driver: Driver, database: str, language: str) -> tuple[ClusterMap, Drawing, str]:
    """The clusters overview, its drawing and HTML (the network map's first view)."""
    from queries.cluster_map import cluster_map

    from . import cluster_view
    from .network_html import network_html

    found = cluster_map(_driver, database)
    drawing = cluster_view.clusters_drawing(found, _text(language))
    return found, drawing, network_html(drawing.nodes, drawing.edges)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def cluster_view_page(_driver: Driver, database: str, cluster: str, partners: int, outside: bool,
                      language: str) -> tuple[ClusterView, Drawing, str]:
    """One cluster opened on its members and partners, its drawing and HTML."""
    from queries.cluster_map import cluster_view as opened

    from . import cluster_view, i18n
    from .network_html import network_html

    found = opened(_driver, database, cluster, partners=partners, outside=outside)
    labels = i18n.catalogue(language)
    drawing = cluster_view.cluster_drawing(found, _text(language), lambda kind: labels.get(f"kind.{kind}", kind))
    return found, drawing, network_html(drawing.nodes, drawing.edges)


def _text(language: str) -> Callable[..., str]:
    """``t`` for one language, usable outside a page run (the caches are per language)."""
    from . import i18n

    labels = i18n.catalogue(language)
    return lambda key, **values: labels.get(key, key).format(**values)


def load_members(driver: Driver, members: MemberList, target: Target, matches: Sequence[Match], *,
                 new_cluster: bool) -> LoadReport:
    """Load an uploaded member list through the workbook loader (``innograph load workbook``), the
    user's match decisions included, from a temporary workbook folder that is removed afterwards."""
    import tempfile
    from pathlib import Path

    from loaders import load
    from loaders.member_list import write_workbook

    with tempfile.TemporaryDirectory(prefix="innograph-members-") as folder:
        book = write_workbook(Path(folder) / "workbook", members, target, matches, new_cluster=new_cluster)
        return load(driver, settings(), "workbook", book, progress=False)
