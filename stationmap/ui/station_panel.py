"""The station panel beside the map, the totals line and the note on stations the map cannot draw."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.render.evidence_html import station_panel_html
from stationmap.render.i18n import country_name, full_stop, separator
from stationmap.rules.as_of import headline_counts
from stationmap.rules.queries import placed_count
from stationmap.ui.html import show_html
from stationmap.ui.language import interface_language, tr
from stationmap.ui.view_state import VIEW, select_station

W_STATION = "w_station"
#: The picker lists at most this many stations (each rerun sends its labels): the filters narrow the rest.
MAX_LISTED = 1000


def totals_line(dataset: Dataset, frame: pd.DataFrame, as_of=None) -> None:
    """The honest headline: how many the reports count, how many we could identify and place; with an as-of
    date, the counts as they stood then (``frame`` holds the stations known by then)."""
    words = tr()
    counts = headline_counts(dataset, frame, placed_count(frame), as_of)
    parts = []
    if counts.reports:
        parts.append(words("**{total} reported** by {reports} reports, {listed} of them identified in public "
                           "reporting").format(total=counts.reported_total, reports=counts.reports,
                                               listed=counts.listed))
    if counts.later:
        parts.append(words("{count} more sites reported later").format(count=counts.later))
    parts.append(words("**{count} placed on the map**").format(count=counts.placed))
    # Numbers and our own words only: no data string reaches Markdown.
    st.markdown(" · ".join(parts) + full_stop(interface_language()) + words(
        "Unidentified stations are counted, never invented: see Methodology."))


def unplaced_note(shown: pd.DataFrame) -> None:
    """The legend sits on the map; say here what the map cannot show."""
    hidden = len(shown) - placed_count(shown)
    if hidden:
        words = tr()
        st.caption(words("{count} matching station(s) have no coordinates yet and are listed, not drawn.").format(
            count=hidden))


def station_choice_label(dataset: Dataset, station_id: str, language: str) -> str:
    """The picker's label: the English label, then the place in the reader's language, so typing the Chinese
    city name (the one the sidebar search finds) finds the station: ``Amsterdam #1 — 阿姆斯特丹，荷兰``."""
    station = dataset.stations[station_id]
    country = country_name(station.country, language)
    if language == "en":
        return f"{station.label} — {country}"
    city = dataset.city_name(station_id, language)
    place = separator(language).join(part for part in (city if city != station.city else "", country) if part)
    return f"{station.label} — {place}"


def station_panel(dataset: Dataset, shown: pd.DataFrame, as_of=None) -> None:
    """A list to pick a station (keyboard-friendly twin of a map click) and its evidence."""
    words, language = tr(), interface_language()
    view = st.session_state.get(VIEW)
    selected = view.station_id if view else None
    ordered = shown["station_id"]  # the station frame is already in country, then label order
    options: list[str | None] = [None, *ordered.iloc[:MAX_LISTED]]
    if selected is not None and selected not in options and selected in dataset.stations:
        options.append(selected)
    st.session_state[W_STATION] = selected if selected in options else None
    prompt = words("Click a marker or choose a station…")
    # Only these labels go into the widget (it keeps its format_func for the session's life): a function over
    # ``dataset`` would pin a whole data version in every open or recently closed session.
    labels = {sid: station_choice_label(dataset, sid, language) for sid in options if sid is not None}

    def label(sid: str | None) -> str:
        return prompt if sid is None else labels[sid]

    choice = st.selectbox(words("Station ({count} match the filters)").format(count=len(shown)), options,
                          key=W_STATION, on_change=lambda: select_station(st.session_state[W_STATION]),
                          placeholder=prompt, format_func=label)
    if len(shown) > MAX_LISTED:
        st.caption(words("The list shows the first {listed} of {count} stations; narrow it with the filters or the "
                         "search box, or click a marker.").format(listed=MAX_LISTED, count=len(shown)))
    if choice is None:
        st.info(words("Click a marker on the map (or pick a station above) to read the sources behind its status. "
                      "Numbered rings are clusters: click to zoom in; stations in one city fan out."))
        return
    if choice not in set(shown["station_id"]):
        st.caption(words("This station does not match the current filters or had not been reported by the as-of "
                         "date.") if as_of else words("This station does not match the current filters."))
    show_html(station_panel_html(dataset, choice, as_of, language))
