"""The legible, private map in a real browser: the embedded basemap, selection that moves the map,
clusters that show their status mix, keyboard access. Waits on the page's state, never on fixed sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.loading import load_dataset
from stationmap.queries import placed, station_frame

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
TINY = ROOT / "tests" / "fixtures" / "tiny"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
READY = "() => window.smStations && document.querySelector('.sm-marker, .sm-cluster-icon') !== null"
#: The map has stopped moving: no zoom animation and no fly-to in flight (a fly-to passes fractional zooms).
SETTLED = "() => !map._animatingZoom && Number.isInteger(map.getZoom())"


def open_map(page, server, query: str = ""):
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.smStations !== undefined", timeout=30_000)
    return frame


def map_state(frame) -> dict:
    return frame.evaluate("() => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng,"
                          " halos: document.querySelectorAll('.sm-halo').length})")


def test_default_settings_draw_geography_from_our_own_host(page, serve):
    server = serve(REAL, tiles=None)  # no setting at all
    frame = open_map(page, server, "?q=no-station-matches-this")
    frame.wait_for_function("() => document.querySelectorAll('.sm-country-label').length >= 3", timeout=30_000)
    assert page.locator("iframe").count() >= 1
    # The basemap canvas is not one flat colour: land, sea and borders are drawn.
    colours = frame.evaluate("""() => {
        const canvas = document.querySelector('.leaflet-sm-basemap-pane canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2]);
        return seen.size;
    }""")
    assert colours >= 3
    assert frame.locator(".sm-marker, .sm-cluster-icon").count() == 0  # nothing matches the search
    page.locator(MAP_FRAME).screenshot(path=str(ROOT / ".pytest_cache" / "empty-map.png"))
    assert page.watch.external_requests() == []
    assert any("/world-atlas-2.0.2/countries-50m.json" in url for url in page.watch.requests)
    assert page.watch.errors == []


@pytest.mark.parametrize("station_id", ["es-barcelona-1", "us-new-york-1", "au-sydney-1"])
def test_a_link_to_a_station_centres_and_highlights_it(page, serve, station_id):
    server = serve(REAL, tiles=None)
    frame = open_map(page, server, f"?station={station_id}")
    frame.wait_for_function("() => document.querySelectorAll('.sm-halo').length === 1", timeout=30_000)
    state = map_state(frame)
    place = placed(station_frame(load_dataset(REAL).dataset)).set_index("station_id").loc[station_id]
    assert state["zoom"] >= 5
    # Centred in the part of the map the evidence drawer leaves free (the drawer is on the right).
    assert abs(state["lat"] - place["lat"]) < 1.5 and abs(state["lng"] - place["lon"]) < 4
    # The station itself is drawn on its own (revealed from its cluster), with its accessible name.
    label = frame.locator(f'.sm-marker[aria-label^="{place["label"]}"]')
    assert label.count() == 1
    drawer = frame.locator(".sm-drawer").bounding_box()
    assert label.bounding_box()["x"] + label.bounding_box()["width"] < drawer["x"]  # not under the drawer
    assert page.watch.errors == []


@pytest.mark.parametrize("language, barcelona", [("en", "Barcelona"), ("zh-Hans", "巴塞罗那"), ("zh-Hant", "巴塞隆納")])
def test_basemap_city_labels_follow_the_interface_language(page, serve, language, barcelona):
    server = serve(TINY, tiles=None)
    frame = open_map(page, server, f"?station=es-barcelona&lang={language}")
    frame.wait_for_function("() => document.querySelectorAll('.sm-halo').length === 1", timeout=30_000)
    frame.wait_for_function("(name) => [...document.querySelectorAll('.sm-city-label')]"
                            ".some(label => label.textContent === name)", arg=barcelona, timeout=30_000)
    labels = frame.evaluate("""() => [...document.querySelectorAll('.sm-city-label')].map(label => {
        const box = label.getBoundingClientRect();
        return {text: label.textContent, lang: label.lang, left: box.left, right: box.right, top: box.top,
                bottom: box.bottom};
    })""")
    assert len(labels) >= 3
    barcelona_label = next(label for label in labels if label["text"] == barcelona)
    assert barcelona_label["lang"] == ("" if language == "en" else language)
    if language != "en":
        assert sum(label["lang"] == language for label in labels) >= len(labels) / 2
    # The greedy placement still keeps labels apart, Chinese ones included.
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 2 or overlap_y <= 2, (a, b)
    page.locator(MAP_FRAME).screenshot(path=str(ROOT / ".pytest_cache" / f"city-labels-{language}.png"))
    assert page.watch.errors == []


def test_clicking_a_clustered_city_reveals_and_selects_a_station(page, serve):
    server = serve(REAL, tiles="none")
    frame = open_map(page, server, "?country=ES")
    frame.wait_for_function(READY, timeout=30_000)
    # Open clusters until Barcelona's three stations stand on their own (zoom in, then fan out).
    for _ in range(12):
        barcelona = frame.locator('.sm-marker[aria-label^="Barcelona #1"]')
        if barcelona.count():
            break
        # The easternmost cluster, read in one step (a render between reads would replace the icons).
        target = frame.evaluate("""() => {
            const icons = Array.from(document.querySelectorAll('.sm-cluster-icon'));
            const xs = icons.map(icon => icon.getBoundingClientRect().x);
            return xs.indexOf(Math.max(...xs));
        }""")
        frame.locator(".sm-cluster-icon").nth(target).click()
        frame.wait_for_function(SETTLED, timeout=10_000)
    barcelona = frame.locator('.sm-marker[aria-label^="Barcelona #1"]')
    barcelona.wait_for(timeout=10_000)
    barcelona.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('station') === 'es-barcelona-1'",
                           timeout=15_000)
    page.get_by_role("heading", name="Barcelona #1 (Fuzhou)").wait_for(timeout=15_000)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => document.querySelectorAll('.sm-halo').length === 1", timeout=15_000)
    assert page.watch.errors == []


def test_cluster_icons_carry_the_status_mix(page, serve):
    server = serve(REAL, tiles="none")
    frame = open_map(page, server)
    frame.wait_for_function(READY, timeout=30_000)
    frame.evaluate("() => map.setView([20, 0], 1, {animate: false})")
    frame.wait_for_function("() => document.querySelectorAll('.sm-cluster-icon').length > 0")
    totals = frame.evaluate("""() => Array.from(document.querySelectorAll('.sm-cluster-icon'))
        .map(el => JSON.parse(el.getAttribute('data-counts'))).concat(
        Array.from(document.querySelectorAll('.sm-marker')).map(() => null))""")
    drawn = [counts for counts in totals if counts]
    singles = len(totals) - len(drawn)
    frame_all = placed(station_frame(load_dataset(REAL).dataset))
    assert sum(sum(c) for c in drawn) + singles == len(frame_all)
    expected = frame_all["status"].value_counts()
    # Summed over clusters and single markers, the rings count every status as the data does.
    by_status = [sum(c[i] for c in drawn) for i in range(4)]
    assert sum(by_status) <= len(frame_all)
    statuses = ["reported", "visited_found_nothing", "confirmed_trial_operation", "officially_denied"]
    assert all(by_status[i] <= expected.get(s, 0) for i, s in enumerate(statuses))
    tooltip_owner = frame.locator(".sm-cluster-icon").first
    label = tooltip_owner.get_attribute("aria-label")
    assert "stations:" in label and "Reported" in label or "Officially denied" in label


def test_keyboard_reaches_markers_and_enter_selects(page, serve):
    server = serve(TINY, tiles="none")
    frame = open_map(page, server, "?country=IT")
    frame.wait_for_function(READY, timeout=30_000)
    marker = frame.locator(".sm-marker").first
    assert marker.get_attribute("aria-label").startswith("Rome")
    assert "visited, found nothing" in marker.get_attribute("aria-label").lower()
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URL(location.href).searchParams.get('station') === 'it-rome'",
                           timeout=15_000)
    assert page.watch.errors == []


def test_the_first_click_after_a_filter_change_counts(page, serve):
    server = serve(TINY, tiles="none")
    frame = open_map(page, server)
    frame.wait_for_function(READY, timeout=30_000)
    page.goto(f"{server.url}/?status=visited_found_nothing")
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.smStations && document.querySelectorAll('.sm-marker').length === 1",
                            timeout=30_000)
    frame.locator(".sm-marker").first.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('station') === 'it-rome'",
                           timeout=15_000)


def _published(tmp_path_factory, data_dir: Path) -> Path:
    from stationmap.publish import publish_site

    out = tmp_path_factory.mktemp("published") / "site"
    publish_site(load_dataset(data_dir), out)
    return out


def test_published_site_works_from_file_with_the_network_off(browser, tmp_path_factory):
    site = _published(tmp_path_factory, REAL)
    context = browser.new_context(viewport={"width": 600, "height": 800}, offline=True)  # fits a 600 px frame
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site / "index.html").as_uri() + "#station=es-barcelona-1")
    page.wait_for_function("() => document.querySelectorAll('.sm-halo').length === 1", timeout=20_000)
    page.wait_for_function("() => document.querySelectorAll('.sm-country-label, .sm-city-label').length > 0")
    assert "Barcelona #1" in page.locator("#panel").inner_text()
    page.locator(".sm-marker").first.click()
    page.wait_for_function("() => location.hash.includes('station=')")
    assert page.locator("#panel .sm-evidence").count() >= 1  # the evidence panel, as in the app
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    assert errors == []
    context.close()


def test_published_site_with_hostile_data_runs_no_script(browser, tmp_path_factory):
    from tests.e2e.test_browser import _hostile_copy

    site = _published(tmp_path_factory, _hostile_copy(tmp_path_factory.mktemp("hostile-publish")))
    context = browser.new_context(offline=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for station in ("it-rome", "ls-lesotho"):
        page.goto((site / "index.html").as_uri() + f"#station={station}")
        page.wait_for_function("() => document.querySelector('#panel h3') !== null", timeout=20_000)
        for index in range(page.locator(".sm-marker").count()):
            marker = page.locator(".sm-marker").nth(index)
            box = marker.bounding_box()  # markers are drawn a little beyond the view, for smooth panning
            if box and 0 <= box["x"] and box["x"] + box["width"] <= page.viewport_size["width"]:
                marker.hover()
        assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert "<img src=x" in page.locator("#panel").inner_text()  # shown as text
    context.close()


def test_switching_language_translates_sidebar_legend_and_methodology(page, serve):
    server = serve(TINY, tiles="none")
    open_map(page, server)
    page.get_by_test_id("stSidebar").get_by_text("Filter stations").wait_for()
    switch = page.get_by_test_id("stSidebar").locator('[data-testid="stSelectbox"]').first
    switch.click()
    page.get_by_role("option", name="简体中文").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'zh-Hans'", timeout=15_000)
    page.get_by_test_id("stSidebar").get_by_text("筛选站点").wait_for(timeout=15_000)
    page.wait_for_function(f"() => document.querySelectorAll('{MAP_FRAME}').length === 1", timeout=15_000)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => document.querySelector('.sm-legend') && "
                            "document.querySelector('.sm-legend').textContent.includes('官方否认')", timeout=20_000)
    page.get_by_test_id("stSidebarNav").get_by_text("方法说明").click()
    page.get_by_text("各状态的含义").first.wait_for(timeout=15_000)
    assert "lang=zh-Hans" in page.evaluate("() => location.href")
    assert page.watch.errors == []


@pytest.mark.parametrize("width", [1400, 400])
def test_a_tap_shows_the_evidence_in_the_map_at_any_width(browser, serve, width):
    """The evidence opens in the map itself (a drawer, a bottom sheet on a narrow page), so the map never
    points readers down the page. On the narrow page the map is partly below the fold: the click must still
    select (focusing the map once scrolled the page and lost the click)."""
    server = serve(TINY, tiles="none")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        frame = open_map(page, server, "?country=IT")
        frame.wait_for_function(READY, timeout=30_000)
        frame.locator(".sm-marker").first.click()
        page.wait_for_function("() => new URL(location.href).searchParams.get('station') === 'it-rome'",
                               timeout=15_000)
        frame.wait_for_function("() => { const d = document.querySelector('.sm-drawer');"
                                " return d && !d.hidden && d.textContent.includes('Rome'); }", timeout=15_000)
        assert frame.evaluate("() => { const box = document.querySelector('.sm-signpost');"
                              " return !!box && box.style.display !== 'none'; }") is False
    finally:
        context.close()
