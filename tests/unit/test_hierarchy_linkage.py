"""Hand-made fixtures for issue 12: hierarchy from names, ROR parents and the groups file (with its
bad rows), member linkage, and the review list instead of a merge."""

from __future__ import annotations

from pathlib import Path

from graph.schema import RelType
from loaders.hierarchy import hierarchy_records
from loaders.records import AliasRule, OrgRecord
from loaders.resolve import resolve
from loaders.ror import read_ror


def org(ref, name, **kw) -> OrgRecord:
    return OrgRecord(ref=ref, name=name, source=kw.pop("source", "src:test"), **kw)


UNI = org("cordis:1", "UNIVERSITAET STUTTGART", pic="999974747", city="STUTTGART")


def links(bundle) -> set[tuple[str, str]]:
    return {(r.start, r.end) for r in bundle.rels if r.type is RelType.SUBUNIT_OF}


def test_institute_der_universitaet_is_part_of_the_university_by_name():
    ifsw = org("member:1", "Institut für Strahlwerkzeuge der Universität Stuttgart (IFSW)")
    fkfs = org("member:2", "Universität Stuttgart, FKFS")
    bundle = hierarchy_records([UNI, ifsw, fkfs])
    assert links(bundle) == {("member:1", "cordis:1"), ("member:2", "cordis:1")}
    assert all(r.props["basis"].startswith("name:") for r in bundle.rels)


def test_research_society_institutes_and_no_link_without_the_parent():
    fhg = org("member:9", "Fraunhofer-Gesellschaft")
    iao = org("ror:iao", "Fraunhofer IAO", ror="https://ror.org/01nh64743")
    mpi = org("member:3", "Max-Planck-Institut für Polymerforschung")
    assert links(hierarchy_records([fhg, iao, mpi])) == {("ror:iao", "member:9")}  # no Max-Planck-Gesellschaft loaded


def test_ror_parent_becomes_subunit_of_with_its_basis(tmp_path: Path):
    path = tmp_path / "ror.csv"
    path.write_text("id,name,types,city,country_code,relationships\n"
                    "https://ror.org/child,Fraunhofer IAO,facility,Stuttgart,DE,parent:https://ror.org/parent\n"
                    "https://ror.org/parent,Fraunhofer-Gesellschaft,nonprofit,München,DE,child:https://ror.org/child\n",
                    encoding="utf-8")
    bundle = read_ror(path)
    assert [(r.start, r.end, r.props["basis"]) for r in bundle.rels] == [
        ("ror:https://ror.org/child", "ror:https://ror.org/parent", "ROR parent")]


def _groups(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "org_groups.csv"
    path.write_text("entity,entity_city,group,relation,source_url\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_group_file_links_entities_and_rejects_bad_rows(tmp_path: Path):
    trumpf = org("member:t", "TRUMPF", city="Ditzingen")
    laser = org("cordis:2", "TRUMPF LASER UND SYSTEMTECHNIK GMBH", city="Ditzingen")
    tools = org("cordis:3", "TRUMPF WERKZEUGMASCHINEN GMBH + COKG", city="DITZINGEN")
    path = _groups(tmp_path,
                   "TRUMPF Laser- und Systemtechnik GmbH,Ditzingen,TRUMPF,subsidiary,https://example.org/a",
                   "TRUMPF WERKZEUGMASCHINEN GMBH + COKG,,TRUMPF,subsidiary,https://example.org/b",
                   "Nobody GmbH,,TRUMPF,subsidiary,https://example.org/c",
                   "TRUMPF,,TRUMPF,group,https://example.org/d",
                   "TRUMPF,,TRUMPF Laser- und Systemtechnik GmbH,group,https://example.org/e",
                   "TRUMPF WERKZEUGMASCHINEN GMBH + COKG,,Nobody AG,subsidiary,https://example.org/f",
                   "TRUMPF WERKZEUGMASCHINEN GMBH + COKG,,TRUMPF,subsidiary,")
    bundle = hierarchy_records([trumpf, laser, tools], path)
    assert links(bundle) == {("cordis:2", "member:t"), ("cordis:3", "member:t")}
    assert all(r.props["source_url"] and r.source == "src:org-groups" for r in bundle.rels)
    assert [(r.line, r.column) for r in bundle.rejected] == [
        (4, "entity"), (5, "group"), (6, "group"), (7, "group"), (8, "source_url")]
    assert "no organisation" in bundle.rejected[0].message
    assert "itself" in bundle.rejected[1].message
    assert "cycle" in bundle.rejected[2].message
    assert all(r.file == "org_groups.csv" for r in bundle.rejected)


def test_a_hierarchy_link_is_not_a_merge():
    ifsw = org("member:1", "Institut für Strahlwerkzeuge der Universität Stuttgart (IFSW)")
    result = resolve([UNI, ifsw])
    assert result.ids["member:1"] != result.ids["cordis:1"]
    assert not result.review


def test_member_links_to_the_registered_organisation():
    aalen = org("cordis:4", "HOCHSCHULE AALEN - TECHNIK UND WIRTSCHAFT", pic="999", city="AALEN")
    nmi = org("cordis:5", "NATURWISSENSCHAFTLICHES UND MEDIZINISCHES INSTITUT AN DER UNIVERSITAET TUEBINGEN",
              pic="998", city="REUTLINGEN")
    members = [org("member:1", "Hochschule Aalen"),
               org("member:2", "NMI Naturwissenschaftliches und Medizinisches Institut an der Universität Tübingen")]
    result = resolve([*members, aalen, nmi])
    assert result.ids["member:1"] == result.ids["cordis:4"]
    assert result.ids["member:2"] == result.ids["cordis:5"]
    assert any(r.startswith("linked") for m in result.merges for r in m.reasons)


def test_review_instead_of_merge():
    enbw = [org("cordis:6", "ENBW ENERGIE BADEN-WURTTEMBERG AG", pic="1", city="KARLSRUHE"),
            org("cordis:7", "ENBW TRANSPORTNETZE AG", pic="2", city="STUTTGART")]
    trumpf = [org("cordis:8", "TRUMPF LASER MARKING SYSTEMS AG", pic="3", city="Schramberg"),
              org("cordis:9", "TRUMPF LASER UND SYSTEMTECHNIK GMBH", pic="4", city="Ditzingen")]
    qiagen = org("cordis:10", "QIAGEN LAKE CONSTANCE GMBH", pic="5", city="Hilden")
    members = [org("member:1", "EnBW"), org("member:2", "TRUMPF Laser"),
               org("member:3", "Qiagen Lake Constance", city="Stockach")]
    result = resolve([*members, *enbw, *trumpf, qiagen])
    for ref in ("member:1", "member:2", "member:3"):
        assert result.ids[ref] not in {result.ids[c.ref] for c in (*enbw, *trumpf, qiagen)}
    reasons = {item.name: item.reason for item in result.review}
    assert reasons == {"EnBW": "fits 2 organisations equally well", "TRUMPF Laser": "fits 2 organisations equally well",
                       "Qiagen Lake Constance": "cities differ"}
    alone = resolve([org("member:4", "EnBW"), enbw[0]])
    assert [i.reason for i in alone.review] == ["one-word short name"]
    item = next(i for i in result.review if i.name == "Qiagen Lake Constance")
    assert item.candidate_id == result.ids["cordis:10"] and 0 < item.score <= 100


def test_alias_rules_confirm_or_reject_a_review_item():
    enbw = org("cordis:6", "ENBW ENERGIE BADEN-WURTTEMBERG AG", pic="1", city="KARLSRUHE")
    member = org("member:1", "EnBW")
    confirmed = resolve([member, enbw], [AliasRule("EnBW", "EnBW Energie Baden-Württemberg AG", "merge", "same")])
    assert confirmed.ids["member:1"] == confirmed.ids["cordis:6"] and not confirmed.review
    aalen = org("cordis:4", "HOCHSCHULE AALEN - TECHNIK UND WIRTSCHAFT", pic="999", city="AALEN")
    rejected = resolve([org("member:2", "Hochschule Aalen"), aalen],
                       [AliasRule("Hochschule Aalen", "HOCHSCHULE AALEN - TECHNIK UND WIRTSCHAFT", "keep_apart", "no")])
    assert rejected.ids["member:2"] != rejected.ids["cordis:4"] and not rejected.review


def test_nothing_merges_two_registered_organisations_by_a_shorter_name():
    fzk = org("cordis:11", "FORSCHUNGSZENTRUM KARLSRUHE GMBH", city="KARLSRUHE")  # FP7 row without a PIC
    fzi = org("cordis:12", "FORSCHUNGSZENTRUM INFORMATIK AN DER UNIVERSITAET KARLSRUHE", pic="7", city="KARLSRUHE")
    result = resolve([fzk, fzi])
    assert result.ids["cordis:11"] != result.ids["cordis:12"]
