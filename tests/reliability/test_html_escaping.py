"""Names, ids and tooltips full of HTML and JavaScript end up as text in the map's HTML: no payload
survives as markup, and none breaks out of the inline ``<script>`` that carries the data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings, strategies as st

from dashboard.network_html import MapEdge, MapNode, network_html

PAYLOADS = (
    "<script>alert('x')</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<!--",
    "]]></script>",
    "{{constructor.constructor('alert(1)')()}}",
    "\u2028</ScRiPt >",
)


class _Scripts(HTMLParser):
    """Collects the tags a browser would build, and the script elements' texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.scripts += tag == "script"


def _page(name: str, node_id: str = "org:1", tooltip_extra: str = "") -> str:
    nodes = [
        MapNode(id=node_id, label=name, tooltip=[name, tooltip_extra or name]),
        MapNode(id="org:2", label="Plain GmbH", tooltip=["Plain GmbH"]),
    ]
    return network_html(nodes, [MapEdge(node_id, "org:2", 2.0, tooltip=[name])])


BASELINE = _Scripts()
BASELINE.feed(_page("Plain AG"))


def _assert_inert(page: str) -> None:
    parsed = _Scripts()
    parsed.feed(page)
    # The same elements as a page without payloads: nothing was injected, nothing broke out.
    assert parsed.scripts == BASELINE.scripts
    assert [t for t, _ in parsed.tags] == [t for t, _ in BASELINE.tags]
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_names_and_tooltips_stays_text(payload: str) -> None:
    page = _page(payload)
    _assert_inert(page)
    assert "<img src=x" not in page and "<svg onload" not in page and "<iframe src=javascript" not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_node_id_stays_text(payload: str) -> None:
    """Ids come from data too: a workbook's project or cluster id is a node id."""
    _assert_inert(_page("Acme", node_id="project:" + payload))


@settings(max_examples=80, deadline=None)
@given(name=st.text(alphabet=st.sampled_from(list("<>/\"'&=`;: scriptimgonerrorSCRIPT!-[]{}\u2028\\")), max_size=40))
def test_generated_markup_in_names_stays_text(name: str) -> None:
    _assert_inert(_page(name, node_id="id:" + name))


def test_tooltip_text_is_turned_into_text_nodes_not_markup() -> None:
    page = _page("<b>bold</b>")
    assert "<b>bold</b>" not in page
    assert "textContent" in page and re.search(r"innerHTML\s*=\s*s", page)  # decoded via a textarea, shown as text
