"""The load benchmark runs end to end: one session, one page view over the websocket protocol, on tiny data.

No browser is needed; it is an e2e test because it starts the app (``streamlit run serve.py``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

import pytest

from scripts import bench_load

pytestmark = pytest.mark.e2e

TINY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tiny"


def in_own_thread(work):
    """Run ``work()`` in a thread of its own: a browser test's Playwright may keep an event loop running in
    this one, and the benchmark starts its own with ``asyncio.run``."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result(timeout=300)


def test_one_session_one_view_renders_the_panel(capsys):
    assert in_own_thread(lambda: bench_load.main(["--sessions", "1", "--views-per-session", "1",
                                                  "--data", str(TINY), "--timeout", "90"])) == 0
    out = capsys.readouterr().out
    assert "page views/s" in out
    assert "1/1" in out  # the one view finished with its evidence panel


def test_a_panel_for_another_station_is_an_error(serve):
    view = bench_load.plan_views(TINY, 1, seed=1)[0]
    server = serve(TINY)
    ws_url = server.url.replace("http://", "ws://", 1) + bench_load.STREAM_PATH
    wrong = bench_load.View(view.query, "No such station label")
    result = in_own_thread(lambda: asyncio.run(bench_load.page_view(ws_url, wrong, timeout=90)))
    assert result.finished_s is not None
    assert result.error is not None and "no evidence panel" in result.error
