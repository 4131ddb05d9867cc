"""Benchmark a published site from ``file://`` beside the bare Leaflet + supercluster page with the same points.

Run: ``.venv/bin/python -m scripts.bench_site SITE_DIR DATA_DIR [--language zh-Hans] [--runs 3]`` after
``stationmap publish SITE_DIR --data DATA_DIR``. Prints, side by side: the page's and the site's size, seconds
from navigation to the first visible marker (median of ``--runs`` fresh browser contexts), the JS heap after
it, and seconds from a click on a marker to its evidence panel. Numbers to compare, never a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scripts.bench_browser import BARE_PAGE, MB, ROOT, VIEWPORT, heap_mb, placed_points

FOLDERS = {"en": "", "zh-Hans": "zh-hans/", "zh-Hant": "zh-hant/"}


def _first_marker(browser, url: str, selector: str, timeout_ms: float) -> tuple[float, float, object]:
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)
    seconds = time.perf_counter() - started
    return seconds, heap_mb(page), page


def _click_to_panel(page, timeout_ms: float) -> tuple[float, float] | None:
    """Zoom in until single markers show, click one, wait for its panel; seconds from the click."""
    for _ in range(12):
        if page.locator(".sm-marker").count():
            break
        page.locator(".sm-cluster-icon").first.click()
        # The zoom has ended: Leaflet's animation class is gone and the clusters are redrawn.
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')"
                               " && document.querySelector('.sm-marker, .sm-cluster-icon') !== null",
                               timeout=timeout_ms)
    marker = page.locator(".sm-marker").first
    if not marker.count():
        return None
    page.evaluate(WATCH_JS)
    started = time.perf_counter()
    marker.click()
    page.wait_for_function("() => window.__smT.panel !== undefined", timeout=timeout_ms)
    driven = time.perf_counter() - started
    in_page = page.evaluate("() => (window.__smT.panel - window.__smT.click) / 1000")
    return driven, in_page


#: In the page: when the click event arrives and when the evidence is in the drawer (Playwright's click also
#: waits for the marker to stand still, which the driven time includes).
WATCH_JS = """() => {
  window.__smT = {};
  document.addEventListener("click", () => {
    if (window.__smT.click === undefined) window.__smT.click = performance.now();
  }, true);
  new MutationObserver(() => {
    if (window.__smT.panel === undefined && document.querySelector("#panel .sm-evidence")) {
      window.__smT.panel = performance.now();
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("data", type=Path)
    parser.add_argument("--language", default="en", choices=list(FOLDERS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed for any one wait")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    timeout_ms = args.timeout * 1000
    index = args.site / FOLDERS[args.language] / "index.html"
    site_bytes = sum(p.stat().st_size for p in args.site.rglob("*") if p.is_file())
    points = placed_points(args.data)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as work, sync_playwright() as playwright:
        bare = Path(work) / "bare.html"
        (Path(work) / "vendor").symlink_to(ROOT / "static" / "vendor", target_is_directory=True)
        bare.write_text(BARE_PAGE.format(points=json.dumps(points, separators=(",", ":"))), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        rows = {"site": [], "bare": []}
        click = None
        for run in range(args.runs):
            seconds, heap, page = _first_marker(browser, index.as_uri(), ".sm-marker, .sm-cluster-icon", timeout_ms)
            rows["site"].append((seconds, heap))
            if run == 0:
                click = _click_to_panel(page, timeout_ms)
            page.context.close()
            seconds, heap, page = _first_marker(browser, bare.as_uri(), ".bare-marker, .bare-cluster", timeout_ms)
            rows["bare"].append((seconds, heap))
            page.context.close()
        browser.close()
    print(f"stations: {len(points)}   language: {args.language}")
    print(f"index.html: {index.stat().st_size / MB:.2f} MB   whole site: {site_bytes / MB:.1f} MB   "
          f"bare page: {bare_size(points) / MB:.2f} MB")
    print(f"{'':<22}{'published site':>16}{'bare page':>12}{'ratio':>8}")
    site_first = statistics.median(s for s, _ in rows["site"])
    bare_first = statistics.median(s for s, _ in rows["bare"])
    print(f"{'first marker (s)':<22}{site_first:>16.2f}{bare_first:>12.2f}{site_first / bare_first:>8.2f}")
    site_heap = max(h for _, h in rows["site"])
    bare_heap = max(h for _, h in rows["bare"])
    print(f"{'JS heap (MB)':<22}{site_heap:>16.0f}{bare_heap:>12.0f}{site_heap / bare_heap:>8.2f}")
    if click:
        print(f"{'click -> panel (s)':<22}{click[1]:>16.2f}   (in the page; {click[0]:.2f} s driven by Playwright)")
    return 0


def bare_size(points) -> int:
    return len(BARE_PAGE) + sum(len(f"[{lon},{lat}],") for lon, lat in points)


if __name__ == "__main__":
    sys.exit(main())
