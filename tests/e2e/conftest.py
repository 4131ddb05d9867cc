"""Real-browser fixtures: ``streamlit run serve.py`` (the app and its station feed) on a free local port,
driven by Playwright in chromium; and the helpers every browser test waits with.

The browser is Debian's chromium (never a downloaded build). Without it the tests skip locally, and fail
in CI (CI=true), where they must run.

Waiting (a busy machine makes every step slow, in any order): a test never sleeps a fixed time and never takes
the first of several matching frames. It waits until the page has *settled* (``settled``: Streamlit reports
no script run and shows no stale element) *and* shows what the test expects (``expect_text``, ``wait_for_param``,
``steady``), and it reaches the map through ``map_frame``/``on_map``/``map_locator``, which find the one map
frame of the current run and find it again when a rerun replaces it. Pages come from ``new_page`` (or the
``page`` fixture), which counts Streamlit's script runs so that a read can tell whether a run moved under it.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
    page = new_page(browser)
    page.watch = PageWatch(page)
    yield page
    page.context.close()


# --- Waiting for conditions -------------------------------------------------------------------------------

T = TypeVar("T")
TIMEOUT_MS = 60_000  # generous: the condition, not the clock, ends a wait; the clock only bounds a hung page
#: Conditions are checked this often, on a timer: Playwright's default (each animation frame) never checks
#: in a frame or page that the browser stops painting, e.g. a map frame scrolled out of view.
POLL_MS = 100
MAP_TITLE = "streamlit_folium.st_folium"
#: The map frame of the current run: an st_folium frame whose element Streamlit has not marked stale (during a
#: rerun the old frame can linger, stale, beside the new one).
LIVE_MAP = f'[data-testid="stElementContainer"]:not([data-stale="true"]) iframe[title="{MAP_TITLE}"]'

#: Counts Streamlit's script runs in the top page (installed by ``new_page`` before any script of the page).
#: The app root carries the run state in ``data-test-script-state`` (initial, running, notRunning, ...).
RUN_COUNTER = """(() => {
  if (window !== window.top || window.__smRuns) return;
  const runs = window.__smRuns = {page: Math.random().toString(36).slice(2), started: 0, finished: 0};
  new MutationObserver(changes => {
    for (const change of changes) {
      const state = change.target.getAttribute('data-test-script-state');
      if (state === change.oldValue) continue;
      if (state === 'running') runs.started += 1;
      else if (state === 'notRunning') runs.finished += 1;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();"""

#: The page is idle: connected, no script run in flight, no element left stale by the last run and none still
#: a skeleton (an element whose code the browser is still loading, e.g. st.html or a table on a first view),
#: and no page waiting for its map to draw before the rest of it comes (stationmap.ui.first_screen.PENDING).
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && document.querySelector('[data-stale="true"], [data-testid="stSkeleton"], .sm-rest-pending') === null;
}"""

#: Where the page's runs stand: which document, how many runs started and finished, idle now or not.
RUNS = f"() => window.__smRuns ? {{...window.__smRuns, idle: ({IDLE})()}} : null"

#: Errors that mean "the element or frame was replaced under us by a rerun": find it again and retry.
REPLACED = re.compile(r"detached|context was destroyed|strict mode violation|not attached|navigat", re.IGNORECASE)


def new_page(browser, **context_options):
    """A page in a fresh browser context (no session, no cookies) whose script runs are counted.
    Close it with ``page.context.close()``."""
    context_options.setdefault("viewport", {"width": 1400, "height": 1000})
    context = browser.new_context(**context_options)
    context.add_init_script(RUN_COUNTER)
    return context.new_page()


class Deadline:
    """Milliseconds left of one overall wait, for the several Playwright waits it is made of."""

    def __init__(self, timeout_ms: float) -> None:
        self.end = time.monotonic() + timeout_ms / 1000

    def left(self) -> float:
        return max(1.0, (self.end - time.monotonic()) * 1000)

    def passed(self) -> bool:
        return time.monotonic() >= self.end


def runs(page) -> dict:
    """Where the page's script runs stand (see ``RUNS``); the page must come from ``new_page``."""
    state = page.evaluate(RUNS)
    assert state is not None, "page without the run counter: make it with new_page() or the page fixture"
    return state


def settled(page, until: str | None = None, arg: Any = None, *, after: dict | None = None,
            timeout: float = TIMEOUT_MS) -> None:
    """Wait until the page is idle (``IDLE``) and the page-level JavaScript predicate ``until(arg)`` holds,
    both at the same moment. ``after``, a ``runs(page)`` value, also requires a run to have finished since
    then (or a new document): for an action whose effect is not visible in advance."""
    condition = until or "() => true"
    page.wait_for_function(
        f"""([arg, after]) => {{
          if (after !== null) {{
            const now = window.__smRuns;
            if (!now || (now.page === after.page && now.finished <= after.finished)) return false;
          }}
          return ({IDLE})() && ({condition})(arg);
        }}""", arg=[arg, after], timeout=timeout, polling=POLL_MS)


def wait_for_param(page, name: str, value: str | None, timeout: float = TIMEOUT_MS) -> None:
    """Wait until the page has settled with ``name=value`` in its address (no ``name`` when ``value`` is None)."""
    settled(page, "([name, value]) => new URL(location.href).searchParams.get(name) === value", [name, value],
            timeout=timeout)


def steady(page, read: Callable[[], T], until: Callable[[T], bool] | None = None,
           timeout: float = TIMEOUT_MS) -> T:
    """``read()`` on a settled page, accepted only when no run started or finished while it read and
    ``until(value)`` holds. A read that a rerun disturbed (or whose element a rerun replaced) is repeated; a
    settled value that is not yet the expected one waits for the next run to finish, and fails with that
    value if none comes."""
    deadline = Deadline(timeout)
    while True:
        settled(page, timeout=deadline.left())
        before = runs(page)
        if not before["idle"]:
            continue  # a run began between the two looks: settle again
        try:
            value = read()
        except PlaywrightError as error:
            if not REPLACED.search(str(error)) or deadline.passed():
                raise
            continue
        if runs(page) != before:
            continue  # a run moved under the read: read again once it settles
        if until is None or until(value):
            return value
        try:
            settled(page, after=before, timeout=deadline.left())
        except PlaywrightTimeout:
            raise AssertionError(f"the page settled showing {value!r}, never the expected value"
                                 f" (runs: {runs(page)})") from None


def expect_text(page, locator, pattern: str | re.Pattern | None = None, timeout: float = TIMEOUT_MS) -> str:
    """The text of ``locator`` (exactly one element) once the page has settled showing text that matches
    ``pattern`` (any text when None)."""
    deadline = Deadline(timeout)
    return steady(page, lambda: locator.inner_text(timeout=deadline.left()),
                  (lambda text: re.search(pattern, text) is not None) if pattern is not None else None,
                  timeout=timeout)


def map_frame(page, until: str | None = None, arg: Any = None, timeout: float = TIMEOUT_MS):
    """The map's frame once the page has settled with exactly one live map frame, its stations attached
    (``window.smStations``) and the frame-level predicate ``until(arg)`` true inside it. A frame that a
    rerun detaches while this waits is found again."""
    deadline = Deadline(timeout)
    condition = until or "() => true"
    while True:
        try:
            settled(page, "(selector) => document.querySelectorAll(selector).length === 1", LIVE_MAP,
                    timeout=deadline.left())
            frame = page.locator(LIVE_MAP).element_handle(timeout=deadline.left()).content_frame()
            if frame is None or frame.is_detached():
                raise PlaywrightError("map frame detached before it could be read")
            try:
                frame.wait_for_function(f"(arg) => window.smStations !== undefined && ({condition})(arg)",
                                        arg=arg, timeout=deadline.left(), polling=POLL_MS)
            except PlaywrightTimeout:
                raise AssertionError(f"the map frame never showed {condition} ({arg!r}): {_frames(page)}") from None
            if not frame.is_detached():
                return frame
            if deadline.passed():
                raise PlaywrightError("map frame detached again and again")
        except PlaywrightError as error:
            if not REPLACED.search(str(error)) or deadline.passed():
                raise


def _frames(page) -> list[dict]:
    """What each frame of the page holds, for a failure message."""
    seen = []
    for frame in page.frames[1:]:
        state: dict[str, Any] = {"url": frame.url[:80], "detached": frame.is_detached()}
        try:
            state.update(frame.evaluate("() => ({stations: typeof window.smStations,"
                                        " leaflet: document.querySelectorAll('.leaflet-container').length})"))
        except PlaywrightError as error:
            state["error"] = str(error)[:120]
        seen.append(state)
    return seen


def on_map(page, script: str, arg: Any = None, timeout: float = TIMEOUT_MS) -> Any:
    """Evaluate ``script`` in the current map frame (see ``map_frame``), again in the new frame if a rerun
    replaces it meanwhile."""
    deadline = Deadline(timeout)
    while True:
        try:
            return map_frame(page, timeout=deadline.left()).evaluate(script, arg)
        except PlaywrightError as error:
            if not REPLACED.search(str(error)) or deadline.passed():
                raise


def map_locator(page, selector: str):
    """``selector`` inside the live map frame. Each action on it finds the frame again, so a rerun that
    replaces the frame between actions does no harm; call ``map_frame`` first to wait for a settled map."""
    return page.frame_locator(LIVE_MAP).locator(selector)
