"""Überblick / Overview: key figures, organisations by region and field, data sources."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import kind_label, language, t
from dashboard.widgets import show_empty, sources_table

st.title(t("overview.title"))
st.caption(t("overview.caption"))
result = data.overview(*data.connection())

if result.empty:
    show_empty("empty.no_data")
    st.stop()

figures = result.figures
columns = st.columns(6)
for column, (key, value) in zip(
    columns,
    (
        ("organisations", figures.organisations),
        ("clusters", figures.clusters),
        ("projects", figures.projects),
        ("ties", figures.ties),
        ("smes", figures.smes),
        ("fields", figures.fields),
    ),
):
    column.metric(t(f"overview.metric.{key}"), f"{value:,}".replace(",", "." if language() == "de" else ","),
                  help=t(f"overview.metric.{key}_help"))

kinds = pd.DataFrame(
    [{t("overview.col.kind"): kind_label(kind), t("overview.col.count"): n} for kind, n in figures.by_kind.items()]
)
regions = pd.DataFrame(
    [{t("overview.col.region"): c.name or t("overview.no_region"), t("overview.col.count"): c.n} for c in result.by_region]
)
fields = pd.DataFrame(
    [{t("overview.col.field"): (c.name_de if language() == "de" else c.name), t("overview.col.count"): c.n}
     for c in result.by_field if c.n > 0]
)


def bar(frame: pd.DataFrame, category: str) -> None:
    if frame.empty:
        st.caption(t("overview.chart_empty"))
        return
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{t('overview.col.count')}:Q"),
        y=alt.Y(f"{category}:N", sort="-x", title=None),
        tooltip=list(frame.columns),
    )
    st.altair_chart(chart, width="stretch")


left, middle, right = st.columns(3)
with left:
    st.subheader(t("overview.by_kind"))
    bar(kinds, t("overview.col.kind"))
with middle:
    st.subheader(t("overview.by_region"))
    bar(regions, t("overview.col.region"))
with right:
    st.subheader(t("overview.by_field"))
    bar(fields, t("overview.col.field"))

st.subheader(t("overview.sources"))
st.caption(t("overview.sources_help"))
sources_table(result.sources)
