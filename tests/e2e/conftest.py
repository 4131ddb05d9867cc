"""Real-browser fixtures: ``streamlit run serve.py`` (the app and its station feed) on a free local port,
driven by Playwright in chromium.

The browser is Debian's chromium (never a downloaded build). Without it the tests skip locally, and fail
in CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    def __init__(self, data_dir: Path, tiles: str | None = "none", root: Path = ROOT,
                 extra_env: dict[str, str] | None = None) -> None:
        """``tiles=None`` leaves STATIONMAP_TILES unset: the app's true default. ``root``: where serve.py is."""
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {key: value for key, value in os.environ.items() if key != "STATIONMAP_TILES"}
        env["STATIONMAP_DATA_DIR"] = str(data_dir)
        env.update(extra_env or {})
        if tiles is not None:
            env["STATIONMAP_TILES"] = tiles
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(root / "serve.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.process.stdout.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: the browser tests must run (see scripts/ensure-chromium)")
        pytest.skip("chromium is not installed (sudo apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def serve():
    """Start a server for a data directory; every server started is stopped at the end of the session."""
    servers: dict[str, StreamlitServer] = {}

    def start(data_dir: Path, tiles: str | None = "none") -> StreamlitServer:
        key = f"{data_dir}|{tiles}"
        if key not in servers:
            servers[key] = StreamlitServer(data_dir, tiles)
        return servers[key]

    yield start
    for server in servers.values():
        server.stop()


class PageWatch:
    """What a page did: errors thrown, requests made, dialogs opened."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def external_requests(self) -> list[str]:
        from urllib.parse import urlsplit

        external = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            host = parts.hostname or ""
            if host not in {"127.0.0.1", "localhost", "::1"}:
                external.append(url)
        return external


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()
