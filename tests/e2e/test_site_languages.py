"""The published site in English, 简体 and 繁體, in a real browser from ``file://`` with the network off: a click
shows the panel in the page's language, the fragment selects, the language links keep the view, no request
leaves the machine, and axe-core finds no serious or critical violation on any page. Waits on conditions only."""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.loading import load_dataset
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
    from stationmap.publish import publish_site

    out = tmp_path_factory.mktemp("site-languages") / "site"
    publish_site(load_dataset(TINY), out)
    return out


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory) -> Path:
    """The tiny data with one recorded change (a court finding for Rome, its reason hostile), so every
    language's changes.html has a version to show."""
    import shutil

    from stationmap.publish import publish_site
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
    from stationmap import publish

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
