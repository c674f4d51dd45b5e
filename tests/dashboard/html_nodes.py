"""Read the node list back out of generated map HTML (to check what the browser will receive)."""

from __future__ import annotations

import html
import json
import re


def embedded_nodes(page: str) -> list[dict]:
    match = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert match, "no vis.DataSet of nodes in the page"
    return json.loads(match.group(1))


def labels(page: str) -> set[str]:
    """The node labels as the canvas shows them (the page decodes the escaped text)."""
    return {html.unescape(node["label"]) for node in embedded_nodes(page)}
