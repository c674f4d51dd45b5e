"""The network map's cluster view: the clusters overview, or one cluster opened on its partners."""

from __future__ import annotations

import streamlit as st
from neo4j import Driver

from dashboard import data
from dashboard.i18n import language, t
from dashboard.widgets import legend, network_frame, profile_picker

DEFAULT_PARTNERS = 60


def cluster_section(driver: Driver, database: str) -> None:
    """Draw the clusters; a chosen cluster shows its members, BW partners and the rest per place."""
    overview, drawing, page = data.cluster_map_page(driver, database, language())
    names = dict(drawing.choices)
    chosen_col, outside_col, limit_col = st.columns([3, 1, 1])
    chosen = chosen_col.selectbox(t("map.cluster"), list(names), index=None, format_func=names.get,
                                  placeholder=t("map.cluster_placeholder"), key="map.cluster", help=t("map.cluster_help"))
    if chosen is None:
        st.caption(t("map.clusters_shown", clusters=len(drawing.nodes), pairs=len(drawing.edges)))
        network_frame(page, title=t("map.title"))
        legend(drawing.legend, title=t("map.legend_members"))
        return
    outside = outside_col.toggle(t("map.outside"), value=False, key="map.outside", help=t("map.outside_help"))
    partners = limit_col.slider(t("map.partners"), 10, 300, DEFAULT_PARTNERS, step=10, key="map.partners",
                                help=t("map.partners_help"))
    opened, drawing, page = data.cluster_view_page(driver, database, chosen, partners, outside, language())
    members = sum(1 for a in opened.actors if a.member)
    partners_shown = sum(1 for a in opened.actors if not a.member and not a.aggregate)
    st.caption(t("map.cluster_shown", members=members, partners=partners_shown,
                 ties=len(opened.ties), hidden=opened.hidden))
    network_frame(page, title=names[chosen])
    legend(drawing.legend, title=t("map.colour.kind"))
    profile_picker(drawing.choices, key="map.cluster_profile",
                   profile_of=lambda node: data.node_profile(driver, database, node),
                   partners_of=lambda node: data.partner_suggestions(driver, database, data.version(driver, database), node))
