"""The station panel beside the map, the totals line and the legend with counts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.dataset import Dataset
from stationmap.evidence_html import station_panel_html
from stationmap.queries import placed
from stationmap.ui.html import show_html
from stationmap.ui.sidebar import VIEW, W_STATION, select_station


def totals_line(dataset: Dataset, frame: pd.DataFrame) -> None:
    """The honest headline: how many the reports count, how many we could identify and place."""
    counted_batches = [b for b in dataset.batches.values() if b.reported_count is not None]
    listed = dataset.stations_in_counted_batches()
    later = len(dataset.stations) - listed
    n_placed = len(placed(frame))
    parts = []
    if counted_batches:
        parts.append(f"**{dataset.reported_total} reported** by {len(counted_batches)} reports, "
                     f"{listed} of them identified in public reporting")
    if later:
        parts.append(f"{later} more sites reported later")
    parts.append(f"**{n_placed} placed on the map**")
    st.markdown(" · ".join(parts) + ". Unidentified stations are counted, never invented: see Methodology.")


def unplaced_note(shown: pd.DataFrame) -> None:
    """The legend sits on the map; say here what the map cannot show."""
    hidden = len(shown) - len(placed(shown))
    if hidden:
        st.caption(f"{hidden} matching station(s) have no coordinates yet and are listed, not drawn.")


def station_panel(dataset: Dataset, shown: pd.DataFrame, as_of=None) -> None:
    """A list to pick a station (keyboard-friendly twin of a map click) and its evidence."""
    view = st.session_state.get(VIEW)
    selected = view.station_id if view else None
    options: list[str | None] = [None, *shown.sort_values(["country_name", "label"])["station_id"]]
    if selected is not None and selected not in options and selected in dataset.stations:
        options.append(selected)
    st.session_state[W_STATION] = selected if selected in options else None
    labels = dict(zip(shown["station_id"], shown["label"] + " — " + shown["country_name"], strict=True))
    choice = st.selectbox(f"Station ({len(shown)} match the filters)", options, key=W_STATION,
                          on_change=lambda: select_station(st.session_state[W_STATION]),
                          placeholder="Click a marker or choose a station…",
                          format_func=lambda sid: "Click a marker or choose a station…" if sid is None
                          else labels.get(sid, dataset.stations[sid].label))
    if choice is None:
        st.info("Click a marker on the map (or pick a station above) to read the sources behind its status. "
                "Numbered circles are clusters: click to zoom in; stations in one city fan out.")
        return
    if choice not in set(shown["station_id"]):
        st.caption("This station does not match the current filters" + (" or had not been reported by the as-of date."
                                                                        if as_of else "."))
    show_html(station_panel_html(dataset, choice, as_of))
