"""Real-browser fixtures: ``streamlit run serve.py`` (the app and its station feed) on a free local port,
driven by Playwright in chromium.

The browser is Debian's chromium (never a downloaded build). Without it the tests skip locally, and fail
in CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.app_server import AppServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
def serve(tmp_path_factory):
    """Start a server for a data directory; every server started is stopped at the end of the session."""
    servers: dict[str, AppServer] = {}
    logs = tmp_path_factory.mktemp("server-logs")

    def start(data_dir: Path, tiles: str | None = "none") -> AppServer:
        key = f"{data_dir}|{tiles}"
        if key not in servers:
            servers[key] = AppServer(data_dir, logs / f"server-{len(servers)}.log", tiles=tiles)
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
