"""Issue 19: a full export is streamed (pages from the database into a spool, then item by item into
NAME.part, renamed at the end). Its bytes equal the in-memory export of the exporters as they were before
streaming (tests/integration/exporters_before), on the BW demo, in every format; an interrupted export
leaves nothing under the final name."""

from __future__ import annotations

import datetime
import gc
import time
from pathlib import Path

import pytest

import queries.export
import queries.exporters.graphml
import queries.subgraph
from loaders.demo import load_demo
from queries.export import FORMATS, export_selection_to_file, export_subgraph
from queries.subgraph import Selection, select_subgraph
from tests.integration.exporters_before import common, csv_zip, cypher_script, gexf, graphml, node_link

WHEN = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)
BEFORE = {"graphml": graphml.write_graphml, "gexf": gexf.write_gexf, "json": node_link.write_node_link,
          "csv": csv_zip.write_csv_zip, "cypher": cypher_script.write_cypher_script}
SELECTIONS = {
    "everything": Selection(),
    "with_projects": Selection(include_projects=True),
    "filtered": Selection(kinds=("Firm", "ResearchInstitute"), min_weight=2, years=(2015, 2020)),
}
# Items each spool holds before it writes to its file: the first pages held then the rest written, all
# written, all held.
HELD = {"everything": 700, "with_projects": 0, "filtered": 100_000}


@pytest.fixture(scope="module")
def demo(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    load_demo(session_driver, neo4j_settings.database, progress=False)
    return session_driver, neo4j_settings.database


@pytest.fixture
def fixed_clock(monkeypatch):
    """Zip entries carry the time they were written: one fixed time for both exports."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)


def _before(subgraph, fmt: str, text: str) -> bytes:
    return BEFORE[fmt](subgraph, common.export_meta(subgraph, fmt, text, WHEN))


@pytest.mark.parametrize("name", sorted(SELECTIONS))
def test_streamed_export_equals_the_in_memory_export_before_streaming(demo, tmp_path, fixed_clock, monkeypatch, name):
    selection = SELECTIONS[name]
    in_memory = select_subgraph(*demo, selection)
    assert len(in_memory.nodes) > 100
    pages = []
    real_read = queries.subgraph._records
    monkeypatch.setattr(queries.subgraph, "PAGE", 500)  # several pages even on the demo
    monkeypatch.setattr(queries.subgraph, "HELD", HELD[name])
    spools = []
    real_spool = queries.subgraph.Spool
    monkeypatch.setattr(queries.subgraph, "Spool", lambda *a: spools.append(real_spool(*a)) or spools[-1])
    monkeypatch.setattr("queries.export.select_subgraph", None)  # streamed, never selected in memory
    monkeypatch.setattr(queries.subgraph, "_records", lambda d, db, q, **p: pages.append(q) or real_read(d, db, q, **p))
    for fmt in FORMATS:
        path = tmp_path / f"{name}.{fmt}"
        report = export_selection_to_file(*demo, selection, fmt, path, exported_at=WHEN)
        expected = _before(in_memory, fmt, selection.describe())
        assert path.read_bytes() == expected, fmt
        assert export_subgraph(in_memory, fmt, selection.describe(), exported_at=WHEN) == expected, fmt
        assert report.nodes == len(in_memory.nodes) and report.relationships == len(in_memory.relationships)
    assert pages.count("subgraph_nodes") >= 2 * len(FORMATS)
    written = {spool.path.name: spool.path.exists() for spool in spools[-2:]}  # the last export's, removed since
    assert written == {"nodes": False, "relationships": False} and len(spools) == 2 * len(FORMATS)
    assert [s._held is None for s in spools[:2]] == [len(in_memory.nodes) > HELD[name],
                                                      len(in_memory.relationships) > HELD[name]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.{fmt}" for fmt in FORMATS)


def test_an_interrupted_export_leaves_no_file_under_its_name(demo, tmp_path, monkeypatch):
    calls = {"n": 0}
    real = queries.exporters.graphml._escape_attrib  # once per node and edge

    def fail_midway(text):
        calls["n"] += 1
        if calls["n"] == 1000:
            raise KeyboardInterrupt
        return real(text)

    monkeypatch.setattr("queries.exporters.graphml._escape_attrib", fail_midway)
    path = tmp_path / "all.graphml"
    with pytest.raises(KeyboardInterrupt):
        export_selection_to_file(*demo, Selection(), "graphml", path)
    assert list(tmp_path.iterdir()) == []  # no file, no .part, no spool
    path.write_text("an earlier export")
    calls["n"] = 0
    with pytest.raises(KeyboardInterrupt):
        export_selection_to_file(*demo, Selection(), "graphml", path)
    assert path.read_text() == "an earlier export" and list(tmp_path.iterdir()) == [path]
    assert gc.get_threshold()[0] != queries.export.YOUNG and gc.get_freeze_count() == 0  # as before the export


def test_the_cycle_collector_runs_rarely_during_an_export_only(demo, tmp_path, monkeypatch):
    seen = []
    real = queries.export._WRITERS["json"]

    def writer(*args):
        seen.append((gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0))
        real(*args)

    monkeypatch.setitem(queries.export._WRITERS, "json", writer)
    before = gc.get_threshold()
    export_selection_to_file(*demo, Selection(kinds=("Firm",)), "json", tmp_path / "firms.json")
    assert seen == [(True, queries.export.YOUNG, True)]  # still on: the JSON encoder makes cycles
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
