"""A view you can cite, in a real browser: after every kind of change the address names exactly the view, and
the address opened in a fresh browser shows the same view; the as-of date limits what every part shows.

The address is read inside the page (``location.href``): Playwright's ``page.url`` can lag behind it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from stationmap.records.loading import load_dataset
from stationmap.rules.as_of import month_end
from stationmap.rules.queries import station_frame
from tests.e2e.conftest import (
    expect_text,
    map_frame,
    map_locator,
    new_page,
    on_map,
    runs,
    settled,
    steady,
    wait_for_param,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
PICKER_COUNT = re.compile(r"\((\d+) match the filters\)")
MATCHING = re.compile(r"\d+ of \d+ stations match the filters")
#: A cluster click has done its work: the map stands still (no zoom animation, no fly-to passing fractional
#: zooms) and it zoomed in past ``zoom`` or fanned a cluster out into stations.
OPENED = """(zoom) => !map._animatingZoom && Number.isInteger(map.getZoom())
    && (map.getZoom() > zoom || document.querySelector('.sm-marker') !== null)"""


def address(page) -> str:
    return page.evaluate("() => location.href")


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address(page)).query)


def picker(page):
    """The label of the station picker beside the map, which names how many stations match."""
    return page.get_by_test_id("stMain").get_by_test_id("stSelectbox").get_by_text(PICKER_COUNT)


def map_view(page) -> dict:
    """What the Map page shows once it has settled: the count the picker names, the stations on the map and
    the panel heading, all read within one quiet spell (no run started or ended while reading)."""
    def read() -> dict:
        label = picker(page).inner_text(timeout=30_000)
        heading = page.locator(".sm-panel > h2")
        return {"count": int(PICKER_COUNT.search(label).group(1)),
                "on_map": on_map(page, "() => window.smStations.counts().total"),
                "station": heading.inner_text() if heading.count() else None}

    return steady(page, read)


def stations_view(page) -> dict:
    """What the Stations page shows: its 'N of M stations match' line."""
    line = expect_text(page, page.get_by_text(MATCHING))
    return {"matching": re.search(r"\d+ of \d+", line).group(0)}


def reopened(browser, href: str, view_of) -> dict:
    """The view that ``href`` shows in a fresh browser (a new context: no session, no cookies)."""
    fresh = new_page(browser)
    try:
        fresh.goto(href)
        return view_of(fresh)
    finally:
        fresh.context.close()


def address_and_view(page, view_of=map_view) -> tuple[str, dict]:
    """The address and the view, read within one quiet spell: they belong to the same run."""
    return steady(page, lambda: (address(page), view_of(page)))


def assert_address_reproduces(browser, page, view_of=map_view) -> dict:
    href, here = address_and_view(page, view_of)
    assert reopened(browser, href, view_of) == here, href
    return here


def test_every_change_leaves_an_address_that_reproduces_the_view(browser, page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/")
    everything = map_view(page)
    sidebar = page.get_by_test_id("stSidebar")

    # 1. A status change in the sidebar.
    sidebar.get_by_test_id("stMultiSelect").filter(has_text="Verification status").locator("input").click()
    page.keyboard.type("Officially denied")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_param(page, "status", "officially_denied")
    denied = assert_address_reproduces(browser, page)
    assert 0 < denied["count"] < everything["count"]

    # 2. A search (the status filter stays).
    search = sidebar.get_by_label("Search")
    search.fill("Belgrade")
    search.press("Enter")
    wait_for_param(page, "q", "Belgrade")
    searched = assert_address_reproduces(browser, page)
    assert params(page)["status"] == ["officially_denied"]
    assert 0 < searched["count"] <= denied["count"]

    # 3. A marker click selects the station, and the address names it.
    map_frame(page, "() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null")
    while not on_map(page, "() => document.querySelectorAll('.sm-marker').length"):
        # Open a cluster until a station stands on its own (zoom in, then fan out).
        zoom = on_map(page, "() => map.getZoom()")
        map_locator(page, ".sm-cluster-icon").first.click()  # any cluster: each holds matching stations
        map_frame(page, OPENED, zoom)
    map_locator(page, ".sm-marker").first.click()  # any station that stands on its own
    settled(page, "() => new URL(location.href).searchParams.get('station') !== null")
    clicked = assert_address_reproduces(browser, page)
    assert clicked["station"] and clicked["count"] == searched["count"]

    # 4. Choosing another station in the list below the map (filters cleared by a link first).
    page.goto(f"{server.url}/?country=ES")
    map_view(page)
    # The picker sits below the full-width map. Scrolled into view first: a click scrolls the page in the same
    # frame, and the list, opened by the click, closes when that scroll event arrives after it.
    chooser = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text=PICKER_COUNT)
    chooser.scroll_into_view_if_needed()
    chooser.click()
    page.get_by_role("option", name=re.compile(r"^Madrid")).first.click()  # any of the Madrid stations
    settled(page, "() => (new URL(location.href).searchParams.get('station') || '').startsWith('es-madrid')")
    listed = assert_address_reproduces(browser, page)
    assert listed["station"].startswith("Madrid") and params(page)["country"] == ["ES"]

    # 5. A page switch keeps the filters and the selection, in the address and in what is shown.
    page.get_by_test_id("stSidebarNav").get_by_text("Stations").click()
    settled(page, "() => location.pathname.endsWith('/stations')")
    stations_view(page)
    assert params(page)["country"] == ["ES"]
    assert_address_reproduces(browser, page, stations_view)
    page.get_by_test_id("stSidebarNav").get_by_text("Map").click()
    settled(page, "() => !location.pathname.endsWith('/stations')")
    back = map_view(page)
    assert params(page)["country"] == ["ES"] and back == listed
    assert page.watch.errors == []


def test_a_row_selected_on_the_stations_page_opens_that_station_on_the_map(page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/stations?country=IT")
    stations_view(page)
    grid = page.get_by_test_id("stDataFrame")
    grid.click(position={"x": 12, "y": 35 + 17})  # the first row's selection cell, below the header row
    settled(page, "() => !location.pathname.endsWith('/stations')"
                  " && new URL(location.href).searchParams.get('station') !== null")
    view = map_view(page)
    assert view["station"] and params(page)["country"] == ["IT"]


def test_the_citation_names_the_data_date_and_the_link(page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/?status=visited_found_nothing&station=it-rome-1")
    map_view(page)
    page.get_by_role("button", name=re.compile("Cite this view")).click()
    data_as_of = load_dataset(REAL).dataset.data_as_of.isoformat()
    text = expect_text(page, page.get_by_test_id("stPopoverBody").get_by_test_id("stCode"), re.escape(data_as_of))
    link = re.search(r"https?://\S+", text).group(0)
    assert parse_qs(urlsplit(link).query) == params(page)


def test_as_of_a_date_shows_what_was_known_then(browser, page, serve):
    """``?as_of=2022-10-15``: fewer stations than today, the panel hides later evidence and says so, and
    moving the month slider updates the date field, the map and the address."""
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/")
    today = map_view(page)
    page.goto(f"{server.url}/?as_of=2022-10-15&station=es-barcelona-1")
    href, then = address_and_view(page)
    dataset = load_dataset(REAL).dataset
    known_then = station_frame(dataset, dt.date(2022, 10, 15))
    assert then["on_map"] < today["on_map"] and then["count"] < today["count"]
    assert then["count"] == len(known_then) and then["station"].startswith("Barcelona #1")
    expect_text(page, page.locator(".sm-panel:has(> h2)"), r"\d+ more")
    assert reopened(browser, href, map_view) == then

    # Move the month slider with the keyboard, about a year on (each stop is a month's last day; the last stop
    # would mean "everything" and no date): once the app has caught up with the slider, the date field, the
    # address and the map follow it (each key press may start a run; the last one names the slider's month).
    sidebar = page.get_by_test_id("stSidebar")
    slider = sidebar.get_by_role("slider")
    slider.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    chosen = month_end(dt.datetime.strptime(slider.get_attribute("aria-valuetext"), "%b %Y").date())
    assert dt.date(2022, 10, 31) < chosen < dataset.data_as_of
    wait_for_param(page, "as_of", chosen.isoformat())
    href, later = address_and_view(page)
    assert later["on_map"] >= then["on_map"]
    assert later["count"] == len(station_frame(dataset, chosen))
    assert steady(page, sidebar.get_by_test_id("stDateInput").locator("input").input_value) == chosen.isoformat()
    assert reopened(browser, href, map_view) == later
    assert page.watch.errors == []


def test_back_and_forward_never_leave_address_and_view_disagreeing(browser, page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/?country=ES")
    map_view(page)
    page.goto(f"{server.url}/?country=IT&station=it-rome-1")
    map_view(page)
    search = page.get_by_test_id("stSidebar").get_by_label("Search")
    search.fill("Milan")
    search.press("Enter")
    wait_for_param(page, "q", "Milan")
    for step in (page.go_back, page.go_back, page.go_forward):
        step()
        # After Back the app reruns and may write the session's view back into the address: once a run has
        # settled, the address and the view must agree. Disagreeing, wait for the next run (none: fail).
        while True:
            before = runs(page)
            href, here = address_and_view(page)
            if here == reopened(browser, href, map_view):
                break
            try:
                settled(page, after=before)
            except PlaywrightTimeout:
                raise AssertionError(f"address and view disagree and no run follows: {href} {here}") from None


def test_a_link_to_a_page_works_as_the_first_request_after_a_restart(browser, tmp_path):
    """A cited link to the Sources page, opened before anyone has opened the map since the server started,
    runs inside the app's frame: our navigation, the language switch, the selected source."""
    from scripts.app_server import AppServer

    server = AppServer(ROOT / "tests" / "fixtures" / "tiny", tmp_path / "server.log")
    try:
        page = new_page(browser)
        page.goto(f"{server.url}/sources?source=web-report")
        chosen = page.get_by_role("link", name="Test web report")
        assert steady(page, chosen.count, lambda n: n >= 1)  # the chosen source
        navigation = page.get_by_test_id("stSidebarNav").inner_text().split()
        assert navigation == ["Map", "Stations", "Sources", "Methodology", "Changes"], navigation
        assert page.get_by_test_id("stSidebar").get_by_text("Language").count() == 1
        page.context.close()
    finally:
        server.stop()
