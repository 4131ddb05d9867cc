"""What only a real browser shows: the map renders privately, filters and clicks work, nothing executes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import expect_text, map_frame, map_locator, on_map, settled, wait_for_param

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
MARKERS = ".sm-marker"
CLUSTERS = ".sm-cluster-icon"
#: The map has drawn its stations (a marker or a cluster).
DRAWN = f"() => document.querySelector('{MARKERS}, {CLUSTERS}') !== null"
#: What the map draws, read in one step (a render between two reads would replace the icons).
DRAWING = f"""() => ({{markers: document.querySelectorAll('{MARKERS}').length,
                       clusters: document.querySelectorAll('{CLUSTERS}').length,
                       stations: window.smStations.counts().total}})"""
HOSTILE = "<img src=x onerror=\"window.__pwned=1;alert(1)\">`${window.__pwned=2}`<script>window.__pwned=3</script>"


def open_app(page, server, query: str = "", until: str = DRAWN):
    """Open the app at ``query`` and return the map frame once the page has settled and ``until`` holds in it."""
    page.goto(f"{server.url}/{query}")
    return map_frame(page, until)


def test_map_renders_without_errors_or_external_requests(page, serve):
    server = serve(TINY)
    open_app(page, server)
    assert page.watch.errors == []
    assert page.watch.external_requests() == []
    # Leaflet comes from our own host: the vendored file, or the map's one script file holding it (serve.py)
    assert any("/app/static/vendor/" in url or "/stationmap-data/scripts/" in url for url in page.watch.requests), \
        "Leaflet not served locally"
    assert on_map(page, "() => typeof L === 'object' && typeof Supercluster === 'function'")


def test_status_filter_changes_markers(page, serve):
    server = serve(TINY)
    open_app(page, server)
    assert on_map(page, DRAWING)["stations"] >= 1
    page.goto(f"{server.url}/?status=officially_denied")
    map_frame(page, "() => window.smStations.counts().total === 1")
    # Only Lesotho is officially denied: exactly one plain marker, no clusters.
    assert on_map(page, DRAWING) == {"markers": 1, "clusters": 0, "stations": 1}
    # Now change the filter in the sidebar: add "Visited, found nothing".
    sidebar = page.get_by_test_id("stSidebar")
    status_box = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Verification status")
    expect_text(page, status_box, "Officially denied")
    status_box.locator("input").click()
    page.keyboard.type("Visited")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settled(page, "() => new URL(location.href).searchParams.get('status')?.includes('visited')")
    map_frame(page, f"() => document.querySelectorAll('{MARKERS}').length === 2")
    assert on_map(page, DRAWING) == {"markers": 2, "clusters": 0, "stations": 2}
    assert page.watch.errors == []


def test_clicking_a_marker_shows_its_verbatim_excerpt(page, serve):
    server = serve(TINY)
    open_app(page, server, "?country=IT", until=f"() => document.querySelectorAll('{MARKERS}').length === 1")
    map_locator(page, MARKERS).click()
    wait_for_param(page, "station", "it-rome")
    expect_text(page, page.get_by_text("found a travel agency and no sign of a police station"))
    # The run that the click started has finished; the map keeps its view from then on (not reset).
    pane = "() => document.querySelector('.leaflet-map-pane').style.cssText"
    view_before = on_map(page, pane)
    settled(page)
    assert on_map(page, pane) == view_before
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
        open_app(page, server, query)
        # Hover every visible marker so tooltips render.
        for index in range(on_map(page, DRAWING)["markers"]):
            map_locator(page, MARKERS).nth(index).hover()
            map_frame(page, "() => document.querySelector('.leaflet-tooltip') !== null")
        assert page.evaluate("() => window.__pwned") is None
        assert on_map(page, "() => window.__pwned") is None
        assert page.watch.dialogs == []
    assert page.get_by_text("<img src=x", exact=False).count() >= 1  # shown as text
    assert page.watch.errors == []
    for url in ("stations", "sources", "methodology"):
        page.goto(f"{server.url}/{url}")
        settled(page)
        assert page.evaluate("() => window.__pwned") is None
        assert page.watch.dialogs == []
