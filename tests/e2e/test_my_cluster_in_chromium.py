"""Done-when of "Mein Cluster": a cluster manager uploads 25 members in real Chromium, confirms the
ambiguous match, loads, sees the cluster's candidates, removes the source, and the graph is as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook as XlsxBook

from tests.e2e.browser import browser_page, open_app, serving
from tests.neo4j_server import free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CLUSTER = "bw_ci_technologymountains"
AMBIGUOUS = "Zeiss"  # in the names of five Zeiss organisations equally well: the review list
EXACT = [  # CORDIS legal names from the demo, as a CRM export would copy them
    "UNIVERSITAET ULM", "ALBERT-LUDWIGS-UNIVERSITAET FREIBURG", "AMORPH SYSTEMS GMBH", "ACQUIFER AG",
    "AUTOMOTIVE SIMULATION CENTER STUTTGART EV", "Averbis GmbH", "BITZER KUEHLMASCHINENBAU GMBH", "BWCON GMBH",
    "BRUKER AXS GMBH", "BIOBYTE SOLUTIONS GMBH", "BORGWARNER LUDWIGSBURG GMBH", "BMG LABTECH GMBH",
    "BODENSEE STIFTUNG", "ZOLLER & FROHLICH GMBH", "AZUR SPACE SOLAR POWER GMBH", "BOSCH ENGINEERING GMBH",
    "Boehringer Ingelheim Pharma GmbH & Co. KG", "ACCELIOS SOLAR GMBH",
]
SHORT = ["TRUMPF", "Festo", "EnBW", "Hahn-Schickard"]  # names as members call themselves
NEW = "Schwäbische Innovationswerkstatt GmbH"
FORMULA = '=HYPERLINK("http://example.org","Formelfirma")'


def member_book(path: Path) -> Path:
    """25 members: the ambiguous one first (the preview's first row), a formula cell last."""
    book = XlsxBook()
    sheet = book.active
    sheet.title = "Mitglieder"
    sheet.append(["Firma", "Ort", "Mitglied seit"])
    for name in [AMBIGUOUS, *EXACT, *SHORT, NEW]:
        sheet.append([name, "Ulm" if name == NEW else None, "01.01.2020"])
    sheet.append([FORMULA, "Stuttgart", None])
    book.save(path)
    assert sheet.max_row == 26
    return path


@pytest.fixture
def demo_served(session_driver, neo4j_settings, tmp_path):
    from graph.admin import clear_database
    from loaders import load

    clear_database(session_driver, neo4j_settings.database)
    load(session_driver, neo4j_settings, "demo", progress=False, report_dir=tmp_path)
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "INNOGRAPH_HOME": str(tmp_path / "home"), "INNOGRAPH_WARM_UP": "0"}
    with serving(free_port(), env, tmp_path / "serve.log") as url:
        yield url


def upload_and_preview(page, url: str, book: Path) -> None:
    """The page, the cluster chosen, the source named, the file uploaded, the preview shown."""
    open_app(page, url + "/my-cluster")
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.keyboard.type("TechnologyMountains")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    source = page.get_by_label("Name der Quelle (wie die Liste zitiert wird)")
    source.fill("TechnologyMountains Mitgliederliste 2026")
    source.press("Enter")
    page.wait_for_timeout(1000)
    page.locator('input[type="file"]').set_input_files(str(book))
    page.wait_for_selector('[data-testid="stDataFrame"] canvas, [data-testid="stDataFrameResizable"]', timeout=120_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    page.wait_for_timeout(1500)


def accept_first_row(page) -> None:
    """Tick "Übernehmen" in the preview's first row (the ambiguous member). The grid is a canvas: its
    first cell is clicked, the keyboard moves to the last column (arrows stop there) and ticks it."""
    grid = page.locator('[data-testid="stDataFrame"]').last
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # below the header row, in the first column
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")
    page.wait_for_timeout(1500)


def test_cluster_manager_uploads_confirms_loads_and_takes_it_back(demo_served, session_driver, neo4j_settings, tmp_path):
    from tests.graph_checksum import graph_checksum, graph_rows, row_diff

    database = neo4j_settings.database
    before, before_rows = graph_checksum(session_driver, database), graph_rows(session_driver, database)
    book = member_book(tmp_path / "mitglieder.xlsx")
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page(width=1500, height=1400) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        upload_and_preview(page, demo_served, book)
        shown = page.locator("section.main, [data-testid='stMain']").first.inner_text()
        assert "1 Zeilen sind unbrauchbar" in shown and "Vorschau: 24 Mitglieder aus mitglieder.xlsx" in shown
        accept_first_row(page)
        page.screenshot(path=str(ARTIFACTS / "my-cluster-preview.png"), full_page=True)
        assert graph_checksum(session_driver, database) == before  # the preview wrote nothing
        page.get_by_role("button", name=re.compile("In .*TechnologyMountains.* laden")).click()
        page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('Cross')",
                               timeout=180_000)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=300_000)  # the candidates, once computed
        page.wait_for_timeout(2000)
        shown = page.locator("[data-testid='stMain']").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "my-cluster-candidates.png"), full_page=True)
        assert "neue Mitgliedschaften in TechnologyMountains geladen" in shown
        assert page.locator('[data-testid="stDataFrame"]').count() >= 1  # the cluster's candidates
    assert errors == []
    source = "src:members:technologymountains-technologymountains-mitgliederliste-2026"
    members, _, _ = session_driver.execute_query(
        "MATCH (o:Organisation)-[m:MEMBER_OF]->(:ClusterInitiative {id: $cluster}) WHERE $source IN m.sources "
        "RETURN o.id AS id, o.name AS name", cluster=CLUSTER, source=source, database_=database)
    assert len(members) == 24  # the formula row was refused
    assert "pic:950397174" in {m["id"] for m in members}  # "Zeiss", confirmed, joined CORDIS's Zeiss SMT
    assert any(m["name"] == NEW for m in members)
    remove_source(source, neo4j_settings, tmp_path)
    assert row_diff(before_rows, graph_rows(session_driver, database)) == []
    assert graph_checksum(session_driver, database) == before  # counts and every property as before


def remove_source(source: str, settings, tmp_path: Path) -> None:
    """Step 4 as an operator does it: ``innograph remove-source ID`` (part A's command)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
           "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database,
           "INNOGRAPH_HOME": str(tmp_path / "home")}
    done = subprocess.run([str(Path(sys.executable).with_name("innograph")), "remove-source", source],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
