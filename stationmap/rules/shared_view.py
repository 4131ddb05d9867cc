"""The shareable view — filters, the as-of date and the selected station — to and from URL parameters. Pure.

A copied link reproduces the view: ``?status=reported,officially_denied&country=ES&as_of=2022-11-01&
station=es-madrid-1``. Values read from a URL are untrusted: unknown ones are dropped, never echoed back
or trusted; an impossible date is dropped and reported (``ParsedView.notices``) so the page can say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from stationmap.records.models import Status
from stationmap.render.i18n import DEFAULT as DEFAULT_LANGUAGE
from stationmap.render.i18n import resolve_language
from stationmap.rules.queries import Filters

PARAM_STATUS, PARAM_COUNTRY, PARAM_BUREAU, PARAM_BATCH = "status", "country", "bureau", "batch"
PARAM_CONTESTED, PARAM_TEXT, PARAM_STATION, PARAM_AS_OF = "contested", "q", "station", "as_of"
PARAM_SOURCE, PARAM_LANG, PARAM_SINCE = "source", "lang", "since"
MAX_TEXT = 200


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    station_id: str | None = None
    as_of: dt.date | None = None  # None: today, everything known
    source_id: str | None = None  # the source open on the Sources page
    language: str | None = None  # chosen interface language; None: follow the browser
    since: dt.date | None = None  # the Changes page shows what changed on and after this day (a cited version)


def parse_as_of(text: str, earliest: dt.date | None = None, latest: dt.date | None = None) -> dt.date:
    """A ``YYYY-MM-DD`` date within [earliest, latest]; ValueError with a plain reason otherwise."""
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text[:40]}' is not a date of the form YYYY-MM-DD") from None
    if len(text.strip()) != 10:
        raise ValueError(f"'{text[:40]}' is not a date of the form YYYY-MM-DD")
    if earliest is not None and value < earliest:
        raise ValueError(f"{value} is before the first evidence ({earliest})")
    if latest is not None and value > latest:
        raise ValueError(f"{value} is in the future")
    return value


@dataclass(frozen=True)
class Choices:
    """The values a URL may name: anything else is ignored."""

    countries: Collection[str]
    bureaus: Collection[str]
    batches: Collection[str]
    station_ids: Collection[str]
    station_aliases: Mapping[str, str] = field(default_factory=dict)  # retired id -> current id
    source_ids: Collection[str] = ()
    source_aliases: Mapping[str, str] = field(default_factory=dict)
    earliest: dt.date | None = None  # the as-of date may not be before the first evidence
    today: dt.date | None = None  # ... nor after today


@dataclass(frozen=True)
class ParsedView:
    view: ViewState
    notices: tuple[str, ...] = ()  # what in the URL was ignored, for a visible notice


def _values(params: Mapping[str, str | list[str]], name: str) -> list[str]:
    raw = params.get(name, "")
    items = raw if isinstance(raw, list) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def parse_view(params: Mapping[str, str | list[str]], choices: Choices) -> ViewState:
    """Read a view from query parameters, keeping only values that exist in the data."""
    return read_view(params, choices).view


def read_view(params: Mapping[str, str | list[str]], choices: Choices) -> ParsedView:
    """Like ``parse_view``, and say what was ignored (an impossible as-of date) so the page can tell."""
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
    as_of, notices = None, []
    raw_date = next(iter(_values(params, PARAM_AS_OF)), None)
    if raw_date:
        try:
            as_of = parse_as_of(raw_date, choices.earliest, choices.today)
        except ValueError as exc:
            notices.append(f"The date in the link was ignored: {exc}. Showing what is known today.")
    since = None
    raw_since = next(iter(_values(params, PARAM_SINCE)), None)
    if raw_since:
        try:
            since = parse_as_of(raw_since, None, choices.today)
        except ValueError as exc:
            notices.append(f"The 'since' date in the link was ignored: {exc}. Showing every change.")
    raw_language = next(iter(_values(params, PARAM_LANG)), None)
    language = (resolve_language(raw_language) or DEFAULT_LANGUAGE) if raw_language else None  # unknown: English
    source = next(iter(_values(params, PARAM_SOURCE)), None)
    source = choices.source_aliases.get(source, source) if source else None
    return ParsedView(ViewState(filters, station if station in choices.station_ids else None, as_of,
                                source if source in choices.source_ids else None, language, since),
                      tuple(notices))


def view_params(view: ViewState) -> dict[str, str]:
    """Query parameters for ``view``; empty facets are left out so links stay short."""
    f = view.filters
    params = {
        PARAM_LANG: view.language or "",
        PARAM_STATUS: ",".join(s.value for s in Status if s in f.statuses),
        PARAM_COUNTRY: ",".join(sorted(f.countries)),
        PARAM_BUREAU: ",".join(sorted(f.bureaus)),
        PARAM_BATCH: ",".join(sorted(f.batches)),
        PARAM_CONTESTED: "1" if f.contested_only else "",
        PARAM_TEXT: f.text.strip(),
        PARAM_AS_OF: view.as_of.isoformat() if view.as_of else "",
        PARAM_STATION: view.station_id or "",
        PARAM_SOURCE: view.source_id or "",
        PARAM_SINCE: view.since.isoformat() if view.since else "",
    }
    return {name: value for name, value in params.items() if value}
