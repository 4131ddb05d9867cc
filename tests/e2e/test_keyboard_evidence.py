"""Keyboard only, in the app's map frame: Tab reaches a marker, Enter opens its evidence in the drawer and
moves the focus into it (a screen reader reads the drawer), Escape closes it and puts the focus back on the
same marker. Waits on the page's state, never on fixed sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import POLL_MS, map_frame, map_locator, new_page, on_map, settled, wait_for_param

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
MARKERS = "() => document.querySelectorAll('.sm-marker').length >= 2"
#: What has the keyboard focus in the map frame (and whether the frame itself has it in the page).
FOCUS = """() => {
  const active = document.activeElement;
  const drawer = document.querySelector('.sm-drawer');
  return {
    frameFocused: document.hasFocus(),
    marker: active && active.classList.contains('sm-marker') ? active.getAttribute('aria-label') : null,
    inDrawer: !!(drawer && !drawer.hidden && drawer.contains(active)),
    activeId: active ? active.id : null,
    drawerOpen: !!(drawer && !drawer.hidden),
    dialog: drawer ? {role: drawer.getAttribute('role'), labelledby: drawer.getAttribute('aria-labelledby')} : null,
    heading: drawer && drawer.querySelector('h2') ? drawer.querySelector('h2').textContent : null,
  };
}"""
MAX_TABS = 40


def tab_to_marker(page, nth: int) -> str:
    """Press Tab from the map (focused as a reader's first Tab into the frame would) until the ``nth`` station
    marker (from 1) has the focus; its accessible name."""
    map_locator(page, ".leaflet-container").focus()
    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        label = on_map(page, FOCUS)["marker"]
        if label and label not in reached:
            reached.append(label)
            if len(reached) == nth:
                return label
    raise AssertionError(f"{len(reached)} station markers reached in {MAX_TABS} presses of Tab, not {nth}")


def focus_in_frame(page, condition: str) -> dict:
    """Wait until the page has settled and ``condition(focus)`` holds in the live map frame; the focus state."""
    settled(page)
    frame = map_frame(page)
    try:
        frame.wait_for_function(f"() => ({condition})(({FOCUS})())", polling=POLL_MS, timeout=60_000)
    except PlaywrightTimeout:
        raise AssertionError(f"the focus never met {condition}: {frame.evaluate(FOCUS)}") from None
    return frame.evaluate(FOCUS)


def test_enter_on_a_marker_moves_focus_to_the_evidence_and_escape_back(browser, serve):
    server = serve(TINY, tiles="none")
    page = new_page(browser)
    try:
        page.goto(f"{server.url}/")
        map_frame(page, MARKERS)
        label = tab_to_marker(page, 2)  # not the first: Escape must come back to this one
        place = label.split(" ")[0]
        station = {"Barcelona": "es-barcelona", "Rome": "it-rome", "Lesotho": "ls-lesotho"}[place]

        page.keyboard.press("Enter")
        wait_for_param(page, "station", station)  # the app's run for the pick is over
        shown = focus_in_frame(page, "(f) => f.inDrawer")
        assert shown["frameFocused"]
        assert place in shown["heading"]
        assert shown["dialog"]["role"] == "dialog", shown
        assert shown["activeId"] and shown["dialog"]["labelledby"] == shown["activeId"], shown  # on the heading

        page.keyboard.press("Escape")
        back = focus_in_frame(page, "(f) => !f.drawerOpen && f.marker !== null")
        assert back["marker"] == label  # the same marker, not just any
    finally:
        page.context.close()
