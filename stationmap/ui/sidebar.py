"""The current view (filters, as-of date, selected station and source): sidebar widgets, session state, URL.

One home for the view: ``st.session_state["view"]`` holds the canonical ``ViewState`` so it survives pages
that do not draw the filters; widgets are seeded from it, every change is written back to it and to the
URL (``store_view``), so a copied link reproduces the view on any page and switching pages keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from stationmap.dataset import Dataset
from stationmap.models import Status
from stationmap.queries import Filters, country_name
from stationmap.shared_view import Choices, ViewState, read_view, view_params
from stationmap.vocabulary import status_label

VIEW = "view"
NOTICES = "view_notices"
W_STATUS, W_COUNTRY, W_BUREAU, W_BATCH, W_CONTESTED, W_TEXT, W_AS_OF = (
    "w_status", "w_country", "w_bureau", "w_batch", "w_contested", "w_text", "w_as_of")
W_STATION = "w_station"
W_SOURCE = "w_source"


def choices_for(dataset: Dataset, frame: pd.DataFrame, today: dt.date) -> Choices:
    return Choices(countries=set(frame["country"]), bureaus=set(frame["bureau"]),
                   batches=set(dataset.batches), station_ids=set(dataset.stations),
                   station_aliases={old: new for (kind, old), new in dataset.aliases.items() if kind == "station"},
                   source_ids=set(dataset.sources),
                   source_aliases={old: new for (kind, old), new in dataset.aliases.items() if kind == "source"},
                   earliest=dataset.first_known, today=today)


def current_view(choices: Choices) -> ViewState:
    """The view for this session: from the URL on first visit, then from session state."""
    if VIEW not in st.session_state:
        parsed = read_view(st.query_params.to_dict(), choices)
        st.session_state[VIEW] = parsed.view
        st.session_state[NOTICES] = parsed.notices
    for notice in st.session_state.get(NOTICES, ()):
        st.warning(notice, icon=":material/event_busy:")
    return st.session_state[VIEW]


def store_view(view: ViewState) -> None:
    """Make ``view`` the session's view and the page address (no write when nothing changed)."""
    st.session_state[VIEW] = view
    params = view_params(view)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def keep_view(dataset: Dataset, frame: pd.DataFrame) -> ViewState:
    """For pages without the filters: keep the view (and so the address) as the reader left it."""
    view = current_view(choices_for(dataset, frame, dt.date.today()))
    store_view(view)
    return view


def select_station(station_id: str | None) -> None:
    """Select a station (from a map click, the list or the table) and keep the URL in step."""
    view = st.session_state.get(VIEW, ViewState())
    st.session_state[W_STATION] = station_id
    store_view(replace(view, station_id=station_id))


def select_source(source_id: str | None) -> None:
    store_view(replace(st.session_state.get(VIEW, ViewState()), source_id=source_id))


def _view_from_widgets(view: ViewState, today: dt.date) -> ViewState:
    """The view the sidebar widgets describe now (read from their session-state values)."""
    state = st.session_state
    filters = Filters(frozenset(Status(s) for s in state[W_STATUS]), frozenset(state[W_COUNTRY]),
                      frozenset(state[W_BUREAU]), frozenset(state[W_BATCH]), bool(state[W_CONTESTED]),
                      state[W_TEXT] or "")
    picked = state[W_AS_OF]
    return replace(view, filters=filters, as_of=None if picked is None or picked >= today else picked)


def _widgets_changed() -> None:
    """on_change of every filter widget: the widgets' new values become the view (before the page runs)."""
    store_view(_view_from_widgets(st.session_state.get(VIEW, ViewState()), dt.date.today()))


def _seed_widgets(view: ViewState, today: dt.date) -> None:
    """Set every widget from the view on every run, so any page shows the same filters (widget values
    of their own are dropped by Streamlit when another page runs)."""
    f = view.filters
    st.session_state[W_STATUS] = [s.value for s in Status if s in f.statuses]
    st.session_state[W_COUNTRY] = sorted(f.countries)
    st.session_state[W_BUREAU] = sorted(f.bureaus)
    st.session_state[W_BATCH] = sorted(f.batches)
    st.session_state[W_CONTESTED] = f.contested_only
    st.session_state[W_TEXT] = f.text
    st.session_state[W_AS_OF] = view.as_of or today


def sidebar_filters(dataset: Dataset, frame: pd.DataFrame) -> ViewState:
    """Draw the filters and the as-of slider in the sidebar; return the view they describe."""
    today = dt.date.today()
    choices = choices_for(dataset, frame, today)
    view = current_view(choices)
    _seed_widgets(view, today)

    sidebar = st.sidebar
    sidebar.header("Filter stations")
    changed = _widgets_changed
    sidebar.multiselect("Verification status", [s.value for s in Status], key=W_STATUS, on_change=changed,
                        format_func=lambda v: status_label(Status(v)), placeholder="All statuses")
    sidebar.multiselect("Country", sorted(choices.countries, key=country_name), key=W_COUNTRY, on_change=changed,
                        format_func=lambda c: f"{country_name(c)} ({c})", placeholder="All countries")
    sidebar.multiselect("Operator bureau", sorted(choices.bureaus), key=W_BUREAU, on_change=changed,
                        placeholder="All bureaus")
    sidebar.multiselect("Report", sorted(choices.batches), key=W_BATCH, on_change=changed,
                        format_func=lambda b: dataset.batches[b].label if b in dataset.batches else b,
                        placeholder="All reports")
    sidebar.toggle("Contested only", key=W_CONTESTED, on_change=changed,
                   help="Stations where one source says it operated and another found nothing or denied it.")
    sidebar.text_input("Search", key=W_TEXT, on_change=changed, placeholder="city, country, label…", max_chars=200)
    as_of_slider(choices, today)

    new_view = replace(_view_from_widgets(view, today),
                       station_id=view.station_id if view.station_id in choices.station_ids else None)
    store_view(new_view)
    return new_view


def as_of_slider(choices: Choices, today: dt.date) -> None:
    """What was known on a date: from the first evidence to today (today means no as-of date)."""
    earliest = choices.earliest or today
    if not earliest <= st.session_state[W_AS_OF] <= today:
        st.session_state[W_AS_OF] = today
    st.sidebar.slider("As of", min_value=earliest, max_value=today, key=W_AS_OF, on_change=_widgets_changed,
                               format="YYYY-MM-DD", step=dt.timedelta(days=1),
                               help="Show only what had been published by this day. Drag to today for everything.")


def set_as_of(value: dt.date | None) -> None:
    """Set the as-of date from elsewhere (the timeline chart); the slider follows on the next run."""
    st.session_state[W_AS_OF] = value or dt.date.today()
    store_view(replace(st.session_state.get(VIEW, ViewState()), as_of=value))
