"""``bench/load_bulk.py``: the offline importer's first load gives the graph the writer gives (timings not asserted)."""

from __future__ import annotations

from bench.generator import generate
from bench.load_bulk import bulk_import, column_types, stage_seconds


def test_the_offline_import_holds_every_generated_node_and_relationship():
    eco = generate("smoke")
    found = bulk_import(eco, heap="512m", pagecache="128m")
    assert found["organisations"] == len(eco.nodes["Organisation"])
    assert found["nodes"] == sum(len(rows) for rows in eco.nodes.values())
    assert found["relationships"] == sum(len(rows) for rows in eco.relationships.values())
    assert found["import_seconds"] > 0 and found["schema_seconds"] > 0 and found["node_stage_seconds"] > 0


def test_column_types_follow_the_first_value_given():
    rows = [{"id": "a", "n": None, "ok": True}, {"n": 2, "share": 0.5, "tags": ["x"], "name": "A"}]
    assert column_types(rows, skip=("id",)) == {"n": "long", "name": "string", "ok": "boolean", "share": "double",
                                                "tags": "string[]"}


def test_stage_times_are_read_as_the_importer_prints_them():
    assert stage_seconds("Node import COMPLETED in 1m 2s 50ms\nIMPORT DONE in 3s", "Node import") == 62.05
