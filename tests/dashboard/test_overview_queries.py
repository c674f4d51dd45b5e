"""queries.overview on small graphs written here, with answers counted by hand."""

import json

from graph.schema import NodeLabel, RelType
from graph.writer import write_nodes, write_relationships
from queries import overview


def test_regions_come_from_located_in_or_from_the_region_property(driver, database):
    write_nodes(driver, database, NodeLabel.REGION, [{"id": "nuts:DE11", "name": "Stuttgart"},
                                                     {"id": "nuts:DE12", "name": "Karlsruhe"}])
    write_nodes(driver, database, NodeLabel.ORGANISATION, [
        {"id": "org:a", "name": "A", "kind": "Firm", "region": "nuts:DE11"},
        {"id": "org:b", "name": "B", "kind": "Firm", "region": "nuts:DE11"},
        {"id": "org:c", "name": "C", "kind": "University", "region": "nuts:DE12"},
        {"id": "org:d", "name": "D", "kind": "Other"},
    ])
    write_relationships(driver, database, RelType.LOCATED_IN, [{"start": "org:a", "end": "nuts:DE11"}])
    result = overview.overview(driver, database)
    assert [(c.name, c.n) for c in result.by_region] == [("Stuttgart", 2), ("", 1), ("Karlsruhe", 1)]
    assert result.figures.by_kind == {"Firm": 2, "University": 1, "Other": 1}
    assert [r.name for r in overview.filter_options(driver, database).regions] == ["Karlsruhe", "Stuttgart"]
    assert overview.node_profile(driver, database, "org:c").region == "Karlsruhe"
    assert overview.node_profile(driver, database, "org:missing") is None


def test_a_profile_names_the_kinds_other_sources_state_but_not_their_guesses(driver, database):
    stated = {"src:ror": {"kind": "PublicBody"}, "src:cordis-h2020": {"kind": "ResearchInstitute"},
              "src:cordis-fp7": {"kind": "Firm", "kind_inferred": True}, "src:clusters-bw": {"kind": "Intermediary"}}
    write_nodes(driver, database, NodeLabel.ORGANISATION, [
        {"id": "org:embl", "name": "EMBL", "kind": "ResearchInstitute", "stated": json.dumps(stated)},
        {"id": "org:plain", "name": "Plain", "kind": "Firm"}])
    assert overview.node_profile(driver, database, "org:embl").other_kinds == [
        ("Intermediary", "src:clusters-bw"), ("PublicBody", "src:ror")]
    assert overview.node_profile(driver, database, "org:plain").other_kinds == []


def test_an_empty_database_has_an_empty_overview(driver, database):
    result = overview.overview(driver, database)
    assert result.empty and result.by_region == [] and result.sources == []
    assert overview.geo_points(driver, database).points == []
