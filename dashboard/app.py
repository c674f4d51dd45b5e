"""innograph dashboard: routing (``st.navigation``) and the shared sidebar.

Run with ``innograph serve``. Every page runs inside one error boundary: a Neo4j that is down
shows one message saying how to start it, and other innograph errors show their one line.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import LANGUAGE_KEY, LANGUAGES, language, t
from dashboard.navigation import DEFAULT_ALIAS, PAGE_TABLE, PAGES
from dashboard.widgets import show_error
from graph.connection import translate_errors
from graph.errors import DatabaseUnavailable, InnographError

st.set_page_config(page_title="innograph", page_icon=":material/hub:", layout="wide")

with st.sidebar:
    # The choice lives in a plain session key, so it survives page switches even where the
    # widget's own state is dropped; the widget starts from it and writes it back.
    st.session_state[LANGUAGE_KEY] = st.radio(
        "Sprache / Language",
        LANGUAGES,
        index=LANGUAGES.index(language()),
        key="language_switch",
        format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
        horizontal=True,
    )


def unavailable_page(error: DatabaseUnavailable):
    """The one page shown while Neo4j cannot be reached: what happened and how to start it."""

    def show() -> None:
        st.error(t("error.unavailable_title"), icon=":material/cloud_off:")
        st.markdown(t("error.unavailable_body", detail=str(error)))

    return st.Page(show, title=t("error.unavailable_title"), url_path="unavailable", icon=":material/cloud_off:")


current = data.settings()
try:
    # Checked before routing: Streamlit expects the page st.navigation returns to be run.
    with translate_errors(current):
        data.ensure_reachable()
    pages = [
        st.Page(PAGES / name, title=t(key), url_path=path, icon=icon, default=index == 0)
        for index, (name, key, path, icon) in enumerate(PAGE_TABLE)
    ]
    # Streamlit serves the default page at "/" only; a hidden twin gives it its own URL too.
    name, key, path, icon = PAGE_TABLE[0]
    pages[0] = st.Page(PAGES / name, title=t(key), url_path=DEFAULT_ALIAS, icon=icon, default=True)
    pages.append(st.Page(PAGES / name, title=t(key), url_path=path, icon=icon, visibility="hidden"))
except DatabaseUnavailable as exc:
    pages = [unavailable_page(exc)]
page = st.navigation(pages)

with st.sidebar:
    st.caption(t("sidebar.connection", uri=current.uri, database=current.database))
    if data.readonly():
        st.caption(t("sidebar.readonly"))
    if st.button(t("sidebar.refresh"), help=t("sidebar.refresh_help"), key="refresh"):
        data.clear()
    st.caption(t("sidebar.about"))

try:
    with translate_errors(current):
        page.run()
except DatabaseUnavailable as exc:
    st.error(t("error.unavailable_title"), icon=":material/cloud_off:")
    st.markdown(t("error.unavailable_body", detail=str(exc)))
except InnographError as exc:
    show_error(exc)

if len(pages) > 1:
    data.warm_up()  # after the first page has rendered, so that it does not wait for the warm-up
