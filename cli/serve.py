"""``innograph serve [--port N] [--address HOST]``: the Streamlit dashboard, headless, no telemetry."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="serve the dashboard (Streamlit) on http://localhost:PORT")
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        help="interface to bind (default 127.0.0.1: this machine only; 0.0.0.0 serves the network, as in Docker)",
    )
    serve.set_defaults(handler=_serve)


def streamlit_command(port: int, address: str | None) -> list[str]:
    """The ``streamlit run`` command line: headless, usage statistics off, no file watcher, no deploy menu."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
    ]
    if address:
        command += ["--server.address", address]
    return command


def _serve(args: argparse.Namespace) -> int:
    print(f"innograph dashboard on http://localhost:{args.port} (Ctrl-C stops it)", flush=True)
    command = streamlit_command(args.port, args.address)
    # Replace this process, so that stopping `innograph serve` stops the server itself. The
    # dashboard fills the caches of its default views in the background (dashboard/data.py).
    os.execve(command[0], command, {"INNOGRAPH_WARM_UP": "1", **os.environ})
    return 0  # not reached
