"""On a phone (390 × 844): a labelled "Filters" button on the first screen opens the sidebar's filters."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TINY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tiny"


@pytest.mark.parametrize("path, language, label", [("", "zh-Hant", "篩選"), ("stations", "en", "Filters")])
def test_filters_button_on_the_first_screen_opens_the_filters(browser, serve, path, language, label):
    server = serve(TINY)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/{path}?lang={language}")
        button = page.locator("#sm-filters")
        button.wait_for(state="visible", timeout=30_000)
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 and box["height"] >= 44
        assert label in button.inner_text()
        sidebar = page.get_by_test_id("stSidebar")
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                               " && document.querySelector('[data-testid=\"stExpandSidebarButton\"]')", timeout=30_000)
        button.click()
        page.wait_for_function("() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
                               " return s && s.getAttribute('data-collapsed') === 'false'; }", timeout=10_000)
        sidebar.get_by_test_id("stMultiSelect").first.wait_for(state="visible")
        # The sidebar slides in: wait until the status filter stands on screen.
        page.wait_for_function("() => { const m = document.querySelector('[data-testid=\"stSidebar\"] "
                               "[data-testid=\"stMultiSelect\"]'); return m && m.getBoundingClientRect().left >= 0; }",
                               timeout=10_000)
    finally:
        context.close()


def test_no_filters_button_on_a_wide_screen(page, serve):
    server = serve(TINY)
    page.goto(f"{server.url}/")
    page.wait_for_function("() => document.documentElement.lang === 'en' && document.querySelector('#sm-filters')",
                           timeout=30_000)
    assert not page.locator("#sm-filters").is_visible()
