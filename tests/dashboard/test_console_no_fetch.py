"""The dashboard's query console never makes the server fetch a URL (issue 14), even when the
first filter is switched off: the server's plan decides."""

from __future__ import annotations

import pytest

import queries.console
from tests.console_attacks import CRAFTED
from tests.dashboard.conftest import texts
from tests.http_listener import http_listener  # noqa: F401 (a fixture)


@pytest.mark.parametrize("first_filter", ["on", "off"])
def test_no_console_statement_makes_the_server_request_a_url(open_page, http_listener, monkeypatch, first_filter):
    if first_filter == "off":
        monkeypatch.setattr(queries.console, "check_read_only", lambda cypher: None)
    app = open_page("console.py", lang="en")
    for template in [t for t in CRAFTED if "{url}" in t]:
        app.text_area(key="console.cypher").set_value(template.replace("{url}", http_listener.url))
        app.button(key="console.run").click().run()
        assert not app.exception, template
        shown = texts(app)
        assert any(refusal in shown for refusal in ("only reads", "could not parse", "refused the query")), shown
        assert not app.dataframe, template
    assert http_listener.requests == []
