"""Download image in a real browser: a click on the Map page hands over the view as PNG and SVG files, named
like the other downloads. Waits on the page and on the download, never on fixed sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"


def test_download_image_hands_over_the_current_view(page, serve, tmp_path):
    server = serve(TINY)
    page.goto(f"{server.url}/?status=officially_denied")
    png_button = page.get_by_role("button", name="PNG (for posts and print)")
    png_button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        png_button.click()
    png = download.value
    assert png.suggested_filename == "map-2022-11-03-status-officially_denied.png"
    saved = tmp_path / png.suggested_filename
    png.save_as(saved)
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="SVG (scalable)").click()
    svg = download.value
    assert svg.suggested_filename == "map-2022-11-03-status-officially_denied.svg"
    svg.save_as(tmp_path / "map.svg")
    text = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Showing: Officially denied." in text and "Lesotho" in text
    assert not page.watch.errors and not page.watch.external_requests()
