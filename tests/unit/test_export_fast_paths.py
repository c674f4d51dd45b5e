"""Issue 19's faster export paths give the bytes of the exporters as they were before streaming
(tests/integration/exporters_before): values kept per column (Fragments) even where Python calls two values
equal that the formats write differently, and spools that hold their items or write them to a file."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import neo4j.time
import pytest

import queries.exporters.common
from queries.export import FORMATS, export_subgraph
from queries.exporters.common import Column, Fragments
from queries.exporters.cypher_script import _escape, literal
from queries.subgraph_model import GraphNode, GraphRel, Spool, Subgraph, relationships_with_ids
from tests.integration.exporters_before import common, csv_zip, cypher_script, gexf, graphml, node_link

WHEN = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)
BEFORE = {"graphml": graphml.write_graphml, "gexf": gexf.write_gexf, "json": node_link.write_node_link,
          "csv": csv_zip.write_csv_zip, "cypher": cypher_script.write_cypher_script}
# Equal as dict keys, written differently: 1 / True / 1.0, 0.0 / -0.0, [1] / [True], "1" / ["1"].
MIXED = [1, True, 1.0, "1", [1], [True], ["1"], -0.0, 0.0, float("nan"), neo4j.time.Date(2020, 1, 2), "=1+1", "", []]
NUMBERS = [1, 1.0, 2, -0.0, 0.0, 3.5, True and 4]


def _subgraph() -> Subgraph:
    nodes = [GraphNode(f"o{i}", ("Firm", "Organisation"),
                       {"id": f"o{i}", "name": f"Firm {i} <&>", "mixed": MIXED[i % len(MIXED)],
                        "number": NUMBERS[i % len(NUMBERS)], "flag": i % 3 == 0, "year": 2000 + i % 4,
                        "sources": ["src:a"] if i % 2 else ["src:a", "src:b"]})
             for i in range(3 * len(MIXED))]
    rows = [("COLLABORATES_WITH", f"o{i % len(nodes)}", f"o{(i * 7 + 1) % len(nodes)}",
             {"weight": NUMBERS[i % len(NUMBERS)], "mixed": MIXED[(i * 5) % len(MIXED)], "derived": i % 2 == 0,
              "as_of": "2024" if i % 3 else "-2", "projects": [f"p{i % 5}"], "sources": ["src:a"]})
            for i in range(4 * len(MIXED))]
    return Subgraph(nodes, relationships_with_ids(rows))


@pytest.fixture
def fixed_clock(monkeypatch):
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)


@pytest.mark.parametrize("kept", [1, 3, 50_000])
@pytest.mark.parametrize("fmt", FORMATS)
def test_repeated_and_python_equal_values_are_written_as_before(fixed_clock, monkeypatch, fmt, kept):
    monkeypatch.setattr(queries.exporters.common, "KEPT", kept)  # 1 and 3: the kept values are dropped again and again
    subgraph = _subgraph()
    expected = BEFORE[fmt](subgraph, common.export_meta(subgraph, fmt, "all", WHEN))
    assert export_subgraph(subgraph, fmt, "all", exported_at=WHEN) == expected


def test_fragments_keep_values_by_type_and_stay_bounded(monkeypatch):
    monkeypatch.setattr(queries.exporters.common, "KEPT", 4)
    made = []
    text = Fragments(lambda value: made.append(value) or Column("x", "x", "string", "text").text(value))
    assert [text(v) for v in (1, True, "1", ["1"], 1, True)] == ["1", "true", "1", '["1"]', "1", "true"]
    assert made == [1, True, "1", ["1"]]  # the last two were kept
    assert text(1.0) == "1.0" and text(1.0) == "1.0" and made[-2:] == [1.0, 1.0]  # floats are made each time
    text("new")  # a fifth kept value: the four before are dropped
    assert len(text.kept) == 1


@pytest.mark.parametrize("held", [0, 3, 10])
def test_a_spool_holds_up_to_its_limit_and_writes_the_rest_to_its_file(tmp_path: Path, held: int):
    plain = [GraphRel(f"a|T|b{i}", "T", "a", f"b{i}", {"weight": i, "tags": ["x"]}) for i in range(4)]
    dated = [GraphNode(f"n{i}", ("Firm",), {"founded": neo4j.time.Date(2000 + i, 1, 1), "sme": None}) for i in range(4)]
    for items in (plain, dated):  # marshal pages, and pickle pages for the driver's types
        spool = Spool(tmp_path / type(items[0]).__name__, held)
        spool.extend(items[:2])
        spool.extend([])
        spool.extend(items[2:])
        assert spool.path.exists() == (held < len(items))
        assert list(spool) == items and list(spool) == items and len(spool) == len(items)
        spool.close()
        assert list(spool) == items
    assert Spool(tmp_path / "none", 0).prop_kinds == {}
    spool = Spool(tmp_path / "kinds", held)
    spool.extend(dated + [GraphNode("m", ("Firm",), {"sme": True, "founded": "1999"})])
    assert spool.prop_kinds == {"founded": {"temporal", "other"}, "sme": {"bool"}}


def test_cypher_text_literals_escape_every_character_as_one_by_one():
    text = "".join(chr(code) for code in range(0x10000)) + "\U0001f600 plain text"
    assert literal(text) == "'" + "".join(_escape(ch) for ch in text) + "'"
