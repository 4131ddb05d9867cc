"""The shareable view — filters and the selected station — to and from URL query parameters. Pure.

A copied link reproduces the view: ``?status=reported,officially_denied&country=ES&station=es-madrid-1``.
Values read from a URL are untrusted: unknown ones are dropped, never echoed back or trusted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from stationmap.models import Status
from stationmap.queries import Filters

PARAM_STATUS, PARAM_COUNTRY, PARAM_BUREAU, PARAM_BATCH = "status", "country", "bureau", "batch"
PARAM_CONTESTED, PARAM_TEXT, PARAM_STATION = "contested", "q", "station"
MAX_TEXT = 200


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    station_id: str | None = None


@dataclass(frozen=True)
class Choices:
    """The values a URL may name: anything else is ignored."""

    countries: Collection[str]
    bureaus: Collection[str]
    batches: Collection[str]
    station_ids: Collection[str]
    station_aliases: Mapping[str, str] = field(default_factory=dict)  # retired id -> current id


def _values(params: Mapping[str, str | list[str]], name: str) -> list[str]:
    raw = params.get(name, "")
    items = raw if isinstance(raw, list) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def parse_view(params: Mapping[str, str | list[str]], choices: Choices) -> ViewState:
    """Read a view from query parameters, keeping only values that exist in the data."""
    statuses = frozenset(Status(v) for v in _values(params, PARAM_STATUS) if v in Status._value2member_map_)
    filters = Filters(
        statuses=statuses,
        countries=frozenset(v for v in _values(params, PARAM_COUNTRY) if v in choices.countries),
        bureaus=frozenset(v for v in _values(params, PARAM_BUREAU) if v in choices.bureaus),
        batches=frozenset(v for v in _values(params, PARAM_BATCH) if v in choices.batches),
        contested_only=_values(params, PARAM_CONTESTED)[:1] in (["1"], ["true"], ["yes"]),
        text=" ".join(_values(params, PARAM_TEXT))[:MAX_TEXT],
    )
    station = next(iter(_values(params, PARAM_STATION)), None)
    station = choices.station_aliases.get(station, station) if station else None
    return ViewState(filters, station if station in choices.station_ids else None)


def view_params(view: ViewState) -> dict[str, str]:
    """Query parameters for ``view``; empty facets are left out so links stay short."""
    f = view.filters
    params = {
        PARAM_STATUS: ",".join(s.value for s in Status if s in f.statuses),
        PARAM_COUNTRY: ",".join(sorted(f.countries)),
        PARAM_BUREAU: ",".join(sorted(f.bureaus)),
        PARAM_BATCH: ",".join(sorted(f.batches)),
        PARAM_CONTESTED: "1" if f.contested_only else "",
        PARAM_TEXT: f.text.strip(),
        PARAM_STATION: view.station_id or "",
    }
    return {name: value for name, value in params.items() if value}
