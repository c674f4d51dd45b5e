"""Placing organisations with the bundled GeoNames table (issue 12, item 5): postal code first, then a city
name within the region the source states; an ambiguous name is left unplaced and counted, never guessed."""

from __future__ import annotations

from loaders.places import Unplaced, locate, place, postal_code
from loaders.records import OrgRecord
from loaders.regions import region_records


def org(name="X GMBH", **kw) -> OrgRecord:
    return OrgRecord(ref="r:" + name, name=name, source="src:test", **kw)


def test_postal_codes_are_normalised():
    assert [postal_code(c) for c in ("70569", "D-70569", "DE 70569", "1069", "0", "")] == ["70569"] * 3 + [""] * 3


def test_a_postal_code_places_a_record_in_its_kreis():
    found = locate("70569", "STUTTGART", None)
    assert (found.how, found.region) == ("postal code", "kreis:08111")  # Stadtkreis Stuttgart
    assert 48.6 < found.lat < 48.9 and 9.0 < found.lon < 9.3


def test_a_postal_code_beats_a_region_the_source_got_wrong():
    placed = place(org(city="Waldkirch", region="country:DE"), "79183")
    assert placed.region == "kreis:08316" and placed.lat is not None  # Landkreis Emmendingen


def test_a_city_places_a_record_already_known_to_be_in_bw():
    placed = place(org(city="FREIBURG", region="nuts:DE13"))  # "Freiburg im Breisgau" in GeoNames
    assert placed.region == "kreis:08311" and placed.lat is not None


def test_a_city_outside_a_known_bw_region_is_not_placed():
    """The table holds BW only: a Neustadt of another state must not land in BW."""
    record = org(city="STUTTGART", region="country:DE")
    assert place(record) == record


def test_existing_coordinates_are_kept_and_the_kreis_added():
    placed = place(org(city="Karlsruhe", region="nuts:DE12", lat=49.0, lon=8.4))
    assert (placed.region, placed.lat, placed.lon) == ("kreis:08212", 49.0, 8.4)


def test_an_ambiguous_place_name_is_left_unplaced_and_counted():
    """Altdorf is a place in the Landkreise Böblingen and Esslingen."""
    record = org(city="ALTDORF", region="nuts:DE1")
    found = locate(None, record.city, record.region)
    assert found.how == "ambiguous" and found.candidates == ("kreis:08115", "kreis:08116")
    assert place(record) == record
    unplaced = Unplaced()
    for r in (record, org("Y GMBH", city="Altdorf", region="nuts:DE1"), place(org("Z AG", city="Ulm", region="nuts:DE14"))):
        unplaced.see(r)
    assert unplaced.records == 2
    assert unplaced.notes()[0].startswith("2 record(s) of BW organisations left unplaced: their 2 place name(s)")


def test_the_stated_district_can_settle_an_ambiguous_name():
    """Biberach is a Landkreis in Tübingen (DE14) and a town in the Ortenaukreis (Freiburg, DE13)."""
    assert locate(None, "BIBERACH", "nuts:DE1").how == "ambiguous"
    assert locate(None, "BIBERACH", "nuts:DE14").region == "kreis:08426"


def test_kreis_regions_hang_below_their_regierungsbezirk():
    nodes, rels = region_records({"kreis:08116"})
    names = {n.id: n.props["name"] for n in nodes}
    assert names["kreis:08116"] == "Landkreis Esslingen" and {"nuts:DE11", "nuts:DE1", "country:DE"} <= set(names)
    assert ("kreis:08116", "nuts:DE11") in {(r.start, r.end) for r in rels}
