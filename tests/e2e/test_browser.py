"""What only a real browser shows: the map renders privately, filters and clicks work, nothing executes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = ".sm-marker"
CLUSTERS = ".sm-cluster-icon"
HOSTILE = "<img src=x onerror=\"window.__pwned=1;alert(1)\">`${window.__pwned=2}`<script>window.__pwned=3</script>"


def open_app(page, server, query: str = ""):
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    return frame


def settle(page) -> None:
    """Wait until Streamlit has finished running the script (its status widget is gone)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_load_state("networkidle")


def count_markers(frame) -> int:
    return frame.locator(f"{MARKERS}, {CLUSTERS}").count()


def test_map_renders_without_errors_or_external_requests(page, serve):
    server = serve(TINY)
    frame = open_app(page, server)
    frame.locator(f"{MARKERS}, {CLUSTERS}").first.wait_for()
    settle(page)
    assert page.watch.errors == []
    assert page.watch.external_requests() == []
    assert any("/app/static/vendor/" in url for url in page.watch.requests), "Leaflet not served locally"


def test_status_filter_changes_markers(page, serve):
    server = serve(TINY)
    frame = open_app(page, server)
    frame.locator(f"{MARKERS}, {CLUSTERS}").first.wait_for()
    before = count_markers(frame)
    assert before >= 1
    page.goto(f"{server.url}/?status=officially_denied")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(f"{MARKERS}, {CLUSTERS}").first.wait_for()
    settle(page)
    page.locator(MAP_FRAME).element_handle().content_frame().wait_for_function(
        "() => window.smStations && window.smStations.counts().total === 1")
    # Only Lesotho is officially denied: exactly one plain marker, no clusters.
    assert frame.locator(MARKERS).count() == 1
    assert frame.locator(CLUSTERS).count() == 0
    # Now change the filter in the sidebar: add "Visited, found nothing".
    page.get_by_test_id("stSidebar").get_by_text("Officially denied").wait_for()
    status_box = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').first
    status_box.locator("input").click()
    page.keyboard.type("Visited")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => new URL(location.href).searchParams.get('status')?.includes('visited')")
    frame.locator(MARKERS).nth(1).wait_for(timeout=15_000)
    assert frame.locator(MARKERS).count() == 2
    assert page.watch.errors == []


def test_clicking_a_marker_shows_its_verbatim_excerpt(page, serve):
    server = serve(TINY)
    frame = open_app(page, server, "?country=IT")
    marker = frame.locator(MARKERS).first
    marker.wait_for()
    marker.click()
    page.get_by_text("found a travel agency and no sign of a police station").wait_for(timeout=15_000)
    assert "station=it-rome" in page.url
    settle(page)
    view_before = frame.locator(".leaflet-map-pane").get_attribute("style")
    settle(page)
    assert frame.locator(".leaflet-map-pane").get_attribute("style") == view_before  # view not reset
    assert page.watch.errors == []


def _rewrite(path: Path, key: str, row_id: str, changes: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row[key] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _hostile_copy(tmp_root: Path) -> Path:
    """The tiny dataset with hostile text in every free-text field a user sees."""
    target = tmp_root / "hostile"
    shutil.copytree(TINY, target)
    _rewrite(target / "stations.csv", "station_id", "it-rome",
             {"label": f"Rome {HOSTILE}", "city": f"Rome {HOSTILE}", "notes": HOSTILE})
    _rewrite(target / "stations.csv", "station_id", "ls-lesotho", {"label": f"Lesotho {HOSTILE}", "notes": HOSTILE})
    _rewrite(target / "evidence.csv", "evidence_id", "ls-denied",
             {"claimant": HOSTILE, "summary": f"Police said {HOSTILE}", "notes": HOSTILE})
    _rewrite(target / "sources.csv", "source_id", "web-report",
             {"title": f"Test {HOSTILE}", "publisher": HOSTILE, "reliability_note": HOSTILE,
              "url": "https://example.org/report?x=<script>alert(1)</script>"})
    _rewrite(target / "batches.csv", "batch_id", "first", {"label": f"First {HOSTILE}"})
    return target


def test_hostile_data_does_not_execute(page, serve, tmp_path_factory):
    data = _hostile_copy(tmp_path_factory.mktemp("e2e"))
    server = serve(data)
    for query in ("?station=it-rome", "?station=ls-lesotho"):
        frame = open_app(page, server, query)
        frame.locator(f"{MARKERS}, {CLUSTERS}").first.wait_for()
        settle(page)
        # Hover every visible marker so tooltips render.
        for index in range(frame.locator(MARKERS).count()):
            frame.locator(MARKERS).nth(index).hover()
            frame.locator(".leaflet-tooltip").first.wait_for()
        assert page.evaluate("() => window.__pwned") is None
        assert frame.locator("body").evaluate("() => window.__pwned") is None
        assert page.watch.dialogs == []
    assert page.get_by_text("<img src=x", exact=False).count() >= 1  # shown as text
    assert page.watch.errors == []
    for url in ("stations", "sources", "methodology"):
        page.goto(f"{server.url}/{url}")
        page.wait_for_selector('[data-testid="stAppViewContainer"]')
        settle(page)
        assert page.evaluate("() => window.__pwned") is None
        assert page.watch.dialogs == []
