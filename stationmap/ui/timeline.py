"""The timeline chart on the Map page (Vega-Lite through Altair, Streamlit's own charting).

Claims per month by kind, following the filters, with the as-of date marked; choosing a month sets the
as-of date to that month's last day.

Altair is imported when the chart is drawn, at the end of the page, not with this module: the page imports
this module before it draws the map, and importing Altair (0.13 s) in between kept a restarted server's first
map waiting.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.render.i18n import local_date, month_format, month_label
from stationmap.rules.timeline import KINDS, claims_per_month
from stationmap.ui.language import interface_language, tr
from stationmap.ui.sidebar import AS_OF_RANGE
from stationmap.ui.view_state import set_as_of

CHART_KEY = "timeline"
W_MONTH = "w_timeline_month"
KIND_COLOURS = ("#E69F00", "#009E73", "#D55E00", "#0072B2", "#999999", "#CC79A7", "#000000")


def timeline(dataset: Dataset, shown: pd.DataFrame, as_of: dt.date | None) -> None:
    import altair as alt  # here, not at the top: see the module's docstring

    words, language = tr(), interface_language()
    months = month_format(language) or alt.Undefined
    data = claims_per_month(dataset, shown["station_id"], words)
    if data.empty:
        return
    pick = alt.selection_point(name="month", fields=["month"], on="click", clear=False)
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title=words("Month the claim was published"), axis=alt.Axis(format=months)),
        y=alt.Y("sum(claims):Q", title=words("Claims")),
        color=alt.Color("kind:N", title=words("Kind of claim"),
                        scale=alt.Scale(domain=[words(kind) for kind in KINDS], range=list(KIND_COLOURS))),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=words("Month"), format=months),
                 alt.Tooltip("kind:N", title=words("Kind")),
                 alt.Tooltip("sum(claims):Q", title=words("Claims"))],
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.85)),
    ).add_params(pick)
    layers = [bars]
    if as_of is not None:
        rule = pd.DataFrame({"as_of": [pd.Timestamp(as_of)],
                             "label": [words("as of {date}").format(date=local_date(as_of, language))]})
        layers.append(alt.Chart(rule).mark_rule(color="#b00020", strokeWidth=2).encode(
            x="as_of:T", tooltip=alt.Tooltip("label:N", title=words("Shown"))))
    chart = alt.layer(*layers).properties(height=170)
    event = st.altair_chart(chart, key=CHART_KEY, on_select="rerun", selection_mode="month",
                            width="stretch")
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
        points = event.selection["month"]
        value = points[0]["month"] if isinstance(points, list) else points["month"][0]
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    day = pd.Timestamp(value, unit="ms") if isinstance(value, int | float) else pd.Timestamp(value)
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
