"""Karte / Geography: organisations on a map, coloured by kind or cluster, over an offline base map.

The base map (Land outline and Kreise) ships in data/basemap/, so nothing is fetched by default;
map tiles from the internet only when the user switches them on.
"""

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import basemap, data
from dashboard.graph_view import KIND_COLOURS, NONE_KEY, colour_map, legend_entries
from dashboard.i18n import formatter, kind_label, t
from dashboard.widgets import legend, show_empty

st.title(t("geo.title"))
st.caption(t("geo.caption"))
driver, database = data.connection()
options = data.filter_options(driver, database)
cluster_names = {c.id: c.name for c in options.clusters}

left, middle, right = st.columns(3)
kinds = left.multiselect(t("filter.kinds"), options.kinds, format_func=formatter("kind."), key="geo.kinds",
                         placeholder=t("filter.all"))
clusters = middle.multiselect(t("filter.clusters"), list(cluster_names), format_func=cluster_names.get,
                              key="geo.clusters", placeholder=t("filter.all"))
colour_by = right.radio(t("geo.colour_by"), ("kind", "cluster"), format_func=formatter("map.colour."),
                        key="geo.colour_by", horizontal=True)

result = data.geo_points(driver, database, tuple(kinds), tuple(clusters))
if result.without_coordinates:
    st.caption(t("geo.missing", n=result.without_coordinates))
if not result.points:
    show_empty("empty.geo_hint")
    st.stop()

groups = [kind_label(p.kind) if colour_by == "kind" else (p.clusters[0] if p.clusters else NONE_KEY)
          for p in result.points]
fixed = {kind_label(k): c for k, c in KIND_COLOURS.items()} if colour_by == "kind" else {}
colours = colour_map(groups, fixed=fixed)
frame = pd.DataFrame(
    {
        "name": [p.name for p in result.points],
        "kind": [kind_label(p.kind) for p in result.points],
        "city": [p.city or "" for p in result.points],
        "group": groups,
        "lat": [p.lat for p in result.points],
        "lon": [p.lon for p in result.points],
        "color": [[int(colours[g][i:i + 2], 16) for i in (1, 3, 5)] + [200] for g in groups],
        "hex": [colours[g] for g in groups],
    }
)
st.metric(t("geo.points"), len(frame))

tiles = st.toggle(t("geo.basemap"), value=False, help=t("geo.basemap_help"), key="geo.basemap")
map_tab, chart_tab = st.tabs([t("geo.tab.map"), t("geo.tab.chart")])
with map_tab:
    layers = [
        pdk.Layer("GeoJsonLayer", basemap.layer("kreise"), stroked=True, filled=True,
                  get_fill_color=[236, 236, 228, 255 if not tiles else 0], get_line_color=[150, 150, 150, 255],
                  line_width_min_pixels=1, pickable=False),
        pdk.Layer("GeoJsonLayer", basemap.layer("outline"), stroked=True, filled=False,
                  get_line_color=[70, 70, 70, 255], line_width_min_pixels=2, pickable=False),
        pdk.Layer(
            "ScatterplotLayer", frame, get_position="[lon, lat]", get_fill_color="color",
            get_radius=600, radius_min_pixels=3, radius_max_pixels=12, pickable=True,
            stroked=True, get_line_color=[255, 255, 255, 200], line_width_min_pixels=0.5,
        ),
    ]
    view = pdk.ViewState(latitude=basemap.CENTRE[0], longitude=basemap.CENTRE[1], zoom=6.9)
    deck = pdk.Deck(
        layers=layers, initial_view_state=view,
        map_provider="carto" if tiles else None,
        map_style="light" if tiles else None,
        tooltip={"text": "{name}\n{kind}\n{city}"},
    )
    st.pydeck_chart(deck, width="stretch", height=620)
    st.caption(t("geo.attribution", source=basemap.ATTRIBUTION))
with chart_tab:
    st.scatter_chart(frame, x="lon", y="lat", color="hex", height=520)
legend(legend_entries(groups, colours), title=t(f"map.colour.{colour_by}"))
