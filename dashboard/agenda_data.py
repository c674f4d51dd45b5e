"""Cached agenda facts and figures for the Agenda page: the facts are read once per TTL, and each figure
the page shows is cached too, so that a rerun copies small results, not the facts (10 MB on the
Germany-wide graph) or recomputes the indicators (seconds there)."""

from __future__ import annotations

import streamlit as st
from neo4j import Driver

from dashboard.data import TTL_SECONDS
from queries.agenda import read_facts, rows
from queries.agenda_indicators import Facts, by_period, indicators, new_cross_cluster_ties


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def facts(_driver: Driver, database: str) -> Facts:
    """Only what cluster-level figures read (the page shows nothing else); cached like every other
    result, so the sidebar's refresh forgets it too."""
    return read_facts(_driver, database, clusters_only=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def clusters(_driver: Driver, database: str) -> tuple[dict[str, str], list[dict]]:
    """The clusters (id -> name, most projects first) and one row of indicators per cluster."""
    found = facts(_driver, database)
    table = rows(found, "cluster")
    projects = {r["id"]: r["projects"] for r in table}
    names = {c: name for c, (name, _) in sorted(found.groups("cluster").items(), key=lambda kv: -projects[kv[0]])}
    return names, table


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def cluster_figures(_driver: Driver, database: str, cluster: str) -> tuple[dict, dict, dict[str, int]]:
    """One cluster's indicators, the same per period, and its new cross-cluster ties per period."""
    found = facts(_driver, database)
    members = found.groups("cluster")[cluster][1]
    return indicators(found, members), by_period(found, members), new_cross_cluster_ties(found, cluster)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def split_rows(_driver: Driver, database: str, cluster: str, by: str, cut: str | None = None) -> list[dict]:
    """Rows of one cluster (or of every cluster with ``cluster=""``) split by period or before/after ``cut``."""
    return rows(facts(_driver, database), "cluster", by=by, only=cluster or None, cut=cut)
