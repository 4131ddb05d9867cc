"""Tables of stations and sources as Streamlit dataframes (rendered as text, never as HTML)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.models import Status
from stationmap.vocabulary import RELIABILITY_LABELS, WEAK_SOURCES_DEFINITION, status_label

STATION_COLUMNS = {
    "label": st.column_config.TextColumn("Station"),
    "status": st.column_config.TextColumn("Status"),
    "contested": st.column_config.CheckboxColumn("Contested"),
    "weak_sources": st.column_config.CheckboxColumn("Weak sources only", help=WEAK_SOURCES_DEFINITION),
    "city": st.column_config.TextColumn("City"),
    "country_name": st.column_config.TextColumn("Country"),
    "precision": st.column_config.TextColumn("Precision"),
    "bureau": st.column_config.TextColumn("Bureau"),
    "n_sources": st.column_config.NumberColumn("Sources"),
    "actions": st.column_config.TextColumn("Official actions"),
    "station_id": st.column_config.TextColumn("Id"),
}


def station_table(frame: pd.DataFrame) -> str | None:
    """The stations as a sortable table; returns the station id of a row the reader selected, if any."""
    shown = frame[list(STATION_COLUMNS)].assign(status=frame["status"].map(lambda s: status_label(Status(s))))
    event = st.dataframe(shown, column_config=STATION_COLUMNS, hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="single-row", key="station_table")
    rows = event.selection.rows if event is not None else []
    return str(shown.iloc[rows[0]]["station_id"]) if rows else None


def source_table(dataset) -> str | None:
    """Every source with its metadata; returns the source id of a row the reader selected, if any."""
    rows = [{
        "title": s.title,
        "publisher": s.publisher,
        "published": (("about " if s.date_is_approximate else "") + str(s.published)) if s.published else "",
        "kind": s.kind,
        "reliability": RELIABILITY_LABELS[s.reliability],
        "stored": "full text" if s.text is not None else "summary + link",
        "url": s.url or None,
        "cited": sum(1 for e in dataset.evidence if e.source_id == s.source_id),
        "source_id": s.source_id,
    } for s in dataset.sources.values()]
    frame = pd.DataFrame(rows)
    event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="source_table", column_config={
                             "url": st.column_config.LinkColumn("Link", display_text="open"),
                             "cited": st.column_config.NumberColumn("Claims"),
                         })
    selected = event.selection.rows if event is not None else []
    return str(frame.iloc[selected[0]]["source_id"]) if selected else None
