"""The published site in English, 简体 and 繁體, in a real browser from ``file://`` with the network off: a click
shows the panel in the page's language, the fragment selects, the language links keep the view, no request
leaves the machine, and axe-core finds no serious or critical violation on any page. Waits on conditions only."""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.records.loading import load_dataset
from tests.e2e.conftest import POLL_MS
from tests.e2e.test_accessibility import serious, violations

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
PAGES = {"en": "", "zh-Hans": "zh-hans/", "zh-Hant": "zh-hant/"}
#: it-rome's status and the drawer's name, as each language says them.
ROME_STATUS = {"en": "Visited, found nothing", "zh-Hans": "实地探访，未见迹象", "zh-Hant": "實地探訪，未見跡象"}
DRAWER = {"en": "Evidence for the selected station", "zh-Hans": "所选站点的证据", "zh-Hant": "所選站點的證據"}
HALO = "() => document.querySelectorAll('.sm-halo').length === 1"
MARKERS = "() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from stationmap.outputs.publish import publish_site

    out = tmp_path_factory.mktemp("site-languages") / "site"
    publish_site(load_dataset(TINY), out)
    return out


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory) -> Path:
    """The tiny data with one recorded change (a court finding for Rome, its reason hostile), so every
    language's changes.html has a version to show."""
    import shutil

    from stationmap.outputs.publish import publish_site
    from tests.unit.test_publish_changes import HOSTILE, record_accept

    data = tmp_path_factory.mktemp("site-changes") / "data"
    shutil.copytree(TINY, data)
    record_accept(data, "the court ruled " + HOSTILE)
    out = data.parent / "site"
    publish_site(load_dataset(data), out, data_dir=data)
    return out


@pytest.fixture
def offline(browser):
    """A page with the network off that records every request and script error."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _open(page, site: Path, language: str, fragment: str = "", name: str = "index.html") -> None:
    page.goto((site / PAGES[language] / name).as_uri() + fragment)
    if name == "index.html":
        page.wait_for_function(HALO if "station=" in fragment else MARKERS, timeout=20_000, polling=POLL_MS)


@pytest.mark.parametrize("language", PAGES)
def test_a_click_shows_the_panel_in_the_pages_language(offline, site, language):
    page = offline
    _open(page, site, language)
    assert page.evaluate("() => document.documentElement.lang") == language
    page.wait_for_function("() => document.querySelector('.sm-marker') !== null", polling=POLL_MS)
    page.locator(".sm-marker").first.click()  # the tiny data's three stations stand apart at the first view
    page.wait_for_function("() => location.hash.includes('station=')", timeout=20_000, polling=POLL_MS)
    page.wait_for_function("() => document.querySelector('#panel .sm-evidence') !== null", polling=POLL_MS)
    assert page.locator("#panel").get_attribute("aria-label") == DRAWER[language]
    _open(page, site, language, "#station=it-rome")
    page.wait_for_function("(text) => (document.querySelector('#panel') || {}).innerText?.includes(text)",
                           arg=ROME_STATUS[language], polling=POLL_MS)
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []
    assert page.errors == []


def test_the_fragment_selects_and_the_language_links_keep_the_view(offline, site):
    page = offline
    _open(page, site, "en", "#status=visited_found_nothing&station=it-rome")
    assert page.locator("input[name=status][value=visited_found_nothing]").is_checked()
    link = page.locator("a.sm-language[hreflang=zh-Hans]")
    assert link.get_attribute("href").endswith("zh-hans/index.html#status=visited_found_nothing&station=it-rome")
    link.click()
    page.wait_for_function("() => document.documentElement.lang === 'zh-Hans'", polling=POLL_MS)
    page.wait_for_function(HALO, timeout=20_000, polling=POLL_MS)
    page.wait_for_function("(text) => (document.querySelector('#panel') || {}).innerText?.includes(text)",
                           arg=ROME_STATUS["zh-Hans"], polling=POLL_MS)
    assert page.locator("input[name=status][value=visited_found_nothing]").is_checked()
    # A filter change rewrites the fragment (replaceState) and the links to the other languages follow.
    page.locator("input[name=status][value=officially_denied]").check()
    page.wait_for_function("() => location.hash.includes('officially_denied')", polling=POLL_MS)
    assert "officially_denied" in page.locator("a.sm-language[hreflang=zh-Hant]").get_attribute("href")
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []
    assert page.errors == []


@pytest.mark.parametrize("language", PAGES)
@pytest.mark.parametrize("name", ["index.html", "methodology.html", "changes.html"])
def test_no_serious_violation_on_the_sites_pages(offline, site, changed_site, language, name):
    page = offline
    _open(page, changed_site if name == "changes.html" else site, language,
          "#station=it-rome" if name == "index.html" else "", name)
    if name == "changes.html":  # a version is shown, the hostile reason as text, nothing ran
        page.wait_for_function("() => document.querySelector('.sm-version h2') !== null", polling=POLL_MS)
        assert page.evaluate("() => window.__pwned") is None and page.errors == []
    if name == "index.html":
        page.wait_for_function("() => document.querySelector('#panel .sm-evidence') !== null", polling=POLL_MS)
    found = violations(page)
    assert serious(found) == []
    moderate = ("region", "landmark-one-main", "html-has-lang", "heading-order")  # ours to get right too
    assert [v["id"] for v in found if v["id"] in moderate] == []


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    """The tiny data published the way a large dataset is: stations in a script file, panels in shards of two."""
    from stationmap.outputs import publish

    out = tmp_path_factory.mktemp("site-sharded") / "site"
    saved = publish.INLINE_STATIONS, publish.PANEL_SHARD
    publish.INLINE_STATIONS, publish.PANEL_SHARD = 1, 2
    try:
        publish.publish_site(load_dataset(TINY), out)
    finally:
        publish.INLINE_STATIONS, publish.PANEL_SHARD = saved
    return out


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_a_large_sites_panels_load_from_their_shards_on_demand(offline, sharded_site, language):
    page = offline
    _open(page, sharded_site, language, "#station=it-rome")
    page.wait_for_function("(text) => (document.querySelector('#panel') || {}).innerText?.includes(text)",
                           arg=ROME_STATUS[language], polling=POLL_MS)
    shards = [url for url in page.requests if "/panels/" in url]
    assert shards and all(url.startswith(sharded_site.as_uri() + "/" + PAGES[language] + "panels/") for url in shards)
    assert len(shards) < 2 or len(set(shards)) == len(shards)  # each shard once
    # Another station, in another shard, opens too.
    page.locator(".sm-marker").first.click()
    page.wait_for_function("() => document.querySelector('#panel .sm-evidence') !== null", polling=POLL_MS)
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []
    assert page.errors == []


#: Records, from the page's first script on, when the first marker or cluster appeared and when a script for
#: data/names.js was added (both as performance.now()).
FIRST_PAINT_ORDER = """(() => {
  const seen = window.__smSeen = {marker: null, names: null};
  new MutationObserver(() => {
    if (seen.marker === null && document.querySelector('.sm-marker, .sm-cluster-icon')) seen.marker = performance.now();
    if (seen.names === null && document.querySelector('script[src$="data/names.js"]')) seen.names = performance.now();
  }).observe(document, {childList: true, subtree: true});
})();"""
#: The index of a station marker inside the map's visible box with nothing on top of it (a reader can hit it).
REACHABLE_MARKER = """() => {
  const box = document.querySelector('#map').getBoundingClientRect();
  return Array.from(document.querySelectorAll('.sm-marker')).findIndex((node) => {
    const r = node.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < box.left + 10 || x > box.right - 10 || y < box.top + 10 || y > box.bottom - 10) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && node.contains(hit);
  });
}"""
#: The drawer's deciding evidence is on screen (inside the window, not scrolled away).
DECIDING_ON_SCREEN = """() => {
  const deciding = document.querySelector('#panel:not([hidden]) .sm-deciding');
  if (!deciding) return false;
  const r = deciding.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.top < innerHeight && r.left >= 0 && r.left < innerWidth;
}"""
SIZES = {"desktop": {"viewport": {"width": 1366, "height": 768}},
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
#: A station marker's accessible name carries its station's label ("Rome — Visited, found nothing"), not only a status.
NAMED = ("() => Array.from(document.querySelectorAll('.sm-marker'))"
         ".some((m) => / \\u2014 /.test(m.getAttribute('aria-label')))")


@pytest.fixture
def sized(browser, request):
    """A page of the size named by the test's ``size`` (a phone: touch), the network off, watching errors."""
    context = browser.new_context(offline=True, **SIZES[request.param])
    context.add_init_script(FIRST_PAINT_ORDER)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.size = request.param
    yield page
    context.close()


@pytest.mark.parametrize("sized", list(SIZES), indirect=True)
def test_a_large_site_draws_before_its_names_and_a_click_shows_the_deciding_evidence(sized, sharded_site):
    """The first map needs data/stations.js only: the names' script is added after the first marker. Then a
    click (a tap on a phone) on a marker shows the station's deciding evidence on screen, and the markers carry
    their stations' names for the keyboard and screen readers."""
    page = sized
    page.goto((sharded_site / "index.html").as_uri())
    page.wait_for_function("() => window.__smSeen.marker !== null && window.__smSeen.names !== null",
                           timeout=20_000, polling=POLL_MS)
    seen = page.evaluate("() => window.__smSeen")
    assert seen["names"] > seen["marker"]
    page.wait_for_function(NAMED, timeout=20_000, polling=POLL_MS)
    page.wait_for_function(f"() => ({REACHABLE_MARKER})() >= 0", timeout=20_000, polling=POLL_MS)
    marker = page.locator(".sm-marker").nth(page.evaluate(REACHABLE_MARKER))
    name = marker.get_attribute("aria-label")
    if page.size == "phone":
        marker.tap()
    else:
        marker.click()
    page.wait_for_function(DECIDING_ON_SCREEN, timeout=20_000, polling=POLL_MS)
    heading = page.locator("#panel h2").inner_text()
    assert heading and name.startswith(heading)
    station = page.evaluate("() => new URLSearchParams(location.hash.slice(1)).get('station')")
    assert station in {"es-barcelona", "it-rome", "ls-lesotho"}
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []
    assert page.errors == []


@pytest.fixture(scope="module")
def hostile_sharded_site(tmp_path_factory) -> Path:
    """The tiny data with a hostile label on it-rome, published the way a large dataset is."""
    import shutil

    from stationmap.outputs import publish
    from tests.unit.test_publish import HOSTILE

    data = tmp_path_factory.mktemp("hostile-data") / "data"
    shutil.copytree(TINY, data)
    stations = data / "stations.csv"
    quoted = HOSTILE.replace('"', '""')
    stations.write_text(stations.read_text().replace("it-rome,Rome,Rome", f'it-rome,"{quoted}",Rome'), encoding="utf-8")
    out = tmp_path_factory.mktemp("site-hostile") / "site"
    saved = publish.INLINE_STATIONS
    publish.INLINE_STATIONS = 1
    try:
        publish.publish_site(load_dataset(data), out)
    finally:
        publish.INLINE_STATIONS = saved
    return out


def test_a_hostile_label_stays_text_in_a_large_sites_markers_tooltips_and_drawer(offline, hostile_sharded_site):
    from tests.unit.test_publish import HOSTILE

    page = offline
    _open(page, hostile_sharded_site, "en", "#station=it-rome")
    page.wait_for_function(DECIDING_ON_SCREEN, timeout=20_000, polling=POLL_MS)
    assert page.locator("#panel h2").inner_text() == HOSTILE
    # The names arrive after the first paint: the marker drawn before them takes its name as text.
    find = ("(text) => Array.from(document.querySelectorAll('.sm-marker'))"
            ".findIndex((m) => (m.getAttribute('aria-label') || '').startsWith(text + ' \\u2014 '))")
    page.wait_for_function(f"(text) => ({find})(text) >= 0", arg=HOSTILE, timeout=20_000, polling=POLL_MS)
    marker = page.locator(".sm-marker").nth(page.evaluate(find, HOSTILE))
    marker.hover()
    page.wait_for_function("(text) => Array.from(document.querySelectorAll('.leaflet-tooltip'))"
                           ".some((t) => t.textContent.includes(text))", arg=HOSTILE, timeout=20_000, polling=POLL_MS)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert page.errors == []


#: The marker whose accessible name starts with the text passed: where it is against the map's visible box, and
#: whether it has the keyboard focus (null when there is no such marker).
MARKER_PLACE = """(name) => {
  const node = Array.from(document.querySelectorAll('.sm-marker'))
    .find((m) => (m.getAttribute('aria-label') || '').startsWith(name));
  if (!node) return null;
  const box = document.querySelector('#map').getBoundingClientRect(), r = node.getBoundingClientRect();
  return {inside: r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom,
          focused: document.activeElement === node};
}"""


def test_the_keyboard_focus_on_a_marker_drawn_beyond_the_view_brings_it_into_view_and_stays(offline, site):
    """Markers are drawn a margin beyond the view, so Tab can reach one off screen: the map moves to it, and the
    redraw that follows gives the focus back to the same station's marker (it used to fall to the page)."""
    page = offline
    _open(page, site, "en")
    page.evaluate("() => { window.smStations.map.setView([41.6, 9.5], 7, {animate: false}); }")
    page.wait_for_function(f"() => ({MARKER_PLACE})('Barcelona') !== null", timeout=20_000, polling=POLL_MS)
    assert page.evaluate(MARKER_PLACE, "Barcelona")["inside"] is False  # drawn in the margin, off screen
    index = page.evaluate("() => Array.from(document.querySelectorAll('.sm-marker'))"
                          ".findIndex((m) => m.getAttribute('aria-label').startsWith('Barcelona'))")
    page.locator(".sm-marker").nth(index).focus()  # as Tab does: the marker is in the tab order
    page.wait_for_function(f"() => {{ const p = ({MARKER_PLACE})('Barcelona'); return !!p && p.inside && p.focused; }}",
                           timeout=20_000, polling=POLL_MS)
    assert page.errors == []
