"""Export: choose a subgraph as on the map page and download it (GraphML, GEXF, JSON, CSV, Cypher)."""

import streamlit as st

from dashboard import data
from dashboard.i18n import formatter, t
from dashboard.widgets import DEFAULT_EXPORT_LIMIT, empty_on, filter_widgets, show_empty
from queries.errors import EmptySelection

COUNT = "export.counted"  # the user asked once in this session to count relationships over the limit
FILE_TYPES = {"graphml": "application/xml", "gexf": "application/xml", "json": "application/json",
              "csv": "application/zip", "cypher": "text/plain"}

st.title(t("export.title"))
st.caption(t("export.caption"))
driver, database = data.connection()
options = data.filter_options(driver, database)
filters = filter_widgets(options, key="export")
limit = st.slider(t("map.limit"), 20, 5000, DEFAULT_EXPORT_LIMIT, step=20, key="export.limit", help=t("export.limit_help"))
selection = filters.for_view(limit=limit)
with empty_on("empty.map_hint", EmptySelection):
    matched = data.selected_nodes(driver, database, selection)
if not matched:
    show_empty("empty.map_hint")
    st.stop()

st.metric(t("export.nodes"), min(matched, limit))
# Over the limit, counting the file's relationships means ranking every node first (seconds on a
# national graph): only when asked. Within it, the count is one cheap read.
if matched <= limit or st.session_state.get(COUNT):
    with st.spinner(t("export.counting")):
        _, ties, hidden = data.subgraph_size(driver, database, selection)
    st.caption(t("export.selection", text=selection.describe(), ties=ties, hidden=hidden))
else:
    st.caption(t("export.selection_uncounted", text=selection.describe(), hidden=matched - limit))
    st.button(t("export.count"), key="export.count", on_click=lambda: st.session_state.update({COUNT: True}))
from queries.export import FORMATS  # noqa: E402  (issue 6's list of formats)

fmt = st.radio(t("export.format"), FORMATS, horizontal=True, key="export.format",
               format_func=formatter("export.format."), help=t("export.format_help"))
extension = "zip" if fmt == "csv" else fmt
# Generated when the button is clicked, not on every rerun of the page.
st.download_button(t("export.download", fmt=fmt.upper()), lambda: data.export_bytes(driver, database, selection, fmt),
                   f"innograph-subgraph.{extension}",
                   FILE_TYPES.get(fmt, "application/octet-stream"), key="export.download", type="primary")
