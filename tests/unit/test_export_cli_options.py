"""The CLI's small parsers: parameters, years, format from the file name, and the selection text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.export import format_for
from queries.selection import parse_years
from cli.query import examples_text, parse_params
from graph.errors import InnographError
from queries.subgraph import Selection


def test_params_are_json_when_they_parse_and_text_otherwise() -> None:
    assert parse_params(["year=2020", "ids=[\"a\", \"b\"]", "name=Bosch GmbH", "code=\"2020\"", "eq=a=b"]) == {
        "year": 2020, "ids": ["a", "b"], "name": "Bosch GmbH", "code": "2020", "eq": "a=b"}
    with pytest.raises(InnographError, match="NAME=VALUE"):
        parse_params(["novalue"])


@pytest.mark.parametrize(("text", "years"), [("2015-2020", (2015, 2020)), ("2018-", (2018, None)),
                                             ("-2012", (None, 2012)), ("2019", (2019, 2019)), (None, None)])
def test_years(text, years) -> None:
    assert parse_years(text) == years


def test_years_must_be_numbers() -> None:
    with pytest.raises(InnographError, match="FROM-TO"):
        parse_years("last year")


@pytest.mark.parametrize(("name", "fmt"), [("a.graphml", "graphml"), ("a.GEXF", "gexf"), ("a.json", "json"),
                                           ("a.zip", "csv"), ("a.csv", "csv"), ("a.cypher", "cypher")])
def test_format_from_extension(name, fmt) -> None:
    assert format_for(Path(name), None) == fmt


def test_explicit_format_wins_and_unknown_extension_is_an_error() -> None:
    assert format_for(Path("a.txt"), "json") == "json"
    with pytest.raises(InnographError, match="add --format"):
        format_for(Path("a.txt"), None)


def test_selection_describes_every_mode() -> None:
    assert Selection().describe() == "the whole graph"
    assert Selection(ego_id="pic:1", ego_depth=2).describe() == "ego network of pic:1 (depth 2)"
    assert Selection(path_ids=("a", "b")).describe() == "path a → b"
    assert Selection(cypher="MATCH (n)\n  RETURN n", params={"x": 1}).describe() == (
        "Cypher query: MATCH (n) RETURN n; parameters x=1")


def test_examples_are_listed_by_group() -> None:
    text = examples_text()
    assert text.index("For policy analysts:") < text.index("For cluster managers:") < text.index("For researchers:")
    assert "cluster_bridges" in text and "--param cluster=…" in text
