"""The legible, private map in a real browser: the embedded basemap, selection that moves the map,
clusters that show their status mix, keyboard access. Waits on the page's state, never on fixed sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.records.loading import load_dataset
from stationmap.rules.queries import placed, station_frame
from tests.e2e.conftest import (
    LIVE_MAP,
    POLL_MS,
    expect_text,
    map_frame,
    map_locator,
    new_page,
    on_map,
    settled,
    wait_for_param,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
TINY = ROOT / "tests" / "fixtures" / "tiny"
READY = "() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null"
HALO = "() => document.querySelectorAll('.sm-halo').length === 1"
#: A cluster click has done its work: the map stands still (no zoom animation, no fly-to passing fractional
#: zooms) and it zoomed in past ``zoom`` or fanned a cluster out into stations.
OPENED = """(zoom) => !map._animatingZoom && Number.isInteger(map.getZoom())
    && (map.getZoom() > zoom || document.querySelector('.sm-marker') !== null)"""


def open_map(page, server, query: str = "", until: str | None = None):
    """Open the app at ``query``; return the map frame once the page has settled and ``until`` holds in it."""
    page.goto(f"{server.url}/{query}")
    return map_frame(page, until)


def map_state(page) -> dict:
    return on_map(page, "() => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng,"
                        " halos: document.querySelectorAll('.sm-halo').length})")


def test_default_settings_draw_geography_from_our_own_host(page, serve):
    server = serve(REAL, tiles=None)  # no setting at all
    open_map(page, server, "?q=no-station-matches-this",
             until="() => document.querySelectorAll('.sm-country-label').length >= 3")
    # The basemap canvas is not one flat colour: land, sea and borders are drawn.
    colours = on_map(page, """() => {
        const canvas = document.querySelector('.leaflet-sm-basemap-pane canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2]);
        return seen.size;
    }""")
    assert colours >= 3
    assert on_map(page, "() => document.querySelectorAll('.sm-marker, .sm-cluster-icon').length") == 0  # no match
    page.locator(LIVE_MAP).screenshot(path=str(ROOT / ".pytest_cache" / "empty-map.png"))
    assert page.watch.external_requests() == []
    assert any("/world-atlas-2.0.2/countries-50m.json" in url for url in page.watch.requests)
    assert page.watch.errors == []


@pytest.mark.parametrize("station_id", ["es-barcelona-1", "us-new-york-1", "au-sydney-1"])
def test_a_link_to_a_station_centres_and_highlights_it(page, serve, station_id):
    server = serve(REAL, tiles=None)
    # The map has finished moving to the station (a fly-to passes fractional zooms).
    open_map(page, server, f"?station={station_id}",
             until=f"() => ({HALO})() && !map._animatingZoom && Number.isInteger(map.getZoom())")
    state = map_state(page)
    place = placed(station_frame(load_dataset(REAL).dataset)).set_index("station_id").loc[station_id]
    assert state["zoom"] >= 5
    # Centred in the part of the map the evidence drawer leaves free (the drawer is on the right).
    assert abs(state["lat"] - place["lat"]) < 1.5 and abs(state["lng"] - place["lon"]) < 4
    # The station itself is drawn on its own (revealed from its cluster), with its accessible name.
    assert on_map(page, "(label) => [...document.querySelectorAll('.sm-marker')]"
                        ".filter(marker => marker.getAttribute('aria-label').startsWith(label)).length",
                  place["label"]) == 1
    right, drawer_left = on_map(page, """(label) => {
        const marker = [...document.querySelectorAll('.sm-marker')]
            .find(m => m.getAttribute('aria-label').startsWith(label));
        const drawer = document.querySelector('.sm-drawer');
        return [marker.getBoundingClientRect().right, drawer.getBoundingClientRect().left];
    }""", place["label"])
    assert right < drawer_left  # not under the drawer
    assert page.watch.errors == []


def test_the_map_waits_for_its_style_sheets_before_it_opens_a_station(page, serve):
    """streamlit-folium writes the map's document itself, so its scripts do not wait for its style sheets. Held
    back here until the stations have come: the map must not open the drawer (or move the station clear of
    it) before stationmap.css lays the drawer out. On a busy machine it did, and a link to Sydney ended with
    the marker at the map's left edge, "clear" of an unstyled drawer."""
    server = serve(REAL, tiles=None)
    held = []
    page.route("**/stationmap.css*", lambda route: held.append(route))
    page.goto(f"{server.url}/?station=au-sydney-1")
    page.wait_for_function("(selector) => document.querySelectorAll(selector).length === 1", arg=LIVE_MAP,
                           polling=POLL_MS)
    frame = page.locator(LIVE_MAP).element_handle().content_frame()
    # The stations have come and the frame has painted twice since (a held sheet would still be held).
    frame.wait_for_function("() => performance.getEntriesByType('mark').some(mark => mark.name.startsWith("
                            "'stationmap:stations-'))", polling=POLL_MS)
    frame.evaluate("""() => new Promise(done => requestAnimationFrame(() => setTimeout(() =>
        requestAnimationFrame(() => setTimeout(done)))))""")
    assert len(held) == 1
    assert frame.evaluate("() => window.smStations === undefined && !document.querySelector('.sm-marker')")
    held[0].continue_()
    page.unroute("**/stationmap.css*")
    map_frame(page, f"() => ({HALO})() && getComputedStyle(document.querySelector('.sm-drawer')).position"
                    " === 'absolute'")
    right, drawer_left, map_left = on_map(page, """() => {
        const marker = [...document.querySelectorAll('.sm-marker')]
            .find(m => m.getAttribute('aria-label').startsWith('Sydney'));
        const drawer = document.querySelector('.sm-drawer');
        return [marker.getBoundingClientRect().right, drawer.getBoundingClientRect().left,
                map.getContainer().getBoundingClientRect().left];
    }""")
    assert map_left + 40 < right < drawer_left  # in the map, not under the drawer nor at the edge
    assert page.watch.errors == []


@pytest.mark.parametrize("language, barcelona", [("en", "Barcelona"), ("zh-Hans", "巴塞罗那"), ("zh-Hant", "巴塞隆納")])
def test_basemap_city_labels_follow_the_interface_language(page, serve, language, barcelona):
    server = serve(TINY, tiles=None)
    page.goto(f"{server.url}/?station=es-barcelona&lang={language}")
    map_frame(page, f"(name) => ({HALO})() && [...document.querySelectorAll('.sm-city-label')]"
                    ".some(label => label.textContent === name)", barcelona)
    labels = on_map(page, """() => [...document.querySelectorAll('.sm-city-label')].map(label => {
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
    page.locator(LIVE_MAP).screenshot(path=str(ROOT / ".pytest_cache" / f"city-labels-{language}.png"))
    assert page.watch.errors == []


def test_clicking_a_clustered_city_reveals_and_selects_a_station(page, serve):
    server = serve(REAL, tiles="none")
    open_map(page, server, "?country=ES", until=READY)
    barcelona = '.sm-marker[aria-label^="Barcelona #1"]'
    # Open clusters until Barcelona's three stations stand on their own (zoom in, then fan out).
    for _ in range(12):
        if on_map(page, "(selector) => document.querySelector(selector) !== null", barcelona):
            break
        # The easternmost cluster, read in one step (a render between reads would replace the icons).
        zoom, target = on_map(page, """() => {
            const icons = Array.from(document.querySelectorAll('.sm-cluster-icon'));
            const xs = icons.map(icon => icon.getBoundingClientRect().x);
            return [map.getZoom(), xs.indexOf(Math.max(...xs))];
        }""")
        map_locator(page, ".sm-cluster-icon").nth(target).click()
        map_frame(page, OPENED, zoom)
    map_locator(page, barcelona).click()
    wait_for_param(page, "station", "es-barcelona-1")
    expect_text(page, page.get_by_role("heading", name="Barcelona #1 (Fuzhou)"))
    map_frame(page, HALO)
    assert page.watch.errors == []


def test_cluster_icons_carry_the_status_mix(page, serve):
    server = serve(REAL, tiles="none")
    open_map(page, server, until=READY)
    on_map(page, "() => map.setView([20, 0], 1, {animate: false})")
    # Every icon and its label, read in one step (a render between reads would replace the icons).
    drawing = on_map(page, """() => ({
        clusters: Array.from(document.querySelectorAll('.sm-cluster-icon')).map(el => ({
            counts: JSON.parse(el.getAttribute('data-counts')), label: el.getAttribute('aria-label')})),
        singles: document.querySelectorAll('.sm-marker').length})""")
    drawn = [cluster["counts"] for cluster in drawing["clusters"]]
    assert drawn, "no cluster at zoom 1"
    frame_all = placed(station_frame(load_dataset(REAL).dataset))
    assert sum(sum(c) for c in drawn) + drawing["singles"] == len(frame_all)
    expected = frame_all["status"].value_counts()
    # Summed over clusters and single markers, the rings count every status as the data does.
    by_status = [sum(c[i] for c in drawn) for i in range(4)]
    assert sum(by_status) <= len(frame_all)
    statuses = ["reported", "visited_found_nothing", "confirmed_trial_operation", "officially_denied"]
    assert all(by_status[i] <= expected.get(s, 0) for i, s in enumerate(statuses))
    names = ["Reported", "Visited, found nothing", "Confirmed trial operation", "Officially denied"]
    for cluster in drawing["clusters"]:  # every cluster's accessible name spells out its mix
        label, counts = cluster["label"], cluster["counts"]
        assert label.startswith(f"{sum(counts)} stations:"), label
        assert all(f"{count} {name}" in label for count, name in zip(counts, names, strict=True) if count), label


def test_keyboard_reaches_markers_and_enter_selects(page, serve):
    server = serve(TINY, tiles="none")
    open_map(page, server, "?country=IT", until="() => document.querySelectorAll('.sm-marker').length === 1")
    marker = map_locator(page, ".sm-marker")  # Rome, the one Italian station
    assert marker.get_attribute("aria-label").startswith("Rome")
    assert "visited, found nothing" in marker.get_attribute("aria-label").lower()
    marker.focus()
    page.keyboard.press("Enter")
    wait_for_param(page, "station", "it-rome")
    assert page.watch.errors == []


def test_the_first_click_after_a_filter_change_counts(page, serve):
    server = serve(TINY, tiles="none")
    open_map(page, server, until=READY)
    page.goto(f"{server.url}/?status=visited_found_nothing")
    map_frame(page, "() => document.querySelectorAll('.sm-marker').length === 1")
    map_locator(page, ".sm-marker").click()
    wait_for_param(page, "station", "it-rome")


def _published(tmp_path_factory, data_dir: Path) -> Path:
    from stationmap.outputs.publish import publish_site

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
    page.wait_for_function(HALO, timeout=20_000, polling=POLL_MS)
    page.wait_for_function("() => document.querySelectorAll('.sm-country-label, .sm-city-label').length > 0",
                           polling=POLL_MS)
    assert "Barcelona #1" in page.locator("#panel").inner_text()
    page.locator(".sm-marker").first.click()  # any station: each opens its panel
    page.wait_for_function("() => location.hash.includes('station=')", polling=POLL_MS)
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
        page.wait_for_function("() => document.querySelector('#panel h2') !== null", timeout=20_000,
                               polling=POLL_MS)
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
    sidebar = page.get_by_test_id("stSidebar")
    expect_text(page, sidebar.get_by_role("heading", name="Filter stations"))
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Language").click()
    page.get_by_role("option", name="简体中文").click()
    wait_for_param(page, "lang", "zh-Hans")
    expect_text(page, sidebar.get_by_role("heading", name="筛选站点"))
    # The new language draws a new map (its words are built in): the live frame, found again if replaced.
    map_frame(page, "() => (document.querySelector('.sm-legend')?.textContent || '').includes('官方否认')")
    page.get_by_test_id("stSidebarNav").get_by_text("方法说明").click()
    settled(page, "() => location.pathname.endsWith('/methodology')")
    expect_text(page, page.get_by_role("heading", name="各状态的含义"))
    assert "lang=zh-Hans" in page.evaluate("() => location.href")
    assert page.watch.errors == []


@pytest.mark.parametrize("width", [1400, 400])
def test_a_tap_shows_the_evidence_in_the_map_at_any_width(browser, serve, width):
    """The evidence opens in the map itself (a drawer, a bottom sheet on a narrow page), so the map never
    points readers down the page. On the narrow page the map is partly below the fold: the click must still
    select (focusing the map once scrolled the page and lost the click)."""
    server = serve(TINY, tiles="none")
    page = new_page(browser, viewport={"width": width, "height": 900})
    try:
        open_map(page, server, "?country=IT", until="() => document.querySelectorAll('.sm-marker').length === 1")
        map_locator(page, ".sm-marker").click()  # Rome, the one Italian station
        wait_for_param(page, "station", "it-rome")
        map_frame(page, until="() => { const d = document.querySelector('.sm-drawer');"
                              " return !!d && !d.hidden && d.textContent.includes('Rome'); }")
        assert on_map(page, "() => { const box = document.querySelector('.sm-signpost');"
                            " return !!box && box.style.display !== 'none'; }") is False
    finally:
        page.context.close()
