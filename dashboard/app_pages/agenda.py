"""Agenda: the ministry's agenda items as indicators per cluster — one panel per item with the selected
cluster, a comparison of clusters, trends by period, partner countries and CSV download."""

from datetime import date

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import agenda_data, basemap, data
from dashboard.i18n import language, t, t_or
from dashboard.widgets import csv_bytes, show_empty
from graph.countries import name_of
from queries.agenda_indicators import PERIODS

PANELS = {  # agenda item -> (indicator shown in the comparison chart, further indicators)
    "international": ("intl_share", ("partner_countries", "top_countries", "EU_share", "associated_share",
                                     "third_share", "coordinator_roles")),
    "digital": ("digital_share", ("digital_projects", "described_projects")),
    "transfer": ("transfer_share", ("ties", "firms_without_research", "linking_institutes")),
    "founding": ("sme_share", ("firms", "smes", "young_firms")),
    "skills": ("training_share", ("universities",)),
    "innovation": ("ec_contribution", ("projects", "projects_dated")),
}
DETAILS = {"digital": "digital_projects", "transfer": "firms_without_research", "skills": "universities"}

st.title(t("agenda.title"))
st.caption(t("agenda.caption"))
driver, database = data.connection()
clusters, cluster_rows = agenda_data.clusters(driver, database)
if not clusters:
    show_empty("empty.no_data")
    st.stop()


METRICS_PER_ROW = 4  # seven in one row cut both labels and figures ("Projects with partne…", "UK 33…")
TOP_SHOWN = 3         # countries named in the "top partner countries" figure; all listed, with counts, in its help


def metrics(keys: tuple, mine: dict) -> None:
    """The item's figures (``mine``: the cluster's), at most four to a row so that labels and values are read whole."""
    for start in range(0, len(keys), METRICS_PER_ROW):
        for column, key in zip(st.columns(METRICS_PER_ROW), keys[start:start + METRICS_PER_ROW]):
            if key == "top_countries":
                top = mine["details"]["top_countries"]
                column.metric(t(f"agenda.ind.{key}"), " · ".join(c for c, _ in top[:TOP_SHOWN]) or t("agenda.no_data"),
                              help=t("agenda.top_countries_help", listed=mine[key]) if top else None)
            else:
                column.metric(t(f"agenda.ind.{key}"), shown(key, mine[key]))


def shown(key: str, value) -> str:
    """A figure as text; None is "no data", never zero."""
    if value is None:
        return t("agenda.no_data")
    if key.endswith("_share"):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:,.0f} €"
    return str(value)


left, middle, right = st.columns([2, 2, 1])
cluster = left.selectbox(t("agenda.cluster"), list(clusters), format_func=clusters.get, key="agenda.cluster")
compared = middle.multiselect(t("agenda.compare"), list(clusters), default=list(clusters), format_func=clusters.get,
                              key="agenda.compared")
cut = right.date_input(t("agenda.cut"), value=date(2015, 1, 1), key="agenda.cut", help=t("agenda.cut_help"))
mine, periods, new_ties = agenda_data.cluster_figures(driver, database, cluster)
table = [r for r in cluster_rows if r["id"] in compared]
frame = pd.DataFrame(table)

for item, tab in zip(PANELS, st.tabs([t(f"agenda.item.{item}") for item in PANELS])):
    headline, more = PANELS[item]
    with tab:
        metrics((headline,) + more, mine)
        st.caption(t(f"agenda.formula.{item}"))
        known = frame[frame[headline].notna()] if not frame.empty else frame
        if not known.empty:
            st.bar_chart(known.set_index("name")[headline], horizontal=True, x_label=t(f"agenda.ind.{headline}"),
                         y_label="", sort=f"-{headline}")  # the clusters ranked, not in alphabetical order
        missing = [r["name"] for r in table if r[headline] is None]
        if missing:
            st.caption(t("agenda.no_data_for", names=", ".join(missing)))
        if item in DETAILS and mine["details"][DETAILS[item]]:
            listed = mine["details"][DETAILS[item]]
            st.dataframe(pd.DataFrame([x if isinstance(x, tuple) else (x,) for x in listed]), hide_index=True)
        if item == "international" and mine["details"]["countries"]:
            countries = sorted(mine["details"]["countries"].items(), key=lambda kv: -kv[1])[:20]
            st.subheader(t("agenda.countries"))
            st.bar_chart(pd.DataFrame({"country": [name_of(c, language()) for c, _ in countries],
                                       t("agenda.projects"): [n for _, n in countries]}).set_index("country"),
                         horizontal=True, sort=False)  # most projects first, as counted
            world = basemap.partner_countries(mine["details"]["countries"], lambda code: name_of(code, language()))
            st.pydeck_chart(pdk.Deck(
                layers=[pdk.Layer("GeoJsonLayer", world, stroked=True, filled=True, get_fill_color="properties.fill",
                                  get_line_color=[255, 255, 255, 255], line_width_min_pixels=0.5, pickable=True)],
                initial_view_state=pdk.ViewState(latitude=38, longitude=12, zoom=1.3), map_provider=None, map_style=None,
                tooltip={"text": "{name}: {n}"},
            ), width="stretch", height=420)
            st.caption(t("agenda.world_attribution", source=basemap.WORLD_ATTRIBUTION))
        if item == "innovation":
            years = pd.DataFrame({t("agenda.projects"): pd.Series(mine["details"]["projects_per_year"]),
                                  t("agenda.ec"): pd.Series(mine["details"]["ec_per_year"])}).sort_index()
            if not years.empty:
                years.index = years.index.astype(str)
                st.bar_chart(years[t("agenda.projects")])
                st.line_chart(years[t("agenda.ec")])

st.subheader(t("agenda.trends"))
trend = pd.DataFrame([{"period": p, "indicator": t(f"agenda.ind.{k}"), "value": periods[p][k]} for p in PERIODS
                      for k in ("intl_share", "digital_share", "transfer_share", "training_share")
                      if periods[p][k] is not None])
if not trend.empty:  # Altair, not st.line_chart: the periods keep their order instead of the alphabet's
    st.altair_chart(alt.Chart(trend).mark_line(point=True).encode(
        x=alt.X("period:N", sort=list(PERIODS), title=None), y=alt.Y("value:Q", axis=alt.Axis(format="%"), title=None),
        color=alt.Color("indicator:N", title=None, legend=alt.Legend(orient="bottom"))), width="stretch")
ties = pd.DataFrame({"when": list(new_ties), "new_cross_cluster_ties": list(new_ties.values())})
if not ties.empty:
    st.caption(t("agenda.new_ties"))
    st.altair_chart(alt.Chart(ties).mark_bar().encode(
        x=alt.X("when:N", sort=list(PERIODS), title=None),
        y=alt.Y("new_cross_cluster_ties:Q", title=t("agenda.new_ties"))), width="stretch")



def headers(table: pd.DataFrame) -> pd.DataFrame:
    """Column headers in the chosen language (the CSV downloads keep the machine names)."""
    return table.rename(columns=lambda c: t_or(f"agenda.ind.{c}", t_or(f"agenda.col.{c}", c)))


st.subheader(t("agenda.before_after", cut=cut.isoformat()))
split = agenda_data.split_rows(driver, database, cluster, "before_after", cut.isoformat())
st.dataframe(headers(pd.DataFrame(split).drop(columns=["level", "id"]).map(lambda v: t("agenda.no_data") if v is None else v)),
             hide_index=True)

st.subheader(t("agenda.table"))
st.dataframe(headers(frame.drop(columns=["level"])), hide_index=True)
st.download_button(t("common.download_csv"), csv_bytes(frame), "agenda.csv", "text/csv", key="agenda.csv")
# Made when the button is clicked: every cluster by period is seconds of work on a national graph.
st.download_button(t("agenda.download_periods"),
                   lambda: csv_bytes(pd.DataFrame(agenda_data.split_rows(driver, database, "", "period"))),
                   "agenda-by-period.csv", "text/csv", key="agenda.csv_periods")
