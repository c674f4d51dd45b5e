"""The network map opens on the clusters; a chosen cluster opens on its members and partners.

The fixture graph (tests/dashboard/fixture_graph.py) has 3 clusters: Automotive Süd (bosch,
unistuttgart, agency), KI-Allianz Test (unistuttgart, kit, startup, xss) and BioRegion Test (kit,
fraunhofer, medtech). Their members' ties link every two of them, so 3 nodes and 3 edges.
"""

from tests.dashboard.conftest import texts
from tests.dashboard.html_nodes import embedded_nodes, labels
from tests.dashboard.test_network_map import map_html


def test_the_map_opens_on_the_clusters(open_page):
    app = open_page("network_map.py", lang="en")
    assert not app.exception, app.exception
    assert app.radio(key="map.view").value == "clusters"
    nodes = {node["id"]: node for node in embedded_nodes(map_html(app))}
    assert set(nodes) == {"ci:auto", "ci:health", "ci:ai"}
    assert nodes["ci:ai"]["size"] > nodes["ci:auto"]["size"] == nodes["ci:health"]["size"]  # 4 members vs 3
    assert "3 clusters, 3 cluster pairs with shared collaborations." in texts(app)


def test_choosing_a_cluster_opens_its_members_and_partners(open_page):
    app = open_page("network_map.py", lang="en")
    app.selectbox(key="map.cluster").set_value("ci:health").run()
    assert not app.exception, app.exception
    nodes = {node["id"] for node in embedded_nodes(map_html(app))}
    # the cluster itself, its 3 members and their partners in the fixture (unistuttgart through kit)
    assert nodes == {"hub:ci:health", "org:kit", "org:fraunhofer", "org:medtech", "org:unistuttgart"}
    assert "3 members, 1 partners, 4 ties shown, 0 more partners hidden." in texts(app)
    assert "BioRegion Test" in labels(map_html(app))


def test_the_map_in_german_speaks_german(open_page):
    app = open_page("network_map.py")
    assert "3 Cluster, 3 Clusterpaare mit gemeinsamen Kooperationen." in texts(app)
    app.selectbox(key="map.cluster").set_value("ci:auto").run()
    assert not app.exception
    assert "Mitglieder" in texts(app)
