"""The map in words: counts by status and by country, the image's alt text and the site's screen-reader
text and link-preview description (the same words everywhere). Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from stationmap.records.models import Status
from stationmap.render.i18n import N_, country_name, enumeration, translator
from stationmap.rules.queries import status_counts
from stationmap.rules.vocabulary import STATUS_LABELS

MAP_OF = N_("Map of {count} reported Chinese overseas police stations")
DATA_DATE = N_("data as of {date}")
SHOWN_AS_OF = N_("shown as of {date}")
BY_STATUS = N_("By status: {counts}.")
BY_COUNTRY = N_("By country: {counts}.")
NOT_PLACED = N_("{count} without a known place are not drawn.")
#: Between the clauses of the status list (the country list is an enumeration: ``i18n.enumeration``).
_CLAUSE_SEPARATOR = {"en": "; ", "zh-Hans": "；", "zh-Hant": "；"}


def status_list(counts: dict[Status, int], language: str) -> str:
    """``56 Reported, 16 Visited, found nothing, …``: every status in legend order, zero included."""
    tr = translator(language)
    separator = _CLAUSE_SEPARATOR.get(language, "; ")
    if language == "en":
        return separator.join(f"{counts.get(status, 0)} {tr(STATUS_LABELS[status]).lower()}" for status in Status)
    return separator.join(f"{tr(STATUS_LABELS[status])} {counts.get(status, 0)}" for status in Status)


def country_counts(frame: pd.DataFrame, language: str) -> list[tuple[str, int]]:
    """(country name in ``language``, stations) for every country of ``frame``, most stations first."""
    counts = frame["country"].value_counts()
    named = [(country_name(str(code), language), int(count)) for code, count in counts.items()]
    return sorted(named, key=lambda item: (-item[1], item[0]))


def country_list(counts: Sequence[tuple[str, int]], language: str) -> str:
    return enumeration((f"{name} {count}" for name, count in counts), language)


def headline(frame: pd.DataFrame, language: str, data_as_of: dt.date | None, as_of: dt.date | None) -> str:
    """``Map of 87 reported Chinese overseas police stations (data as of 2025-12-01)``."""
    tr = translator(language)
    dates = [tr(DATA_DATE).format(date=data_as_of.isoformat())] if data_as_of else []
    if as_of:
        dates.append(tr(SHOWN_AS_OF).format(date=as_of.isoformat()))
    text = tr(MAP_OF).format(count=len(frame))
    if dates:
        inner = (", " if language == "en" else "，").join(dates)
        text += f" ({inner})" if language == "en" else f"（{inner}）"
    return text


def describe(frame: pd.DataFrame, language: str, data_as_of: dt.date | None, as_of: dt.date | None,
             *, with_countries: bool = True) -> str:
    """The map in a few sentences: headline, counts by status and (unless told not to) by country."""
    tr = translator(language)
    stop = ". " if language == "en" else "。"
    parts = [headline(frame, language, data_as_of, as_of) + stop.rstrip(),
             tr(BY_STATUS).format(counts=status_list(status_counts(frame), language))]
    if with_countries and len(frame):
        parts.append(tr(BY_COUNTRY).format(counts=country_list(country_counts(frame, language), language)))
    unplaced = int((frame["lat"].isna() | frame["lon"].isna()).sum())
    if unplaced:
        parts.append(tr(NOT_PLACED).format(count=unplaced))
    return (" " if language == "en" else "").join(parts)
