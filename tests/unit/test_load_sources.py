"""Pure parts of the source loaders: membership roles, member names, CORDIS and ROR mapping, readers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from graph.schema import OrgKind, RelType
from loaders.clusters_bw import membership_role, split_member_name
from loaders.cordis import read_cordis
from loaders.reading import BadValue, parse_date, parse_number, read_csv, sniff_delimiter
from loaders.regions import region_for
from loaders.ror import kind_of, read_ror

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("stated, expected", [
    ("member (welcomed as the 400th member)", (RelType.MEMBER_OF, "member")),
    ("founding member (Gründungsmitglied, 1997)", (RelType.MEMBER_OF, "member")),
    ("member company (Mitgliedsfirma) located on Campus Konstanz", (RelType.MEMBER_OF, "member")),
    ("supporter (unterstützt die Plattform); not called a member", (RelType.PARTNER_OF, "supporter")),
    ("initiator (with Südwesttextil)", (RelType.PARTNER_OF, "initiator")),
    ("founder of MedicalMountains AG (gegründet von)", (RelType.PARTNER_OF, "founder")),
    ("shareholder (Träger) of InnovationLab GmbH, the cluster's platform; not called a cluster partner",
     (RelType.PARTNER_OF, "shareholder")),
    ("university contributing its expertise to the network (bringt Expertise in das Netzwerk ein); "
     "not called a member in this source", (RelType.PARTNER_OF, "contributor")),
    ("cluster partner, long-standing member of the cluster core team (Kernteam)", (RelType.PARTNER_OF, "partner")),
    ("one of the three pillars (Säulen) carrying the umbrella association; member status not stated in these words",
     (RelType.PARTNER_OF, "founder")),
])
def test_only_rows_called_members_become_member_of(stated, expected):
    assert membership_role(stated) == expected


def test_member_names_lose_the_stated_suffix_and_keep_it_as_aliases():
    assert split_member_name("Robert Bosch GmbH (stated: Bosch / Robert Bosch)") == (
        "Robert Bosch GmbH", ("Bosch", "Robert Bosch"))
    assert split_member_name("SAP AG / SAP SE (stated: SAP AG; SAP SE)") == ("SAP AG", ("SAP SE",))
    assert split_member_name("Fraunhofer-Gesellschaft (institutes, unnamed)") == ("Fraunhofer-Gesellschaft", ())
    assert split_member_name("Karlsruher Institut für Technologie (KIT) (stated also: Universität Karlsruhe)") == (
        "Karlsruher Institut für Technologie (KIT)", ("Universität Karlsruhe",))


def test_the_bundled_membership_file_splits_into_members_and_partners():
    rows = read_csv(DATA / "demo" / "clusters_bw" / "memberships.csv")
    kinds = [membership_role(r.get("member_type_as_stated"))[0] for r in rows]
    assert len(rows) == 153
    assert kinds.count(RelType.MEMBER_OF) == 70 and kinds.count(RelType.PARTNER_OF) == 83


def test_german_office_csv(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffname;value\nMünchen;1.234,5\n".encode("utf-8"))
    rows = read_csv(path)
    assert rows[0].values == {"name": "München", "value": "1.234,5"} and rows[0].line == 2
    assert parse_number(rows[0].get("value")) == 1234.5
    assert sniff_delimiter("a,b,c") == "," and sniff_delimiter("a;b;c") == ";"


def test_dates():
    assert parse_date("2021-07-28") == "2021-07-28" and parse_date("28.07.2021") == "2021-07-28"
    assert parse_date("2019-11") == "2019-11" and parse_date("") is None
    with pytest.raises(BadValue, match="bad date '2021-02-30'; expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY"):
        parse_date("2021-02-30")


def test_regions():
    assert region_for("Stuttgart", "DE") == "nuts:DE11"
    assert region_for("Freiburg im Breisgau", None) == "nuts:DE13"
    assert region_for("Berlin", "DE") == "country:DE"
    assert region_for("Birkenfeld", "DE", "DE") == "country:DE"  # a NUTS code outside BW wins over the city table
    assert region_for("anything", "DE", "DE1") == "nuts:DE1"
    assert region_for("Wien", "AT") == "country:AT"


def test_ror_types():
    assert kind_of(["Education"]) is OrgKind.UNIVERSITY and kind_of(["funder", "government"]) is OrgKind.PUBLIC_BODY
    assert kind_of(["facility"]) is OrgKind.RESEARCH_INSTITUTE and kind_of([]) is OrgKind.OTHER


def test_ror_flat_csv_gives_kit_with_its_german_name():
    bundle = read_ror(DATA / "demo" / "ror" / "ror_BW_flat.csv")
    kit = next(o for o in bundle.orgs if o.ror == "https://ror.org/04t3en479")
    assert kit.kind is OrgKind.UNIVERSITY and "Karlsruher Institut für Technologie" in kit.match_names
    assert kit.region == "kreis:08212" and kit.lat is not None  # Stadtkreis Karlsruhe (GeoNames), in DE12
    assert all(r.type is RelType.SUBUNIT_OF for r in bundle.rels)


def test_ror_json_v2(tmp_path):
    record = {"id": "https://ror.org/x1", "status": "active", "types": ["education"],
              "names": [{"value": "University of Ulm", "types": ["ror_display"]},
                        {"value": "Universität Ulm", "types": ["label"]}, {"value": "UUlm", "types": ["acronym"]}],
              "locations": [{"geonames_details": {"name": "Ulm", "country_code": "DE", "lat": 48.4, "lng": 9.98}}],
              "links": [{"type": "website", "value": "https://uni-ulm.de"}], "relationships": []}
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    org = read_ror(path).orgs[0]
    assert (org.name, org.match_names, org.aliases, org.region) == (
        "University of Ulm", ("Universität Ulm",), ("UUlm",), "kreis:08421")  # Stadtkreis Ulm (GeoNames), in DE14


def test_cordis_official_csv_maps_activity_types_and_infers_missing_ones(tmp_path):
    (tmp_path / "project.csv").write_text(
        "id;acronym;title;startDate;endDate;ecMaxContribution;frameworkProgramme;rcn\n"
        "662192;3Ccar;Integrated Components;2015-06-01;2018-10-31;17320843,96;H2020;197903\n", encoding="utf-8")
    (tmp_path / "organization.csv").write_text(
        "projectID;organisationID;name;shortName;SME;activityType;city;country;nutsCode;role;ecContribution\n"
        "662192;999908787;ROBERT BOSCH GMBH;Bosch;false;PRC;GERLINGEN;DE;DE111;participant;1000\n"
        "662192;999974747;UNIVERSITAET STUTTGART;USTUTT;;HES;STUTTGART;DE;;coordinator;2000,5\n"
        "662192;;Hochschule Aalen;;;;Aalen;DE;;participant;\n"
        "662192;1;X GmbH;;;XYZ;Aalen;DE;;participant;\n", encoding="utf-8")
    bundle = read_cordis(tmp_path)
    kinds = {o.name: (o.kind, o.kind_inferred, o.sme) for o in bundle.orgs}
    assert kinds == {"ROBERT BOSCH GMBH": (OrgKind.FIRM, False, False),
                     "UNIVERSITAET STUTTGART": (OrgKind.UNIVERSITY, False, None),
                     "Hochschule Aalen": (OrgKind.UNIVERSITY, True, None)}
    assert [str(r) for r in bundle.rejected] == [
        "organization.csv, line 5, column 'activityType': unknown type 'XYZ'; expected one of PRC, HES, REC, PUB, OTH"]
    project = next(n for n in bundle.nodes if n.id == "cordis:H2020:662192")
    assert project.props["ec_contribution"] == 17320843.96 and project.props["start_year"] == 2015


def test_cordis_json_sample_reads_with_original_field_names(tmp_path):
    (tmp_path / "project.json").write_text(json.dumps([{"id": 1, "acronym": "A", "rcn": 7, "startDate": "2016-01-01",
                                                        "frameworkProgramme": "H2020"}]), encoding="utf-8")
    (tmp_path / "organization.json").write_text(json.dumps([
        {"projectID": 1, "organisationID": 999974747, "name": "UNIVERSITY OF STUTTGART", "activityType": "PRC;PRC",
         "SME": "", "city": "STUTTGART", "country": "DE", "geolocation": "48.78,9.17", "role": "participant",
         "ecContribution": 10.5}]), encoding="utf-8")
    bundle = read_cordis(tmp_path)
    assert bundle.rejected == [] and bundle.orgs[0].pic == "999974747" and bundle.orgs[0].lat == 48.78
    assert bundle.rels[0].end == "cordis:H2020:1"


def test_eurosciVoc_paths_become_fields_with_broader_links(tmp_path):
    (tmp_path / "project.csv").write_text("id;acronym;frameworkProgramme\n101116741;GOV;HORIZON\n", encoding="utf-8")
    (tmp_path / "euroSciVoc.csv").write_text(
        "projectID;euroSciVocCode;euroSciVocPath;euroSciVocTitle;euroSciVocDescription\n"
        "101116741;/29/97/543;/social sciences/political sciences/government systems;government systems;\n",
        encoding="utf-8")
    bundle = read_cordis(tmp_path)
    fields = {n.id: n.props["name"] for n in bundle.nodes if n.label.value == "TechnologyField"}
    assert fields == {"field:esv:29": "social sciences", "field:esv:97": "political sciences",
                      "field:esv:543": "government systems"}
    links = {(r.type, r.start, r.end) for r in bundle.rels}
    assert links == {(RelType.BROADER, "field:esv:97", "field:esv:29"), (RelType.BROADER, "field:esv:543", "field:esv:97"),
                     (RelType.PROJECT_FIELD, "cordis:HORIZON:101116741", "field:esv:543")}
