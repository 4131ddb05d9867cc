"""A view you can cite, in a real browser: after every kind of change the address names exactly the view, and
the address opened in a fresh browser shows the same view; the as-of date limits what every part shows.

The address is read inside the page (``location.href``): Playwright's ``page.url`` can lag behind it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from stationmap.loading import load_dataset
from stationmap.queries import station_frame

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PICKER_COUNT = re.compile(r"\((\d+) match the filters\)")
#: The map has stopped moving: no zoom animation and no fly-to in flight (a fly-to passes fractional zooms).
SETTLED = "() => !map._animatingZoom && Number.isInteger(map.getZoom())"


def address(page) -> str:
    return page.evaluate("() => location.href")


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address(page)).query)


def wait_for_param(page, name: str, value: str | None) -> None:
    """Wait until the address has ``name=value`` (or no ``name`` at all when ``value`` is None)."""
    test = "=== null" if value is None else f"=== {value!r}"
    page.wait_for_function(f"() => new URL(location.href).searchParams.get({name!r}) {test}", timeout=20_000)


def settle(page) -> None:
    """Wait until Streamlit has finished the run that the last change started."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def map_view(page) -> dict:
    """What the Map page shows: the count the picker names, the stations on the map and the panel heading."""
    page.get_by_text(PICKER_COUNT).first.wait_for(timeout=30_000)
    settle(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.smStations !== undefined", timeout=30_000)
    label = page.get_by_text(PICKER_COUNT).first.inner_text()
    heading = page.locator('[data-testid="stMarkdownContainer"] .sm-panel h3, .sm-panel h3')
    return {"count": int(PICKER_COUNT.search(label).group(1)),
            "on_map": frame.evaluate("() => window.smStations.counts().total"),
            "station": heading.first.inner_text() if heading.count() else None}


def reopened(browser, href: str, view_of) -> dict:
    """The view that ``href`` shows in a fresh browser (a new context: no session, no cookies)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(href)
        return view_of(fresh)
    finally:
        context.close()


def assert_address_reproduces(browser, page, view_of=map_view) -> dict:
    here = view_of(page)
    assert reopened(browser, address(page), view_of) == here, address(page)
    return here


def test_every_change_leaves_an_address_that_reproduces_the_view(browser, page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/")
    everything = map_view(page)
    sidebar = page.get_by_test_id("stSidebar")

    # 1. A status change in the sidebar.
    status_box = sidebar.locator('[data-testid="stMultiSelect"]').first
    status_box.locator("input").click()
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
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null")
    while not frame.locator(".sm-marker").count():  # open clusters until a station stands on its own
        frame.locator(".sm-cluster-icon").first.click()
        frame.wait_for_function(SETTLED, timeout=10_000)
    frame.locator(".sm-marker").first.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('station') !== null", timeout=20_000)
    page.locator(".sm-panel h3").first.wait_for(timeout=20_000)
    clicked = assert_address_reproduces(browser, page)
    assert clicked["station"] and clicked["count"] == searched["count"]

    # 4. Choosing another station in the list beside the map (filters cleared by a link first).
    page.goto(f"{server.url}/?country=ES")
    map_view(page)
    page.get_by_test_id("stMain").locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=re.compile(r"^Madrid")).first.click()
    page.wait_for_function("() => (new URL(location.href).searchParams.get('station') || '').startsWith('es-madrid')",
                           timeout=20_000)
    page.locator(".sm-panel h3", has_text="Madrid").first.wait_for(timeout=20_000)
    listed = assert_address_reproduces(browser, page)
    assert listed["station"].startswith("Madrid") and params(page)["country"] == ["ES"]

    # 5. A page switch keeps the filters and the selection, in the address and in what is shown.
    page.get_by_test_id("stSidebarNav").get_by_text("Stations").click()
    page.wait_for_function("() => location.pathname.endsWith('/stations')", timeout=20_000)
    page.get_by_text(re.compile(r"\d+ of \d+ stations match the filters")).wait_for(timeout=20_000)
    assert params(page)["country"] == ["ES"]
    assert_address_reproduces(browser, page, stations_view)
    page.get_by_test_id("stSidebarNav").get_by_text("Map").click()
    page.wait_for_function("() => !location.pathname.endsWith('/stations')", timeout=20_000)
    back = map_view(page)
    assert params(page)["country"] == ["ES"] and back == listed
    assert page.watch.errors == []


def stations_view(page) -> dict:
    """What the Stations page shows: its 'N of M stations match' line."""
    line = page.get_by_text(re.compile(r"\d+ of \d+ stations match the filters")).first
    line.wait_for(timeout=30_000)
    settle(page)
    return {"matching": re.search(r"\d+ of \d+", line.inner_text()).group(0)}


def test_a_row_selected_on_the_stations_page_opens_that_station_on_the_map(page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/stations?country=IT")
    stations_view(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=20_000)
    grid.click(position={"x": 12, "y": 35 + 17})  # the first row's selection cell, below the header row
    page.wait_for_function("() => !location.pathname.endsWith('/stations')", timeout=20_000)
    page.wait_for_function("() => new URL(location.href).searchParams.get('station') !== null", timeout=20_000)
    view = map_view(page)
    assert view["station"] and params(page)["country"] == ["IT"]


def test_the_citation_names_the_data_date_and_the_link(page, serve):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/?status=visited_found_nothing&station=it-rome-1")
    map_view(page)
    page.get_by_role("button", name=re.compile("Cite this view")).click()
    code = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
    code.wait_for(timeout=15_000)
    text = code.inner_text()
    data_as_of = load_dataset(REAL).dataset.data_as_of.isoformat()
    assert data_as_of in text
    link = re.search(r"https?://\S+", text).group(0)
    assert parse_qs(urlsplit(link).query) == params(page)


def test_as_of_a_date_shows_what_was_known_then(browser, page, serve):
    """``?as_of=2022-10-15``: fewer stations than today, the panel hides later evidence and says so, and
    moving the slider updates the map and the address."""
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/")
    today = map_view(page)
    page.goto(f"{server.url}/?as_of=2022-10-15&station=es-barcelona-1")
    then = map_view(page)
    known_then = station_frame(load_dataset(REAL).dataset, dt.date(2022, 10, 15))
    assert then["on_map"] < today["on_map"] and then["count"] < today["count"]
    assert then["count"] == len(known_then) and then["station"].startswith("Barcelona #1")
    panel = page.locator(".sm-panel").first
    assert re.search(r"\d+ more", panel.inner_text()), panel.inner_text()[:500]
    assert reopened(browser, address(page), map_view) == then

    # Move the slider one step with the keyboard: the address and the map follow.
    slider = page.get_by_test_id("stSidebar").get_by_role("slider")
    slider.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => (new URL(location.href).searchParams.get('as_of') || '') > '2022-10-15'",
                           timeout=20_000)
    later = map_view(page)
    assert later["on_map"] >= then["on_map"]
    assert reopened(browser, address(page), map_view) == later
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
        page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=30_000)
        # After Back the app reruns and may write the session's view back into the address: once the address
        # stops changing, it and the view must agree.
        deadline = time.monotonic() + 60
        while True:
            href, here = address(page), map_view(page)
            settled = address(page) == href
            if settled and here == reopened(browser, href, map_view):
                break
            assert time.monotonic() < deadline, (href, here)
            page.wait_for_timeout(250)


def test_a_link_to_a_page_works_as_the_first_request_after_a_restart(browser, tmp_path):
    """A cited link to the Sources page, opened before anyone has opened the map since the server started,
    runs inside the app's frame: our navigation, the language switch, the selected source."""
    from scripts.app_server import AppServer

    server = AppServer(ROOT / "tests" / "fixtures" / "tiny", tmp_path / "server.log")
    try:
        page = browser.new_context().new_page()
        page.goto(f"{server.url}/sources?source=web-report")
        page.get_by_role("link", name="Test web report").first.wait_for(timeout=30_000)  # the chosen source
        settle(page)
        navigation = page.get_by_test_id("stSidebarNav").inner_text().split()
        assert navigation == ["Map", "Stations", "Sources", "Methodology"], navigation
        assert page.get_by_test_id("stSidebar").get_by_text("Language").count() == 1
        page.context.close()
    finally:
        server.stop()
