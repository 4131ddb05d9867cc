"""The editor page (editor.py): who may open it, the passage in context, and accept/reject through
``stationmap review`` itself (AppTest against a real desk queue)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.editor.access import Access, decide
from stationmap.editor.actions import accept_arguments, run_review
from stationmap.editor.render import outcome_html, passage_in_context

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "desk"
TOKEN = "a-long-enough-editor-token"


@pytest.mark.parametrize(("address", "token", "expected"), [
    ("127.0.0.1", None, Access.OPEN), ("localhost", None, Access.OPEN), ("::1", None, Access.OPEN),
    ("0.0.0.0", None, Access.REFUSE), ("", None, Access.REFUSE), (None, None, Access.REFUSE),
    ("192.168.1.5", None, Access.REFUSE), ("0.0.0.0", "short", Access.REFUSE),
    ("0.0.0.0", TOKEN, Access.ASK_TOKEN), ("127.0.0.1", TOKEN, Access.ASK_TOKEN),
])
def test_only_loopback_opens_without_a_token(address, token, expected) -> None:
    assert decide(address, token) is expected


def test_the_passage_is_marked_in_its_context_and_stays_text() -> None:
    text = "Intro. <script>alert(1)</script> The station in Rome closed. After."
    start = text.index("The station")
    end = text.index(" After")
    html = str(passage_in_context(text, start, end, text[start:end]))
    assert "<mark>The station in Rome closed.</mark>" in html and "&lt;script&gt;alert(1)" in html
    assert "<script>" not in html
    # offsets that no longer match the text: the excerpt alone, still escaped
    assert "<mark>&lt;b&gt;</mark>" in str(passage_in_context(text, 0, 3, "<b>"))
    assert "&lt;img" in str(outcome_html(False, "<img src=x onerror=alert(1)>"))


def _ingest(data: Path, capsys) -> dict:
    assert main(["ingest", str(PAGES / "en-rome.html"), "--data", str(data), "--json",
                 "--url", "https://example.org/article"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_review_is_the_command_with_its_one_line_failures(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, capsys)
    pid = item["proposals"][0]["proposal_id"]
    outcome = run_review(accept_arguments(pid, station="nowhere", kind="reported", claimant="X",
                                          party="journalists", headline="H", editor="E"), desk_data)
    assert not outcome.ok and "is not a loaded station" in outcome.message
    assert not (desk_data / "changes.csv").exists()  # nothing written


@pytest.fixture
def editor_app(desk_data: Path, editor_page):
    return lambda address="127.0.0.1": editor_page(desk_data, address)


def test_the_page_refuses_another_address_without_a_token(editor_app, desk_data, capsys, monkeypatch) -> None:
    _ingest(desk_data, capsys)
    app = editor_app("0.0.0.0").run()
    assert not app.exception
    assert "only runs on 127.0.0.1" in app.error[0].value and not app.selectbox
    monkeypatch.setenv("STATIONMAP_EDITOR_TOKEN", TOKEN)
    app = editor_app("0.0.0.0").run()
    assert not app.selectbox  # asks for the token first
    app.text_input(key="ed_token").input("wrong").run()
    assert not app.selectbox and "not the editor token" in app.error[0].value
    app.text_input(key="ed_token").input(TOKEN).run()
    assert app.selectbox(key="ed_item")


def test_accept_in_the_page_adds_the_evidence_through_review(editor_app, desk_data, capsys) -> None:
    item = _ingest(desk_data, capsys)
    pid = next(p["proposal_id"] for p in item["proposals"] if p["excerpt"].startswith("Italian authorities"))
    app = editor_app().run()
    assert not app.exception, app.exception
    app.selectbox(key="ed_proposal").select(pid).run()
    page = "\n".join(e.proto.body for e in app.html)
    assert "<mark>Italian authorities ordered" in page
    app.selectbox(key="ed_station").select("it-rome")
    app.selectbox(key="ed_kind").select("ordered_closed")
    app.text_input(key="ed_claimant").input("Italian authorities")
    app.selectbox(key="ed_party").select("host_authority")
    app.selectbox(key="ed_headline").select("Italy orders Chinese 'police station' in Rome shut")
    app.text_input(key="ed_editor").input("A. Editor")
    app.text_input(key="ed_source-kind").input("news")
    app.text_input(key="ed_reliability").input("secondary")
    app.text_input(key="ed_reliability-note").input("An invented page written for the tests.")
    app.button[0].click().run()  # the accept form's submit button
    assert not app.exception, app.exception
    page = "\n".join(e.proto.body for e in app.html)
    assert "accepted " + pid in page, [e.value for e in app.error] + [page[:3000]]
    changes = _rows(desk_data / "changes.csv")
    assert [(c["action"], c["table"], c["editor"]) for c in changes] == [
        ("accept", "sources.csv", "A. Editor"), ("accept", "evidence.csv", "A. Editor")]


def test_reject_in_the_page_records_the_reason(editor_app, desk_data, capsys) -> None:
    item = _ingest(desk_data, capsys)
    pid = item["proposals"][0]["proposal_id"]
    app = editor_app().run()
    app.selectbox(key="ed_proposal").select(pid).run()
    app.text_input(key="ed_reason").input("Not about a station.")
    app.text_input(key="ed_reject_editor").input("A. Editor")
    app.button[1].click().run()
    assert not app.exception, app.exception
    (change,) = _rows(desk_data / "changes.csv")
    assert (change["action"], change["row_id"], change["reason"]) == ("reject", pid, "Not about a station.")
