"""Overview, geography and data pages against the fixture graph."""

from tests.dashboard.conftest import texts
from tests.dashboard.fixture_graph import CLUSTER_COUNT, ORGANISATION_COUNT, PROJECT_COUNT, SME_COUNT, TIE_COUNT


def metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_overview_shows_the_key_figures(open_page):
    app = open_page()
    assert not app.exception
    assert metric(app, "Organisationen") == str(ORGANISATION_COUNT)
    assert metric(app, "Clusterinitiativen") == str(CLUSTER_COUNT)
    assert metric(app, "Projekte") == str(PROJECT_COUNT)
    assert metric(app, "Kooperationen") == str(TIE_COUNT)
    assert metric(app, "KMU") == str(SME_COUNT)
