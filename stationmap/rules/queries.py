"""The station table and the questions asked of it: filtering, counting, searching. Pure functions.

``station_frame`` flattens the dataset into one row per station with its derived status (pandas lives at
this edge so the pages can sort and show it); ``apply_filters`` narrows it. Building the frame is the only
costly step and the UI caches it per dataset; filtering is vectorised and cheap at 10,000+ rows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stationmap.records.dataset import Dataset
from stationmap.records.models import Status
from stationmap.render.i18n import LANGUAGES, country_name

FRAME_COLUMNS = (
    "station_id", "label", "status", "contested", "weak_sources", "city", "region", "country", "country_name",
    "precision", "bureau", "batch", "n_sources", "n_evidence", "actions", "lat", "lon", "radius_km",
    "geocoded_by", "notes", "search_text",
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search ("Málaga" matches "malaga")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def all_country_names(code: str) -> str:
    """The country's name in every interface language, for search (巴西 and Brasil find Brazil)."""
    return " ".join(dict.fromkeys(country_name(code, language) for language in LANGUAGES))


def station_frame(dataset: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per station that has a status (as of ``as_of``), with everything the views need."""
    rows = []
    for sid, station in dataset.stations.items():
        verdict = dataset.verdict(sid, as_of)
        if verdict is None:
            continue
        evidence = dataset.evidence_for(sid)
        place = dataset.places.get(sid)
        name = country_name(station.country)
        rows.append({
            "station_id": sid,
            "label": station.label,
            "status": verdict.status.value,
            "contested": verdict.contested,
            "weak_sources": dataset.rests_on_weak_sources(sid),
            "city": station.city,
            "region": station.region,
            "country": station.country,
            "country_name": name,
            "precision": (place.precision if place else station.precision).value,
            "bureau": station.bureau.value,
            "batch": station.batch,
            "n_sources": len({e.source_id for e in evidence}),
            "n_evidence": len(evidence),
            "actions": ", ".join(a.value for a in verdict.actions),
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "radius_km": place.radius_km if place else None,
            "geocoded_by": place.provider if place else "",
            "notes": station.notes,
            "search_text": fold(" ".join((sid, station.label, station.city, station.region, station.country,
                                          all_country_names(station.country), dataset.place_names(sid),
                                          station.bureau.value, station.notes))),
        })
    # Sorted once here (by country, then label) so every view of it is in reading order without sorting again.
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS)).sort_values(["country_name", "label"], kind="stable",
                                                                          ignore_index=True)
    return frame.astype({"contested": bool, "weak_sources": bool, "n_sources": int, "n_evidence": int,
                         "lat": float, "lon": float, "radius_km": float})


#: What the Map page reads of the matching stations (ids for the map, panel and timeline; coordinates to
#: count the ones the map cannot draw).
MAP_PAGE_COLUMNS = ("station_id", "lat", "lon")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the map to. An empty set means "no restriction" for that facet."""

    statuses: frozenset[Status] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    bureaus: frozenset[str] = field(default_factory=frozenset)
    batches: frozenset[str] = field(default_factory=frozenset)
    contested_only: bool = False
    text: str = ""


def apply_filters(frame: pd.DataFrame, filters: Filters, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The stations of ``frame`` that pass ``filters``; only ``columns`` of them when given (a page that needs
    three columns should not copy twenty: at 100,000 stations that is tens of MB per view)."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in (("status", filters.statuses), ("country", filters.countries),
                           ("bureau", filters.bureaus), ("batch", filters.batches)):
        if wanted:
            mask &= frame[column].isin({str(w) for w in wanted})
    if filters.contested_only:
        mask &= frame["contested"]
    for word in fold(filters.text).split():
        mask &= frame["search_text"].str.contains(word, regex=False)
    return frame.loc[mask, list(columns)] if columns is not None else frame[mask]


def status_counts(frame: pd.DataFrame) -> dict[Status, int]:
    """How many stations of ``frame`` have each status (every status present, zero included)."""
    counts = frame["status"].value_counts()
    return {status: int(counts.get(status.value, 0)) for status in Status}


def membership(index: pd.Index, ids: Iterable[str]) -> np.ndarray:
    """One boolean per entry of ``index`` (unique): is it among ``ids``? Vectorised; ids not in the index are
    ignored, and ids may repeat (``get_indexer`` needs only the index unique: removing duplicates from 100,000
    Arrow strings first cost about 40 ms of every run of the Map page)."""
    wanted = ids if isinstance(ids, pd.Series) else pd.Series(list(ids), dtype=object)
    positions = index.get_indexer(wanted)
    chosen = np.zeros(len(index), dtype=bool)
    chosen[positions[positions >= 0]] = True
    return chosen


def placed(frame: pd.DataFrame) -> pd.DataFrame:
    """The stations that have coordinates (the ones drawn on the map)."""
    return frame[_has_coordinates(frame)]


def placed_count(frame: pd.DataFrame) -> int:
    """How many of ``frame`` have coordinates, without copying them (asked on every rerun)."""
    return int(_has_coordinates(frame).sum())


def _has_coordinates(frame: pd.DataFrame) -> pd.Series:
    return frame["lat"].notna() & frame["lon"].notna()
