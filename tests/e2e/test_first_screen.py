"""A new reader's Map page draws the map first; the rest (the sidebar's filters and language switch; below the
map the station picker and panel, downloads, timeline, footer) comes once the map reports its first drawing
(stationmap.ui.first_screen), with no action of the reader's, and the report selects nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import map_frame, settled

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"

#: When things first appeared, in the page's clock (ms), looked for every 10 ms from the top page: the map's
#: first marker (inside the map's frame), the timeline chart, the footer's divider and the sidebar's filters.
#: (A script of the frame's own would not do: the frame's first, blank document hands its window to the map's
#: document.)
FIRST_SEEN = """(() => {
  if (window !== window.top) return;
  const seen = window.__firstSeen = {};
  const looks = {
    marker: () => {
      const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
      const inside = frame && frame.contentDocument;
      return !!inside && inside.querySelector('.sm-marker, .sm-cluster-icon') !== null;
    },
    chart: () => document.querySelector('[data-testid="stVegaLiteChart"]') !== null,
    footer: () => document.querySelector('[data-testid="stMain"] hr') !== null,
    filters: () => document.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]') !== null,
  };
  const timer = setInterval(() => {
    for (const name in looks) if (!(name in seen) && looks[name]()) seen[name] = performance.now();
    if (Object.keys(seen).length === Object.keys(looks).length) clearInterval(timer);
  }, 10);
})();"""


def test_the_rest_of_the_page_comes_after_the_map_has_drawn(page, serve):
    server = serve(REAL)
    page.add_init_script(FIRST_SEEN)
    page.goto(f"{server.url}/")
    map_frame(page, "() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null")
    # No click, no key: the map's report brings the rest.
    settled(page, "() => document.querySelector('[data-testid=\"stVegaLiteChart\"]') !== null")
    seen = page.evaluate("() => window.__firstSeen")
    assert {"marker", "chart", "footer", "filters"} <= set(seen), seen
    # The map reports after its first drawing, and streamlit-folium passes it on 250 ms later: a rest drawn
    # with the map (or before it) would be seen first here.
    assert all(seen["marker"] <= seen[rest] for rest in ("chart", "footer", "filters")), seen
    assert page.locator('[data-testid="stMain"] .sm-rest-pending').count() == 0
    # The scripts of what the report brought were asked for when the map had drawn, not in the page's head.
    assert page.evaluate("() => document.querySelectorAll('link[data-sm-later][href*=\"/Selectbox.\"]')"
                         ".length") == 1
    # Handed to streamlit-folium at once, not through its click path (which waits 250 ms for more events).
    frame = map_frame(page)
    assert frame.evaluate("() => window.__GLOBAL_DATA__.last_object_clicked_count") == 0
    assert frame.evaluate("() => window.__GLOBAL_DATA__.last_active_drawing.properties.drawn") is True
    # The report is not a click: nothing is selected, the address names no station.
    assert "station=" not in page.url
    assert page.get_by_text("Click a marker on the map (or pick a station above)").count() == 1
    assert page.watch.errors == []
