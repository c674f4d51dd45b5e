"""Entity resolution on real spellings from the shared data, including cases that must not merge."""

from __future__ import annotations

import pytest

from graph.schema import OrgKind
from loaders.names import city_key, infer_kind, name_key, repair_text
from loaders.records import AliasRule, OrgRecord
from loaders.resolve import resolve

DISTRICTS = {"stuttgart": "nuts:DE11", "gerlingen": "nuts:DE11", "karlsruhe": "nuts:DE12"}


def org(ref, name, **kw) -> OrgRecord:
    return OrgRecord(ref=ref, name=name, source=kw.pop("source", "src:test"), **kw)


@pytest.mark.parametrize("spellings", [
    ("UNIVERSITAET STUTTGART", "UNIVERSITY OF STUTTGART", "Universität Stuttgart", "UNIVERSITAT STUTTGART"),
    ("Festo SE & Co. KG", "FESTO AG & CO KG"),
    ("BADEN WURTTEMBERG: CONNECTED E V", "Baden-Württemberg: Connected e.V. (bwcon)"),
    ("ENBW ENERGIE BADEN WURTTEMBERG AG", "ENBW ENERGIE BADEN-WURTTEMBERG AG"),
    ("SAP AG", "SAP SE"),
    ("Uni Ulm", "UNIVERSITAET ULM"),
    ("ROBERT BOSCH GMBH", "Robert Bosch Gesellschaft mit beschränkter Haftung"),
])
def test_spellings_share_a_key(spellings):
    assert len({name_key(s) for s in spellings}) == 1


@pytest.mark.parametrize("a, b", [
    ("ROBERT BOSCH GMBH", "ROBERT BOSCH GESELLSCHAFT FUR MEDIZINISCHE FORSCHUNG MBH"),
    ("Daimler AG", "Mercedes-Benz AG"),
    ("Universität Stuttgart", "Universität Stuttgart, FKFS"),
    ("Universität Heidelberg", "Universitätsklinikum Heidelberg"),
])
def test_distinct_entities_have_distinct_keys(a, b):
    assert name_key(a) != name_key(b)


def test_mojibake_is_repaired():
    assert repair_text("MÃœNCHEN") == "MÜNCHEN"
    assert repair_text("M√ºnster") == "Münster"
    assert repair_text("Wernerwerkstra√üe") == "Wernerwerkstraße"
    assert city_key("MÃœNCHEN") == city_key("MUENCHEN") == city_key("Munich") == "munchen"
    assert name_key("AURA BÃ„RBEL DIERUFF") == name_key("Aura Bärbel Dieruff")


def test_three_spellings_of_stuttgart_become_one_with_every_alias():
    result = resolve([
        org("m", "Universität Stuttgart", kind=OrgKind.UNIVERSITY),
        org("h", "UNIVERSITY OF STUTTGART", pic="999974747", city="STUTTGART"),
        org("f", "UNIVERSITAET STUTTGART", city="Stuttgart"),
    ], districts=DISTRICTS)
    assert len(result.entities) == 1
    entity = result.entities[0]
    assert entity.id == "pic:999974747"
    assert entity.name == "Universität Stuttgart"
    assert set(entity.aliases) == {"Universität Stuttgart", "UNIVERSITY OF STUTTGART", "UNIVERSITAET STUTTGART"}
    assert len(result.merges) == 1 and result.merges[0].records == 3


def test_identifiers_first_then_name_and_city():
    result = resolve([
        org("a", "KARLSRUHER INSTITUT FUER TECHNOLOGIE", pic="990797674", city="Karlsruhe"),
        org("b", "Karlsruhe Institute of Technology", ror="https://ror.org/04t3en479", city="Karlsruhe",
            match_names=("Karlsruher Institut für Technologie",)),
        org("c", "Karlsruher Institut für Technologie (KIT)", aliases=("Universität Karlsruhe",)),
        org("d", "Universität Karlsruhe (TH)"),
    ], [AliasRule("Universität Karlsruhe (TH)", "Karlsruher Institut für Technologie", "merge", "KIT since 2009")],
        DISTRICTS)
    assert len(result.entities) == 1
    assert result.entities[0].ror == "https://ror.org/04t3en479"
    reasons = " ".join(result.merges[0].reasons)
    assert "same PIC" not in reasons and "alias rule: Universität Karlsruhe (TH)" in reasons


def test_same_name_in_the_same_district_merges_bosch_in_gerlingen_and_stuttgart():
    result = resolve([org("m", "Robert Bosch GmbH", city="Stuttgart"),
                      org("c", "ROBERT BOSCH GMBH", pic="999908787", city="GERLINGEN-SCHILLERHOEHE"),
                      org("x", "ROBERT BOSCH GESELLSCHAFT FUR MEDIZINISCHE FORSCHUNG MBH", pic="998562427",
                          city="STUTTGART")], districts=DISTRICTS)
    assert sorted(e.id for e in result.entities) == ["pic:998562427", "pic:999908787"]
    assert "cities in the same district" in result.merges[0].reasons[0]


def test_same_name_in_different_places_stays_apart_and_a_cityless_record_is_reported():
    result = resolve([org("a", "Stadtwerke GmbH", city="Karlsruhe"), org("b", "STADTWERKE GMBH", city="Ulm"),
                      org("c", "Stadtwerke")], districts=DISTRICTS)
    assert len(result.entities) == 3
    assert result.notes and "kept apart" in result.notes[0]


def test_keep_apart_rule_wins_over_the_name():
    records = [org("a", "Daimler AG", city="Stuttgart"), org("b", "DAIMLER AG", city="STUTTGART")]
    assert len(resolve(records, districts=DISTRICTS).entities) == 1
    rule = AliasRule("Daimler AG", "DAIMLER AG", "keep_apart", "test")
    assert len(resolve(records, [rule], DISTRICTS).entities) == 2


def test_two_different_ror_ids_never_join_by_name():
    result = resolve([org("a", "Bard (Germany)", ror="https://ror.org/01aravg64"),
                      org("b", "Bard (Germany)", ror="https://ror.org/02kzqwr99")])
    assert len(result.entities) == 2


def test_existing_nodes_keep_their_ids_and_never_join_each_other():
    result = resolve([org("new", "SICK AG", city="Waldkirch"),
                      org("db:org:sick", "SICK AG", node_id="org:sick", city="Waldkirch"),
                      org("db:org:sick-2", "SICK AG", node_id="org:sick-2", city="Waldkirch")])
    assert sorted(e.id for e in result.entities) == ["org:sick", "org:sick-2"]
    assert result.merges == ()


def test_stated_kind_beats_inferred_and_the_mixed_case_name_wins():
    result = resolve([org("a", "HOCHSCHULE AALEN", kind=OrgKind.UNIVERSITY, pic="1"),
                      org("b", "Hochschule Aalen", kind=OrgKind.OTHER, kind_inferred=True, pic="1")])
    entity = result.entities[0]
    assert (entity.kind, entity.kind_inferred, entity.name) == (OrgKind.UNIVERSITY, False, "Hochschule Aalen")


@pytest.mark.parametrize("name, kind", [
    ("Universität Konstanz", OrgKind.UNIVERSITY), ("Hochschule Esslingen", OrgKind.UNIVERSITY),
    ("Fraunhofer IAO", OrgKind.RESEARCH_INSTITUTE), ("FZI Forschungszentrum Informatik", OrgKind.RESEARCH_INSTITUTE),
    ("Manz AG", OrgKind.FIRM), ("KITEO GmbH & Co. KG", OrgKind.FIRM), ("Landkreis Tuttlingen", OrgKind.PUBLIC_BODY),
    ("Ministerium für Finanzen und Wirtschaft Baden-Württemberg", OrgKind.MINISTRY),
    ("Wirtschaftsförderung Bodenseekreis", OrgKind.INTERMEDIARY), ("Südwesttextil e.V.", OrgKind.OTHER),
])
def test_kind_is_inferred_from_the_name(name, kind):
    assert infer_kind(name) is kind
