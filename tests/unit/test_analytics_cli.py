"""Command-line parsing and output helpers of the analytics commands (no database needed)."""

from __future__ import annotations

import pytest

from cli.analytics import BadOption, parse_years
from cli.analytics_output import print_csv, print_table
from cli.main import build_parser
from queries.actors import match_score, normalise
from queries.cypher import load_cypher
from queries.errors import NotFound
from queries.projection import ProjectionFilter


def test_parse_years():
    assert parse_years("2014-2020") == (2014, 2020)
    assert parse_years("2018-") == (2018, None)
    assert parse_years("-2016") == (None, 2016)
    assert parse_years("2019") == (2019, 2019)
    assert parse_years(None) is None
    with pytest.raises(BadOption, match="--years takes FROM-TO"):
        parse_years("recent")


def test_every_command_is_registered():
    parser = build_parser()
    for argv in (["analyze"], ["bridges", "--top", "5"], ["paths", "a", "b", "--k", "2"],
                 ["candidates", "--cluster", "x"], ["communities"], ["stats", "--format", "json"]):
        assert callable(parser.parse_args(argv).handler)


def test_table_and_csv(capsys):
    rows = [{"name": "A", "score": 0.5, "tags": ["x", "y"]}, {"name": "Bee", "score": float("nan"), "tags": []}]
    print_table(rows, [("name", lambda r: r["name"]), ("score", lambda r: r["score"]), ("tags", lambda r: r["tags"])])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "score", "tags"] and lines[2].split() == ["A", "0.5000", "x,", "y"]
    assert lines[3].split() == ["Bee", "-"]
    print_csv(rows)
    assert capsys.readouterr().out.splitlines()[1] == "A,0.5,x; y"


def test_filter_description():
    assert ProjectionFilter().describe() == "everything" and not ProjectionFilter().is_restricted()
    flt = ProjectionFilter(regions=("nuts:DE11", "nuts:DE12"), years=(2014, None), min_weight=2)
    assert flt.describe() == "regions=nuts:DE11,nuts:DE12; years=2014,None; min_weight=2"


def test_names_are_compared_normalised():
    assert normalise("Universität Stuttgart") == "universitaet stuttgart"
    assert match_score("universitaet stuttgart", "Universität Stuttgart") == 1.0
    assert 0.7 <= match_score("stuttgart", "Universität Stuttgart") < 1.0
    assert match_score("xyz", "Universität Stuttgart") < 0.45


def test_cypher_files_load_by_name_only():
    assert "$min_weight" in load_cypher("projection_edges")
    with pytest.raises(NotFound):
        load_cypher("../graph/writer")


def test_no_hierarchy_switches_the_hierarchy_off():
    from cli.analytics import selection

    for command in (["bridges", "--no-hierarchy"], ["candidates", "--cluster", "x", "--no-hierarchy"],
                    ["paths", "a", "b", "--no-hierarchy"], ["communities", "--no-hierarchy"]):
        assert selection(build_parser().parse_args(command), None, "neo4j").no_hierarchy
    assert not selection(build_parser().parse_args(["bridges"]), None, "neo4j").no_hierarchy
    assert ProjectionFilter(no_hierarchy=True).describe() == "no_hierarchy=True"
