"""Command-line parsing and output helpers of the analytics commands (no database needed)."""

from __future__ import annotations

import pytest

from cli.analytics_output import print_csv, print_table
from cli.main import build_parser
from queries.actors import match_score, normalise
from queries.cypher import load_cypher
from queries.errors import NotFound
from queries.selection import Selection


def test_the_analytics_and_export_commands_share_the_selection_options(capsys):
    parser = build_parser()
    for argv in (["bridges"], ["stats"], ["communities"], ["export", "-o", "x.json"]):
        args = parser.parse_args([*argv, "--cluster", "c1", "--region", "nuts:DE11", "--field", "f1", "--kind", "Firm",
                                  "--years", "2014-2020", "--min-weight", "2", "--include-partners", "--no-hierarchy"])
        assert (args.cluster, args.region, args.field, args.kind, args.years, args.min_weight) == (
            ["c1"], ["nuts:DE11"], ["f1"], ["Firm"], "2014-2020", 2, )
    old = parser.parse_args(["bridges", "--in-cluster", "c1"])
    assert old.cluster == ["c1"] and "--in-cluster is deprecated, use --cluster" in capsys.readouterr().err


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
    assert Selection().describe() == "the whole graph" == Selection(min_weight=1).describe()
    flt = Selection(regions=("nuts:DE11", "nuts:DE12"), years=(2014, None), min_weight=2)
    assert flt.describe() == "regions nuts:DE11, nuts:DE12; projects and ties 2014–…; ties of weight ≥ 2"


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
    from cli.selection import selection_from_args as selection

    for command in (["bridges", "--no-hierarchy"], ["candidates", "--cluster", "x", "--no-hierarchy"],
                    ["paths", "a", "b", "--no-hierarchy"], ["communities", "--no-hierarchy"]):
        assert selection(build_parser().parse_args(command)).no_hierarchy
    assert not selection(build_parser().parse_args(["bridges"])).no_hierarchy
    assert Selection(no_hierarchy=True).describe() == "memberships only where stated"
