"""The Changes page's Streamlit parts: the changelog of the loaded data version, cached with it, and the
"since" date picker kept in the view (and so in the page address)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from stationmap.changelog.versions import Changelog, load_changelog
from stationmap.records.dataset import Dataset
from stationmap.rules.shared_view import PARAM_LANG, PARAM_STATION, ViewState
from stationmap.ui.data import Loaded
from stationmap.ui.view_state import VIEW, store_view

W_SINCE = "w_since"
EARLIEST = dt.date(2000, 1, 1)  # any cited version is later (the reports began in 2022)


@st.cache_resource(max_entries=1)  # one data version's changelog, rebuilt when a data file changes
def _changelog(data_dir: str, signature: tuple, _dataset: Dataset) -> Changelog:
    return load_changelog(Path(data_dir), _dataset)


def changelog_for(loaded: Loaded, data_dir: Path) -> Changelog:
    return _changelog(str(data_dir), loaded.signature, loaded.result.dataset)


def station_href_for(view: ViewState):
    """Station links open the map page on the station, in the reader's language."""
    def href(station_id: str) -> str:
        params = {PARAM_STATION: station_id, **({PARAM_LANG: view.language} if view.language else {})}
        return "./?" + urlencode(params)
    return href


def _since_changed() -> None:
    value = st.session_state[W_SINCE]
    store_view(replace(st.session_state.get(VIEW, ViewState()), since=value if isinstance(value, dt.date) else None))


def since_picker(view: ViewState, label: str) -> dt.date | None:
    """A date input seeded from the view; changing it rewrites the address (``?since=``)."""
    st.session_state[W_SINCE] = view.since
    st.date_input(label, key=W_SINCE, min_value=EARLIEST,
                  max_value=dt.date.today(), on_change=_since_changed, format="YYYY-MM-DD")
    return view.since
