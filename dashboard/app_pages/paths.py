"""Transferpfade / Transfer paths: the k best paths between two actors, drawn, with evidence per hop."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import language, t, t_or
from dashboard.widgets import empty_on, network_frame, show_empty
from queries.errors import EmptySelection, NoPath

st.title(t("paths.title"))
st.caption(t("paths.caption"))
driver, database = data.connection()
actors = data.actor_names(driver, database)
if not actors:
    show_empty("empty.no_data")
    st.stop()

left, right, k_col = st.columns([3, 3, 1])
source = left.selectbox(t("paths.source"), list(actors), index=None, format_func=actors.get,
                        placeholder=t("map.search_placeholder"), key="paths.source", help=t("paths.source_help"))
target = right.selectbox(t("paths.target"), list(actors), index=None, format_func=actors.get,
                         placeholder=t("map.search_placeholder"), key="paths.target", help=t("paths.target_help"))
k = k_col.number_input(t("paths.k"), 1, 10, 3, key="paths.k", help=t("paths.k_help"))
if not source or not target:
    st.info(t("paths.choose"))
    st.stop()
if source == target:
    st.info(t("paths.same"))
    st.stop()

with empty_on("empty.paths_hint", NoPath, EmptySelection):
    paths, page = data.transfer_paths(driver, database, source, target, int(k), language())
if not paths:
    show_empty("empty.paths_hint")
    st.stop()

st.caption(t("paths.found", n=len(paths)))
network_frame(page, title=t("paths.title"))
for number, path in enumerate(paths, start=1):
    st.markdown(f"**{t('paths.path', n=number)}:** " + " → ".join(a.name.replace("*", "\\*") for a in path.nodes))
    rows = []
    for hop in path.hops:
        for item in hop.evidence or [{}]:
            rows.append(
                {
                    t("paths.col.from"): getattr(hop.source, "name", hop.source),
                    t("paths.col.to"): getattr(hop.target, "name", hop.target),
                    t("paths.col.kind"): t_or(f"paths.hop.{hop.kind}", str(hop.kind)),
                    t("paths.col.weight"): hop.weight,
                    t("paths.col.evidence"): ", ".join(f"{key}: {value}" for key, value in item.items() if value not in (None, "")),
                }
            )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
