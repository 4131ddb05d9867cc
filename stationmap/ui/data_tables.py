"""Tables of stations and sources as Streamlit dataframes (rendered as text, never as HTML)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.records.models import Status
from stationmap.render.i18n import N_, country_name, enumeration, local_date
from stationmap.rules.vocabulary import (
    RELIABILITY_LABELS,
    WEAK_SOURCES_DEFINITION,
    bureau_label,
    claim_label,
    precision_label,
    publisher_label,
    source_kind_label,
    status_label,
)
from stationmap.ui.language import interface_language, tr

#: Column -> (heading, kind); data columns keep their stable English names in exports.
STATION_COLUMNS = {
    "label": (N_("Station"), "text"),
    "status": (N_("Status"), "text"),
    "contested": (N_("Contested"), "check"),
    "weak_sources": (N_("Weak sources only"), "check"),
    "city": (N_("City"), "text"),
    "country_name": (N_("Country"), "text"),
    "precision": (N_("Precision"), "text"),
    "bureau": (N_("Bureau"), "text"),
    "n_sources": (N_("Sources"), "number"),
    "actions": (N_("Official actions"), "text"),
    "station_id": (N_("Id"), "text"),
}


#: On a phone (390 px) the station's name stays in view while the rest scrolls beside it, and the status
#: column is wide enough for the Chinese status names.
PINNED = {"label"}
WIDTHS = {"label": "medium", "status": "medium"}


def _column(name: str, heading: str, kind: str, help_text: str | None = None):
    make = {"text": st.column_config.TextColumn, "check": st.column_config.CheckboxColumn,
            "number": st.column_config.NumberColumn}[kind]
    return make(heading, help=help_text, width=WIDTHS.get(name), pinned=True if name in PINNED else None)


def station_rows(frame: pd.DataFrame, language: str, city_name=None) -> pd.DataFrame:
    """The table's cells in ``language``: every value we own (status, precision, bureau, official actions,
    country, and the city where a Chinese name is known) in its words; labels and ids as written."""
    def actions(value: str) -> str:
        return enumeration((claim_label(code.strip(), language) for code in value.split(",") if code.strip()),
                           language) if value else ""

    shown = frame[list(STATION_COLUMNS)].assign(
        status=frame["status"].map(lambda s: status_label(Status(s), language)),
        country_name=frame["country"].map(lambda c: country_name(c, language)),
        precision=frame["precision"].map(lambda p: precision_label(p, language)),
        bureau=frame["bureau"].map(lambda b: bureau_label(b, language)),
        actions=frame["actions"].map(actions))
    if city_name is not None:
        shown["city"] = [city_name(sid) or city for sid, city in zip(frame["station_id"], frame["city"], strict=True)]
    return shown


def station_table(frame: pd.DataFrame, dataset=None) -> str | None:
    """The stations as a sortable table; returns the station id of a row the reader selected, if any."""
    words, language = tr(), interface_language()
    names = (lambda sid: dataset.city_name(sid, language)) if dataset is not None and language != "en" else None
    shown = station_rows(frame, language, names)
    columns = {name: _column(name, words(heading), kind,
                             words(WEAK_SOURCES_DEFINITION) if name == "weak_sources" else None)
               for name, (heading, kind) in STATION_COLUMNS.items()}
    event = st.dataframe(shown, column_config=columns, hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="single-row", key="station_table")
    rows = event.selection.rows if event is not None else []
    return str(shown.iloc[rows[0]]["station_id"]) if rows else None


def source_table(dataset) -> str | None:
    """Every source with its metadata; returns the source id of a row the reader selected, if any."""
    words, language = tr(), interface_language()
    cited: dict[str, int] = {}
    for item in dataset.evidence:
        cited[item.source_id] = cited.get(item.source_id, 0) + 1
    rows = [{
        "title": s.title,
        "publisher": publisher_label(s.publisher, language),
        "published": ((words("about") + " " if s.date_is_approximate else "") + local_date(s.published, language))
        if s.published else "",
        "kind": source_kind_label(s.kind, language),
        "reliability": words(RELIABILITY_LABELS[s.reliability]),
        "stored": words("full text") if s.text is not None else words("summary + link"),
        "url": s.url or None,
        "cited": cited.get(s.source_id, 0),
        "source_id": s.source_id,
    } for s in dataset.sources.values()]
    frame = pd.DataFrame(rows)
    headings = {"title": N_("Title"), "publisher": N_("Publisher"), "published": N_("Published"), "kind": N_("Kind"),
                "reliability": N_("Reliability"), "stored": N_("Stored"), "source_id": N_("Id")}
    config = {name: st.column_config.TextColumn(words(heading)) for name, heading in headings.items()}
    config["url"] = st.column_config.LinkColumn(words("Link"), display_text=words("open"))
    config["cited"] = st.column_config.NumberColumn(words("Claims"))
    event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="source_table", column_config=config)
    selected = event.selection.rows if event is not None else []
    return str(frame.iloc[selected[0]]["source_id"]) if selected else None
