"""The precedence between sources (loaders.precedence, docs/data-model.md) and the CORDIS participation tables."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from graph.schema import OrgKind
from loaders.cordis import read_cordis
from loaders.cordis_participations import organisation_names, read_any_cordis
from loaders.precedence import id_shaped, kind_rank, source_rank, stated_records
from loaders.reading import UnreadableFile
from loaders.records import OrgRecord
from loaders.resolve import resolve

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "cordis" / "h2020"


def _org(ref, name, source, **values):
    return OrgRecord(ref=ref, name=name, source=source, city=values.pop("city", "Stuttgart"), **values)


def test_a_stated_kind_beats_an_inferred_one_in_either_order():
    stated = _org("w1", "Acme Sensorik GmbH", "src:workbook:x", kind=OrgKind.FIRM)
    inferred = _org("c1", "ACME SENSORIK GMBH", "src:cordis-h2020", kind=OrgKind.OTHER, kind_inferred=True)
    for group in ([stated, inferred], [inferred, stated]):
        (entity,) = resolve(group).entities
        assert (entity.kind, entity.kind_inferred, entity.kind_source) == (OrgKind.FIRM, False, "src:workbook:x")


def test_an_organisations_own_declaration_to_a_register_outranks_third_parties_kinds():
    """The kind rank: the user's own source, then CORDIS (H2020, FP7), then ROR, then the cluster facts and the
    press release; every loser keeps its kind in ``stated``, whatever the order."""
    said = {"src:workbook:mine": OrgKind.UNIVERSITY, "src:cordis-h2020": OrgKind.FIRM,
            "src:cordis-fp7": OrgKind.RESEARCH_INSTITUTE, "src:ror": OrgKind.PUBLIC_BODY,
            "src:clusters-bw": OrgKind.INTERMEDIARY, "src:press-cluster-brunch": OrgKind.MINISTRY}
    ladder = list(said)
    for n, winner in enumerate(ladder):
        group = [_org(f"r{i}", "Acme Transfer GmbH", source, kind=said[source]) for i, source in enumerate(ladder[n:])]
        for records in (group, group[::-1]):
            (entity,) = resolve(records).entities
            assert (entity.kind, entity.kind_source) == (said[winner], winner)
            assert {source: values["kind"] for source, values in json.loads(entity.stated).items()} == {
                source: said[source].value for source in ladder[n:]}


def test_the_kind_rank_differs_from_the_rank_of_names_and_other_facts():
    ror = _org("r1", "Bwcon (Germany)", "src:ror", kind=OrgKind.FIRM, city="Stuttgart")
    cordis = _org("c1", "BWCON GMBH", "src:cordis-h2020", kind=OrgKind.FIRM, city="STUTTGART-MITTE")
    clusters = _org("k1", "Baden-Württemberg: Connected e.V. (bwcon)", "src:clusters-bw", kind=OrgKind.INTERMEDIARY,
                    city="Stuttgart Mitte", aliases=("bwcon",), pic="937328655")
    cordis = replace(cordis, pic="937328655")
    for group in ([ror, cordis, clusters], [clusters, cordis, ror]):
        (entity,) = resolve(group).entities
        assert (entity.kind, entity.kind_source) == (OrgKind.FIRM, "src:cordis-h2020")
        assert entity.city == "Stuttgart Mitte"  # the cluster facts still rank first for every other fact
        assert json.loads(entity.stated)["src:clusters-bw"]["kind"] == "Intermediary"
    assert sorted(["src:clusters-bw", "src:ror", "src:cordis-fp7", "src:cordis-fp6", "src:cordis-h2020",
                   "src:press-cluster-brunch", "src:members:bwcon"], key=kind_rank) == [
        "src:members:bwcon", "src:cordis-h2020", "src:cordis-fp7", "src:cordis-fp6", "src:ror", "src:clusters-bw",
        "src:press-cluster-brunch"]


def test_guesses_from_names_keep_the_precedence_of_other_facts():
    """No source declares a guessed kind: between two guesses the cluster facts still rank before CORDIS."""
    clusters = _org("k1", "Diehl Defence GmbH & Co. KG", "src:clusters-bw", kind=OrgKind.FIRM, kind_inferred=True)
    cordis = _org("c1", "DIEHL DEFENCE GMBH & CO KG", "src:cordis-fp7", kind=OrgKind.OTHER, kind_inferred=True)
    for group in ([clusters, cordis], [cordis, clusters]):
        (entity,) = resolve(group).entities
        assert (entity.kind, entity.kind_inferred, entity.kind_source) == (OrgKind.FIRM, True, "src:clusters-bw")


def test_a_stated_specific_kind_of_a_lower_ranked_source_beats_cordis_stating_other():
    cordis = _org("c1", "BIOPRO BADEN-WUERTTEMBERG GMBH", "src:cordis-h2020", kind=OrgKind.OTHER)
    clusters = _org("k1", "BIOPRO Baden-Württemberg GmbH", "src:clusters-bw", kind=OrgKind.INTERMEDIARY)
    for group in ([cordis, clusters], [clusters, cordis]):
        (entity,) = resolve(group).entities
        assert (entity.kind, entity.kind_source) == (OrgKind.INTERMEDIARY, "src:clusters-bw")


def test_a_stated_specific_kind_beats_a_stated_catch_all_other_in_either_order():
    ror = _org("r1", "Universitätsklinikum Heidelberg", "src:ror", kind=OrgKind.OTHER)
    cordis = _org("c1", "UNIVERSITAETSKLINIKUM HEIDELBERG", "src:cordis-h2020", kind=OrgKind.UNIVERSITY)
    for group in ([ror, cordis], [cordis, ror]):
        (entity,) = resolve(group).entities
        assert (entity.kind, entity.kind_inferred, entity.kind_source) == (OrgKind.UNIVERSITY, False, "src:cordis-h2020")
        assert json.loads(entity.stated)["src:ror"]["kind"] == "Other"


def test_a_real_name_beats_an_id_shaped_one():
    unnamed = OrgRecord(ref="c1", name="pic:990797674", source="src:cordis-h2020", pic="990797674")
    named = OrgRecord(ref="f1", name="KARLSRUHER INSTITUT FUER TECHNOLOGIE", source="src:cordis-fp7", pic="990797674")
    for group in ([unnamed, named], [named, unnamed]):
        (entity,) = resolve(group).entities
        assert entity.name == "Karlsruher Institut für Technologie"
        assert "pic:990797674" in entity.aliases
    assert id_shaped("pic:990797674") and id_shaped("990797674") and not id_shaped("3M")


def test_a_users_own_source_ranks_first_and_known_sources_in_their_order():
    assert sorted(["src:cordis-fp6", "src:cordis-fp7", "src:ror", "src:workbook:mine", "src:cordis-h2020",
                   "src:clusters-bw"], key=source_rank) == [
        "src:workbook:mine", "src:clusters-bw", "src:ror", "src:cordis-h2020", "src:cordis-fp7", "src:cordis-fp6"]


def test_a_source_loaded_again_replaces_what_it_stated_before():
    before = stated_records("org:acme", json.dumps({"src:workbook:x": {"name": "Acme", "kind": "Firm"},
                                                    "src:ror": {"name": "Acme", "kind": "Other"}}), ())
    again = _org("w1", "Acme", "src:workbook:x", kind=OrgKind.RESEARCH_INSTITUTE, node_id="org:acme")
    entity = next(e for e in resolve([*before, again]).entities)
    assert entity.kind is OrgKind.RESEARCH_INSTITUTE
    assert json.loads(entity.stated)["src:ror"]["kind"] == "Other"


def test_the_participation_table_gets_names_kinds_and_cities_from_the_tables_beside_it(tmp_path):
    (tmp_path / "orgs.csv").write_text("orgId,name,shortName,activityType,city,country\n"
                                       "999100001,ACME SENSORIK GMBH,ACME,PRC,STUTTGART,DE\n", encoding="utf-8")
    with gzip.open(tmp_path / "participations.csv.gz", "wt", encoding="utf-8") as out:
        out.write("rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost\n"
                  "11,coordinator,999100001,PRC,1000.0,DE,2016-01-01,2018-12-31,5000.0,6000.0\n"
                  "11,participant,999100002,REC,,FR,2016-01-01,2018-12-31,5000.0,6000.0\n")
    bundle = read_any_cordis(tmp_path / "participations.csv.gz")
    assert [(o.name, o.kind, o.city, o.pic) for o in bundle.orgs] == [
        ("ACME SENSORIK GMBH", OrgKind.FIRM, "STUTTGART", "999100001"),
        ("pic:999100002", OrgKind.RESEARCH_INSTITUTE, None, "999100002")]
    assert {n.id for n in bundle.nodes if n.label.value == "Project"} == {"cordis:H2020:rcn11"}
    assert [r.props["role"] for r in bundle.rels] == ["coordinator", "participant"]


def test_a_table_in_no_known_format_is_refused_in_one_line_naming_the_formats_and_the_columns(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_any_cordis(wrong)
    message = str(caught.value)
    assert "\n" not in message and "found the columns a, b, c" in message
    assert "CORDIS export folder" in message and "participation table (rcn, role, pic, type" in message
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "organization.csv").write_text("x;y\n1;2\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="found the columns x, y"):
        read_cordis(folder)


def test_the_shared_h2020_folder_names_kit():
    names = organisation_names(SHARED)
    assert names["990797674"].name == "KARLSRUHER INSTITUT FUER TECHNOLOGIE"


def test_a_sources_stated_kind_is_kept_over_its_own_guess():
    guess = _org("c1", "bwcon GmbH", "src:clusters-bw", kind=OrgKind.OTHER, kind_inferred=True)
    stated = _org("c2", "bwcon GmbH", "src:clusters-bw", kind=OrgKind.INTERMEDIARY)
    (entity,) = resolve([guess, stated]).entities
    assert json.loads(entity.stated)["src:clusters-bw"]["kind"] == entity.kind.value == "Intermediary"
