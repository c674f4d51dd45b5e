"""A local HTTP listener that records every request: proof that nothing made the server fetch a URL."""

from __future__ import annotations

import http.server
import threading
from typing import Iterator

import pytest


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def http_listener() -> Iterator[http.server.HTTPServer]:
    """A listener on a free loopback port; ``.url`` is its address, ``.requests`` what reached it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []  # type: ignore[attr-defined]
    server.url = f"http://127.0.0.1:{server.server_port}/innograph.csv"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
