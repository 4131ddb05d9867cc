"""The Changes page: in the navigation, says plainly when nothing was recorded, shows an accepted change,
keeps ?since= in the address, and keeps hostile text as text."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from stationmap.records.schema import CHANGE_COLUMNS
from stationmap.rules.audit import GENESIS, row_hash

HOSTILE_REASON = "<script>alert(1)</script> [x](javascript:alert(2))"


def html_text(app) -> str:
    return "\n".join(element.proto.body for element in app.html)


def _append_change(data: Path, time: str, reason: str) -> None:
    """One accepted evidence row for it-rome, recorded in the change log (chained like the desk's rows)."""
    row = {"evidence_id": "rome-court", "station_id": "it-rome", "source_id": "web-report",
           "supports": "court_finding", "claimant": "A court", "party": "host_authority", "event_date": "",
           "excerpt": "", "summary": "A court found the site ran.", "notes": ""}
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("rome-court,it-rome,web-report,court_finding,A court,host_authority,,,"
                     "A court found the site ran.,\n")
    change = {"change_id": "c-1", "time_utc": time, "editor": "A. Editor", "action": "accept",
              "table": "evidence.csv", "row_id": "rome-court", "field": "", "old": "",
              "new": json.dumps(row, separators=(",", ":")), "reason": reason, "queue_id": "q-1"}
    change["prev_hash"] = GENESIS
    change["row_hash"] = row_hash(GENESIS, change)
    with (data / "changes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([CHANGE_COLUMNS, [change[c] for c in CHANGE_COLUMNS]])


def test_empty_change_log_says_so_plainly_in_every_language(make_app, tiny_data):
    app = make_app(tiny_data).run()
    app.switch_page("app_pages/changes.py").run()
    assert not app.exception, app.exception
    assert "No changes have been recorded yet" in html_text(app)
    for lang in ("zh-Hans", "zh-Hant"):
        app = make_app(tiny_data, lang=lang).run()
        app.switch_page("app_pages/changes.py").run()
        assert not app.exception
        assert "No changes have been recorded yet" not in html_text(app)
        assert app.title[0].value != "Changes"


def test_an_accepted_change_shows_with_old_and_new_status_and_escaped_reason(make_app, tiny_data):
    _append_change(tiny_data, "2026-01-02T10:00:00Z", HOSTILE_REASON)
    app = make_app(tiny_data).run()
    app.switch_page("app_pages/changes.py").run()
    assert not app.exception, app.exception
    page = html_text(app)
    assert "Data version 2026-01-02" in page
    assert "Rome</a>: Visited, found nothing → Confirmed trial operation, contested (sources disagree)" in page
    assert 'href="./?station=it-rome"' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_since_from_the_link_filters_and_stays_in_the_address(make_app, tiny_data):
    _append_change(tiny_data, "2026-01-02T10:00:00Z", "a reason")
    app = make_app(tiny_data, since="2026-01-03").run()
    app.switch_page("app_pages/changes.py").run()
    assert not app.exception
    page = html_text(app)
    assert "Data version 2026-01-02" not in page and "Nothing has changed in this period." in page
    assert app.query_params["since"] in ("2026-01-03", ["2026-01-03"])
    app.date_input(key="w_since").set_value(dt.date(2026, 1, 1)).run()
    assert "Data version 2026-01-02" in html_text(app)
    assert app.query_params["since"] in ("2026-01-01", ["2026-01-01"])


def test_a_bad_since_in_the_link_is_said_and_everything_shown(make_app, tiny_data):
    _append_change(tiny_data, "2026-01-02T10:00:00Z", "a reason")
    app = make_app(tiny_data, since="2026-02-30")
    app.switch_page("app_pages/changes.py").run()  # a direct load of /changes?since=…
    assert not app.exception
    assert "every change is shown" in app.warning[0].value
    assert "Data version 2026-01-02" in html_text(app)


def test_a_chinese_changes_page_has_chinese_words_marks_and_dates(make_app, tiny_data):
    from stationmap.records.models import Status
    from stationmap.rules.vocabulary import status_label
    from tests.app.test_chinese_pages import PATTERN, _shown_text
    from tests.chinese_text import ascii_punctuation_in_chinese

    _append_change(tiny_data, "2026-01-02T10:00:00Z", HOSTILE_REASON)
    for language in ("zh-Hans", "zh-Hant"):
        app = make_app(tiny_data, lang=language).run()
        app.switch_page("app_pages/changes.py").run()
        assert not app.exception, app.exception
        text = _shown_text(app)
        assert sorted(set(PATTERN.findall(text))) == [], text
        assert ascii_punctuation_in_chinese(text) == [], text
        assert "2026年1月2日" in text and "Data version" not in text
        assert status_label(Status.CONFIRMED_TRIAL_OPERATION, language) in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text(app)
