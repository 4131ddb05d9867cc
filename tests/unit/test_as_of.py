"""The as-of range: bounded by the data, stepped by month, and the headline's counts at a date."""

from __future__ import annotations

import datetime as dt

import pytest

from stationmap.rules.as_of import AsOfRange, as_of_range, headline_counts, month_steps, step_for

D = dt.date


def test_the_range_runs_from_the_first_evidence_to_the_newest_publication():
    assert as_of_range(D(2022, 9, 12), D(2024, 12, 18), D(2026, 12, 5)) == AsOfRange(D(2022, 9, 12), D(2024, 12, 18))
    assert as_of_range(None, None, D(2026, 12, 5)) == AsOfRange(D(2026, 12, 4), D(2026, 12, 5))
    assert as_of_range(D(2022, 1, 1), D(2030, 1, 1), D(2026, 12, 5)).last == D(2026, 12, 5)  # never the future


def test_the_last_day_means_everything_and_days_outside_are_clamped():
    span = AsOfRange(D(2022, 9, 12), D(2022, 12, 18))
    assert span.as_of(D(2022, 12, 18)) is None and span.as_of(D(2023, 1, 1)) is None
    assert span.as_of(D(2022, 10, 31)) == D(2022, 10, 31) and span.as_of(D(2020, 1, 1)) == D(2022, 9, 12)
    assert span.clamp(None) == D(2022, 12, 18) and span.clamp(D(2021, 1, 1)) == D(2022, 9, 12)


def test_the_slider_moves_by_month():
    span = AsOfRange(D(2022, 9, 12), D(2022, 12, 18))
    steps = month_steps(span)
    assert steps == [D(2022, 9, 30), D(2022, 10, 31), D(2022, 11, 30), D(2022, 12, 18)]
    assert step_for(D(2022, 10, 5), steps) == D(2022, 10, 31) and step_for(D(2022, 12, 1), steps) == D(2022, 12, 18)
    assert len(month_steps(AsOfRange(D(2016, 1, 1), D(2026, 12, 5)))) == 132  # 11 years: 132 stops, not 4,000 days


def test_headline_counts_follow_the_date(tiny_dataset_and_frame):
    dataset, frame_at = tiny_dataset_and_frame
    today = headline_counts(dataset, frame_at(None), 3, None)
    assert (today.reported_total, today.reports, today.listed) == (3, 1, 3)
    before_the_report = headline_counts(dataset, frame_at(D(2022, 9, 15)), 0, D(2022, 9, 15))
    assert (before_the_report.reported_total, before_the_report.reports) == (0, 0)
    after = headline_counts(dataset, frame_at(D(2022, 10, 31)), 2, D(2022, 10, 31))
    assert after.reported_total == 3 and after.listed == len(frame_at(D(2022, 10, 31)))


@pytest.fixture
def tiny_dataset_and_frame(data):
    from stationmap.records.loading import load_dataset
    from stationmap.rules.queries import station_frame
    dataset = load_dataset(data).dataset
    return dataset, lambda as_of: station_frame(dataset, as_of)
