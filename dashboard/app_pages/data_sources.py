"""Daten / Data: sources and licences, load history with rejected and merged rows, counts; loading."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import t

st.title(t("data.title"))
st.caption(t("data.caption"))
driver, database = data.connection()
status = data.data_status(driver, database)

st.subheader(t("data.sources"))
if status.sources:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("data.col.source"): s.name,
                    t("data.col.licence"): s.licence,
                    t("data.col.retrieved"): s.retrieved,
                    t("data.col.nodes"): s.nodes,
                    t("data.col.attribution"): s.attribution,
                    t("data.col.url"): s.url,
                }
                for s in status.sources
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={t("data.col.url"): st.column_config.LinkColumn()},
    )
else:
    st.info(t("data.no_sources"))

st.subheader(t("data.loads"))
st.caption(t("data.loads_help"))
if status.loads:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("data.col.source"): run.source,
                    t("data.col.started"): run.started_at,
                    t("data.col.finished"): run.finished_at,
                    t("data.col.counts"): str(run.counts or ""),
                    t("data.col.rejected"): str(run.rejected if run.rejected is not None else ""),
                    t("data.col.merged"): str(run.merged if run.merged is not None else ""),
                }
                for run in status.loads
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(t("data.no_loads"))

left, right = st.columns(2)
with left:
    st.subheader(t("data.labels"))
    st.dataframe(pd.DataFrame({t("data.col.label"): list(status.labels), t("data.col.count"): list(status.labels.values())}),
                 hide_index=True, width="stretch")
with right:
    st.subheader(t("data.types"))
    st.dataframe(pd.DataFrame({t("data.col.type"): list(status.types), t("data.col.count"): list(status.types.values())}),
                 hide_index=True, width="stretch")

if not data.readonly():
    st.subheader(t("data.actions"))
    st.caption(t("data.actions_help"))
    load_col, analyse_col = st.columns(2)
    if load_col.button(t("data.load_demo"), help=t("data.load_demo_help"), key="data.load_demo"):
        with st.spinner(t("data.loading")):
            report = data.load_demo(driver, database)
        data.clear()
        st.success(t("data.loaded", report=report.summary()))
    if analyse_col.button(t("data.analyse"), help=t("data.analyse_help"), key="data.analyse"):
        with st.spinner(t("data.analysing")):
            report = data.analyse(driver, database)
        data.clear()
        st.success(t("data.analysed", organisations=report.organisations, communities=report.communities))
