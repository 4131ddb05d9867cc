"""axe-core (vendored, tests/vendor) on the four app pages in English and Chinese, and inside the map frame:
no serious or critical violation, and pinch zoom allowed in the frame.

axe run inside the frame as if it were a page also reports page-level rules (a main landmark, a level-one
heading, content outside landmarks) that do not apply to an embedded map; only the frame's own defects count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGES = {"": "?station=es-barcelona", "stations": "", "sources": "?source=article-one", "methodology": "",
         "changes": ""}
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], iframes: false});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      target: v.nodes[0] && v.nodes[0].target.join(" "),
                                      summary: v.nodes[0] && v.nodes[0].failureSummary}));
}"""


def violations(target) -> list[dict]:
    target.add_script_tag(path=str(AXE))
    return target.evaluate(RUN)


def serious(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in ("serious", "critical")]


def settle(page) -> None:
    page.wait_for_function("() => document.querySelector('h1') !== null", timeout=30_000)
    # Streamlit renders script-carrying HTML a moment after the rest; our page styles come with it.
    page.wait_for_function("() => document.getElementById('sm-page-css') !== null", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("path", list(PAGES))
def test_no_serious_violation_on_a_page(page, serve, path, language):
    server = serve(TINY)
    query = PAGES[path] + ("&" if PAGES[path] else "?") + f"lang={language}"
    page.goto(f"{server.url}/{path}{query}")
    settle(page)
    if not path:
        page.frame_locator(MAP_FRAME).locator(".sm-marker, .sm-cluster-icon").first.wait_for(timeout=30_000)
    found = violations(page)
    assert serious(found) == []
    # Moderate ones where we own the markup (the station panel's heading level is the panel's own).
    assert [v["id"] for v in found if v["id"] in ("heading-order", "region", "meta-viewport") and path] == []


def test_no_serious_violation_inside_the_map_frame(page, serve):
    server = serve(TINY)
    page.goto(f"{server.url}/?station=es-barcelona&lang=zh-Hans")
    settle(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".sm-marker, .sm-cluster-icon").first.wait_for(timeout=30_000)
    inner = next(f for f in page.frames if f.locator(".leaflet-container").count())
    found = violations(inner)
    assert serious(found) == []
    assert "meta-viewport" not in [v["id"] for v in found]  # pinch zoom is not blocked
