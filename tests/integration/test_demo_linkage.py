"""Issue 12 on the demo: cluster members reach collaboration ties (linkage and hierarchy), the tie
matrix counts through the hierarchy and not without it, the review list and the groups source are
recorded, and a re-load changes nothing."""

from __future__ import annotations

import json

import pytest

from graph.admin import count_by_label, count_by_type
from graph.derive import load_runs
from loaders.demo import load_demo
from queries.bridges import tie_matrix_of
from queries.selection import Selection
from queries.projection import build_projection
from queries.reach import member_reach

# Measured on the unchanged code (27 % reach, 6 tied pairs) and after issue 12 items 1-3 (see the
# report in docs/data-model.md). The goals (60 %, 30 pairs) need data the demo does not
# have: most unlinked members (small firms, associations, schools) have no CORDIS or ROR record.
BEFORE_REACH, BEFORE_PAIRS = 36 / 132, 6


@pytest.fixture(scope="module")
def loaded(session_driver, neo4j_settings):
    from graph.admin import clear_database

    clear_database(session_driver, neo4j_settings.database)
    return load_demo(session_driver, neo4j_settings.database, progress=False)


def _tied_pairs(driver, database, **flt) -> int:
    counts = tie_matrix_of(build_projection(driver, database, Selection(**flt))).counts
    return sum(1 for i, row in enumerate(counts) for j, n in enumerate(row) if j > i and n)


def test_members_reach_ties_directly_or_through_one_hierarchy_step(loaded, session_driver, neo4j_settings):
    reach = member_reach(session_driver, neo4j_settings.database)
    assert reach.named >= 130
    assert reach.share(hierarchy=False) > BEFORE_REACH  # linkage: FZI, Hochschule Aalen, NMI, Hohenstein …
    assert reach.share() >= 0.41 > reach.share(hierarchy=False)  # hierarchy: IFSW, IMTEK, Fraunhofer IAO, TRUMPF …


def test_tie_matrix_counts_through_the_hierarchy_and_can_be_switched_off(loaded, session_driver, neo4j_settings):
    db = neo4j_settings.database
    assert _tied_pairs(session_driver, db, no_hierarchy=True) == BEFORE_PAIRS
    assert _tied_pairs(session_driver, db) >= 19
    graph = build_projection(session_driver, db)
    via = {graph.nodes[n]["name"]: v for n, v in graph.nodes(data="clusters_via") if v}
    stuttgart = via.get("University of Stuttgart", {})  # ROR's name, the display name when matched
    assert any("Strahlwerkzeuge" in name for names in stuttgart.values() for name in names)


def test_review_list_hierarchy_and_groups_source_are_recorded(loaded, session_driver, neo4j_settings):
    db = neo4j_settings.database
    assert not loaded.rejected
    review = {item["name"]: item for item in loaded.review}
    assert review["EnBW"]["reason"].startswith("fits") and review["TRUMPF"]["candidate_id"]
    assert "Hochschule Albstadt-Sigmaringen" not in review  # confirmed by the alias rule in aliases.csv
    run = load_runs(session_driver, db)[0]
    records, _, _ = session_driver.execute_query(
        "MATCH (r:LoadRun) RETURN r.review AS review", database_=db)
    assert json.loads(records[0]["review"]) == loaded.review and run
    records, _, _ = session_driver.execute_query(
        "MATCH (a:Organisation)-[s:SUBUNIT_OF]->(b:Organisation) RETURN s.basis AS basis, s.source_url AS url, "
        "a = b AS loop", database_=db)
    bases = {r["basis"].split(":")[0] for r in records}
    assert bases == {"ROR parent", "name", "groups file"} and not any(r["loop"] for r in records)
    assert all(r["url"] for r in records if r["basis"].startswith("groups file"))
    records, _, _ = session_driver.execute_query("MATCH (s:Source {id: 'src:org-groups'}) RETURN s.licence AS l",
                                                 database_=db)
    assert records[0]["l"] == "MIT"


def test_reload_changes_nothing(loaded, session_driver, neo4j_settings):
    db = neo4j_settings.database
    labels, types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    again = load_demo(session_driver, db, progress=False)
    after_labels, after_types = count_by_label(session_driver, db), count_by_type(session_driver, db)
    assert {k: v for k, v in after_labels.items() if k != "LoadRun"} == {k: v for k, v in labels.items() if k != "LoadRun"}
    assert after_types == types
    same = lambda items: sorted((i["name"], i["reason"], i["score"]) for i in items)  # noqa: E731
    assert same(again.review) == same(loaded.review)
