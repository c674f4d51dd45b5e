"""Display names: ROR's name, else the best mixed-case spelling, else the capitals restored (issue 12, item 4).

Hand-made fixtures from real CORDIS spellings of the shared data."""

from __future__ import annotations

import pytest

from loaders.casing import display_name, restore_case
from loaders.records import OrgRecord
from loaders.resolve import resolve
from loaders.ror import SOURCE_ID as ROR


def org(ref, name, **kw) -> OrgRecord:
    return OrgRecord(ref=ref, name=name, source=kw.pop("source", "src:cordis-h2020"), **kw)


@pytest.mark.parametrize("capitals, restored", [
    # umlauts from transliterations and from plain vowels, by the German word list
    ("EBERHARD KARLS UNIVERSITAET TUEBINGEN", "Eberhard Karls Universität Tübingen"),
    ("ENBW ENERGIE BADEN-WURTTEMBERG AG", "EnBW Energie Baden-Württemberg AG"),
    ("NATURWISSENSCHAFTLICHES UND MEDIZINISCHES INSTITUT AN DER UNIVERSITAET TUEBINGEN",
     "Naturwissenschaftliches und Medizinisches Institut an der Universität Tübingen"),
    ("HOCHSCHULE AALEN - TECHNIK UND WIRTSCHAFT", "Hochschule Aalen - Technik und Wirtschaft"),
    # legal forms
    ("TRUMPF LASER GMBH + CO KG", "TRUMPF Laser GmbH + Co. KG"),
    ("HEINZ SCHWARZ GMBH & CO KG", "Heinz Schwarz GmbH & Co. KG"),
    ("FORSCHUNGSKURATORIUM MASCHINENBAU EV", "Forschungskuratorium Maschinenbau e.V."),
    ("GAUSS CENTRE FOR SUPERCOMPUTING E V", "Gauss Centre for Supercomputing e.V."),
    ("LEIBNIZ-INSTITUT FUER PHOTONISCHE TECHNOLOGIEN E.V.", "Leibniz-Institut für Photonische Technologien e.V."),
    ("SMART MOBILITY UG (HAFTUNGSBESCHRANKT)", "Smart Mobility UG (haftungsbeschränkt)"),
    ("MERCK KGAA", "Merck KGaA"),
    # acronyms kept: listed, without a vowel, or a short non-word
    ("SAP SE", "SAP SE"),
    ("IBM DEUTSCHLAND GMBH", "IBM Deutschland GmbH"),
    ("DEUTSCHES ZENTRUM FUER LUFT - UND RAUMFAHRT EV", "Deutsches Zentrum für Luft - und Raumfahrt e.V."),
    ("BMBF PROJEKTTRAEGER", "BMBF Projektträger"),
    ("OWS VERWERTUNGSMANAGEMENT GMBH", "OWS Verwertungsmanagement GmbH"),
    # a rare word keeps its plain vowel (a name, not an umlaut)
    ("OFFIS EV", "Offis e.V."),
])
def test_capitals_are_restored(capitals, restored):
    assert restore_case(capitals) == restored


def test_mixed_case_names_are_left_alone():
    assert restore_case("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.") == \
        "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V."


def test_ror_name_wins_when_matched():
    group = [org("clusters:x", "Uni Stuttgart", source="src:clusters-bw"),
             org("ror:1", "University of Stuttgart", source=ROR, ror="https://ror.org/04vnq7t77"),
             org("cordis:H2020:1", "UNIVERSITAET STUTTGART")]
    assert display_name(group) == "University of Stuttgart"


def test_ror_names_lose_their_country_of_disambiguation():
    group = [org("ror:2", "Festo (Germany)", source=ROR, ror="https://ror.org/0x"), org("cordis:H2020:2", "FESTO AG & CO KG")]
    assert display_name(group) == "Festo"


def test_a_spelling_with_umlauts_beats_its_transliteration():
    group = [org("a", "Universitaet Hohenheim"), org("b", "UNIVERSITAET HOHENHEIM", aliases=("Universität Hohenheim",))]
    assert display_name(group) == "Universität Hohenheim"


def test_restores_the_capitals_alias_that_has_umlauts():
    group = [org("a", "EBERHARD KARLS UNIVERSITAET TUEBINGEN", aliases=("EBERHARD KARLS UNIVERSITÄT TÜBINGEN",))]
    assert display_name(group) == "Eberhard Karls Universität Tübingen"


def test_a_short_name_is_not_taken_for_the_display_name():
    group = [org("a", "HOCHSCHULE DER MEDIEN", aliases=("HdM",))]
    assert display_name(group) == "Hochschule der Medien"


def test_every_source_spelling_stays_an_alias():
    records = [org("cordis:FP7:1", "STIFTUNG FZI FORSCHUNGSZENTRUM INFORMATIK AM KARLSRUHER INSTITUT FUR TECHNOLOGIE",
                   pic="999"),
               org("cordis:H2020:1", "STIFTUNG FZI FORSCHUNGSZENTRUM INFORMATIK AM KARLSRUHER INSTITUT FUER TECHNOLOGIE",
                   pic="999", aliases=("FZI",))]
    entity, = resolve(records).entities
    assert entity.name == "Stiftung FZI Forschungszentrum Informatik am Karlsruher Institut für Technologie"
    assert set(entity.aliases) >= {r.name for r in records} | {"FZI"}
