"""Netzwerkkarte / Network map: opens on the clusters (one node each, ties between their members);
a chosen cluster opens on its members and partners; the organisation network stays one click away."""

import streamlit as st

from dashboard import data
from dashboard.cluster_section import cluster_section
from dashboard.graph_view import COLOUR_MODES, SIZE_MODES
from dashboard.i18n import formatter, language, t
from dashboard.widgets import DEFAULT_MAP_LIMIT, empty_on, filter_widgets, legend, network_frame, profile_picker, show_empty
from queries.errors import EmptySelection

st.title(t("map.title"))
st.caption(t("map.caption"))
driver, database = data.connection()
options = data.filter_options(driver, database)

view = st.radio(t("map.view"), ("clusters", "organisations"), format_func=formatter("map.view."),
                horizontal=True, key="map.view", help=t("map.view_help"))
if view == "clusters":
    cluster_section(driver, database)
    st.stop()

actors = data.actor_names(driver, database)

with st.expander(t("filter.title"), expanded=False):
    filters = filter_widgets(options, key="map")
colour_col, size_col, limit_col = st.columns(3)
colour_by = colour_col.radio(t("map.colour_by"), COLOUR_MODES, format_func=formatter("map.colour."),
                             horizontal=True, key="map.colour_by", help=t("map.colour_help"))
size_by = size_col.radio(t("map.size_by"), SIZE_MODES, format_func=formatter("map.size."),
                         horizontal=True, key="map.size_by", help=t("map.size_help"))
limit = limit_col.slider(t("map.limit"), 20, 1000, DEFAULT_MAP_LIMIT, step=10, key="map.limit", help=t("map.limit_help"))
search_col, depth_col = st.columns([3, 1])
ego = search_col.selectbox(t("map.search"), list(actors), index=None, format_func=actors.get,
                           placeholder=t("map.search_placeholder"), key="map.ego", help=t("map.search_help"))
depth = depth_col.radio(t("map.depth"), (1, 2), horizontal=True, key="map.depth", help=t("map.depth_help"))

selection = filters.for_view(limit=limit, ego_id=ego, ego_depth=depth)
if ego and filters.restricts_nodes:
    st.caption(t("map.ego_ignores_filters"))
with empty_on("empty.map_hint", EmptySelection):
    found, drawing, page = data.network_page(driver, database, selection, colour_by, size_by, language(), ego)
if not any("Organisation" in node.labels for node in found.nodes):
    show_empty("empty.map_hint")
    st.stop()

st.caption(t("map.shown", shown=len(drawing.nodes), ties=len(drawing.edges), hidden=found.hidden_nodes))
if found.hidden_nodes:
    st.caption(t("map.hidden_hint"))
network_frame(page, title=t("map.title"))
legend(drawing.legend, title=t(f"map.colour.{colour_by}"))

profile_picker(drawing.choices, key="map.profile", profile_of=lambda node: data.node_profile(driver, database, node),
               partners_of=lambda node: data.partner_suggestions(driver, database, data.version(driver, database), node))
