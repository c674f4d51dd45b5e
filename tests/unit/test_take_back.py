"""Taking a source back re-decides shared things from the other sources' statements (loaders.take_back)."""

from __future__ import annotations

import json

from graph.writer import parse_statements, statement
from loaders.precedence import stated_json, stated_records
from loaders.records import OrgRecord
from loaders.take_back import _organisation_row, _restated_row


def test_statements_round_trip_in_write_order():
    items = [statement("src:a", {"since": "2019", "n": 2}), statement("src:b", {"since": "2021"})]
    assert parse_statements(items) == [("src:a", {"n": 2, "since": "2019"}), ("src:b", {"since": "2021"})]


def test_the_later_remaining_statement_wins_and_what_only_the_removed_one_said_goes():
    row = {"eid": "e1", "sources": ["src:a", "src:b", "src:c"],
           "statements": [statement("src:a", {"since": "2019"}), statement("src:b", {"since": "2021", "role": "x"}),
                          statement("src:c", {"since": "2022"})]}
    out = _restated_row(row, "src:b")
    assert out["props"] == {"since": "2022", "role": None}
    assert [source for source, _ in parse_statements(out["statements"])] == ["src:a", "src:c"]


def test_a_source_without_a_statement_leaves_the_values_alone():
    row = {"eid": "e1", "sources": ["src:old", "src:b"], "statements": [statement("src:b", {"since": "2021"})]}
    assert _restated_row(row, "src:b") == {"eid": "e1", "props": {}, "statements": None}


def test_an_organisation_loses_the_name_refs_and_spellings_only_the_removed_source_gave():
    records = [OrgRecord(ref="cordis:1", name="ACME SENSORIK GMBH", source="src:cordis-h2020", pic="1"),
               OrgRecord(ref="list:7", name="Acme", source="src:list", aliases=("ACME Süd",))]
    stated = stated_json(records)
    assert json.loads(stated)["src:list"] == {"aliases": ["ACME Süd"], "kind_inferred": False, "name": "Acme",
                                              "refs": ["list:7"]}
    node = {"id": "pic:1", "name": "Acme", "stated": stated, "region": None, "refs": ["cordis:1", "list:7"],
            "aliases": ["Acme Sensorik GmbH", "ACME SENSORIK GMBH", "Acme", "ACME Süd"]}
    row = _organisation_row(node, "src:list")
    assert row["props"]["name"] == "Acme Sensorik GmbH"
    assert row["refs"] == ["cordis:1"]
    assert row["aliases"] == ["Acme Sensorik GmbH", "ACME SENSORIK GMBH"]
    assert list(json.loads(row["props"]["stated"])) == ["src:cordis-h2020"]


def test_stated_keeps_a_sources_refs_when_it_is_read_back_from_the_database():
    stated = stated_json([OrgRecord(ref="list:7", name="Acme", source="src:list")])
    again = stated_json(stated_records("pic:1", stated, ()))
    assert again == stated
