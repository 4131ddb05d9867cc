"""The current view (filters and selected station): sidebar widgets, session state and the URL.

The canonical view lives in ``st.session_state["view"]`` so it survives pages that do not draw the
filters; widgets are seeded from it, and every change is written back to the URL so a copied link
reproduces the view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.dataset import Dataset
from stationmap.models import Status
from stationmap.queries import Filters, country_name
from stationmap.viewstate import Choices, ViewState, parse_view, view_params
from stationmap.vocabulary import status_label

VIEW = "view"
W_STATUS, W_COUNTRY, W_BUREAU, W_BATCH, W_CONTESTED, W_TEXT = (
    "w_status", "w_country", "w_bureau", "w_batch", "w_contested", "w_text")
W_STATION = "w_station"


def choices_for(dataset: Dataset, frame: pd.DataFrame) -> Choices:
    return Choices(countries=set(frame["country"]), bureaus=set(frame["bureau"]),
                   batches=set(dataset.batches), station_ids=set(frame["station_id"]),
                   station_aliases={old: new for (kind, old), new in dataset.aliases.items() if kind == "station"})


def current_view(choices: Choices) -> ViewState:
    """The view for this session: from the URL on first visit, then from session state."""
    if VIEW not in st.session_state:
        st.session_state[VIEW] = parse_view(st.query_params.to_dict(), choices)
    return st.session_state[VIEW]


def store_view(view: ViewState) -> None:
    st.session_state[VIEW] = view
    params = view_params(view)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def select_station(station_id: str | None) -> None:
    """Select a station (from a map click or the list) and keep the URL in step."""
    view = st.session_state.get(VIEW, ViewState())
    st.session_state[W_STATION] = station_id
    store_view(ViewState(view.filters, station_id))


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def sidebar_filters(dataset: Dataset, frame: pd.DataFrame) -> ViewState:
    """Draw the filters in the sidebar and return the view they describe."""
    choices = choices_for(dataset, frame)
    view = current_view(choices)
    f = view.filters
    _seed(W_STATUS, [s.value for s in Status if s in f.statuses])
    _seed(W_COUNTRY, sorted(f.countries))
    _seed(W_BUREAU, sorted(f.bureaus))
    _seed(W_BATCH, sorted(f.batches))
    _seed(W_CONTESTED, f.contested_only)
    _seed(W_TEXT, f.text)

    sidebar = st.sidebar
    sidebar.header("Filter stations")
    statuses = sidebar.multiselect("Verification status", [s.value for s in Status], key=W_STATUS,
                                   format_func=lambda v: status_label(Status(v)),
                                   placeholder="All statuses")
    countries = sidebar.multiselect("Country", sorted(choices.countries, key=country_name), key=W_COUNTRY,
                                    format_func=lambda c: f"{country_name(c)} ({c})", placeholder="All countries")
    bureaus = sidebar.multiselect("Operator bureau", sorted(choices.bureaus), key=W_BUREAU,
                                  placeholder="All bureaus")
    batches = sidebar.multiselect("Report", sorted(choices.batches), key=W_BATCH,
                                  format_func=lambda b: dataset.batches[b].label if b in dataset.batches else b,
                                  placeholder="All reports")
    contested = sidebar.toggle("Contested only", key=W_CONTESTED,
                               help="Stations where one source says it operated and another found nothing or "
                                    "denied it.")
    text = sidebar.text_input("Search", key=W_TEXT, placeholder="city, country, label…", max_chars=200)

    filters = Filters(frozenset(Status(s) for s in statuses), frozenset(countries), frozenset(bureaus),
                      frozenset(batches), contested, text)
    station = view.station_id if view.station_id in choices.station_ids else None
    new_view = ViewState(filters, station)
    store_view(new_view)
    return new_view
