"""Tooling for the browser test and the README screenshots: `innograph serve` plus headless Chromium.

Chromium is Debian's package (``/usr/bin/chromium``), driven by Playwright's Python package; no
browser is downloaded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from playwright.sync_api import Frame, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("INNOGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def serving(port: int, env: Mapping[str, str], log: Path, *, timeout: float = 90.0) -> Iterator[str]:
    """``innograph serve --port port`` until the block ends; yields the base URL once it is healthy."""
    innograph = Path(os.sys.executable).with_name("innograph")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(innograph), "serve", "--port", str(port), "--address", "127.0.0.1"],
            env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log, timeout)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def browser_page(width: int = 1400, height: int = 1100) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def open_app(page: Page, url: str, *, timeout_ms: int = 60_000) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def map_frame(page: Page, *, timeout_ms: int = 60_000) -> Frame:
    """The network map's iframe, once vis-network has drawn and physics has been switched off."""
    handle = page.wait_for_selector("iframe", timeout=timeout_ms)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function("typeof network !== 'undefined' && document.body.dataset.settled === '1'",
                            timeout=timeout_ms)
    # pyvis fades its progress bar out for half a second after stabilisation.
    frame.wait_for_function(
        "!document.getElementById('loadingBar') || getComputedStyle(document.getElementById('loadingBar')).display === 'none'",
        timeout=timeout_ms,
    )
    return frame


def drawn_nodes(frame: Frame) -> dict:
    """How many nodes vis-network holds and how many canvas pixels are not background."""
    return frame.evaluate(
        """() => {
            const canvas = document.querySelector('#mynetwork canvas');
            const ctx = canvas.getContext('2d');
            const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 0; i < pixels.length; i += 4) {
                if (pixels[i + 3] > 0 && (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235)) inked++;
            }
            return {nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,
                    width: canvas.width, height: canvas.height, inked: inked};
        }"""
    )


def wait_idle(page: Page, timeout_ms: int) -> None:
    """Streamlit shows a 'running' status widget while a script runs; wait until it is gone."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"innograph serve exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"innograph serve did not answer within {timeout:.0f} s:\n{log.read_text()[-2000:]}")
