"""Cached agenda facts for the Agenda page: read once per TTL, then every indicator is computed in memory."""

from __future__ import annotations

import streamlit as st
from neo4j import Driver

from dashboard.data import TTL_SECONDS
from queries.agenda import read_facts
from queries.agenda_indicators import Facts


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def facts(_driver: Driver, database: str) -> Facts:
    """Cached like every other result, so the sidebar's refresh forgets it too."""
    return read_facts(_driver, database)
