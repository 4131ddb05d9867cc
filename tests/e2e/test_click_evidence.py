"""Click -> evidence, in a real browser: the deciding excerpt is on screen at once (desktop, phone, a 600x720
embed of the published site), the host page's history never grows, and a selection the filters hide never
leaves an empty map.

Each test waits for a condition (never a fixed time, never the first matching frame); the helpers are here,
not in conftest.py, so they stay beside the tests that use them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from stationmap.cli import main as stationmap_main
from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
STOCKHOLM = ([59.3294, 18.0687], "Stockholm")
#: The README's example link into the published site (a station the status filter hides).
README_LINK = "#status=officially_denied&station=nl-amsterdam-1"
WAIT_MS = 30_000

#: The deciding claim's words in the open drawer, and where they are in the frame's viewport (or null).
DECIDING_IN_VIEW = """() => {
  const drawer = document.querySelector('.sm-drawer');
  if (!drawer || drawer.hidden) return null;
  const words = drawer.querySelector('.sm-deciding .sm-quote, .sm-deciding .sm-summary');
  if (!words) return null;
  const r = words.getBoundingClientRect();
  if (r.height <= 0 || r.top < 0 || r.top > innerHeight - 24) return null;
  return {top: r.top, heading: drawer.querySelector('h2').textContent};
}"""
#: Station markers and clusters drawn inside the map's visible rectangle.
MARKERS_IN_VIEW = """() => {
  const box = smStations.map.getContainer().getBoundingClientRect();
  return Array.from(document.querySelectorAll('.sm-marker, .sm-cluster-icon')).filter((node) => {
    const r = node.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    return x > box.left && x < box.right && y > box.top && y < box.bottom;
  }).length;
}"""


#: The map's note (why the selected station is not drawn) is on screen.
NOTE_SHOWN = """() => { const note = document.querySelector('.sm-note');
  return note !== null && note.getBoundingClientRect().height > 0; }"""


def app_map(page):
    """The app's map frame, once its stations are loaded (re-found after a rerun replaced it)."""
    page.locator(MAP_FRAME).wait_for(timeout=WAIT_MS)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.smStations !== undefined && smStations.map", timeout=WAIT_MS)
    return frame


def marker_at(frame, place: tuple[list[float], str]):
    """Bring one station into view at city zoom; its marker, once drawn."""
    latlng, label = place
    frame.evaluate("(ll) => { smStations.map.setView(ll, 7, {animate: false}); }", latlng)
    marker = frame.locator(f'.sm-marker[aria-label^="{label}"]').first
    marker.wait_for(state="visible", timeout=WAIT_MS)
    return marker


def deciding_in_view(frame) -> dict:
    """Wait until the deciding claim's words are inside the frame's viewport; where they are."""
    return frame.wait_for_function(DECIDING_IN_VIEW, timeout=WAIT_MS).json_value()


def top_in_page(page, frame_selector: str, top_in_frame: float) -> float:
    """A point's distance from the top of the page's viewport, given its distance from the frame's top."""
    return page.locator(frame_selector).first.bounding_box()["y"] + top_in_frame


@contextlib.contextmanager
def opened(browser, url: str, viewport: dict, **options) -> Iterator:
    """A page of a fresh browser context at ``url`` (closed afterwards), page errors collected in ``.errors``."""
    context = browser.new_context(viewport=viewport, **options)
    try:
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(url)
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real data's published site, and a host page that embeds it as the README says (600x720)."""
    root = tmp_path_factory.mktemp("embed")
    assert stationmap_main(["publish", str(root / "site"), "--data", str(REAL)]) == 0
    (root / "host.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>'
        "<h1>An article</h1><p>Some text above the map.</p>"
        '<iframe id="embed" src="site/index.html" width="600" height="720" title="map"></iframe>'
        "</body></html>", encoding="utf-8")
    return root


def test_app_click_shows_deciding_excerpt_without_scrolling(serve, browser):
    server = serve(REAL)
    with opened(browser, server.url + "/", {"width": 1366, "height": 768}) as page:
        frame = app_map(page)
        marker_at(frame, STOCKHOLM).click()
        shown = deciding_in_view(frame)
        assert "Stockholm" in shown["heading"]
        assert 0 <= top_in_page(page, MAP_FRAME, shown["top"]) < 768 - 24  # on the first screen, no scrolling
        assert page.evaluate("() => scrollY") == 0


def test_a_click_keeps_the_zoom_and_moves_the_marker_only_just_clear_of_the_drawer(serve, browser):
    """The reader picked a marker they can see: the map keeps its zoom (they keep their bearings) and moves only
    as far as the drawer needs, not to the middle of the free part; a move that small draws nothing again."""
    server = serve(REAL)
    with opened(browser, server.url + "/", {"width": 1400, "height": 1000}) as page:
        frame = app_map(page)
        # Stockholm on its own at zoom 5, where the drawer will open (the right of the map).
        frame.evaluate("""(ll) => { const m = smStations.map; m.setView(ll, 5, {animate: false});
            m.panBy([-m.getSize().x * 0.3, 0], {animate: false}); }""", STOCKHOLM[0])
        marker = frame.locator(f'.sm-marker[aria-label^="{STOCKHOLM[1]}"]').first
        marker.wait_for(state="visible", timeout=WAIT_MS)
        frame.evaluate("() => { document.querySelectorAll('.sm-marker, .sm-cluster-icon')"
                       ".forEach(node => { node.dataset.before = '1'; }); }")
        marker.click()
        assert "Stockholm" in deciding_in_view(frame)["heading"]
        frame.wait_for_function(f"""() => {{
            const m = [...document.querySelectorAll('.sm-marker')].find(n => n.getAttribute('aria-label')
                .startsWith({STOCKHOLM[1]!r}));
            return m && document.querySelectorAll('.sm-halo').length === 1
                && m.getBoundingClientRect().right < document.querySelector('.sm-drawer').getBoundingClientRect().left;
        }}""", timeout=WAIT_MS)
        state = frame.evaluate(f"""() => {{
            const m = [...document.querySelectorAll('.sm-marker')].find(n => n.getAttribute('aria-label')
                .startsWith({STOCKHOLM[1]!r}));
            const r = m.getBoundingClientRect(), drawer = document.querySelector('.sm-drawer').getBoundingClientRect();
            return {{zoom: smStations.map.getZoom(), x: (r.left + r.right) / 2, drawer: drawer.left,
                     map: smStations.map.getContainer().getBoundingClientRect().left, kept: m.dataset.before === '1'}};
        }}""")
        assert state["zoom"] == 5
        free = state["drawer"] - state["map"]
        assert free / 2 + 40 < state["x"] - state["map"] < free  # just inside the free part, not its middle
        assert page.errors == []


def test_app_enter_on_a_focused_marker_shows_the_evidence(serve, browser):
    server = serve(REAL)
    with opened(browser, server.url + "/", {"width": 1366, "height": 768}) as page:
        frame = app_map(page)
        marker_at(frame, STOCKHOLM).focus()
        page.keyboard.press("Enter")
        assert "Stockholm" in deciding_in_view(frame)["heading"]
        frame.wait_for_function("() => document.activeElement.closest('.sm-drawer') !== null", timeout=WAIT_MS)
        page.keyboard.press("Escape")  # closes the drawer, back to the marker
        frame.wait_for_function("() => document.querySelector('.sm-drawer').hidden && "
                                "document.activeElement.classList.contains('sm-marker')", timeout=WAIT_MS)


def test_phone_tap_shows_evidence_and_one_tap_returns_to_the_map(serve, browser):
    server = serve(REAL)
    with opened(browser, server.url + "/", {"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
        frame = app_map(page)
        marker_at(frame, STOCKHOLM).tap()
        shown = deciding_in_view(frame)
        assert 0 <= top_in_page(page, MAP_FRAME, shown["top"]) < 844 - 24
        # The server and the address catch up (the map moved the marker above the sheet: the tap still counts).
        page.wait_for_function("() => new URL(location.href).searchParams.get('station') === 'se-stockholm-1'",
                               timeout=WAIT_MS)
        frame.wait_for_function("() => !smStations.map._animatingZoom", timeout=WAIT_MS)
        before = frame.evaluate("() => [smStations.map.getZoom(), smStations.map.getCenter().lat, "
                                "smStations.map.getCenter().lng]")
        frame.locator(".sm-drawer-close").tap()
        frame.wait_for_function("() => document.querySelector('.sm-drawer').hidden", timeout=WAIT_MS)
        after = frame.evaluate("() => [smStations.map.getZoom(), smStations.map.getCenter().lat, "
                               "smStations.map.getCenter().lng]")
        assert after == pytest.approx(before)  # the map where it was
        assert frame.locator(f'.sm-marker[aria-label^="{STOCKHOLM[1]}"]').first.is_visible()


def test_embedded_site_shows_evidence_in_the_frame_and_keeps_host_history(site, browser):
    with opened(browser, (site / "host.html").as_uri(), {"width": 800, "height": 900}) as page:
        page.frame_locator("#embed").locator(".sm-marker, .sm-cluster-icon").first.wait_for(timeout=WAIT_MS)
        frame = page.locator("#embed").element_handle().content_frame()
        frame.wait_for_function("() => window.smStations !== undefined", timeout=WAIT_MS)
        history_before = page.evaluate("() => history.length")
        marker_at(frame, STOCKHOLM).click()
        shown = deciding_in_view(frame)
        assert "Stockholm" in shown["heading"]
        assert top_in_page(page, "#embed", shown["top"]) < 900 - 24
        frame.wait_for_function("() => location.hash.includes('station=se-stockholm-1')", timeout=WAIT_MS)
        frame.locator(".sm-drawer-close").click()
        frame.wait_for_function("() => document.querySelector('.sm-drawer').hidden", timeout=WAIT_MS)
        marker_at(frame, ([52.37, 4.89], "Amsterdam")).click()  # a second click: still no history entry
        frame.wait_for_function("() => location.hash.includes('station=nl-amsterdam')", timeout=WAIT_MS)
        assert "Amsterdam" in deciding_in_view(frame)["heading"]
        assert page.evaluate("() => history.length") == history_before
        assert page.errors == []


def test_site_link_naming_a_hidden_station_shows_stations(site, browser):
    with opened(browser, (site / "site" / "index.html").as_uri() + README_LINK, {"width": 1366, "height": 768}) as page:
        page.wait_for_function(f"() => window.smStations !== undefined && ({MARKERS_IN_VIEW})() > 0", timeout=WAIT_MS)
        page.locator(".sm-note").wait_for(state="visible", timeout=WAIT_MS)
        assert "Amsterdam" in page.locator(".sm-drawer h2").inner_text()  # the selection is kept, with its panel


def test_app_link_naming_a_hidden_station_shows_stations(serve, browser):
    server = serve(REAL)
    with opened(browser, server.url + "/?" + README_LINK.lstrip("#"), {"width": 1366, "height": 768}) as page:
        # One condition on the one live map frame (found again if a rerun replaces it while this waits).
        map_frame(page, f"() => ({MARKERS_IN_VIEW})() > 0 && ({NOTE_SHOWN})()", timeout=WAIT_MS * 2)


#: True when the legend is folded or covers no station marker or cluster.
LEGEND_CLEAR = """() => {
  const legend = document.querySelector('.sm-legend');
  if (!legend || !window.smStations || !document.querySelector('.sm-marker, .sm-cluster-icon')) return null;
  if (legend.classList.contains('sm-collapsed')) return 'folded';
  const l = legend.getBoundingClientRect();
  const hidden = Array.from(document.querySelectorAll('.sm-marker, .sm-cluster-icon')).filter((node) => {
    const r = node.getBoundingClientRect();
    return r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom;
  });
  return hidden.length ? 'covers ' + hidden.length : 'clear';
}"""


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 1024, "height": 700},
                                      {"width": 1920, "height": 1080}, {"width": 600, "height": 720},
                                      {"width": 390, "height": 844}])
def test_site_legend_never_hides_a_marker_at_first_view(site, browser, viewport):
    with opened(browser, (site / "site" / "index.html").as_uri(), viewport) as page:
        page.wait_for_function(f"() => ({LEGEND_CLEAR})() !== null", timeout=WAIT_MS)
        assert page.evaluate(LEGEND_CLEAR) in ("folded", "clear")
