"""Mein Cluster / My cluster: a manager uploads the member list, reviews the matches, loads it.

The page only asks and shows: reading, matching and loading are loaders/member_list.py and the
workbook loader behind ``innograph load workbook``.
"""

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import t
from loaders import member_list as ml

STATE = "mine.upload"  # (file id, cluster id) → the parsed list and its preview


def _target(clusters: dict[str, str]) -> tuple[ml.Target | None, bool]:
    """The cluster to add to (or the new one) and the Source as the user states it."""
    new = st.toggle(t("mine.mode.new"), value=not clusters, disabled=not clusters, key="mine.new")
    left, right = st.columns(2)
    if not new:
        cluster_id = left.selectbox(t("mine.cluster"), list(clusters), format_func=clusters.get, key="mine.cluster")
        cluster_name = clusters[cluster_id]
    else:
        cluster_name = left.text_input(t("mine.new_name"), key="mine.new_name").strip()
        cluster_id = ml.new_cluster_id(cluster_name) if cluster_name else ""
    source_name = right.text_input(t("mine.source_name"), value=t("mine.source_default"), key="mine.source_name")
    licence = left.text_input(t("mine.licence"), value=t("mine.licence_default"), key="mine.licence")
    as_of = right.date_input(t("mine.as_of"), value=date.today(), key="mine.as_of", format="DD.MM.YYYY")
    if not cluster_id or not source_name.strip():
        return None, new
    return ml.Target(cluster_id, cluster_name, source_name.strip(), licence.strip(), as_of.isoformat()), new


def _show_rejected(members: ml.MemberList) -> None:
    if not members.rejected:
        return
    st.warning(t("mine.rejected", n=len(members.rejected)))
    st.dataframe(pd.DataFrame([{t("mine.col.line"): r.line, t("mine.col.column"): r.column,
                                t("mine.col.problem"): r.message} for r in members.rejected]),
                 hide_index=True, width="stretch")
    st.download_button(t("mine.rejected_download"), members.rejected_csv().encode("utf-8"),
                       "rejected-rows.csv", "text/csv", key="mine.rejected_download")


def _review(matches: list[ml.Match]) -> list[ml.Match]:
    """The preview table; the user ticks the uncertain matches to accept and unticks wrong probable ones."""
    columns = st.columns(len(ml.STATUSES))
    for column, status in zip(columns, ml.STATUSES):
        column.metric(t(f"mine.status.{status}"), sum(1 for m in matches if m.status == status))
    frame = pd.DataFrame([{"line": m.line, "name": m.name, "status": t(f"mine.status.{m.status}"),
                           "organisation": m.organisation, "score": m.score, "reason": m.reason,
                           "accept": m.confirmed} for m in matches])
    edited = st.data_editor(
        frame, hide_index=True, width="stretch", key="mine.preview", disabled=[c for c in frame.columns if c != "accept"],
        column_config={
            "line": st.column_config.NumberColumn(t("mine.col.line"), format="%d", width="small"),
            "name": st.column_config.TextColumn(t("mine.col.name"), width="medium"),
            "status": st.column_config.TextColumn(t("mine.col.status"), width="small"),
            "organisation": st.column_config.TextColumn(t("mine.col.organisation"), width="medium"),
            "score": st.column_config.ProgressColumn(t("mine.col.score"), min_value=0, max_value=100, format="%d",
                                                     width="small"),
            "reason": st.column_config.TextColumn(t("mine.col.reason"), width="medium"),
            "accept": st.column_config.CheckboxColumn(t("mine.col.accept"), help=t("mine.col.accept_help")),
        })
    return [replace(m, confirmed=bool(accept)) for m, accept in zip(matches, edited["accept"])]


st.title(t("mine.title"))
st.caption(t("mine.caption"))
if data.readonly():
    st.info(t("mine.readonly"), icon=":material/lock:")
    st.stop()
driver, database = data.connection()
clusters = {c.id: c.name for c in data.filter_options(driver, database).clusters}
target, new_cluster = _target(clusters)
upload = st.file_uploader(t("mine.upload"), type=["xlsx", "csv"], key="mine.file",
                          help=t("mine.upload_help", mb=ml.MAX_BYTES // (1024 * 1024), rows=ml.MAX_ROWS))
st.caption(t("mine.limits", mb=ml.MAX_BYTES // (1024 * 1024), rows=ml.MAX_ROWS))
if upload is None:
    st.stop()
try:
    members = ml.read_member_list(upload.getvalue(), upload.name)
except ml.MemberListError as error:
    st.error(t(f"mine.error.{error.code}", file=upload.name, **error.params), icon=":material/error:")
    st.stop()
_show_rejected(members)
if not members.members:
    st.error(t("mine.error.no_valid_rows", file=upload.name), icon=":material/error:")
    st.stop()
if target is None:
    st.info(t("mine.need_target"))
    st.stop()
key = (upload.file_id, target.cluster_id)
if st.session_state.get(STATE, (None,))[0] != key:
    with st.spinner(t("mine.matching")):
        st.session_state[STATE] = (key, ml.preview(driver, database, members, target))
st.subheader(t("mine.preview", n=len(members.members), file=upload.name))
st.caption(t("mine.preview_help"))
matches = _review(st.session_state[STATE][1])
if st.button(t("mine.load", cluster=target.cluster_name), type="primary", key="mine.load"):
    with st.spinner(t("mine.loading")):
        report = data.load_members(driver, members, target, matches, new_cluster=new_cluster)
    data.clear()
    st.session_state.pop(STATE, None)
    st.session_state[data.CLUSTER_KEY] = target.cluster_id  # Cross-Clustering opens on it
    st.session_state["mine.loaded"] = t("mine.loaded", n=report.relationships.get("MEMBER_OF", (0, 0))[0],
                                        cluster=target.cluster_name)
    st.switch_page("app_pages/cross_clustering.py")
