"""Cross-Clustering: for one cluster, candidate partner clusters and organisation pairs with reasons."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import kind_label, reason_text, t, t_or
from dashboard.widgets import chance_caption, chance_text, csv_bytes, empty_on, show_empty
from queries.errors import EmptySelection

st.title(t("cross.title"))
st.caption(t("cross.caption"))
if "mine.loaded" in st.session_state:  # arrived from "My cluster" after loading a member list
    st.success(st.session_state.pop("mine.loaded"))
driver, database = data.connection()
options = data.filter_options(driver, database)
clusters = {c.id: c.name for c in options.clusters}
if not clusters:
    show_empty("empty.no_data")
    st.stop()


def _remember() -> None:
    """Runs before the rerun a choice causes, so the choice wins over the remembered cluster."""
    st.session_state[data.CLUSTER_KEY] = st.session_state["cross.cluster"]


# The cluster chosen last (here, or by an upload on another page) lives in a plain session key that
# survives page switches; without one, the page opens on the cluster with the most members.
if st.session_state.get(data.CLUSTER_KEY) in clusters:
    st.session_state["cross.cluster"] = st.session_state[data.CLUSTER_KEY]
elif st.session_state.get("cross.cluster") not in clusters:
    st.session_state["cross.cluster"] = max(options.clusters, key=lambda c: c.members or 0).id  # ties: by name
left, right = st.columns([3, 1])
cluster = left.selectbox(t("cross.cluster"), list(clusters), format_func=clusters.get, key="cross.cluster",
                         help=t("cross.cluster_help"), on_change=_remember)
st.session_state[data.CLUSTER_KEY] = cluster
top = right.slider(t("cross.top"), 3, 30, 10, key="cross.top")
with empty_on("empty.cross_hint", EmptySelection):
    found = data.candidates(driver, database, cluster, top)
cluster_rows, org_rows = found.clusters, found.organisations
if not cluster_rows and not org_rows:
    show_empty("empty.cross_hint")
    st.stop()


# What a cluster manager reads first comes first: names, the score, its chance and its reasons; the score's
# parts and the ids follow (at a laptop's width the first six columns are what is in view).
CLUSTER_COLUMNS = ("name", "score", "reasons", "ties", "shared_fields", "common_partners", "field_overlap",
                   "partner_overlap", "id")
PAIR_COLUMNS = ("member", "candidate", "candidate_kind", "score", "chance", "reasons", "candidate_clusters",
                "common_partners", "link_score", "field_similarity", "same_region", "member_id", "candidate_id")


def table(rows, name: str, columns: tuple) -> None:
    frame = pd.DataFrame([_flat(row, columns) for row in rows])
    chance = t("cross.col.chance")
    if chance in frame and not frame[chance].any():  # not calibrated (no analyze yet, or a narrowed selection)
        frame = frame.drop(columns=chance)
    if frame.empty:
        st.info(t("cross.none"))
        return
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(t("common.download_csv"), csv_bytes(frame), f"{name}.csv",
                       "text/csv", key=f"cross.{name}")


def _flat(row, columns: tuple) -> dict:
    flat = {}
    values = {**row.to_dict(), "reasons": [reason_text("cross.why.", part) for part in row.reason_parts]}
    values.pop("chance_years", None)  # said once, in the caption under the table
    for key in sorted(values, key=lambda k: columns.index(k) if k in columns else len(columns)):
        value = values[key]
        if key == "chance":
            value = chance_text(value)
        elif key == "candidate_kind":
            value = kind_label(value)
        elif isinstance(value, list):
            value = "; ".join(map(str, value))
        elif isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items())
        flat[t_or(f"cross.col.{key}", key)] = value
    return flat


if found.bounded:
    st.info(t("cross.bounded", partners=found.max_partners, fanout=found.max_fanout))
st.subheader(t("cross.clusters"))
st.caption(t("cross.clusters_help"))
table(cluster_rows, "cluster_candidates", CLUSTER_COLUMNS)
if found.clusters_ranked_at:
    st.caption(t("cross.ranked_at", at=found.clusters_ranked_at))
st.subheader(t("cross.organisations"))
st.caption(t("cross.organisations_help"))
table(org_rows, "organisation_candidates", PAIR_COLUMNS)
chance_caption(org_rows)
if found.pairs_ranked_at:
    st.caption(t("cross.ranked_at", at=found.pairs_ranked_at))
