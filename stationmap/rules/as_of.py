"""The as-of range and its steps: what the date field, the month slider and the headline agree on. Pure.

The range runs from the first day any claim was known to the data version (``Dataset.data_as_of``: the last
recorded change, or the newest certain publication day); the last day means "everything" (no as-of date), so
undated claims show there. The slider moves by month (each step a month's last day, the range's own ends
included); the date field takes any day between.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from stationmap.records.dataset import Dataset


@dataclass(frozen=True)
class AsOfRange:
    first: dt.date
    last: dt.date  # choosing this day shows everything

    def clamp(self, value: dt.date | None) -> dt.date:
        """The day the widgets show for a view's as-of date (None, or a day past the range: the last day)."""
        if value is None or value >= self.last:
            return self.last
        return max(value, self.first)

    def as_of(self, picked: dt.date | None) -> dt.date | None:
        """The view's as-of date for a day picked in the widgets (the last day means none)."""
        return None if picked is None or picked >= self.last else max(picked, self.first)


def as_of_range(first_known: dt.date | None, data_as_of: dt.date | None, today: dt.date) -> AsOfRange:
    """From the first evidence to the data version (never past today); at least two days long."""
    last = min(data_as_of or today, today)
    first = min(first_known or last, last - dt.timedelta(days=1))
    return AsOfRange(first, last)


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def month_steps(span: AsOfRange) -> list[dt.date]:
    """Every month's last day within the range, then the range's last day: the slider's stops."""
    steps, day = [], month_end(span.first)
    while day < span.last:
        steps.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return [*steps, span.last]


def step_for(day: dt.date, steps: list[dt.date]) -> dt.date:
    """The slider's stop for a day: the end of its month (or the range's last day)."""
    return next((step for step in steps if step >= day), steps[-1])


@dataclass(frozen=True)
class Headline:
    reported_total: int  # what the reports counted, by their publication
    reports: int
    listed: int  # of the stations known then, those from counted reports
    later: int  # known then, from reports without a total
    placed: int


def headline_counts(dataset: Dataset, frame: pd.DataFrame, placed: int, as_of: dt.date | None) -> Headline:
    """The headline's numbers for the stations of ``frame`` (those known at ``as_of``): reports count once
    they are published by then (a report without a date counts only in today's view)."""
    if as_of is None:
        counted = [b for b in dataset.batches.values() if b.reported_count is not None]
        listed = dataset.stations_in_counted_batches()
        return Headline(dataset.reported_total, len(counted), listed, len(dataset.stations) - listed, placed)
    counted = [b for b in dataset.batches.values()
               if b.reported_count is not None and b.published is not None and b.published.latest <= as_of]
    ids = {b.batch_id for b in counted}
    listed = int(frame["batch"].isin(ids).sum())
    return Headline(sum(b.reported_count or 0 for b in counted), len(counted), listed, len(frame) - listed, placed)
