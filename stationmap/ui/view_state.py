"""The one home of the current view (filters, as-of date, language, selected station and source).

``st.session_state["view"]`` holds the canonical ``ViewState``: read from the link on the first run, then
changed only through ``store_view``, which also writes the page address, so a copied link reproduces the
view on any page and switching pages keeps it. Widgets are seeded from it (``stationmap.ui.sidebar``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.rules.shared_view import Choices, ViewState, read_view, view_params

VIEW = "view"
NOTICES = "view_notices"
W_STATION = "w_station"
W_SOURCE = "w_source"


def choices_for(dataset: Dataset, frame: pd.DataFrame, today: dt.date) -> Choices:
    """The values a link may name. ``frame`` is the whole station frame of ``dataset`` (``Loaded.frame``);
    the sets are built once per data version, since every rerun asks (tens of ms at 100,000 stations)."""
    def build(data: Dataset) -> dict:
        return {"countries": frozenset(frame["country"].unique()), "bureaus": frozenset(frame["bureau"].unique()),
                "batches": frozenset(data.batches), "station_ids": frozenset(data.stations),
                "station_aliases": {old: new for (kind, old), new in data.aliases.items() if kind == "station"},
                "source_ids": frozenset(data.sources),
                "source_aliases": {old: new for (kind, old), new in data.aliases.items() if kind == "source"}}

    return Choices(**dataset.derived("link_choices", build), earliest=dataset.first_known, today=today)


def current_view(choices: Choices) -> ViewState:
    """The view for this session: from the URL on first visit, then from session state."""
    if VIEW not in st.session_state:
        parsed = read_view(st.query_params.to_dict(), choices)
        st.session_state[VIEW] = parsed.view
        st.session_state[NOTICES] = parsed.notices
    return st.session_state[VIEW]


def view_notices() -> tuple[str, ...]:
    """What the link asked for that was ignored (shown once per page, by the frame)."""
    return st.session_state.get(NOTICES, ())


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
    store_view(replace(st.session_state.get(VIEW, ViewState()), station_id=station_id))


def select_source(source_id: str | None) -> None:
    store_view(replace(st.session_state.get(VIEW, ViewState()), source_id=source_id))


def set_as_of(value: dt.date | None) -> None:
    """Set the as-of date from elsewhere (the timeline chart); the slider follows on the next run."""
    store_view(replace(st.session_state.get(VIEW, ViewState()), as_of=value))
