"""The sidebar filters and the as-of slider, seeded from the view on every run and writing back to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.records.models import Status
from stationmap.render.i18n import country_name, month_label, parenthesis_template
from stationmap.rules.as_of import AsOfRange, as_of_range, month_steps, step_for
from stationmap.rules.queries import Filters
from stationmap.rules.shared_view import Choices, ViewState
from stationmap.rules.vocabulary import bureau_label, status_label
from stationmap.ui.language import interface_language, tr
from stationmap.ui.view_state import VIEW, choices_for, current_view, store_view

W_STATUS, W_COUNTRY, W_BUREAU, W_BATCH, W_CONTESTED, W_TEXT, W_AS_OF, W_AS_OF_MONTH = (
    "w_status", "w_country", "w_bureau", "w_batch", "w_contested", "w_text", "w_as_of", "w_as_of_month")
AS_OF_RANGE = "as_of_range"  # this run's range, for the widgets' callbacks


def _view_from_widgets(view: ViewState, span: AsOfRange) -> ViewState:
    """The view the sidebar widgets describe now (read from their session-state values)."""
    state = st.session_state
    filters = Filters(frozenset(Status(s) for s in state[W_STATUS]), frozenset(state[W_COUNTRY]),
                      frozenset(state[W_BUREAU]), frozenset(state[W_BATCH]), bool(state[W_CONTESTED]),
                      state[W_TEXT] or "")
    return replace(view, filters=filters, as_of=span.as_of(state[W_AS_OF]))


def _widgets_changed() -> None:
    """on_change of every filter widget: the widgets' new values become the view (before the page runs)."""
    store_view(_view_from_widgets(st.session_state.get(VIEW, ViewState()), st.session_state[AS_OF_RANGE]))


def _month_moved() -> None:
    """on_change of the month slider: the date field takes the month's last day, then the view follows."""
    st.session_state[W_AS_OF] = st.session_state[W_AS_OF_MONTH]
    _widgets_changed()


def _seed_widgets(view: ViewState, span: AsOfRange) -> None:
    """Set every widget from the view on every run, so any page shows the same filters (widget values
    of their own are dropped by Streamlit when another page runs)."""
    f = view.filters
    st.session_state[W_STATUS] = [s.value for s in Status if s in f.statuses]
    st.session_state[W_COUNTRY] = sorted(f.countries)
    st.session_state[W_BUREAU] = sorted(f.bureaus)
    st.session_state[W_BATCH] = sorted(f.batches)
    st.session_state[W_CONTESTED] = f.contested_only
    st.session_state[W_TEXT] = f.text
    st.session_state[W_AS_OF] = span.clamp(view.as_of)
    st.session_state[W_AS_OF_MONTH] = step_for(st.session_state[W_AS_OF], month_steps(span))


def sidebar_filters(dataset: Dataset, frame: pd.DataFrame, *, draw: bool = True) -> ViewState:
    """Draw the filters and the as-of slider in the sidebar; return the view they describe. ``draw`` False:
    only the view (the widgets' values are seeded from it all the same), for a run that draws the map first
    (``stationmap.ui.first_screen``)."""
    today = dt.date.today()
    choices = choices_for(dataset, frame, today)
    view = current_view(choices)
    span = as_of_range(dataset.first_known, dataset.data_as_of, today)
    st.session_state[AS_OF_RANGE] = span
    _seed_widgets(view, span)
    if draw:
        _draw_widgets(dataset, choices, span)
    return _view_after(view, span, choices)


def _view_after(view: ViewState, span: AsOfRange, choices: Choices) -> ViewState:
    """The view the (seeded or changed) widget values describe, its selection kept if the data knows it."""
    new_view = replace(_view_from_widgets(view, span),
                       station_id=view.station_id if view.station_id in choices.station_ids else None)
    store_view(new_view)
    return new_view


def _draw_widgets(dataset: Dataset, choices: Choices, span: AsOfRange) -> None:
    words, language = tr(), interface_language()
    sidebar = st.sidebar
    sidebar.header(words("Filter stations"))
    changed = _widgets_changed
    sidebar.multiselect(words("Verification status"), [s.value for s in Status], key=W_STATUS, on_change=changed,
                        format_func=lambda v: status_label(Status(v), language), placeholder=words("All statuses"))
    sidebar.multiselect(words("Country"), sorted(choices.countries, key=lambda c: country_name(c, language)),
                        key=W_COUNTRY, on_change=changed, placeholder=words("All countries"),
                        format_func=lambda c: country_name(c, language) + parenthesis_template(language).format(c))
    sidebar.multiselect(words("Operator bureau"), sorted(choices.bureaus), key=W_BUREAU, on_change=changed,
                        placeholder=words("All bureaus"), format_func=lambda b: bureau_label(b, language))
    # Widgets keep their format_func for the session's life: a lambda over ``dataset`` would pin a whole
    # data version in every open (or recently closed) session after the data changes. Only the labels go in.
    report_labels = {b: dataset.batches[b].label for b in choices.batches if b in dataset.batches}
    sidebar.multiselect(words("Report"), sorted(choices.batches), key=W_BATCH, on_change=changed,
                        format_func=lambda b: report_labels.get(b, b), placeholder=words("All reports"))
    sidebar.toggle(words("Contested only"), key=W_CONTESTED, on_change=changed,
                   help=words("Stations where one source says it operated and another found nothing or denied it."))
    sidebar.text_input(words("Search"), key=W_TEXT, on_change=changed, placeholder=words("city, country, label…"),
                       max_chars=200)
    as_of_widgets(span, language)


def as_of_widgets(span: AsOfRange, language: str) -> None:
    """What was known on a date: a field to type the day into, and a slider that moves by month; both run
    from the first evidence to the data version (its last day shows everything) and follow each other."""
    words = tr()
    st.sidebar.date_input(words("As of"), min_value=span.first, max_value=span.last, key=W_AS_OF,
                          on_change=_widgets_changed, format="YYYY-MM-DD",
                          help=words("Show only what had been published by this day. The last day shows "
                                     "everything."))
    st.sidebar.select_slider(words("Month"), options=month_steps(span), key=W_AS_OF_MONTH, on_change=_month_moved,
                             format_func=lambda day: month_label(day, language), label_visibility="collapsed")
