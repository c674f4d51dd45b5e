"""Every page renders without an exception in German and in English, with its own title in each."""

import pytest

from dashboard.i18n import catalogue
from dashboard.navigation import PAGE_TABLE


@pytest.mark.parametrize("page_file,title_key", [(row[0], row[1]) for row in PAGE_TABLE])
def test_page_renders_in_both_languages(open_page, page_file, title_key):
    titles = {}
    for lang in ("de", "en"):
        app = open_page(None if page_file == "overview.py" else page_file, lang=lang)
        assert not app.exception, (page_file, lang, app.exception)
        assert not app.error, (page_file, lang, [e.value for e in app.error])
        titles[lang] = app.title[0].value
    assert titles["de"] != titles["en"] or catalogue("de")[title_key] == catalogue("en")[title_key]
