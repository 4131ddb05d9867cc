"""The editor's desk in a real browser: a fixture page is ingested, a proposal accepted in the editor page
(editor.py), and the change appears on the public app's Changes page.

Set STATIONMAP_DOCS_SCREENSHOTS to a folder to also save the editor page's screenshot there (docs/)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from scripts.app_server import AppServer
from stationmap.cli import main

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
PAGE = ROOT / "tests" / "fixtures" / "desk" / "en-rome.html"
HEADLINE = "Italy orders Chinese 'police station' in Rome shut"


def _desk_data(target: Path) -> Path:
    shutil.copytree(TINY, target)
    with (target / "stations.csv").open("a", encoding="utf-8") as handle:
        handle.write("it-florence-1,Florence,Florence,,IT,city,unknown,first,\n"
                     "it-milan-1,Milan #1,Milan,,IT,city,unknown,first,\n")
    with (target / "evidence.csv").open("a", encoding="utf-8") as handle:
        for sid in ("it-florence-1", "it-milan-1"):
            handle.write(f"{sid}-listed,{sid},web-report,reported,Example News,journalists,,,Listed.,\n")
    return target


def settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def choose(page, label: str, text: str) -> None:
    """Pick the option containing ``text`` in the Streamlit selectbox labelled ``label`` (the caller waits for
    what the choice changes)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    page.keyboard.type(text)
    option = page.get_by_role("option").filter(has_text=text).first
    option.click()
    option.wait_for(state="detached", timeout=10_000)  # the list closed on the choice


def test_accept_in_the_editor_shows_on_the_changes_page(browser, page, tmp_path, monkeypatch, capsys):
    cache = tmp_path / "cache"
    monkeypatch.setenv("STATIONMAP_CACHE_DIR", str(cache))
    data = _desk_data(tmp_path / "data")
    assert main(["ingest", str(PAGE), "--data", str(data), "--json", "--url", "https://example.org/article"]) == 0
    item = json.loads(capsys.readouterr().out)
    pid = next(p["proposal_id"] for p in item["proposals"] if p["excerpt"].startswith("Italian authorities"))
    env = {"STATIONMAP_CACHE_DIR": str(cache)}
    editor = AppServer(data, tmp_path / "editor.log", script="editor.py", extra_env=env)
    try:
        page.goto(editor.url)
        page.get_by_text("Editor's desk").first.wait_for(timeout=30_000)
        choose(page, "Proposal", pid)
        page.locator(".ed-context mark").filter(has_text="Italian authorities ordered").wait_for(timeout=20_000)
        choose(page, "Station", "it-rome")
        choose(page, "Claim kind", "confirmed_trial_operation")
        page.get_by_label("Claimant (who makes the claim)").fill("Italian authorities")
        choose(page, "Party", "host_authority")
        choose(page, "Headline (as published", HEADLINE)
        page.get_by_label("Your name (for the change log)").first.fill("A. Editor")
        page.get_by_text("Source details").click()
        page.get_by_label("source-kind", exact=True).fill("news")
        page.get_by_label("reliability", exact=True).fill("secondary")
        page.get_by_label("reliability-note", exact=True).fill("An invented page written for the tests.")
        if os.environ.get("STATIONMAP_DOCS_SCREENSHOTS"):
            page.set_viewport_size({"width": 1400, "height": 2300})
            page.get_by_text("Editor's desk").first.scroll_into_view_if_needed()
            page.screenshot(path=str(Path(os.environ["STATIONMAP_DOCS_SCREENSHOTS"]) / "editor-page.png"))
        page.get_by_role("button", name="Accept").click()
        page.locator(".ed-ok").filter(has_text=f"accepted {pid}").wait_for(timeout=30_000)
    finally:
        editor.stop()
    assert not page.watch.errors, page.watch.errors

    app = AppServer(data, tmp_path / "app.log", extra_env=env)
    try:
        page.goto(f"{app.url}/changes")
        today = dt.datetime.now(dt.UTC).date().isoformat()
        page.get_by_text(f"Data version {today}").wait_for(timeout=30_000)
        settle(page)
        change = page.locator("#s-it-rome")
        assert re.search(r"Rome: Visited, found nothing → Confirmed trial operation", change.inner_text())
        assert "Italy orders Chinese" in page.locator(".sm-changes").inner_text()
        if os.environ.get("STATIONMAP_DOCS_SCREENSHOTS"):
            page.set_viewport_size({"width": 1400, "height": 800})
            page.screenshot(path=str(Path(os.environ["STATIONMAP_DOCS_SCREENSHOTS"]) / "changes-page.png"))
    finally:
        app.stop()
