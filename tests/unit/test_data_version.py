"""The data version ("data as of"): stable from day to day, moved only by the data itself.

A source dated only to a year (``2026``) may have been published on any day of it; its last possible day lies in
the future for most of the year, so a version taken from it would follow the calendar and a citation made today
would name another version than one made tomorrow from the same data.
"""

from __future__ import annotations

import csv
import datetime as dt
import types
from pathlib import Path

import pytest

from stationmap.records.dataset import data_version
from stationmap.records.loading import load_dataset
from stationmap.records.models import PartialDate
from stationmap.records.schema import CHANGE_COLUMNS
from stationmap.rules.audit import GENESIS, row_hash

D = dt.date


def _frozen_today(monkeypatch, day: dt.date) -> None:
    """Make ``dt.date.today()`` inside stationmap.records.dataset return ``day``."""
    from stationmap.records import dataset as module

    class FrozenDate(dt.date):
        @classmethod
        def today(cls):
            return day

    monkeypatch.setattr(module, "dt", types.SimpleNamespace(date=FrozenDate, timedelta=dt.timedelta))


def _add_year_only_source(data: Path) -> None:
    """A 2026 source known to the year only, and a claim from it (the real data has one like it)."""
    with (data / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("year-only,A report dated to the year only,Example News,2026,year,,https://example.org/y,news,"
                     "established,Major outlet.,,,\n")
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("rome-year,it-rome,year-only,reported,Example News,journalists,,,The report lists Rome.,\n")


def _record_change(data: Path, time_utc: str, action: str = "edit") -> None:
    change = {"change_id": "c-1", "time_utc": time_utc, "editor": "A. Editor", "action": action,
              "table": "evidence.csv", "row_id": "rome-year", "field": "notes", "old": "", "new": "checked",
              "reason": "a note", "queue_id": "", "prev_hash": GENESIS}
    change["row_hash"] = row_hash(GENESIS, change)
    with (data / "changes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([CHANGE_COLUMNS, [change[c] for c in CHANGE_COLUMNS]])


@pytest.mark.parametrize("days", [(D(2026, 12, 6), D(2026, 12, 7)), (D(2026, 3, 1), D(2026, 9, 30))])
def test_a_year_only_source_does_not_make_the_version_follow_the_calendar(data, monkeypatch, days):
    _add_year_only_source(data)
    seen = set()
    for today in days:
        _frozen_today(monkeypatch, today)
        result = load_dataset(data)
        assert not [p for p in result.problems if p.severity.name == "ERROR"], result.problems
        seen.add(result.dataset.data_as_of)
    # Without a change log: the newest day a claim was certainly published (1 January 2026), on either day.
    assert seen == {D(2026, 1, 1)}


def test_the_last_recorded_change_to_the_data_is_the_version(data, monkeypatch):
    _add_year_only_source(data)
    _record_change(data, "2026-12-05T23:59:59Z")
    for today in (D(2026, 12, 6), D(2026, 12, 20)):
        _frozen_today(monkeypatch, today)
        assert load_dataset(data).dataset.data_as_of == D(2026, 12, 5)  # the day in UTC, on any later day


def test_a_rejection_changes_no_data_and_no_version(data, monkeypatch):
    _record_change(data, "2026-12-05T10:00:00Z", action="reject")
    _frozen_today(monkeypatch, D(2026, 12, 6))
    assert load_dataset(data).dataset.data_as_of == D(2022, 11, 3)  # the newest publication of the tiny data


def test_the_rule():
    year, day = PartialDate.parse("2026"), PartialDate.parse("2025-12-17")
    today = D(2026, 12, 6)
    assert data_version([day, year], None, today) == D(2026, 1, 1)  # a partial date's first day is certain
    assert data_version([day], None, today) == D(2025, 12, 17)
    assert data_version([day, year], D(2026, 12, 5), today) == D(2026, 12, 5)  # the change log's day, if later
    assert data_version([PartialDate.parse("2026-11-30")], D(2026, 11, 2), today) == D(2026, 11, 30)
    assert data_version([], D(2026, 11, 2), today) == D(2026, 11, 2)
    assert data_version([], None, today) is None
    assert data_version([PartialDate.parse("2031-01-01")], None, today) == today  # a typed future is no version


def test_the_real_data_is_versioned_by_its_change_log(monkeypatch):
    """The real data has a source dated "2026"; its version is the day of its last recorded change."""
    root = Path(__file__).resolve().parents[2] / "data"
    with (root / "changes.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["action"] in ("accept", "edit", "correction")]
    last = D.fromisoformat(max(r["time_utc"] for r in rows)[:10])
    _frozen_today(monkeypatch, D(2099, 1, 1))
    assert load_dataset(root).dataset.data_as_of == last
