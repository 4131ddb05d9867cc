"""The timeline chart in a real browser: drawn from the claims (no warnings), and a click on a month's bar shows
the map as of that month's end."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest

from tests.e2e.conftest import settled

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
CHART = '[data-testid="stVegaLiteChart"]'

#: The middle of the tallest bar in page coordinates (Vega draws the chart as SVG: a path per bar).
TALLEST_BAR = """(selector) => {
  const bars = [...document.querySelectorAll(selector + ' .mark-rect path')]
    .map(path => path.getBoundingClientRect()).filter(box => box.width > 0 && box.height > 0);
  if (!bars.length) return null;
  const box = bars.reduce((a, b) => (b.height > a.height ? b : a));
  return {x: box.left + box.width / 2, y: box.top + box.height / 2, height: box.height};
}"""


def test_a_click_on_a_months_bar_shows_the_map_as_of_that_months_end(page, serve):
    server = serve(REAL)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if "WARN" in message.text else None)
    page.goto(f"{server.url}/")
    page.locator(CHART).first.scroll_into_view_if_needed()
    settled(page, f"(selector) => ({TALLEST_BAR})(selector) !== null", CHART)
    bar = page.evaluate(TALLEST_BAR, CHART)
    assert bar["height"] > 20
    page.mouse.click(bar["x"], bar["y"])
    settled(page, "() => new URL(location.href).searchParams.get('as_of') !== null")
    as_of = dt.date.fromisoformat(page.evaluate("() => new URL(location.href).searchParams.get('as_of')"))
    assert as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]  # a month's last day
    assert dt.date(2022, 1, 1) <= as_of <= dt.date(2023, 12, 31)  # where the real data's claims pile up
    assert page.get_by_text("As of ").first.is_visible()
    assert page.watch.errors == []
    assert warnings == []  # Vega's, e.g. a chart drawn before its data
