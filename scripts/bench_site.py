"""Benchmark a published site from ``file://`` beside the bare Leaflet + supercluster page with the same points.

Run: ``.venv/bin/python -m scripts.bench_site SITE_DIR DATA_DIR [--compare OTHER_SITE] [--language zh-Hans]
[--runs 3]`` after ``stationmap publish SITE_DIR --data DATA_DIR`` (``--compare``: another site of the same data,
e.g. one published by the old code, measured in the same run). Prints, side by side:

- sizes: index.html, the files the first map loaded (read from the browser's requests) and the whole site;
- seconds from navigation to the first visible marker (median of ``--runs`` fresh browser contexts at 1366×768,
  the network off) and the JS heap then (CDP, after a forced GC);
- click → deciding evidence: ``CLICKS`` different station markers (the map zoomed in until an uncovered one is
  near its centre), each clicked with the mouse at desktop size (1366×768) and tapped at phone size (390×844,
  a touch device), median seconds until the drawer shows the station's deciding evidence (``.sm-deciding``) on
  screen, measured three ways: driven (Playwright's click or tap until the evidence is seen; includes the
  driver's actionability checks), in the page (from the input event to the first frame painted with the
  evidence, including a panel shard still loading) and by the browser's Event Timing (the click to the next
  paint after its handlers ran; a shard that loads later is not in it). The bare page's numbers are a click or
  tap to its Leaflet popup;
- the JS heap after those clicks (the names and a few panel shards loaded).

Numbers to compare, never a pass/fail test; read the ratios within one run (the machine is shared).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.bench_browser import (
    BARE_PAGE,
    CLICKS,
    DECIDING_SHOWN_JS,
    MB,
    ROOT,
    WATCH_CLICK_PAINT_JS,
    heap_mb,
    placed_points,
    zoom_to_markers,
)

FOLDERS = {"en": "", "zh-Hans": "zh-hans/", "zh-Hant": "zh-hant/"}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
PROFILES = {"desktop": DESKTOP, "phone": PHONE}
SITE_MARKERS = ".sm-marker, .sm-cluster-icon"
BARE_MARKERS = ".bare-marker, .bare-cluster"

#: In the page, for each input: the input event's time, and the start of the frame that paints the page once
#: ``SHOWN`` holds (the first animation frame after the change: its callbacks run just before it is drawn).
WATCH_SHOWN_JS = """(shown) => {
  const t = window.__smShown = {input: null, shown: null};
  const take = (event) => { if (t.input === null) t.input = event.timeStamp; };
  ["pointerdown", "touchstart", "mousedown"].forEach((type) => document.addEventListener(type, take, true));
  const observer = new MutationObserver(() => {
    if (!(SHOWN)()) return;
    observer.disconnect();
    requestAnimationFrame(() => { t.shown = performance.now(); });
  });
  observer.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["hidden"]});
}"""
#: Installed before the page's own scripts: the files the page has asked for when its first marker appears
#: (the page itself, its scripts and style sheets), i.e. what the first view needed.
FIRST_VIEW_FILES = """(() => {
  new MutationObserver((changes, observer) => {
    if (!document.querySelector('MARKERS')) return;
    observer.disconnect();
    window.__smFirstFiles = [location.href.split('#')[0]].concat(
      Array.from(document.querySelectorAll('script[src], link[rel=stylesheet]'), (e) => e.src || e.href));
  }).observe(document, {childList: true, subtree: true});
})();"""
SITE_SHOWN = ("() => { const d = document.querySelector('.sm-drawer'); return !!d && !d.hidden"
              " && !!d.querySelector('.sm-deciding'); }")
BARE_SHOWN = "() => document.querySelector('.leaflet-popup') !== null"


class Target:
    """One page to measure: its address, how its markers look and how a click shows on it."""

    def __init__(self, name: str, url: str, *, bare: bool = False) -> None:
        self.name, self.url, self.bare = name, url, bare
        self.markers = BARE_MARKERS if bare else SITE_MARKERS
        self.marker = ".bare-marker" if bare else ".sm-marker"
        self.shown = BARE_SHOWN if bare else SITE_SHOWN
        self.first: list[float] = []
        self.heap: list[float] = []
        self.loaded: list[int] = []  # bytes of the files the first map asked for
        self.clicks: dict[str, dict[str, list[float]]] = {
            profile: {"driven": [], "page": [], "event": []} for profile in PROFILES}
        self.heap_after: float | None = None


def _open(browser, target: Target, profile: dict, timeout_ms: float):
    """A fresh context (network off) showing ``target``: (seconds to its first visible marker, page)."""
    context = browser.new_context(offline=True, **profile)
    context.add_init_script(FIRST_VIEW_FILES.replace("MARKERS", target.markers))
    page = context.new_page()
    started = time.perf_counter()
    page.goto(target.url, wait_until="commit", timeout=timeout_ms)
    page.locator(target.markers).first.wait_for(state="visible", timeout=timeout_ms)
    return time.perf_counter() - started, page


def _file_bytes(urls: list[str]) -> int:
    paths = {Path(unquote(urlsplit(url).path)) for url in urls if url.startswith("file://")}
    return sum(path.stat().st_size for path in paths if path.is_file())


def first_marker(browser, target: Target, timeout_ms: float) -> None:
    seconds, page = _open(browser, target, DESKTOP, timeout_ms)
    target.first.append(seconds)
    target.loaded.append(_file_bytes(page.evaluate("() => window.__smFirstFiles")))
    target.heap.append(heap_mb(page))
    page.context.close()


def clicks(browser, target: Target, profile: str, timeout_ms: float) -> None:
    """``CLICKS`` different markers clicked (desktop) or tapped (phone), each timed three ways."""
    _, page = _open(browser, target, PROFILES[profile], timeout_ms)
    if not target.bare:  # a reader's click comes after the page has loaded (the names too, on a large site)
        page.wait_for_function("() => document.readyState === 'complete' && window.smStations.idAt(0) !== null",
                               timeout=timeout_ms)
        page.evaluate("() => { window.map = window.smStations.map; }")
    clicked: list[str] = []
    shown = None
    times = target.clicks[profile]
    for _ in range(CLICKS):
        index = zoom_to_markers(page, clicked, target.marker)
        marker = page.locator(target.marker).nth(index)
        clicked.append((marker.get_attribute("aria-label") if not target.bare else None) or str(index))
        page.evaluate(WATCH_CLICK_PAINT_JS)
        page.evaluate(WATCH_SHOWN_JS.replace("SHOWN", target.shown))
        started = time.perf_counter()
        if profile == "phone":
            marker.tap(timeout=15_000)
        else:
            marker.click(timeout=15_000)
        if target.bare:
            page.wait_for_function(BARE_SHOWN, timeout=timeout_ms, polling="raf")
        else:
            shown = page.wait_for_function(DECIDING_SHOWN_JS, arg=shown, timeout=timeout_ms,
                                           polling="raf").json_value()
        times["driven"].append(time.perf_counter() - started)
        page.wait_for_function("() => window.__smShown.shown !== null", timeout=timeout_ms)
        times["page"].append(page.evaluate("() => (window.__smShown.shown - window.__smShown.input) / 1000"))
        with contextlib.suppress(Exception):  # no entry at all: the click painted within 16 ms
            page.wait_for_function("() => window.__clickPaint.length > 0", timeout=1000)
        times["event"].append(page.evaluate("() => Math.max(0.016, ...window.__clickPaint)"))
        page.evaluate("() => { const b = document.querySelector('.sm-drawer-close'); if (b) b.click();"
                      " if (window.map.closePopup) window.map.closePopup(); }")
    if profile == "desktop":
        target.heap_after = heap_mb(page)
    page.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("data", type=Path)
    parser.add_argument("--compare", type=Path, help="another site of the same data, measured in the same run")
    parser.add_argument("--language", default="en", choices=list(FOLDERS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-clicks", action="store_true", help="first marker and heap only")
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed for any one wait")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    timeout_ms = args.timeout * 1000
    sites = [("site", args.site)] + ([("compare", args.compare)] if args.compare else [])
    points = placed_points(args.data)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as work, sync_playwright() as playwright:
        bare = Path(work) / "bare.html"
        (Path(work) / "vendor").symlink_to(ROOT / "static" / "vendor", target_is_directory=True)
        bare.write_text(BARE_PAGE.format(points=json.dumps(points, separators=(",", ":"))), encoding="utf-8")
        targets = [Target(name, (folder / FOLDERS[args.language] / "index.html").as_uri()) for name, folder in sites]
        targets.append(Target("bare", bare.as_uri(), bare=True))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for _ in range(args.runs):  # alternating, so a busy moment of the machine falls on every page alike
            for target in targets:
                first_marker(browser, target, timeout_ms)
        if not args.no_clicks:
            for profile in PROFILES:
                for target in targets:
                    clicks(browser, target, profile, timeout_ms)
        browser.close()
        bare_bytes = bare.stat().st_size
    report(args, sites, targets, points, bare_bytes)
    return 0


def report(args, sites, targets: list[Target], points, bare_bytes: int) -> None:
    median = statistics.median
    print(f"stations: {len(points)}   language: {args.language}   runs: {args.runs}   clicks: {CLICKS}")
    for (name, folder), target in zip(sites, targets, strict=False):
        index = folder / FOLDERS[args.language] / "index.html"
        whole = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"{name}: {folder}   index.html {index.stat().st_size / MB:.2f} MB   first view's files "
              f"{max(target.loaded) / MB:.2f} MB   whole site {whole / MB:.1f} MB")
    print(f"bare: one page of {bare_bytes / MB:.2f} MB; first view's files {max(targets[-1].loaded) / MB:.2f} MB")
    names = [t.name for t in targets]
    print(f"{'':<34}" + "".join(f"{n:>10}" for n in names) + "".join(f"{n + '/bare':>14}" for n in names[:-1]))

    def row(label: str, values: list[float | None], digits: int = 2) -> None:
        cells = "".join(f"{v:>10.{digits}f}" if v is not None else f"{'-':>10}" for v in values)
        ratios = "".join(f"{v / values[-1]:>14.2f}" if v and values[-1] else f"{'-':>14}" for v in values[:-1])
        print(f"{label:<34}{cells}{ratios}")

    row("first marker (s, median)", [median(t.first) for t in targets])
    row("JS heap at first marker (MB)", [max(t.heap) for t in targets], 0)
    if args.no_clicks:
        return
    row("JS heap after the clicks (MB)", [t.heap_after for t in targets], 0)
    for profile in PROFILES:
        for way, label in (("driven", "driven"), ("page", "in the page"), ("event", "Event Timing")):
            row(f"{profile} click->evidence, {label}", [median(t.clicks[profile][way]) for t in targets])
    for target in targets[:-1]:
        for profile in PROFILES:
            print(f"   {target.name} {profile} in the page (s): "
                  + " ".join(f"{v:.2f}" for v in target.clicks[profile]["page"]))


if __name__ == "__main__":
    sys.exit(main())
