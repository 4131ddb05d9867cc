"""Every page tells the browser its language: ``<html lang>``, the tab title, the map frame's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stationmap.render.i18n import translator
from stationmap.render.page_meta import map_frame_name, page_title

pytestmark = pytest.mark.e2e

TINY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tiny"
PAGES = {"": None, "stations": "Stations", "sources": "Sources", "methodology": "Methodology",
         "changes": "Changes"}


def settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_every_page_says_its_language_and_title(page, serve, language):
    server = serve(TINY)
    for path, name in PAGES.items():
        page.goto(f"{server.url}/{path}?lang={language}")
        page.wait_for_selector('[data-testid="stAppViewContainer"]')
        title = page_title(translator(language)(name) if name else None, language)
        page.wait_for_function(f"() => document.documentElement.lang === {json.dumps(language)} "
                               f"&& document.title === {json.dumps(title)}", timeout=30_000)
        settle(page)
        if not path:  # the map's frame is named in the page's language
            frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
            frame.wait_for()
            page.wait_for_function(
                "name => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
                ".getAttribute('aria-label') === name", arg=map_frame_name(language), timeout=30_000)
    assert page.watch.errors == []
