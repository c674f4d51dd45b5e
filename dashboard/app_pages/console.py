"""Abfrage / Query console: read-only Cypher with examples; results as a table and, if any, a map."""

import re

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.graph_view import subgraph_drawing
from dashboard.i18n import kind_label, t
from dashboard.network_html import network_html
from dashboard.widgets import network_frame, show_empty, show_error
from graph.errors import InnographError
from queries.examples import EXAMPLES

st.title(t("console.title"))
st.caption(t("console.caption"))
driver, database = data.connection()
chosen = st.selectbox(t("console.example"), list(EXAMPLES), index=None, key="console.example",
                      format_func=lambda name: f"{EXAMPLES[name].title} ({EXAMPLES[name].group})",
                      placeholder=t("console.example_placeholder"), help=t("console.example_help"))
if chosen and st.session_state.get("console.loaded") != chosen:
    st.session_state["console.cypher"] = EXAMPLES[chosen].cypher
    st.session_state["console.loaded"] = chosen
cypher = st.text_area(t("console.query"), key="console.cypher", height=180, help=t("console.query_help"))
names = list(dict.fromkeys(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", cypher or "")))
params = {}
if names:
    columns = st.columns(min(len(names), 4))
    for index, name in enumerate(names):
        params[name] = columns[index % len(columns)].text_input(
            f"${name}", key=f"console.param.{name}", help=t("console.param_help")
        )
if not st.button(t("console.run"), key="console.run", type="primary") or not (cypher or "").strip():
    st.stop()

try:
    result = data.run_console(driver, database, cypher, params)
except InnographError as exc:
    show_error(exc)
    st.stop()
if not result.rows:
    show_empty("empty.console_hint")
    st.stop()
st.caption(t("console.rows", n=len(result.rows), ms=round(result.elapsed_ms)))
if result.truncated:
    st.caption(t("console.truncated"))
st.dataframe(pd.DataFrame(result.rows, columns=result.columns).astype(str), hide_index=True, width="stretch")
if result.subgraph is not None and result.subgraph.nodes:
    drawing = subgraph_drawing(result.subgraph, kind_label=kind_label)
    network_frame(network_html(drawing.nodes, drawing.edges), title=t("console.title"))
