"""Spreadsheet formula injection: every CSV innograph writes shows a cell that starts with
``= + - @``, a tab or a carriage return as text (a leading apostrophe), never as a formula."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given, settings, strategies as st

from cli.main import main
from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from queries.export import export_subgraph
from queries.subgraph_model import GraphNode, GraphRel, Subgraph
from tests.reliability.conftest import OwnServer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=1+1", "Acme GmbH\r=1+1")

formula_text = st.one_of(
    st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=20)),
    st.builds(lambda head, start, rest: head + "\r" + start + rest, st.text(max_size=5),
              st.sampled_from(FORMULA_STARTS), st.text(max_size=10)),
)


def dangerous(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would evaluate: text starting with a formula character that is not a plain number."""
    out = []
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            try:
                float(cell)
            except ValueError:
                out.append(cell)
    return out


def _cells(text: str) -> list[str]:
    """Cells as a spreadsheet sees them: a bare carriage return outside quotes ends a row."""
    return [cell for row in csv.reader(io.StringIO(text, newline=None)) for cell in row]


@settings(max_examples=60, deadline=None)
@given(name=formula_text, value=formula_text, key=st.sampled_from(["name", "city", "note"]), number=st.integers(-5, 5))
def test_csv_export_neutralises_generated_formulas(name, value, key, number) -> None:
    nodes = [GraphNode(name, ("Firm", "Organisation"), {"id": name, "name": name, key: value, "score": number}),
             GraphNode("org:2", ("Firm", "Organisation"), {"id": "org:2", "name": value})]
    rels = [GraphRel(f"{name}|COLLABORATES_WITH|org:2", "COLLABORATES_WITH", name, "org:2", {"note": value, "weight": 2})]
    content = export_subgraph(Subgraph(nodes, rels), "csv", value)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in ("nodes.csv", "edges.csv", "sources.csv"):
            assert dangerous(_cells(archive.read(member).decode("utf-8"))) == [], member


@pytest.fixture
def hostile_names(own_server: OwnServer, own_driver, monkeypatch) -> OwnServer:
    """Organisations named like formulas, tied together and in one cluster; the CLI pointed at them."""
    db = own_server.settings.database
    write_nodes(own_driver, db, NodeLabel.CLUSTER, [{"id": "cl:1", "name": "=cluster()"}, {"id": "cl:2", "name": "Plain"}])
    write_nodes(own_driver, db, NodeLabel.ORGANISATION, [
        {"id": f"org:{i}", "name": name, "kind": "Firm", "city": "@city"} for i, name in enumerate(FORMULAS)])
    write_relationships(own_driver, db, RelType.COLLABORATES_WITH, [
        {"start": f"org:{i}", "end": f"org:{i + 1}", "weight": 1} for i in range(len(FORMULAS) - 1)])
    write_relationships(own_driver, db, RelType.MEMBER_OF, [
        {"start": f"org:{i}", "end": "cl:1" if i % 2 else "cl:2"} for i in range(len(FORMULAS))])
    for name, value in own_server.env().items():
        monkeypatch.setenv(name, value)
    return own_server


def test_query_command_csv_is_safe(hostile_names, capsys) -> None:
    assert main(["query", "MATCH (o:Organisation) RETURN o.name AS name, o.city AS city", "--format", "csv"]) == 0
    cells = _cells(capsys.readouterr().out)
    assert len(cells) > len(FORMULAS) and dangerous(cells) == []


def test_export_command_csv_is_safe(hostile_names, tmp_path, capsys) -> None:
    target = tmp_path / "export.zip"
    assert main(["export", "--format", "csv", "-o", str(target)]) == 0, capsys.readouterr().err
    with zipfile.ZipFile(target) as archive:
        cells = _cells(archive.read("nodes.csv").decode("utf-8"))
    assert any("HYPERLINK" in c for c in cells) and dangerous(cells) == []


@pytest.mark.parametrize("argv", [["bridges", "--format", "csv"], ["communities", "--format", "csv", "--min-size", "1"]])
def test_analytics_commands_csv_is_safe(hostile_names, capsys, argv) -> None:
    assert main(argv) == 0, capsys.readouterr().err
    cells = _cells(capsys.readouterr().out)
    assert any("HYPERLINK" in c for c in cells)
    assert dangerous(cells) == []



def test_the_rejected_rows_file_neutralises_formulas(tmp_path) -> None:
    """The loaders' rejected-rows CSV uses the same spreadsheet-safe writer (issue 14)."""
    from loaders.pipeline import _write_rejected
    from loaders.records import Rejection

    rejected = [Rejection(f"{formula}.csv", 2 + i, formula, f"{formula}: not a year") for i, formula in enumerate(FORMULAS)]
    text = _write_rejected(tmp_path / "rejected.csv", rejected).read_text(encoding="utf-8")
    assert dangerous(_cells(text)) == []
    assert "'=HYPERLINK" in text
