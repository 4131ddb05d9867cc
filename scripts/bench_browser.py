"""The app in a real browser at 87 real / 10,000 / 100,000 stations, beside a bare Leaflet + supercluster page.

Run: ``.venv/bin/python -m scripts.bench_browser [--sizes 87,10000,100000] [--timeout 240] [--work DIR]``.
(``--work``: where this run writes its server logs and the bare page, so runs from two checkouts at once do
not meet; synthetic data is always made once under /tmp/bench_browser and shared. The app's dataset cache is
``STATIONMAP_CACHE_DIR``, as for the app.)

For each size it starts ``streamlit run serve.py`` (tiles ``none``, the real ``data/`` folder for 87 or ``real``,
else a synthetic dataset written by ``python -m scripts.synthetic_data`` under /tmp/bench_browser) and drives
Debian's headless chromium through Playwright:

- first visit (right after the server starts), second visit (a new page, same server and browser context)
  and a new reader (a fresh browser context: nothing cached, on the warm server): seconds from navigation until
  the first station marker or cluster is visible in the map iframe; what the page said while the first visit
  waited (spinner, progress or status texts: the first-ever build of a large dataset should show its
  progress, not only a spinner);
- after a restart with a warm cache: the server stopped and started again on the same data and cache folder,
  a fresh browser context, seconds to the first marker (the target is ≤ 4× the bare page);
- a status filter change in the sidebar ("Verification status" → "Officially denied"): seconds from the key
  press until ``window.smStations.counts().total`` in the map iframe changes;
- marker clicks (after zooming the map in with ``map.setView`` when only clusters show; five different
  markers, median): seconds until the deciding evidence (``.sm-deciding``) is on screen in the map's drawer, and
  until the page's own panel below the map names the station (the server's rerun has caught up); the same five
  times on a phone (390×844, touch: a tap on the marker, evidence in the bottom sheet); each also measured in
  the page (pointer press -> the frame the evidence was first on screen: the whole path, fetch included,
  without the driver's round trips) and by the browser's Event Timing; beside them, the bare reference page's
  click -> Leaflet popup;
- the server's resident memory (VmRSS) idle, after the first visit and after a dozen different search views;
- the JS heap of the map page (CDP ``Runtime.getHeapUsage`` after a forced GC; the map iframe is same-origin,
  so this is the page and the iframe together) after load and after 3 filter changes;
- a bare reference page (served by a tiny http.server on 127.0.0.1) loading the app's vendored Leaflet and
  supercluster, indexing the same points and drawing the visible clusters as ``L.marker`` divIcons;
- the floor (once per run, ``scripts/bench_floor_app.py``): a Streamlit page holding only one streamlit-folium
  map with one marker, the least any page built like the app pays before its first marker (Streamlit's
  frontend, its websocket and script run, the component's frame, Leaflet). The new reader, the bare page and
  the floor are each the median of ``LOADS`` loads in fresh browser contexts.

Numbers, not assertions: the machine is shared and noisy, so read the ratios within one run. Every wait has
a timeout, and every server and browser this starts is stopped before it exits.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import http.server
import json
import statistics
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from scripts.app_server import AppServer

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT / "data"
DATA_ROOT = Path("/tmp/bench_browser")  # synthetic datasets, made once and shared by every checkout
WORK = DATA_ROOT  # this run's logs and bare page (``--work``)
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".sm-marker, .sm-cluster-icon"
PANEL_HEADING = ".sm-panel h3"
VIEWPORT = {"width": 1400, "height": 1000}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
# What the page shows while it waits for the map: spinners, progress bars, status and info boxes.
WAITING_TEXTS = ('[data-testid="stSpinner"], [data-testid="stProgress"], [data-testid="stStatusWidget"], '
                 '[data-testid="stAlert"], [data-testid="stStatus"]')
SEARCH_TERMS = ["spain", "italy", "france", "germany", "japan", "brazil", "canada", "hungary", "serbia",
                "nigeria", "australia", "korea"]
MB = 1024 * 1024

# Counts Streamlit script runs in the main page (the root element's data-test-script-state attribute).
WATCH_RUNS_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || window.__benchRuns !== undefined) return;
  window.__benchRuns = 0;
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__benchRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RUN_DONE_JS = """(before) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__benchRuns > before && app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
# Index of the station marker nearest the map's centre (clicking it needs no scrolling and misses controls),
# leaving out the markers whose accessible names are in the list passed (already clicked). In the app's frame,
# only markers the page around it does not cover (Streamlit's sticky header, the sidebar): the driver's click
# would wait and retry there, and the time would be the driver's.
CENTRAL_MARKER_JS = """(skip) => {
  const box = document.querySelector('.leaflet-container').getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  let host = null, outer = null;
  try {
    host = window.frameElement;
    if (host) outer = host.getBoundingClientRect();
  } catch (error) { host = null; }
  let best = -1, bestDistance = Infinity;
  document.querySelectorAll(MARKER).forEach((node, i) => {
    if ((skip || []).includes(node.getAttribute('aria-label') || String(i))) return;
    const r = node.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < box.left + 60 || x > box.right - 60 || y < box.top + 60 || y > box.bottom - 60) return;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !node.contains(hit)) return;  // another marker or a cluster lies on top of it
    if (host && window.parent.document.elementFromPoint(outer.left + x, outer.top + y) !== host) return;
    const d = Math.hypot(x - cx, y - cy);
    if (d < bestDistance) { bestDistance = d; best = i; }
  });
  return best;
}"""
# The drawer shows a station other than ``before`` and its deciding evidence is inside the frame's viewport.
DECIDING_SHOWN = """(before) => {
  const drawer = document.querySelector('.sm-drawer');
  if (!drawer || drawer.hidden) return false;
  const panel = drawer.querySelector('.sm-panel');
  const deciding = drawer.querySelector('.sm-deciding');
  if (!panel || !deciding || panel.dataset.station === before) return false;
  const r = deciding.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.top < innerHeight ? panel.dataset.station : false;
}"""
DECIDING_SHOWN_JS = DECIDING_SHOWN
CLICKS = 5
# Loads (each in a fresh browser context) whose median is the new reader's, the bare page's and the floor's time.
LOADS = 3
# The floor: a Streamlit page with one streamlit-folium map of one marker and nothing else (see its docstring).
FLOOR_APP = "scripts/bench_floor_app.py"
# Press -> the frame the deciding evidence was first seen on screen, in the page's own clock: the whole click
# path (fetching the panel included, which Event Timing leaves out) without the driver's round trips.
# The click waited for the network: a panel answer arrived between the press and the evidence on screen.
WAITED_JS = """() => window.__down !== null && window.__shownAt !== null && performance.getEntriesByType('resource')
  .some(e => e.name.includes('/stationmap-data/panels/') && e.responseEnd > window.__down
             && e.responseEnd <= window.__shownAt + 1)"""
IN_PAGE_JS = """() => window.__down === null || window.__shownAt === null ? null
  : (window.__shownAt - window.__down) / 1000"""
# The browser's own measure of a click (Event Timing API): from the input event to the next paint after its
# handlers ran, free of the driver's round trips. Entries under 16 ms are not reported (read as 0.016 s).
WATCH_CLICK_PAINT_JS = """(before) => {
  window.__clickPaint = [];
  performance.setResourceTimingBufferSize(100000);  // every panel fetch stays listed (see WAITED_JS)
  window.__down = null;  // the pointer's press on the marker, in the page's clock (see IN_PAGE_JS)
  if (!window.__downWatch) {
    window.__downWatch = true;
    addEventListener('pointerdown', () => { window.__down = performance.now(); }, true);
  }
  // Every frame from now on, until the deciding evidence of another station is on screen: when it first was.
  window.__shownAt = null;
  const shown = (""" + DECIDING_SHOWN + """);
  const look = () => {
    if (shown(before)) window.__shownAt = performance.now();
    else requestAnimationFrame(look);
  };
  if (document.querySelector('.sm-drawer')) requestAnimationFrame(look);  // not on the bare page
  if (window.__clickObserver) return;
  window.__clickObserver = new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name === 'click') window.__clickPaint.push(entry.duration / 1000);
  }));
  window.__clickObserver.observe({type: 'event', durationThreshold: 16});
}"""

BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare supercluster reference</title>
<link rel="stylesheet" href="vendor/leaflet-1.9.4/leaflet.css">
<style>
html, body {{ margin: 0; }}
#map {{ width: 60vw; height: 70vh; }}
.bare-marker {{ background: #c0392b; border: 2px solid #fff; border-radius: 50%; }}
.bare-cluster {{ background: #fff; border: 5px solid #2c7fb8; border-radius: 50%; font: 700 12px sans-serif;
                 display: flex; align-items: center; justify-content: center; box-sizing: border-box; }}
</style>
<script src="vendor/leaflet-1.9.4/leaflet.js"></script>
<script src="vendor/supercluster-8.0.1/supercluster.min.js"></script>
</head><body><div id="map"></div>
<script>
var points = {points};
var map = L.map("map", {{minZoom: 0, maxZoom: 10}}).setView([30, 10], 2);
var features = new Array(points.length), south = 90, west = 180, north = -90, east = -180;
for (var i = 0; i < points.length; i++) {{
  var p = points[i];
  features[i] = {{type: "Feature", properties: {{i: i}}, geometry: {{type: "Point", coordinates: p}}}};
  south = Math.min(south, p[1]); north = Math.max(north, p[1]);
  west = Math.min(west, p[0]); east = Math.max(east, p[0]);
}}
var index = new Supercluster({{radius: 48, maxZoom: 10, minPoints: 2}}).load(features);
window.map = map;
var layer = L.layerGroup().addTo(map);
function render() {{
  layer.clearLayers();
  var b = map.getBounds().pad(0.25), w = b.getWest(), e = b.getEast();
  var bbox = e - w >= 360 ? [-180, -85, 180, 85]
    : [Math.max(-180, w), Math.max(-85, b.getSouth()), Math.min(180, e), Math.min(85, b.getNorth())];
  index.getClusters(bbox, Math.round(map.getZoom())).forEach(function (f) {{
    var c = f.properties.cluster, size = c ? 40 : 14;
    var icon = L.divIcon({{className: c ? "bare-cluster" : "bare-marker",
                          html: c ? String(f.properties.point_count) : "", iconSize: [size, size]}});
    var marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {{icon: icon}});
    if (!c) marker.bindPopup("station " + f.properties.i);  // the reference for click -> details
    layer.addLayer(marker);
  }});
}}
map.on("moveend", render);
if (points.length) map.fitBounds([[south, west], [north, east]], {{maxZoom: 4, animate: false}});
render();
</script></body></html>
"""


@dataclass
class Result:
    label: str
    n: int = 0
    first: float | None = None
    second: float | None = None
    new_reader: float | None = None  # median of LOADS fresh browser contexts (cold HTTP cache), warm server
    new_readers: list[float] = field(default_factory=list)
    bare: float | None = None  # median of LOADS loads of the bare page, each in a fresh browser context
    bares: list[float] = field(default_factory=list)
    floor: float | None = None  # median first marker of the floor page (FLOOR_APP), the same for every size
    floors: list[float] = field(default_factory=list)
    filter_change: float | None = None
    filter_changes: list[float] = field(default_factory=list)
    click_panel: float | None = None  # median click -> the page's own panel names the station
    click_evidence: float | None = None  # median click -> deciding evidence on screen in the map
    click_evidences: list[float] = field(default_factory=list)
    click_paints: list[float] = field(default_factory=list)  # Event Timing: click -> next paint, in the browser
    phone_evidence: float | None = None  # the same on a phone: tap -> deciding evidence in the bottom sheet
    phone_evidences: list[float] = field(default_factory=list)
    phone_paints: list[float] = field(default_factory=list)
    click_in_page: list[float] = field(default_factory=list)  # IN_PAGE_JS: press -> evidence, in the browser
    phone_in_page: list[float] = field(default_factory=list)
    skipped_clicks: int = 0  # markers that vanished before the driver could click them (not timed)
    click_waited: int = 0  # clicks (of CLICKS) that waited for a panel from the server (WAITED_JS)
    phone_waited: int = 0
    restart: float | None = None  # server restarted on a warm cache, fresh browser: first marker
    first_texts: list[str] = field(default_factory=list)  # what the page said while the first visit waited
    bare_click: float | None = None  # median click -> popup on the bare reference page
    bare_paints: list[float] = field(default_factory=list)
    healthy: float | None = None
    rss_idle: float | None = None
    rss_loaded: float | None = None
    rss_views: float | None = None
    heap_load: float | None = None
    heap_after: float | None = None
    ws_first_bytes: int | None = None
    ws_big_bytes: int | None = None
    ws_big_at: float | None = None
    ws_filter_bytes: int | None = None
    ws_filter_big: int | None = None
    heaps: list[float | None] = field(default_factory=list)  # after each of the 3 filter changes
    ws_first_at: float | None = None  # first websocket frame (the Streamlit frontend has booted and connected)
    second_ws_first_at: float | None = None
    second_big_at: float | None = None
    view_times: list[float] = field(default_factory=list)
    python_load: float | None = None
    page_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------------
# Data, servers, memory
# ------------------------------------------------------------------------------------------------------


def real_count() -> int:
    with (REAL_DATA / "stations.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def dataset_for(token: str, timeout: float) -> tuple[str, Path]:
    """(label, data folder) for a size: the real data for ``real`` or its station count, else synthetic."""
    if token == "real" or int(token) == real_count():
        return f"{real_count()} real", REAL_DATA
    n = int(token)
    folder = DATA_ROOT / f"data-{n}"
    done = DATA_ROOT / f"data-{n}.complete"
    if not done.exists():
        subprocess.run([sys.executable, "-m", "scripts.synthetic_data", str(folder), str(n)], cwd=ROOT,
                       check=True, timeout=timeout)
        done.write_text("ok\n", encoding="utf-8")
    fill_missing_party(folder)
    return f"{n:,}", folder


def fill_missing_party(folder: Path) -> None:
    """evidence.csv requires ``party`` (who made the claim), which scripts/synthetic_data.py leaves empty:
    fill it so the synthetic stations load at all (otherwise every evidence row, so every station, is dropped)."""
    path = folder / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        first = next(reader, None)
        if first is None or "party" not in (reader.fieldnames or ()) or first["party"]:
            return
        fields = list(reader.fieldnames)
        rows = [first, *reader]
    print(f"   note: {path} has an empty required 'party' column; filling it", flush=True)
    parties = {"reported": "reporting_ngo", "officially_denied": "host_authority"}
    for row in rows:
        row["party"] = row["party"] or parties.get(row["supports"], "journalists")
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    temporary.replace(path)


def placed_points(folder: Path) -> list[list[float]]:
    """[lon, lat] of every station with coordinates in places.csv (the points the app's map draws)."""
    points = []
    with (folder / "places.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("lat") and row.get("lon"):
                points.append([round(float(row["lon"]), 4), round(float(row["lat"]), 4)])
    return points


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # the base class's signature
        pass


@contextlib.contextmanager
def bare_site():
    """A tiny http.server on 127.0.0.1 serving WORK/bare, where ``vendor`` links to the app's vendored files."""
    site = WORK / "bare"
    site.mkdir(parents=True, exist_ok=True)
    vendor = site / "vendor"
    target = ROOT / "static" / "vendor"
    if vendor.is_symlink() and vendor.resolve() != target.resolve():
        vendor.unlink()  # a link left by an earlier run from another checkout (this script made it)
    if not vendor.is_symlink():
        vendor.symlink_to(target, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------------------------------------------
# Browser measurements
# ------------------------------------------------------------------------------------------------------


class WsLog:
    """Every websocket frame the page receives: (seconds since ``mark``, bytes)."""

    def __init__(self, page) -> None:
        self.frames: list[tuple[float, int]] = []
        self.t0 = time.perf_counter()
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload) -> None:
        size = len(payload.encode() if isinstance(payload, str) else payload)
        self.frames.append((time.perf_counter() - self.t0, size))

    def mark(self) -> None:
        self.t0 = time.perf_counter()
        self.frames.clear()

    def since_mark(self, until: float | None = None) -> list[tuple[float, int]]:
        return [f for f in self.frames if until is None or f[0] <= until]


def watch_errors(page, result: Result, name: str) -> None:
    page.on("pageerror", lambda exc: result.page_errors.append(f"{name}: {exc}"[:300]))


def time_first_marker(page, url: str, timeout_ms: float, texts: list[str] | None = None) -> float:
    """Seconds from navigation to the first visible marker or cluster; fails early on an app exception.
    ``texts`` collects, once each, what the page said while it waited (``WAITING_TEXTS``, sampled each second)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    marker = page.frame_locator(MAP_FRAME).locator(MARKERS).first
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:  # short waits, so an exception shown instead of the map ends the wait early
            marker.wait_for(state="visible", timeout=1000)
            return time.perf_counter() - started
        except PlaywrightTimeout:
            shown = page.locator('[data-testid="stException"]')
            if shown.count():
                raise RuntimeError(f"the app shows an exception: {shown.first.inner_text()[:200]!r}") from None
            if texts is not None:
                with contextlib.suppress(Exception):  # the page may be between two runs
                    for text in page.locator(WAITING_TEXTS).all_inner_texts():
                        said = f"{time.perf_counter() - started:.0f} s: {' '.join(text.split())[:120] or '(no text)'}"
                        if not any(t.split(": ", 1)[1] == said.split(": ", 1)[1] for t in texts):
                            texts.append(said)
            if time.monotonic() > deadline:
                raise


def map_frame(page, timeout_ms: float):
    handle = page.wait_for_selector(MAP_FRAME, timeout=timeout_ms)
    frame = handle.content_frame()
    if frame is None:
        raise RuntimeError("map iframe has no content frame")
    return frame


def wait_in_map(page, script: str, arg, timeout_ms: float):
    """Wait for ``script(arg)`` to be truthy in the map iframe (re-finding the iframe if it was replaced)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left = (deadline - time.monotonic()) * 1000
        if left <= 0:
            raise TimeoutError(f"map never satisfied {script[:60]}")
        try:
            return map_frame(page, left).wait_for_function(script, arg=arg, timeout=left, polling="raf")
        except Exception as exc:  # a detached frame: look again until the deadline
            if "detached" not in str(exc).lower() and "closed" not in str(exc).lower():
                raise


def map_total(page, timeout_ms: float) -> int:
    wait_in_map(page, "() => window.smStations !== undefined", None, timeout_ms)
    return map_frame(page, timeout_ms).evaluate("() => window.smStations.counts().total")


def wait_total_changes(page, before: int, timeout_ms: float) -> None:
    wait_in_map(page, "(b) => window.smStations && window.smStations.counts().total !== b", before, timeout_ms)


def heap_mb(page) -> float:
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"] / MB
    finally:
        cdp.detach()


def pick_status(page, label: str) -> None:
    """Open the "Verification status" multiselect, type ``label``, choose it and close the list."""
    sidebar = page.get_by_test_id("stSidebar")
    boxes = sidebar.locator('[data-testid="stMultiSelect"]')
    box = boxes.filter(has_text="Verification status")
    (box if box.count() else boxes).first.locator("input").click()
    page.keyboard.type(label)


def status_change(page, label: str, timeout_ms: float) -> float:
    before = map_total(page, timeout_ms)
    pick_status(page, label)
    started = time.perf_counter()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_total_changes(page, before, timeout_ms)
    return time.perf_counter() - started


def search_view(page, term: str, timeout_ms: float) -> float:
    """Type ``term`` in the sidebar's search box; seconds until the script run it caused has finished."""
    page.evaluate(WATCH_RUNS_JS)
    runs = page.evaluate("() => window.__benchRuns")
    box = page.get_by_test_id("stSidebar").get_by_label("Search", exact=True)
    box.fill(term)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(RUN_DONE_JS, arg=runs, timeout=timeout_ms)
    return time.perf_counter() - started


# Zoom three levels into the k-th cluster drawn (clusters of the app's map or of the bare page).
INTO_CLUSTER_JS = """(k) => {
  const m = window.map, clusters = [];
  m.eachLayer((layer) => {
    const icon = layer.options && layer.options.icon;
    if (icon && icon.options && /cluster/.test(icon.options.className || '')) clusters.push(layer);
  });
  if (!clusters.length) return false;
  m.setView(clusters[k % clusters.length].getLatLng(), Math.min(m.getZoom() + 3, m.getMaxZoom()), {animate: false});
  return true;
}"""


def zoom_to_markers(frame, skip: list[str], marker: str = ".sm-marker") -> int:
    """From the world view, zoom into a cluster (a different one for each click) until an uncovered station
    marker not in ``skip`` is inside the map; its index among ``marker`` elements."""
    central = CENTRAL_MARKER_JS.replace("MARKER", repr(marker))
    with contextlib.suppress(Exception):  # the app: the whole map frame in the page's view, clear of its header
        frame.evaluate("() => { if (window.frameElement) window.frameElement.scrollIntoView({block: 'center'}); }")
    frame.evaluate("() => { window.map.setView([30, 10], 2, {animate: false}); }")
    for _ in range(8):
        if frame.evaluate(central, skip) >= 0:
            break
        if not frame.evaluate(INTO_CLUSTER_JS, len(skip)):
            frame.evaluate("() => { window.map.setZoom(Math.min(window.map.getZoom() + 1, window.map.getMaxZoom()), "
                           "{animate: false}); }")
    index = frame.evaluate(central, skip)
    if index < 0:
        raise RuntimeError("no uncovered station marker inside the map to click")
    return index


def click_to_panel(page, timeout_ms: float, result: Result, tap: bool = False) -> float:
    """Real mouse clicks (``tap``: touch taps) on ``CLICKS`` different uncovered station markers. For each:
    seconds until the deciding evidence is on screen in the map's drawer, and until the page's own panel names
    the station. Returns the median of the second (the server's round trip); the first is kept in
    ``result.click_evidences`` (``result.phone_evidences`` for taps)."""
    evidences, paints, in_page = (result.phone_evidences, result.phone_paints, result.phone_in_page) if tap else (
        result.click_evidences, result.click_paints, result.click_in_page)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    clicked: list[str] = []
    to_page: list[float] = []
    shown = None
    for _ in range(2 * CLICKS):  # a marker that vanished before the driver reached it is skipped, not timed
        if len(to_page) == CLICKS:
            break
        frame = map_frame(page, timeout_ms)
        index = zoom_to_markers(frame, clicked)
        marker = page.frame_locator(MAP_FRAME).locator(".sm-marker").nth(index)
        name = marker.get_attribute("aria-label")
        clicked.append(name or str(index))
        if name:  # the station itself, not "the n-th marker": a late view from the server redraws the markers
            marker = page.frame_locator(MAP_FRAME).get_by_role("button", name=name, exact=True)
        frame.evaluate(WATCH_CLICK_PAINT_JS, shown)
        ready = frame.evaluate("() => document.querySelector('.sm-drawer') !== null")
        started = time.perf_counter()
        try:
            if tap:
                marker.tap(timeout=5_000)
            else:
                marker.click(timeout=5_000)
        except PlaywrightTimeout:  # the map moved it out of reach (a late view from the server)
            result.skipped_clicks += 1
            continue
        shown = frame.wait_for_function(DECIDING_SHOWN_JS, arg=shown, timeout=timeout_ms, polling="raf").json_value()
        evidences.append(time.perf_counter() - started)
        if (seconds := frame.evaluate(IN_PAGE_JS)) is not None:
            in_page.append(seconds)
        if frame.evaluate(WAITED_JS):
            if tap:
                result.phone_waited += 1
            else:
                result.click_waited += 1
        if ready:
            with contextlib.suppress(Exception):  # no entry at all: the click painted within 16 ms
                frame.wait_for_function("() => window.__clickPaint.length > 0", timeout=1000)
            paints.append(frame.evaluate("() => Math.max(0.016, ...window.__clickPaint)"))
        page.locator(f'[data-testid="stMain"] .sm-panel[data-station="{shown}"]').first.wait_for(
            state="attached", timeout=timeout_ms)
        to_page.append(time.perf_counter() - started)
        page.wait_for_function("() => { const a = document.querySelector('[data-testid=\"stApp\"]'); "
                               "return a && a.getAttribute('data-test-script-state') !== 'running'; }",
                               timeout=timeout_ms)
        frame = map_frame(page, timeout_ms)
        frame.evaluate("() => { const b = document.querySelector('.sm-drawer-close'); if (b) b.click(); }")
    if tap:
        result.phone_evidence = median(result.phone_evidences)
    else:
        result.click_evidence = median(result.click_evidences)
    return median(to_page)


def phone_taps(browser, url: str, timeout_ms: float, result: Result) -> None:
    """``click_to_panel`` on a phone (``PHONE``: 390×844, touch), in a browser context of its own."""
    context = browser.new_context(**PHONE)
    try:
        context.set_default_timeout(timeout_ms)
        page = context.new_page()
        watch_errors(page, result, "phone")
        time_first_marker(page, url, timeout_ms)
        click_to_panel(page, timeout_ms, result, tap=True)
    finally:
        context.close()


def bare_clicks(page, timeout_ms: float, result: Result) -> float:
    """Median seconds from a real click on a bare reference marker to its Leaflet popup on screen (and the
    browser's event timing of those clicks, in ``result.bare_paints``)."""
    clicked: list[str] = []
    times = []
    for _ in range(CLICKS):
        index = zoom_to_markers(page, clicked, ".bare-marker")
        clicked.append(str(index))
        marker = page.locator(".bare-marker").nth(index)
        page.evaluate(WATCH_CLICK_PAINT_JS)
        started = time.perf_counter()
        marker.click(timeout=15_000)
        page.locator(".leaflet-popup").first.wait_for(state="visible", timeout=timeout_ms)
        times.append(time.perf_counter() - started)
        with contextlib.suppress(Exception):
            page.wait_for_function("() => window.__clickPaint.length > 0", timeout=1000)
        result.bare_paints.append(page.evaluate("() => Math.max(0.016, ...window.__clickPaint)"))
        page.evaluate("() => { window.map.closePopup(); }")
    return median(times)


def bare_page(browser, site: Path, base_url: str, label: str, points: list[list[float]], timeout_ms: float,
              result: Result) -> float:
    """Median seconds to the bare page's first marker over ``LOADS`` fresh browser contexts (kept in
    ``result.bares``); its click -> popup is measured on the first of them."""
    name = f"bare-{len(points)}.html"
    (site / name).write_text(BARE_PAGE.format(points=json.dumps(points, separators=(",", ":"))), encoding="utf-8")
    for load in range(LOADS):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            watch_errors(page, result, f"bare {label}")
            started = time.perf_counter()
            page.goto(f"{base_url}/{name}", wait_until="commit", timeout=timeout_ms)
            page.locator(".bare-marker, .bare-cluster").first.wait_for(state="visible", timeout=timeout_ms)
            result.bares.append(time.perf_counter() - started)
            if load == 0:
                result.bare_click = step(result, "bare click",
                                         functools.partial(bare_clicks, page, timeout_ms, result))
        finally:
            context.close()
    return median(result.bares)


def fresh_load(browser, url: str, timeout_ms: float, result: Result, name: str) -> float:
    """Seconds to the first marker of ``url`` in a fresh browser context (nothing cached)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        watch_errors(page, result, name)
        return time_first_marker(page, url, timeout_ms)
    finally:
        context.close()


def floor_loads(browser, base_url: str, timeout: float) -> Result:
    """The floor page (``FLOOR_APP``): one load to warm its server (its first run imports folium), then the
    first marker of ``LOADS`` new readers, each in a fresh browser context; in ``floors`` and ``floor``."""
    result = Result(label="floor")
    server = AppServer(REAL_DATA, WORK / "server-floor.log", timeout=timeout, tiles=None, script=FLOOR_APP,
                       extra_env={"BENCH_FLOOR_VENDOR": f"{base_url}/vendor"})
    try:
        step(result, "floor warm-up", lambda: fresh_load(browser, server.url + "/", timeout * 1000, result, "floor"))
        for _ in range(LOADS):
            seconds = step(result, "floor", lambda: fresh_load(browser, server.url + "/", timeout * 1000, result,
                                                               "floor"))
            if seconds is not None:
                result.floors.append(seconds)
    finally:
        server.stop()
    result.floor = median(result.floors)
    print(f"\n== floor: a Streamlit page with one streamlit-folium map of one marker, first marker "
          f"{fmt(result.floor)} s ({[round(s, 2) for s in result.floors]})", flush=True)
    return result


def step(result: Result, name: str, action):
    """Run one measurement; a failure is recorded and the remaining measurements still run."""
    try:
        return action()
    except Exception as exc:  # report and go on
        result.errors.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:240] if str(exc) else ''}")
        return None


def python_load_seconds(folder: Path) -> float:
    """What the server's first run spends loading: the dataset and the station frame, in this process."""
    from stationmap.records.loading import load_dataset
    from stationmap.rules.queries import station_frame

    started = time.perf_counter()
    result = load_dataset(folder, display_root=folder.parent)
    station_frame(result.dataset)
    return time.perf_counter() - started


def bench_size(browser, token: str, timeout: float, site: Path, base_url: str) -> Result:
    timeout_ms = timeout * 1000
    result = Result(label=token)
    label, folder = dataset_for(token, timeout)
    result.label = label
    points = placed_points(folder)
    result.n = len(points)
    print(f"\n== {label} stations ({len(points):,} placed) from {folder}", flush=True)
    result.python_load = step(result, "python load", lambda: python_load_seconds(folder))

    server = AppServer(folder, WORK / f"server-{token}.log", timeout=timeout)
    context = None
    try:
        result.healthy = server.healthy_after
        result.rss_idle = server.rss()
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(timeout_ms)
        page = context.new_page()
        watch_errors(page, result, "first visit")
        ws = WsLog(page)

        ws.mark()
        result.first = step(result, "first visit",
                            lambda: time_first_marker(page, server.url + "/", timeout_ms, result.first_texts))
        if result.first is not None:
            frames = ws.since_mark(result.first)
            result.ws_first_bytes = sum(size for _, size in frames)
            if frames:
                result.ws_big_at, result.ws_big_bytes = max(frames, key=lambda f: f[1])
                result.ws_first_at = frames[0][0]
        result.rss_loaded = server.rss()
        result.heap_load = step(result, "heap after load", lambda: heap_mb(page))
        print(f"   first visit {fmt(result.first)} s; the page said while it waited: "
              f"{'; '.join(result.first_texts) or 'nothing (no spinner, progress or status text)'}", flush=True)

        second = context.new_page()
        watch_errors(second, result, "second visit")
        second_ws = WsLog(second)
        result.second = step(result, "second visit", lambda: time_first_marker(second, server.url + "/", timeout_ms))
        if result.second is not None and (frames := second_ws.since_mark(result.second)):
            result.second_ws_first_at = frames[0][0]
            result.second_big_at = max(frames, key=lambda f: f[1])[0]
        result.click_panel = step(result, "click → panel", lambda: click_to_panel(second, timeout_ms, result))
        second.close()
        print(f"   second visit {fmt(result.second)} s, click → evidence in the map "
              f"{[round(s, 3) for s in result.click_evidences]} s (press → evidence in the page: "
              f"{[round(s, 3) for s in result.click_in_page]} s; browser's event timing: "
              f"{[round(s, 3) for s in result.click_paints]} s), click → page panel (median) "
              f"{fmt(result.click_panel)} s", flush=True)

        for _ in range(LOADS):
            seconds = step(result, "new reader", lambda: fresh_load(browser, server.url + "/", timeout_ms, result,
                                                                    "new reader"))
            if seconds is not None:
                result.new_readers.append(seconds)
        result.new_reader = median(result.new_readers)
        print(f"   new reader (fresh browser, warm server) {fmt(result.new_reader)} s "
              f"({[round(s, 2) for s in result.new_readers]})", flush=True)

        step(result, "phone taps", lambda: phone_taps(browser, server.url + "/", timeout_ms, result))
        print(f"   phone: tap → evidence {[round(s, 3) for s in result.phone_evidences]} s (in the page: "
              f"{[round(s, 3) for s in result.phone_in_page]} s; event timing: "
              f"{[round(s, 3) for s in result.phone_paints]} s)", flush=True)

        if result.first is not None:
            total_all = step(result, "map total", lambda: map_total(page, timeout_ms))
            ws.mark()
            change = step(result, "filter change 1", lambda: status_change(page, "Officially denied", timeout_ms))
            result.ws_filter_bytes = sum(size for _, size in ws.since_mark())
            result.filter_change = change
            result.ws_filter_big = max((size for _, size in ws.since_mark()), default=None)
            if change is not None:
                result.filter_changes.append(change)
            result.heaps.append(step(result, "heap after change 1", lambda: heap_mb(page)))
            for name, action in (
                    ("filter change 2", lambda: status_change(page, "Visited, found nothing", timeout_ms)),
                    ("filter change 3 (clear)", lambda: clear_statuses(page, total_all, timeout_ms))):
                seconds = step(result, name, action)
                if seconds is not None:
                    result.filter_changes.append(seconds)
                result.heaps.append(step(result, f"heap after {name}", lambda: heap_mb(page)))
            result.heap_after = result.heaps[-1]
            print(f"   filter changes {[round(s, 2) for s in result.filter_changes]} s, heap MB "
                  f"{fmt(result.heap_load, 1)} → {' → '.join(fmt(h, 1) for h in result.heaps)}", flush=True)

            for term in SEARCH_TERMS:
                seconds = step(result, f"search {term!r}", lambda term=term: search_view(page, term, timeout_ms))
                if seconds is not None:
                    result.view_times.append(seconds)
            time.sleep(1)
            result.rss_views = server.rss()
            print(f"   12 search views: median {fmt(median(result.view_times))} s", flush=True)
    finally:
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()
        if server.process.poll() is not None and server.process.returncode not in (0, -15):
            result.errors.append(f"server exited {server.process.returncode}: {server.log_tail(400)}")
        server.stop()
        log_problems = [line for line in server.log_tail(20_000).splitlines()
                        if "Traceback" in line or "Error" in line]
        result.errors.extend(f"server log: {line[:240]}" for line in log_problems[:5])

    result.restart = step(result, "restart (warm cache)",
                          lambda: restart_first_map(browser, folder, token, timeout, timeout_ms, result))
    print(f"   after a restart on the warm cache (fresh browser): first map {fmt(result.restart)} s", flush=True)

    result.bare = step(result, "bare page",
                       lambda: bare_page(browser, site, base_url, label, points, timeout_ms, result))
    print(f"   bare page {fmt(result.bare)} s ({[round(s, 2) for s in result.bares]}), "
          f"bare click → popup (median) {fmt(result.bare_click, 3)} s "
          f"(event timing {fmt(median(result.bare_paints), 3)} s)", flush=True)
    return result


def restart_first_map(browser, folder: Path, token: str, timeout: float, timeout_ms: float, result: Result) -> float:
    """Start the server again on the same data and cache folder (the first server has stopped) and time a new
    reader's first map, as right after a deployment or a crash."""
    server = AppServer(folder, WORK / f"server-{token}-restart.log", timeout=timeout)
    context = None
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        watch_errors(page, result, "after restart")
        return time_first_marker(page, server.url + "/", timeout_ms)
    finally:
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()
        server.stop()


def clear_statuses(page, total_all: int, timeout_ms: float) -> float:
    """Remove both chosen statuses (Backspace twice in the multiselect): back to the view the page loaded with,
    so the heap after it compares with the heap after load. Seconds until the map shows every station again."""
    pick_status(page, "")
    started = time.perf_counter()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    wait_in_map(page, "(t) => window.smStations && window.smStations.counts().total === t", total_all, timeout_ms)
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))

    return "\n".join([line(header), "-+-".join("-" * w for w in widths), *(line(r) for r in rows)])


def report(results: list[Result]) -> None:
    main_rows = []
    for r in results:
        ratio = f"{r.new_reader / r.bare:.1f}×" if r.new_reader and r.bare else "—"
        floor = f"{fmt(r.floor)} ({r.floor / r.bare:.1f}×)" if r.floor and r.bare else fmt(r.floor)
        restart = f"{fmt(r.restart)} ({r.restart / r.bare:.1f}×)" if r.restart and r.bare else fmt(r.restart)
        rss = f"{fmt(r.rss_idle, 0)} → {fmt(r.rss_loaded, 0)} → {fmt(r.rss_views, 0)}"
        heap = f"{fmt(r.heap_load, 1)} → {fmt(r.heap_after, 1)}"
        main_rows.append([r.label, fmt(r.first), fmt(r.new_reader), fmt(r.second), fmt(r.bare), ratio, floor, restart,
                          fmt(r.filter_change), fmt(r.click_evidence, 3),
                          f"{fmt(median(r.click_in_page), 3)} / {fmt(median(r.click_paints), 3)}",
                          f"{fmt(r.phone_evidence, 3)} / {fmt(median(r.phone_in_page), 3)} / "
                          f"{fmt(median(r.phone_paints), 3)}",
                          f"{fmt(r.bare_click, 3)} / {fmt(median(r.bare_paints), 3)}",
                          fmt(r.click_panel), rss, heap])
    print("\n" + table(["N", "first map after start s", "new reader s", "second visit s", "bare page s",
                        "ratio new reader / bare", "floor: Streamlit + streamlit-folium, one marker s (/ bare)",
                        "after restart, warm cache s (/ bare)", "filter change s",
                        "click→evidence in map s (median)", "same: press→evidence in page / event timing s",
                        "phone tap→evidence s / in page / event timing",
                        "bare click→popup s / event timing", "click→page panel s",
                        "server RSS MB idle → loaded → 12 views",
                        "JS heap MB load → after 3 changes (back to all)"], main_rows))
    detail_rows = []
    for r in results:
        big = f"{r.ws_big_bytes / MB:.2f} MB" if r.ws_big_bytes else "—"
        first = f"{fmt(r.ws_first_at)} / {fmt(r.ws_big_at)} / {fmt(r.first)}"
        second = f"{fmt(r.second_ws_first_at)} / {fmt(r.second_big_at)} / {fmt(r.second)}"
        changes = ", ".join(f"{s:.2f}" for s in r.filter_changes) or "—"
        detail_rows.append([r.label, fmt(r.healthy), fmt(r.python_load),
                            fmt(r.ws_first_bytes / MB if r.ws_first_bytes else None), big, first, second,
                            f"{r.ws_filter_bytes / MB:.2f} / {r.ws_filter_big / MB:.2f}" if r.ws_filter_big else "—",
                            changes,
                            fmt(median(r.view_times)), fmt(max(r.view_times) if r.view_times else None)])
    print("\nWhere the time goes. Visits: seconds from navigation to the first websocket frame (frontend booted) / "
          "the largest frame (the map) / the first marker.")
    print(table(["N", "server up s", "py load s", "ws MB", "largest ws frame", "1st visit ws / map / marker",
                 "2nd visit ws / map / marker",
                 "filter change ws MB / largest", "3 changes s", "search view median s", "max s"], detail_rows))
    for r in results:
        if r.heaps:
            print(f"[{r.label}] JS heap MB (after GC): load {fmt(r.heap_load, 1)} → "
                  + " → ".join(fmt(h, 1) for h in r.heaps) + " (Officially denied, + Visited, both removed)")
    for r in results:
        if r.first_texts or r.first is not None:
            print(f"[{r.label}] first visit, the page said while it waited: "
                  + ("; ".join(r.first_texts) or "nothing (no spinner, progress or status text)"))
        if r.click_evidences or r.phone_evidences:
            print(f"[{r.label}] click → evidence s, desktop {[round(s, 3) for s in r.click_evidences]} (in the page "
                  f"{[round(s, 3) for s in r.click_in_page]}), phone {[round(s, 3) for s in r.phone_evidences]} "
                  f"(in the page {[round(s, 3) for s in r.phone_in_page]}); clicks that waited for a panel from "
                  f"the server: desktop {r.click_waited}/{len(r.click_evidences)}, "
                  f"phone {r.phone_waited}/{len(r.phone_evidences)}; markers gone before the click (skipped): "
                  f"{r.skipped_clicks}")
    for r in results:
        for problem in r.errors + r.page_errors[:5]:
            print(f"[{r.label}] {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="87,10000,100000",
                        help="comma-separated: 'real' or the real station count uses data/, others are synthetic")
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed for any one wait")
    parser.add_argument("--work", type=Path, default=DATA_ROOT,
                        help="folder for this run's server logs and bare page (synthetic data stays in "
                             f"{DATA_ROOT})")
    args = parser.parse_args(argv)
    global WORK
    WORK = args.work
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (sudo apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    WORK.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    with sync_playwright() as playwright, bare_site() as (site, base_url):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
        try:
            floor = Result(label="floor")
            try:
                floor = floor_loads(browser, base_url, args.timeout)
            except Exception as exc:  # the app's own numbers still come
                floor.errors.append(f"{type(exc).__name__}: {exc}"[:400])
            for token in (t.strip() for t in args.sizes.split(",") if t.strip()):
                try:
                    results.append(bench_size(browser, token, args.timeout, site, base_url))
                except Exception as exc:  # one size failing does not lose the others
                    traceback.print_exc()
                    failed = Result(label=token)
                    failed.errors.append(f"{type(exc).__name__}: {exc}"[:400])
                    results.append(failed)
        finally:
            browser.close()
    for result in results:
        result.floor, result.floors = floor.floor, floor.floors
    report(results + [floor] if floor.errors or floor.page_errors else results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
