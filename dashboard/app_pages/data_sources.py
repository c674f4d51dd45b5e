"""Daten / Data: sources and licences, load history with rejected and merged rows, counts; loading."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import t
from dashboard.widgets import sources_table


PREVIEW_KEY = "data.removal_preview"  # the dry run's counts, shown until the removal is confirmed


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

st.subheader(t("data.take_back"))
st.caption(t("data.take_back_help"))
listed = data.source_list(driver, database)
if listed:
    st.dataframe(pd.DataFrame([{
        t("data.col.source_id"): s.id, t("data.col.source"): s.name, t("data.col.licence"): s.licence,
        t("data.col.as_of"): s.as_of, t("data.col.nodes"): s.nodes, t("data.col.relationships"): s.relationships,
        t("data.col.runs"): ", ".join(str(run.started_at) for run in s.runs),
    } for s in listed]), hide_index=True, width="stretch")
if listed and not data.readonly():
    chosen = st.selectbox(t("data.remove_source"), [s.id for s in listed], index=None, key="data.remove_source",
                          placeholder=t("data.remove_choose"))
    preview = st.session_state.get(PREVIEW_KEY)
    if chosen and st.button(t("data.remove_preview"), key="data.remove_preview"):
        preview = st.session_state[PREVIEW_KEY] = data.remove_source(driver, database, chosen, dry_run=True)
    if chosen and preview is not None and preview.source_id == chosen:
        st.warning(t("data.remove_counts", source=chosen, nodes=preview.nodes_deleted,
                     relationships=preview.relationships_deleted, node_tags=preview.node_tags_removed,
                     relationship_tags=preview.relationship_tags_removed, runs=preview.load_runs_deleted,
                     redecided=preview.redecided))
        sure = st.checkbox(t("data.remove_confirm", source=chosen), key="data.remove_confirm")
        if st.button(t("data.remove"), disabled=not sure, type="primary", key="data.remove"):
            with st.spinner(t("data.removing")):
                done = data.remove_source(driver, database, chosen, dry_run=False)
            st.session_state.pop(PREVIEW_KEY, None)
            data.clear()
            st.success(t("data.removed", source=chosen, nodes=done.nodes_deleted,
                         relationships=done.relationships_deleted, node_tags=done.node_tags_removed,
                         relationship_tags=done.relationship_tags_removed, runs=done.load_runs_deleted,
                         redecided=done.redecided))

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
