"""Brücken / Bridges: who links clusters, why (brokerage roles), and the cluster tie matrix."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import kind_label, reason_text, t
from dashboard.widgets import DEFAULT_TOP_BRIDGES, csv_bytes, empty_on, filter_widgets, show_empty
from queries.errors import EmptySelection

ASKED = "bridges.whole_graph"  # the user asked for the whole-graph ranking once in this session

st.title(t("bridges.title"))
st.caption(t("bridges.caption"))
driver, database = data.connection()
options = data.filter_options(driver, database)
with st.expander(t("filter.title"), expanded=False):
    filters = filter_widgets(options, key="bridges")
top = st.slider(t("bridges.top"), 5, 100, DEFAULT_TOP_BRIDGES, step=5, key="bridges.top", help=t("bridges.top_help"))

graph = data.version(driver, database)
projecting = filters.is_restricted() or not data.analysis_is_current(driver, database, graph)
# Over the whole graph without a current `innograph analyze`, a large graph is projected only on request.
if (projecting and not filters.is_restricted() and not data.projection_is_quick(driver, database, graph)
        and not st.session_state.get(ASKED)):
    st.info(t("bridges.ask"))
    st.button(t("bridges.compute"), key="bridges.compute", type="primary",
              on_click=lambda: st.session_state.update({ASKED: True}))
    st.stop()
bar = st.progress(0.0, text=t("bridges.progress.ranking")) if projecting else None
with empty_on("empty.bridges_hint", EmptySelection):
    ranking = data.bridge_ranking(driver, database, graph, top, filters)
    if bar:
        bar.progress(0.8, text=t("bridges.progress.matrix"))
    matrix = data.tie_matrix(driver, database, graph, filters)
if bar:
    bar.empty()
if not ranking:
    show_empty("empty.bridges_hint")
    st.stop()

st.subheader(t("bridges.ranking"))
with st.popover(t("bridges.metrics_help_title")):
    for metric in ("betweenness", "participation", "constraint", "effective_size", "roles"):
        st.markdown(f"**{t('bridges.col.' + metric)}** — {t('bridges.explain.' + metric)}")
frame = pd.DataFrame(
    [
        {
            t("bridges.col.name"): row.name,
            t("bridges.col.kind"): kind_label(row.kind),
            t("bridges.col.betweenness"): row.betweenness,
            t("bridges.col.participation"): row.participation,
            t("bridges.col.constraint"): row.constraint,
            t("bridges.col.effective_size"): row.effective_size,
            t("bridges.col.clusters"): ", ".join(row.clusters_linked),
            t("bridges.col.roles"): ", ".join(f"{t('role.' + role)}: {n}" for role, n in row.roles.items() if n),
            t("bridges.col.partners"): ", ".join(row.main_partners),
        }
        for row in ranking
    ]
)
st.dataframe(
    frame, hide_index=True, width="stretch",
    column_config={
        t("bridges.col.betweenness"): st.column_config.NumberColumn(format="%.3f", help=t("bridges.explain.betweenness")),
        t("bridges.col.participation"): st.column_config.NumberColumn(format="%.2f", help=t("bridges.explain.participation")),
        t("bridges.col.constraint"): st.column_config.NumberColumn(format="%.2f", help=t("bridges.explain.constraint")),
        t("bridges.col.effective_size"): st.column_config.NumberColumn(format="%.1f", help=t("bridges.explain.effective_size")),
    },
)
st.download_button(t("common.download_csv"), csv_bytes(frame), "bridges.csv", "text/csv",
                   key="bridges.csv")

with st.expander(t("bridges.explanations")):
    for row in ranking[:10]:
        st.markdown(f"**{row.name}** — " + "; ".join(reason_text("bridges.why.", p) for p in row.explanation_parts))

st.subheader(t("bridges.matrix"))
st.caption(t("bridges.matrix_help"))
names = [name for _, name in matrix.clusters]
ids = [cid for cid, _ in matrix.clusters]
cells = [
    {
        "a": names[i], "b": names[j], "ties": matrix.counts[i][j],
        "carriers": ", ".join((matrix.carriers.get(f"{ids[i]}|{ids[j]}") or matrix.carriers.get(f"{ids[j]}|{ids[i]}") or [])[:5]),
    }
    for i in range(len(names)) for j in range(len(names)) if i != j and matrix.counts[i][j]
]
if not cells:
    st.info(t("bridges.matrix_empty"))
else:
    heat = alt.Chart(pd.DataFrame(cells)).mark_rect().encode(
        x=alt.X("a:N", title=None, scale=alt.Scale(domain=names)), y=alt.Y("b:N", title=None, scale=alt.Scale(domain=names)),
        color=alt.Color("ties:Q", title=t("bridges.ties"), scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("a:N", title=t("bridges.cluster_a")), alt.Tooltip("b:N", title=t("bridges.cluster_b")),
                 alt.Tooltip("ties:Q", title=t("bridges.ties")), alt.Tooltip("carriers:N", title=t("bridges.carriers"))],
    ).properties(height=max(300, 22 * len(names)))
    st.altair_chart(heat, width="stretch")
