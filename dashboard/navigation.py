"""The dashboard's pages in menu order, so that the app and the benchmark share one list."""

from __future__ import annotations

from pathlib import Path

# Not "pages/": Streamlit treats a folder of that name beside the main script as a v1 multipage
# app and would then run page files without this script (and its sidebar) in tests.
PAGES = Path(__file__).resolve().parent / "app_pages"
# (file, catalogue key of its title, url path, icon)
PAGE_TABLE = (
    ("overview.py", "page.overview", "overview", ":material/dashboard:"),
    ("network_map.py", "page.network", "network", ":material/hub:"),
    ("bridges.py", "page.bridges", "bridges", ":material/link:"),
    ("paths.py", "page.paths", "paths", ":material/route:"),
    ("cross_clustering.py", "page.cross", "cross-clustering", ":material/join_inner:"),
    ("my_cluster.py", "page.mine", "my-cluster", ":material/upload_file:"),
    ("geography.py", "page.geography", "geography", ":material/map:"),
    ("agenda.py", "agenda.page", "agenda", ":material/flag:"),
    ("export.py", "page.export", "export", ":material/download:"),
    ("data_sources.py", "page.data", "data", ":material/database:"),
    ("console.py", "page.console", "query", ":material/terminal:"),
)
# The first page is also served at "/", under this reserved name (Streamlit gives the default page
# no URL of its own), while its url path above opens it as well (app.py).
DEFAULT_ALIAS = "start"
