"""Under `innograph serve` the default views are computed in the background after the first visit."""

import queries.cluster_map
import queries.subgraph

from dashboard import data


def test_warm_up_fills_the_map_cache_before_the_map_is_opened(open_page, app_env, monkeypatch):
    app_env.setenv("INNOGRAPH_WARM_UP", "1")
    data._warm_up_thread.clear()
    open_page()  # the overview starts the warm-up
    current = data.settings()
    data._warm_up_thread(current.uri, current.database).join(timeout=120)

    calls = []
    original = queries.subgraph.select_subgraph
    monkeypatch.setattr(queries.subgraph, "select_subgraph", lambda *a, **k: calls.append(a) or original(*a, **k))
    clusters = queries.cluster_map.cluster_map
    monkeypatch.setattr(queries.cluster_map, "cluster_map", lambda *a, **k: calls.append(a) or clusters(*a, **k))
    app = open_page("network_map.py")  # opens on the clusters
    assert not app.exception
    assert app.get("iframe") and calls == []
    app.radio(key="map.view").set_value("organisations").run()
    assert not app.exception
    assert app.get("iframe") and calls == []
