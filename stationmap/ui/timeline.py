"""The timeline chart on the Map page (Vega-Lite, Streamlit's own charting; the specification is built in
``stationmap.render.timeline_spec``, without Altair).

Claims per month by kind, following the filters, with the as-of date marked; choosing a month sets the
as-of date to that month's last day.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.render.i18n import local_date, month_format, month_label
from stationmap.render.timeline_spec import CLAIMS, MONTH_PARAM, timeline_spec
from stationmap.rules.timeline import KINDS, claims_per_month
from stationmap.ui.language import interface_language, tr
from stationmap.ui.sidebar import AS_OF_RANGE
from stationmap.ui.view_state import set_as_of

CHART_KEY = "timeline"
W_MONTH = "w_timeline_month"
KIND_COLOURS = ("#E69F00", "#009E73", "#D55E00", "#0072B2", "#999999", "#CC79A7", "#000000")


def timeline(dataset: Dataset, shown: pd.DataFrame, as_of: dt.date | None) -> None:
    words, language = tr(), interface_language()
    data = claims_per_month(dataset, shown["station_id"], words)
    if data.empty:
        return
    spec = timeline_spec(
        kinds=[words(kind) for kind in KINDS], colours=KIND_COLOURS, month_format=month_format(language),
        titles={"x": words("Month the claim was published"), "y": words("Claims"), "colour": words("Kind of claim"),
                "month": words("Month"), "kind": words("Kind"), "claims": words("Claims"), "shown": words("Shown")},
        as_of=as_of, as_of_label=words("as of {date}").format(date=local_date(as_of, language)) if as_of else "")
    event = st.vega_lite_chart(spec={**spec, "datasets": {CLAIMS: data}}, key=CHART_KEY, on_select="rerun",
                               selection_mode=MONTH_PARAM, width="stretch")
    chosen = _chosen_month(event)
    if chosen is not None and chosen != st.session_state.get("timeline_last"):
        st.session_state["timeline_last"] = chosen
        _go_to(chosen)
        st.rerun()
    month_list(data, language)
    st.caption(words("Click a month, or choose one from the list, to see the map as of that month's end; set the "
                     "As-of date to its last day to see everything."))


def _go_to(month_end: dt.date) -> None:
    span = st.session_state.get(AS_OF_RANGE)
    set_as_of(span.as_of(month_end) if span is not None else min(month_end, dt.date.today()))


def month_list(data: pd.DataFrame, language: str) -> None:
    """The chart's months as a list (a month's bar can be a few pixels wide): choosing one sets the as-of date
    to its last day, as a click on the bar does."""
    words = tr()
    totals = data.groupby("month", sort=True)["claims"].sum()
    months = [dt.date(m.year, m.month, calendar.monthrange(m.year, m.month)[1]) for m in totals.index]
    count = dict(zip(months, totals.to_numpy(dtype=int), strict=True))
    st.session_state[W_MONTH] = None  # an action, not a setting: the as-of date keeps the choice

    def picked() -> None:
        if st.session_state[W_MONTH] is not None:
            _go_to(st.session_state[W_MONTH])

    st.selectbox(words("Months with claims"), months, index=None, key=W_MONTH, on_change=picked,
                 placeholder=words("Choose a month…"), format_func=lambda m: words("{month} ({count} claims)").format(
                     month=month_label(m, language), count=count[m]))


def _chosen_month(event) -> dt.date | None:
    """The last day of the month clicked on the chart, if any."""
    try:
        points = event.selection[MONTH_PARAM]
        value = points[0]["month"] if isinstance(points, list) else points["month"][0]
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    day = pd.Timestamp(value, unit="ms") if isinstance(value, int | float) else pd.Timestamp(value)
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
