"""Daten / Data: sources and licences, load history with rejected and merged rows, counts; loading."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import t
from dashboard.widgets import sources_table


def _merge_text(merge) -> str:
    if isinstance(merge, dict):
        return "; ".join(f"{key}: {value}" for key, value in merge.items())
    return str(merge)


st.title(t("data.title"))
st.caption(t("data.caption"))
driver, database = data.connection()
status = data.data_status(driver, database)

st.subheader(t("data.sources"))
if status.sources:
    sources_table(status.sources, with_url=True)
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
                    t("data.col.seconds"): run.seconds,
                    t("data.col.rejected"): run.rejected,
                    t("data.col.merged"): run.merged,
                }
                for run in status.loads
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    latest = status.loads[0]
    with st.expander(t("data.validation", source=latest.source, n=latest.rejected or 0)):
        if latest.rejected_rows:
            st.dataframe(pd.DataFrame({t("data.col.row"): [str(row) for row in latest.rejected_rows]}),
                         hide_index=True, width="stretch")
        else:
            st.caption(t("data.no_rejected"))
    with st.expander(t("data.merges", source=latest.source, n=latest.merged or 0)):
        merges = latest.merges if isinstance(latest.merges, list) else []
        if merges:
            st.dataframe(pd.DataFrame({t("data.col.merge"): [_merge_text(m) for m in merges]}),
                         hide_index=True, width="stretch")
        else:
            st.caption(t("data.no_merges"))
    with st.expander(t("data.review", source=latest.source, n=len(latest.review))):
        st.caption(t("data.review_help"))
        if latest.review:
            st.dataframe(pd.DataFrame([{t("data.col.review_name"): r.get("name"), t("data.col.candidate"): r.get("candidate"),
                                        t("data.col.score"): r.get("score"), t("data.col.reason"): r.get("reason")}
                                       for r in latest.review]), hide_index=True, width="stretch")
        else:
            st.caption(t("data.no_review"))
    if latest.notes:
        with st.expander(t("data.notes")):
            for note in latest.notes:
                st.text(str(note))
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
            report = data.load_demo(driver)
        data.clear()
        st.success(t("data.loaded", report=report.summary()))
    if analyse_col.button(t("data.analyse"), help=t("data.analyse_help"), key="data.analyse"):
        with st.spinner(t("data.analysing")):
            report = data.analyse(driver, database)
        data.clear()
        st.success(t("data.analysed", organisations=report.organisations, communities=report.communities))
