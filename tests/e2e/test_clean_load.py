"""A direct load of any page makes no failed request and no console error; the server starts quietly."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TINY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tiny"


@pytest.mark.parametrize("path", ["stations", "sources", "methodology", "changes", ""])
def test_a_direct_load_has_no_404_and_no_console_error(page, serve, path):
    server = serve(TINY)
    failed, console = [], []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.goto(f"{server.url}/{path}")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    page.wait_for_function("() => document.querySelector('h1') !== null", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert failed == [] and console == [] and page.watch.errors == []


def test_the_server_log_has_no_alarming_warning(page, serve):
    server = serve(TINY)
    page.goto(f"{server.url}/")
    page.wait_for_function("() => document.querySelector('h1') !== null", timeout=30_000)
    log = server.log_tail(20_000)
    assert "missing ScriptRunContext" not in log and "Traceback" not in log, log
