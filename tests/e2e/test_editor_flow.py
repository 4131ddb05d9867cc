"""The editor's desk in a real browser: a fixture page is ingested, a proposal accepted in the editor page
(editor.py), and the change appears on the public app's Changes page; then the rest of the review loop in the
page alone (edit a row, reviewed and kept, record and resolve a correction), checked in changes.csv,
corrections.csv and by ``validate`` (the hash chain). Every run works on a temporary copy of the tiny data.

Set STATIONMAP_DOCS_SCREENSHOTS to a folder to also save the editor page's screenshots there (docs/)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from scripts.app_server import AppServer
from stationmap.cli import main
from tests.e2e.conftest import expect_text, settled

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
    # a second item that sorts first in the queue: the editor must choose Rome's, and the page must keep it
    assert main(["ingest", str(PAGE.with_name("no-station.html")), "--data", str(data)]) == 0
    env = {"STATIONMAP_CACHE_DIR": str(cache)}
    editor = AppServer(data, tmp_path / "editor.log", script="editor.py", extra_env=env)
    try:
        page.goto(editor.url)
        page.get_by_text("Editor's desk").first.wait_for(timeout=30_000)
        page.get_by_text("This page names no station").wait_for(timeout=30_000)  # the first item
        choose(page, "Queue item", item["queue_id"])
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
            page.screenshot(path=str(Path(os.environ["STATIONMAP_DOCS_SCREENSHOTS"]) / "editor.png"))
        page.get_by_role("button", name="Accept").click()
        page.locator(".ed-ok").filter(has_text=f"accepted {pid}").wait_for(timeout=30_000)
        # the loop goes on: the next proposal of the same item (the item's and the first proposal's state changed
        # under their pickers), rejected with a reason
        other = next(p for p in item["proposals"] if p["proposal_id"] != pid)
        choose(page, "Proposal", other["proposal_id"])
        page.locator(".ed-context mark").filter(has_text=other["excerpt"][:30]).wait_for(timeout=20_000)
        reject = page.locator('[data-testid="stForm"]').filter(has_text="Reject")
        reject.get_by_label("Reason").fill("Context, not a claim.")
        reject.get_by_label("Your name (for the change log)").fill("A. Editor")
        reject.get_by_role("button", name="Reject").click()
        expect_text(page, page.locator(".ed-ok"), f"rejected {other['proposal_id']}")
        assert page.locator('[data-testid="stException"]').count() == 0
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


HOSTILE = "<script>alert('x')</script> **bold** ![t](https://tracker.example/p.png)"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def form(page, title: str):
    """The Streamlit form whose heading contains ``title``."""
    return page.locator('[data-testid="stForm"]').filter(has_text=title)


def section(page, name: str) -> None:
    page.locator('[data-testid="stRadio"]').first.get_by_text(name, exact=True).click()


def shows(page, text: str) -> None:
    """Wait until the page has settled showing ``text``."""
    settled(page, "(text) => document.body.innerText.includes(text)", text)


def confirmed(page, pattern: str) -> str:
    """The confirmation line once the page has settled showing it."""
    return expect_text(page, page.locator(".ed-ok"), pattern)


def test_edit_keep_and_a_correction_in_the_editor(browser, page, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("STATIONMAP_CACHE_DIR", str(cache))
    data = _desk_data(tmp_path / "data")
    docs = os.environ.get("STATIONMAP_DOCS_SCREENSHOTS")
    editor = AppServer(data, tmp_path / "editor.log", script="editor.py",
                       extra_env={"STATIONMAP_CACHE_DIR": str(cache)})
    try:
        page.goto(editor.url)
        page.get_by_text("Editor's desk").first.wait_for(timeout=30_000)
        section(page, "Rows")
        shows(page, "rows of stations.csv match")  # the Rows section's first run is over
        choose(page, "Table", "evidence.csv")
        shows(page, "rows of evidence.csv match")  # ... and the run the table's choice started
        choose(page, "Row", "rome-visit")
        expect_text(page, page.locator(".ed-cells"), "Reporters who visited the Rome address")

        edit = form(page, "Edit this row")
        choose(page, "supports", "no_knowledge")  # a closed list: offered as a choice
        edit.get_by_label("notes", exact=True).fill(HOSTILE)
        edit.get_by_label("Reason for the edit (for the change log)").fill("policy line: no knowledge")
        edit.get_by_label("Your name (for the change log)").fill("A. Editor")
        edit.get_by_role("button", name="Save the changes").click()
        line = confirmed(page, r"edited evidence\.csv rome-visit")
        assert "Change ids written to changes.csv: c-1, c-2" in line
        # the page ran again on the new file: the row's cells show the edit, the hostile note as text
        cells = expect_text(page, page.locator(".ed-cells"), "no_knowledge")
        assert HOSTILE in cells and page.locator(".ed-cells script, .ed-cells img").count() == 0
        if docs:
            page.set_viewport_size({"width": 1400, "height": 1250})
            page.get_by_text("Editor's desk").first.scroll_into_view_if_needed()
            page.screenshot(path=str(Path(docs) / "editor-rows.png"))

        # another widget's run keeps the row chosen (its picker's text did not change with the edit)
        page.get_by_label("Find rows (part of the id or of any cell)").fill("rome")
        page.keyboard.press("Enter")
        shows(page, "1 of 7 rows of evidence.csv match")
        assert "no_knowledge" in expect_text(page, page.locator(".ed-cells"), "rome-visit")
        page.get_by_label("Find rows (part of the id or of any cell)").fill("")
        page.keyboard.press("Enter")
        shows(page, "7 of 7 rows of evidence.csv match")
        choose(page, "Row", "bcn-visit")
        expect_text(page, page.locator(".ed-cells"), "Reporters found no police station")
        keep = form(page, "Reviewed, kept")
        keep.get_by_label("Reason (what was checked)").fill("Re-read the report; the visit stands.")
        assert keep.get_by_label("Your name (for the change log)").input_value() == "A. Editor"  # remembered
        keep.get_by_role("button", name="Reviewed, kept").click()
        confirmed(page, r"kept evidence\.csv bcn-visit as it is \(c-3\)")

        section(page, "Corrections")
        shows(page, "No correction is open")
        add = form(page, "Record a correction")
        add.get_by_label("Concerns (station, source or evidence ids, or a short description)").fill("rome-visit")
        add.get_by_label("What is wrong").fill(f"The visit is not dated. {HOSTILE}")
        add.get_by_label("Supporting link (http or https, optional)").fill("https://example.org/correction")
        add.get_by_role("button", name="Record the correction").click()
        confirmed(page, r"recorded open correction .*\(c-4\)")
        listed = expect_text(page, page.locator(".ed-list"), "The visit is not dated")
        assert HOSTILE in listed and page.locator(".ed-list script, .ed-list img").count() == 0
        (correction,) = _rows(data / "corrections.csv")
        if docs:
            page.set_viewport_size({"width": 1400, "height": 1100})
            page.get_by_text("Editor's desk").first.scroll_into_view_if_needed()
            page.screenshot(path=str(Path(docs) / "editor-corrections.png"))

        resolve = form(page, "Resolve a correction")
        choose(page, "Correction", correction["correction_id"])
        resolve.locator('[data-testid="stRadio"]').get_by_text("accepted", exact=True).click()
        resolve.get_by_label("Resolution (what was decided, and why)").fill("Accepted: retyped under the line.")
        resolve.get_by_label("Change ids of the edits made for it (required when accepted)").fill("c-1 c-2")
        resolve.get_by_role("button", name="Resolve").click()
        confirmed(page, rf"correction {correction['correction_id']} accepted \(c-5 c-6 c-7 c-8\)")
        shows(page, "No correction is open")
        assert not page.watch.errors, page.watch.errors
        assert not page.watch.external_requests(), page.watch.external_requests()
    finally:
        editor.stop()

    changes = _rows(data / "changes.csv")
    assert [(c["change_id"], c["action"], c["table"], c["row_id"], c["field"]) for c in changes[:3]] == [
        ("c-1", "edit", "evidence.csv", "rome-visit", "supports"),
        ("c-2", "edit", "evidence.csv", "rome-visit", "notes"),
        ("c-3", "reviewed_kept", "evidence.csv", "bcn-visit", "")]
    assert {c["editor"] for c in changes[:3]} == {"A. Editor"}
    assert [c["action"] for c in changes[3:]] == ["correction"] * 5
    (resolved,) = _rows(data / "corrections.csv")
    assert (resolved["status"], resolved["change_ids"]) == ("accepted", "c-1 c-2")
    assert next(r for r in _rows(data / "evidence.csv") if r["evidence_id"] == "rome-visit")["notes"] == HOSTILE
    assert main(["validate", "--data", str(data)]) == 0  # the data loads and the change log's chain holds
