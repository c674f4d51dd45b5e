"""The Agenda page on the fixture graph: every agenda item as a tab, figures or "no data" (never a
zero for a missing SME flag), the comparison table and the CSV download, in German and English."""

import re

import pytest

from dashboard.i18n import catalogue
from tests.dashboard.conftest import texts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_agenda_page_shows_every_item_and_no_data(open_page, lang):
    app = open_page("agenda.py", lang=lang)
    words = catalogue(lang)
    assert not app.exception and app.title[0].value == words["agenda.title"]
    tabs = [tab.label for tab in app.tabs]
    for item in ("international", "digital", "transfer", "founding", "skills", "innovation"):
        assert words[f"agenda.item.{item}"] in tabs
    shown = texts(app)
    assert words["agenda.ind.intl_share"] in shown and words["agenda.trends"] in shown
    assert words["agenda.no_data"] in shown  # the fixture has no founding years: no data, not 0
    assert len(app.get("download_button")) == 2
    top = next(m for m in app.metric if m.label == words["agenda.ind.top_countries"])
    # codes that fit (counts in its help), or "no data" where the members have no partner abroad: never blank
    assert top.value == words["agenda.no_data"] or re.fullmatch(r"[A-Z]{2}( · [A-Z]{2}){0,2}", top.value), top.value
