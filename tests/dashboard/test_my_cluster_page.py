"""The "My cluster" page against the fixture graph: refusals write nothing, a good list loads."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook as XlsxBook

from tests.dashboard.conftest import texts

CSV = "text/csv"


def counts(driver, database) -> tuple[int, int]:
    records, _, _ = driver.execute_query("MATCH (n) WITH count(n) AS nodes "
                                         "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels", database_=database)
    return records[0]["nodes"], records[0]["rels"]


@pytest.fixture
def page(open_page, session_driver, neo4j_settings):
    """The page in English with the fixture graph freshly loaded (a test here may write)."""
    from graph.admin import clear_database
    from tests.dashboard.fixture_graph import load_fixture

    clear_database(session_driver, neo4j_settings.database)
    load_fixture(session_driver, neo4j_settings.database)
    return open_page("my_cluster.py", lang="en")


def upload(app, name: str, content: bytes, mime: str = CSV):
    app.get("file_uploader")[0].set_value((name, content, mime))
    return app.run()


def xlsx(rows) -> bytes:
    book = XlsxBook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("members.csv", b"", "members.csv is empty: nothing was loaded"),
    ("members.xlsx", b"PK\x03\x04 not a zip", "members.xlsx is not a spreadsheet: nothing was loaded"),
    ("members.csv", "Kontakt;Telefon\nHerr X;0711 1234\n".encode(), "members.csv has no name column (found: Kontakt, Telefon)"),
    ("members.csv", ("Name\n" + "".join(f"F{i}\n" for i in range(200_000))).encode(),
     "members.csv has 200000 rows, more than the limit of 5000: nothing was loaded"),
    ("members.csv", "Firma;Ort\nMedTech Freiburg GmbH;Freiburg\nMedTech Freiburg GmbH;Freiburg\n".encode(),
     '"MedTech Freiburg GmbH" is on rows 2 and 3: nothing was loaded'),
    ("members.csv", "Firma;PIC\nNeu GmbH;999990001\nNEU GMBH;999990002\n".encode(),
     '"NEU GMBH" is on rows 2 and 3 with two different PICs (999990001, 999990002)'),
])
def test_bad_input_is_one_clear_message_and_nothing_is_written(page, session_driver, neo4j_settings,
                                                               name, content, message):
    before = counts(session_driver, neo4j_settings.database)
    app = upload(page, name, content)
    assert not app.exception
    assert len(app.error) == 1
    assert message in app.error[0].value
    assert not app.get("data_editor") and not [b for b in app.button if b.key == "mine.load"]
    assert counts(session_driver, neo4j_settings.database) == before


def test_viewer_mode_hides_uploading(open_page, app_env):
    app_env.setenv("INNOGRAPH_READONLY", "1")
    app = open_page("my_cluster.py", lang="de")
    assert not app.exception
    assert "Lesemodus" in texts(app)
    assert not app.get("file_uploader")


def test_a_member_list_is_previewed_then_loaded_into_the_cluster(page, session_driver, neo4j_settings):
    database = neo4j_settings.database
    before = counts(session_driver, database)
    page.selectbox(key="mine.cluster").set_value("ci:health").run()
    page.text_input(key="mine.source_name").set_value("BioRegion Mitglieder 2026").run()
    content = xlsx([["Firma", "Ort", "Website"],
                    ["Universität Stuttgart", "Stuttgart", ""],
                    ["Neue Biotech GmbH", "Freiburg", "www.neue-biotech.de"],
                    ["=HYPERLINK(\"http://x\",\"y\")", "Ulm", ""]])
    app = upload(page, "mitglieder.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not app.exception, app.exception
    assert "1 rows cannot be used" in texts(app)
    preview = app.get("data_editor")[0].value
    assert list(preview["name"]) == ["Universität Stuttgart", "Neue Biotech GmbH"]
    assert list(preview["status"]) == ["exact", "new"]
    assert list(preview["organisation"]) == ["Universität Stuttgart", ""]
    assert counts(session_driver, database) == before  # the preview writes nothing
    app.button(key="mine.load").click().run()
    assert not app.exception, app.exception
    records, _, _ = session_driver.execute_query(
        "MATCH (o:Organisation)-[m:MEMBER_OF]->(:ClusterInitiative {id: $cluster}) WHERE $source IN m.sources "
        "RETURN o.id AS id ORDER BY id", cluster="ci:health", source="src:members:ci-health-bioregion-mitglieder-2026",
        database_=database)
    assert [r["id"] for r in records] == ["org:biotech-neu", "org:unistuttgart"]
    source, _, _ = session_driver.execute_query(
        "MATCH (s:Source {id: $id}) RETURN s.name AS name, s.licence AS licence",
        id="src:members:ci-health-bioregion-mitglieder-2026", database_=database)
    assert (source[0]["name"], source[0]["licence"]) == ("BioRegion Mitglieder 2026", "internal, not for publication")
    assert "2 new memberships loaded into BioRegion Test" in texts(app)
