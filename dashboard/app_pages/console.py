"""Abfrage / Query console: read-only Cypher with examples; results as a table and, if any, a map."""

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
examples = {example.name: example for example in EXAMPLES}
chosen = st.selectbox(t("console.example"), list(examples), index=None, key="console.example",
                      placeholder=t("console.example_placeholder"), help=t("console.example_help"))
if chosen and st.session_state.get("console.loaded") != chosen:
    st.session_state["console.cypher"] = examples[chosen].cypher
    st.session_state["console.loaded"] = chosen
cypher = st.text_area(t("console.query"), key="console.cypher", height=160, help=t("console.query_help"))
if not st.button(t("console.run"), key="console.run", type="primary") or not cypher.strip():
    st.stop()

try:
    result = data.run_console(driver, database, cypher)
except InnographError as exc:
    show_error(exc)
    st.stop()
if not result.rows:
    show_empty("empty.console_hint")
    st.stop()
st.caption(t("console.rows", n=len(result.rows)))
st.dataframe(pd.DataFrame(result.rows, columns=result.columns).astype(str), hide_index=True, width="stretch")
if result.subgraph is not None and result.subgraph.nodes:
    drawing = subgraph_drawing(result.subgraph, kind_label=kind_label)
    network_frame(network_html(drawing.nodes, drawing.edges), title=t("console.title"))
