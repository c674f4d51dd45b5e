"""Foreign partners as Country nodes: good rows become nodes and links, bad rows name file, line and field."""

from loaders.partners_abroad import read_partners_abroad
from graph.countries import group_of, name_of


def test_rows_become_country_nodes_and_bad_rows_are_named(tmp_path):
    path = tmp_path / "partners_abroad.csv"
    path.write_text("programme;projectID;rcn;country;participants;coordinators;ecContribution\n"
                    "H2020;;101;FR;2;1;1000,50\n"
                    "H2020;;101;GR;1;0;\n"
                    "FP7;;7;DE;1;0;\n"
                    "FP8;;8;IT;1;0;\n"
                    "FP7;;9;CH;many;0;\n", encoding="utf-8")
    bundle = read_partners_abroad(path, {"H2020": "src:h", "FP7": "src:f"})
    assert {n.id: n.props["group"] for n in bundle.nodes} == {"iso:FR": "EU", "iso:EL": "EU"}
    assert [(r.start, r.end, r.props["participants"], r.props["contribution"]) for r in bundle.rels] == [
        ("cordis:H2020:rcn101", "iso:FR", 2, 1000.5), ("cordis:H2020:rcn101", "iso:EL", 1, None)]
    assert [(r.line, r.column) for r in bundle.rejected] == [(4, "country"), (5, "rcn"), (6, "")]
    assert "many" in bundle.rejected[2].message


def test_country_groups_and_names():
    assert (group_of("UK"), group_of("CH"), group_of("US")) == ("EU", "associated", "third")
    assert name_of("UK") == "United Kingdom" and name_of("EL") == "Greece" and name_of("XX") == "XX"
    assert (name_of("FR", "de"), name_of("CH", "de")) == ("Frankreich", "Schweiz")
