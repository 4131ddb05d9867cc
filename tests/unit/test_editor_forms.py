"""The editor page's Rows and Corrections sections (editor.py): edit a row, record it as reviewed and kept,
rename a source, record and resolve a correction, each through the desk's own command (AppTest on a copy of
the tiny dataset), plus the pure parts: which cells changed, the argument lists, the row finder, escaping."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stationmap.cli import main
from stationmap.editor.actions import (
    changed_cells,
    correction_resolve_arguments,
    edit_arguments,
    run_desk,
)
from stationmap.editor.render import corrections_html, headline_candidates, outcome_html, row_cells
from stationmap.editor.rows import choices, find_rows, read_table

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ![t](https://tracker.example/p.png)"


# --- pure parts ---------------------------------------------------------------------------------------------


def test_only_the_cells_the_editor_changed_are_sent() -> None:
    current = {"supports": "reported", "notes": "Two  spaces", "summary": "old"}
    typed = {"supports": "reported", "notes": "Two spaces", "summary": ""}
    assert changed_cells(current, typed) == {"summary": ""}  # whitespace alone is no change; emptied is one
    assert changed_cells(current, dict(current)) == {}


def test_typed_values_stay_values_even_with_a_leading_hyphen() -> None:
    arguments = edit_arguments("evidence.csv", "rome-visit", {"notes": "--editor=someone else"},
                               reason="-r", editor="A. Editor")
    assert arguments == ["edit", "evidence.csv", "rome-visit", "--field=notes", "--value=--editor=someone else",
                         "--reason=-r", "--editor=A. Editor"]
    assert correction_resolve_arguments("c", status="accepted", resolution="R", change_ids="c-1, c-2",
                                        editor="E")[-3:] == ["--change-ids", "c-1", "c-2"]
    assert "--change-ids" not in correction_resolve_arguments("c", status="rejected", resolution="R",
                                                              change_ids=" ", editor="E")


def test_a_hyphen_value_reaches_the_data_as_typed(data: Path) -> None:
    outcome = run_desk("review", edit_arguments("evidence.csv", "rome-visit", {"notes": "-5 % of the claim"},
                                                reason="a note", editor="E"), data)
    assert outcome.ok, outcome.message
    assert read_table(data, "evidence.csv").row("rome-visit")["notes"] == "-5 % of the claim"
    assert outcome.change_ids == ("c-1",)


def test_closed_lists_are_offered_with_an_unknown_current_value_first() -> None:
    assert "reported" in choices("evidence.csv", "supports", "reported")
    assert choices("evidence.csv", "supports", "rumoured")[0] == "rumoured"  # untouched: no change sent
    assert choices("evidence.csv", "notes", "x") is None


def test_the_row_finder_narrows_and_caps(data: Path) -> None:
    table = read_table(data, "evidence.csv")
    assert find_rows(table, "")[1] == len(table.lines)
    ids, matched = find_rows(table, "BARCELONA")
    assert ids == ["bcn-confirmed", "bcn-visit"] and matched == 2
    ids, matched = find_rows(table, "", limit=2)
    assert len(ids) == 2 and matched == len(table.lines)


def test_every_data_string_shown_stays_text() -> None:
    for html in (str(row_cells("evidence.csv", {"evidence_id": "x", "notes": HOSTILE})),
                 str(corrections_html([{"correction_id": "c", "concerns": HOSTILE, "what_is_wrong": HOSTILE,
                                        "supporting_link": "javascript:alert(1)"}])),
                 str(headline_candidates([{"text": HOSTILE, "from": ["h1"]}])),
                 str(outcome_html(False, HOSTILE))):
        assert "<script>alert" not in html and "&lt;script&gt;" in html
        assert 'href="javascript' not in html and "<img" not in html
    link = str(corrections_html([{"correction_id": "c", "supporting_link": "https://example.org/a?b=1&c=2"}]))
    assert 'href="https://example.org/a?b=1&amp;c=2"' in link
    assert "c-4, c-5" in str(outcome_html(True, "edited (c-4 c-5)", ("c-4", "c-5")))


# --- the page ------------------------------------------------------------------------------------------------


@pytest.fixture
def editor_app(data: Path, editor_page):
    def build(section: str) -> AppTest:
        app = editor_page(data).run()
        assert not app.exception, app.exception
        app.radio(key="ed_section").set_value(section).run()
        assert not app.exception, app.exception
        return app

    return build


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _page(app: AppTest) -> str:
    return "\n".join(e.proto.body for e in app.html)


def _widget(app: AppTest, kind: str, label: str):
    (found,) = [w for w in getattr(app, kind) if w.label == label]
    return found


def _type(app: AppTest, label: str, value: str, kind: str = "text_input") -> None:
    _widget(app, kind, label).input(value)


def _name(app: AppTest, form: str, value: str) -> None:
    """Type the editor's name into the "Your name" field of ``form`` (every form has one)."""
    (field,) = [w for w in app.text_input if (w.key or "").startswith(f"ed_{form}_editor:")]
    field.input(value)


def _click(app: AppTest, label: str) -> AppTest:
    (button,) = [b for b in app.button if b.label == label]
    button.click().run()
    assert not app.exception, app.exception
    return app


def _pick_row(app: AppTest, table: str, row_id: str) -> None:
    app.selectbox(key="ed_rows_table").select(table).run()
    app.selectbox(key=f"ed_rows_id:{table}").select(row_id).run()
    assert not app.exception, app.exception


def _validates(data: Path) -> bool:
    return main(["validate", "--data", str(data)]) == 0


def test_edit_a_row_in_the_page_writes_each_changed_cell_to_the_log(editor_app, data: Path) -> None:
    app = editor_app("Rows")
    _pick_row(app, "evidence.csv", "rome-visit")
    assert "Reporters who visited the Rome address" in _page(app)  # the row's current cells
    _widget(app, "selectbox", "supports").select("no_knowledge")
    _type(app, "notes", "Re-read under the new policy line.", kind="text_area")
    _type(app, "Reason for the edit (for the change log)", "policy line: no knowledge")
    _name(app, "edit", "A. Editor")
    _click(app, "Save the changes")
    page = _page(app)
    assert "edited evidence.csv rome-visit" in page and "Change ids written to changes.csv: c-1, c-2" in page
    assert [(c["action"], c["field"], c["old"], c["new"], c["editor"], c["reason"])
            for c in _rows(data / "changes.csv")] == [
        ("edit", "supports", "visited_found_nothing", "no_knowledge", "A. Editor", "policy line: no knowledge"),
        ("edit", "notes", "", "Re-read under the new policy line.", "A. Editor", "policy line: no knowledge")]
    assert read_table(data, "evidence.csv").row("rome-visit")["supports"] == "no_knowledge"
    assert _validates(data)  # the hash chain and the data load
    # the page runs again on the new data: the form shows the new cell and remembers the editor
    assert _widget(app, "selectbox", "supports").value == "no_knowledge"
    assert all(w.value == "A. Editor" for w in app.text_input if "_editor:" in (w.key or ""))


def test_an_edit_the_validator_refuses_writes_nothing_and_says_why(editor_app, data: Path) -> None:
    before = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    app = editor_app("Rows")
    _pick_row(app, "evidence.csv", "rome-visit")
    _type(app, "station_id", "nowhere-1")
    _type(app, "Reason for the edit (for the change log)", "try")
    _name(app, "edit", "A. Editor")
    _click(app, "Save the changes")
    page = _page(app)
    assert 'class="ed-failed"' in page and "not accepted, nothing written" in page and "nowhere-1" in page
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == before
    assert _widget(app, "text_input", "station_id").value == "nowhere-1"  # kept, to be fixed
    _click(app, "Save the changes")  # the same edit again: the same one line, still nothing written
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == before


def test_saving_an_untouched_row_runs_nothing(editor_app, data: Path) -> None:
    app = editor_app("Rows")
    _pick_row(app, "stations.csv", "it-rome")
    _click(app, "Save the changes")
    assert "No cell of it-rome was changed" in _page(app)
    assert not (data / "changes.csv").exists()


def test_reviewed_kept_in_the_page_logs_the_decision(editor_app, data: Path) -> None:
    app = editor_app("Rows")
    _pick_row(app, "evidence.csv", "bcn-visit")
    _type(app, "Reason (what was checked)", "Re-read the report; the visit stands.")
    _name(app, "keep", "A. Editor")
    _click(app, "Reviewed, kept")
    assert "kept evidence.csv bcn-visit as it is (c-1)" in _page(app)
    (change,) = _rows(data / "changes.csv")
    assert (change["action"], change["table"], change["row_id"], change["reason"]) == (
        "reviewed_kept", "evidence.csv", "bcn-visit", "Re-read the report; the visit stands.")
    assert _validates(data)


def test_renaming_a_source_in_the_page_follows_it_to_its_new_id(editor_app, data: Path) -> None:
    app = editor_app("Rows")
    _pick_row(app, "sources.csv", "web-report")
    _type(app, "New source id", "example-news-2022-11-report")
    _type(app, "Reason for the rename (for the change log)", "ids say what the source is")
    _name(app, "rename", "A. Editor")
    _click(app, "Rename")
    assert "renamed source web-report to example-news-2022-11-report" in _page(app)
    assert app.selectbox(key="ed_rows_id:sources.csv").value == "example-news-2022-11-report"
    assert read_table(data, "sources.csv").row("web-report") is None
    assert _rows(data / "id_aliases.csv")[-1] == {"kind": "source", "old_id": "web-report",
                                                  "new_id": "example-news-2022-11-report"}
    assert _validates(data)


def test_hostile_cells_are_shown_as_text(editor_app, data: Path) -> None:
    assert run_desk("review", edit_arguments("evidence.csv", "rome-visit", {"notes": HOSTILE}, reason="r",
                                             editor="E"), data).ok
    app = editor_app("Rows")
    _pick_row(app, "evidence.csv", "rome-visit")
    page = _page(app)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page and "<script>alert" not in page
    assert not app.markdown or all("tracker.example" not in m.value for m in app.markdown)


def test_record_and_resolve_a_correction_in_the_page(editor_app, data: Path) -> None:
    app = editor_app("Corrections")
    assert "No correction is open." in _page(app)
    _type(app, "Concerns (station, source or evidence ids, or a short description)", "rome-visit")
    _type(app, "What is wrong", f"The visit is older than stated. {HOSTILE}", kind="text_area")
    _type(app, "Supporting link (http or https, optional)", "https://example.org/correction")
    _name(app, "fix_add", "Corrections intake")
    _click(app, "Record the correction")
    page = _page(app)
    assert "recorded open correction" in page and "Change ids written to changes.csv: c-1" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # the open list shows it as text
    (correction,) = _rows(data / "corrections.csv")
    assert correction["status"] == "open" and correction["concerns"] == "rome-visit"

    # an edit made for it, then the resolution naming that edit's change id
    assert run_desk("review", edit_arguments("evidence.csv", "rome-visit", {"event_date": "2022-10"},
                                             reason=f"correction {correction['correction_id']}", editor="E"),
                    data).change_ids == ("c-2",)
    app.selectbox(key="ed_fix_id:1").select(correction["correction_id"])
    app.radio(key="ed_fix_status:1").set_value("accepted")
    _type(app, "Resolution (what was decided, and why)", "Accepted: the visit is dated October 2022.",
          kind="text_area")
    _type(app, "Change ids of the edits made for it (required when accepted)", "c-2")
    _click(app, "Resolve")
    page = _page(app)
    assert f"correction {correction['correction_id']} accepted" in page and "c-3" in page
    (resolved,) = _rows(data / "corrections.csv")
    assert (resolved["status"], resolved["change_ids"], resolved["resolution"]) == (
        "accepted", "c-2", "Accepted: the visit is dated October 2022.")
    changes = _rows(data / "changes.csv")
    assert [c["action"] for c in changes] == ["correction", "edit", "correction", "correction", "correction",
                                              "correction"]
    assert {c["field"] for c in changes[2:]} == {"status", "resolved", "resolution", "change_ids"}
    assert "No correction is open." in _page(app)
    assert _validates(data)


def test_an_accepted_correction_without_change_ids_is_refused_by_the_command(editor_app, data: Path) -> None:
    assert run_desk("correction", ["add", "--concerns=it-rome", "--what-is-wrong=W"], data).ok
    before = (data / "corrections.csv").read_bytes()
    app = editor_app("Corrections")
    (correction_id,) = app.selectbox(key="ed_fix_id:0").options
    app.selectbox(key="ed_fix_id:0").select(correction_id)
    app.radio(key="ed_fix_status:0").set_value("accepted")
    _type(app, "Resolution (what was decided, and why)", "Accepted.", kind="text_area")
    _name(app, "fix_resolve", "A. Editor")
    _click(app, "Resolve")
    assert "names the changes made for it" in _page(app)
    assert (data / "corrections.csv").read_bytes() == before


def test_headline_candidates_are_text_not_markdown(desk_data: Path, editor_page, capsys) -> None:
    """A page's headline may carry Markdown (a tracking image, a link); the queue shows it as typed."""
    import json

    from stationmap.desk.queue import DeskPaths, load_item, save_item

    assert main(["ingest", str(ROOT / "tests" / "fixtures" / "desk" / "en-rome.html"), "--data", str(desk_data),
                 "--json", "--url", "https://example.org/article"]) == 0
    paths = DeskPaths(desk_data)
    item = load_item(paths, json.loads(capsys.readouterr().out)["queue_id"])
    item["source"]["headline_candidates"].append({"text": HOSTILE, "from": ["og:title"]})
    save_item(paths, item)
    app = editor_page(desk_data).run()
    assert not app.exception, app.exception
    assert not app.table  # st.table would render the Markdown
    page = _page(app)
    assert "**bold** [x](javascript:alert(1)) ![t](https://tracker.example/p.png)" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_a_file_the_page_cannot_read_is_one_line_not_a_traceback(editor_app, data: Path) -> None:
    (data / "corrections.csv").write_bytes(b"correction_id\n\xff\xfe broken")
    app = editor_app("Corrections")
    assert 'role="alert" class="ed-failed"' in _page(app) and "utf-8" in _page(app)
