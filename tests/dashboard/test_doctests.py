"""The worked examples in the dashboard's pure modules (pytest collects doctests only outside dashboard/)."""

import doctest

import pytest

from dashboard import graph_view, network_html


@pytest.mark.parametrize("module", [graph_view, network_html])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
