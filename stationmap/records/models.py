"""The domain records: what a station, a source, a piece of evidence and a place are.

Plain frozen dataclasses and string enums, no I/O. The enum values are the exact spellings used in the
CSV files in ``data/``, so a spreadsheet user and the code speak the same words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


def quick_to_unpickle(cls: type[T]) -> type[T]:
    """Unpickle instances of a frozen slots dataclass with one pass over its slots' own setters.

    ``dataclass(frozen=True, slots=True)`` unpickles each object through ``dataclasses._dataclass_setstate``,
    which calls ``fields()`` again for every object. Reading the cached dataset of 100,000 stations (400,000
    such objects) took 1.0 s, 0.8 s of it there; with this, 0.56 s. (The dataset itself is now pickled by
    columns, ``dataset_columns``, which makes its stations, places and evidence without any call per record;
    this still serves every other record, and caches written before.) The pickled state is unchanged (the
    field values in field order, still written by dataclasses); one of another shape fails to load, and the
    cache is rebuilt.
    """
    setters = tuple(cls.__dict__[f.name].__set__ for f in fields(cls))

    def __setstate__(self, state) -> None:
        for setter, value in zip(setters, state, strict=True):
            setter(self, value)

    cls.__setstate__ = __setstate__
    return cls


class Status(StrEnum):
    """A station's verification status: what is known about whether it operated."""

    REPORTED = "reported"
    VISITED_FOUND_NOTHING = "visited_found_nothing"
    CONFIRMED_TRIAL_OPERATION = "confirmed_trial_operation"
    OFFICIALLY_DENIED = "officially_denied"


class Statement(StrEnum):
    """A kind of statement that supports a status without being named after it (see the rule table)."""

    HOST_FOUND_NOTHING = "host_found_nothing"
    HOST_FOUND_NO_POLICE_ACTIVITY = "host_found_no_police_activity"
    ACKNOWLEDGED_SERVICE_CENTRE = "acknowledged_service_centre"
    OPERATOR_DESCRIPTION = "operator_description"
    NO_KNOWLEDGE = "no_knowledge"


class OfficialAction(StrEnum):
    """Something an authority or a court did about a station, listed as the station's official actions."""

    INVESTIGATION_OPENED = "investigation_opened"
    ORDERED_CLOSED = "ordered_closed"
    ARREST_OR_CHARGE = "arrest_or_charge"
    COURT_FINDING = "court_finding"


#: What a piece of evidence claims: a verification status, another kind of statement, or an official action.
Claim = Status | Statement | OfficialAction


class Party(StrEnum):
    """Who made a statement: so "officially denied" never hides whose denial it is."""

    HOST_AUTHORITY = "host_authority"  # the host country's government, police, prosecutors, courts, parliament
    CHINESE_SIDE = "chinese_side"  # a Chinese embassy, the foreign ministry, a Chinese police bureau, state media
    OPERATOR = "operator"  # the people who ran the site
    JOURNALISTS = "journalists"
    REPORTING_NGO = "reporting_ngo"  # Safeguard Defenders
    OTHER = "other"


def parse_claim(value: str) -> Claim:
    """Return the Status, Statement or OfficialAction spelled ``value``; ValueError if it is none of them."""
    for enum in (Status, Statement, OfficialAction):
        try:
            return enum(value)
        except ValueError:
            continue
    raise ValueError(value)


class Precision(StrEnum):
    """How precisely a station's location is known. City is the finest level this project stores."""

    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


class Bureau(StrEnum):
    """The Chinese public security bureau reported to run a station."""

    FUZHOU = "Fuzhou"
    QINGTIAN = "Qingtian"
    WENZHOU = "Wenzhou"
    NANTONG = "Nantong"
    UNKNOWN = "unknown"


class Reliability(StrEnum):
    """How much weight a source carries (defined on the methodology page)."""

    OFFICIAL = "official"  # official statement, court record, parliamentary answer
    ESTABLISHED = "established"  # major news outlet, or the reporting NGO itself
    SECONDARY = "secondary"  # secondhand copy, aggregator, forum, partisan outlet, unknown publisher


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@quick_to_unpickle
@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A calendar date known to a day, a month or a year (``2022``, ``2022-09``, ``2022-09-12``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError with a plain reason otherwise.

        Dates repeat a lot in a large dataset: equal texts share one (immutable) object."""
        return _parse_partial_date(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a real calendar date ({exc})") from None
        return cls(year, month, day)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the period covers: an event dated ``2022-09`` certainly happened by 2022-09-30."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@functools.lru_cache(maxsize=8192)
def _parse_partial_date(text: str) -> PartialDate:
    return PartialDate._parse(text)


@quick_to_unpickle
@dataclass(frozen=True, slots=True)  # slots: 100,000s of these in memory
class Source:
    """A document that evidence is drawn from."""

    source_id: str
    title: str  # the headline as published, in its own language
    publisher: str  # "unknown" where the text does not say
    published: PartialDate | None
    date_inferred: str  # how the date was inferred (it is then approximate), or why the source is undated
    url: str  # empty when unknown
    kind: str
    reliability: Reliability
    reliability_note: str
    text_path: str  # relative to the data directory; empty when the full text is not stored
    text: str | None = field(default=None, repr=False, compare=False)
    title_gloss: str = ""  # an English gloss of a title in another language
    text_sha256: str = ""  # the SHA-256 of the full text in the editors' local archive (never published)

    @property
    def is_stored(self) -> bool:
        return bool(self.text_path)

    @property
    def date_is_approximate(self) -> bool:
        return bool(self.date_inferred) and self.published is not None


@quick_to_unpickle
@dataclass(frozen=True, slots=True)  # slots: 100,000s of these in memory
class Station:
    """One reported station at city level (or region/country where that is all that is known)."""

    station_id: str
    label: str
    city: str
    region: str
    country: str  # ISO 3166-1 alpha-2
    precision: Precision
    bureau: Bureau
    batch: str  # a batch_id from batches.csv
    notes: str


@quick_to_unpickle
@dataclass(frozen=True, slots=True)  # slots: 100,000s of these in memory
class Evidence:
    """One claim about one station (or, with no station, about the network as a whole).

    Exactly one of ``excerpt`` (the source's exact words; the source text is stored and checked) and
    ``summary`` (our own words, for a source not stored in full, which then has a URL) is set.
    """

    evidence_id: str
    station_id: str | None  # None: a network-wide statement, never counted in any station's status
    source_id: str
    supports: Claim
    claimant: str
    party: Party
    event_date: PartialDate | None
    excerpt: str
    summary: str
    notes: str
    #: The event date, or the source's publication date when the event is undated (filled by the loader):
    #: orders a station's story.
    effective_date: PartialDate | None = None
    #: When readers could know the claim: the source's publication date, else the event date (which is
    #: then certainly earlier than publication). Decides what counts "as of" a date.
    known_from: PartialDate | None = None

    @property
    def is_quotation(self) -> bool:
        return bool(self.excerpt)

    @property
    def text(self) -> str:
        return self.excerpt or self.summary


@quick_to_unpickle
@dataclass(frozen=True, slots=True)  # slots: 100,000s of these in memory
class Batch:
    """A report that announced a number of stations at once (the reported totals live here)."""

    batch_id: str
    label: str
    source_id: str
    published: PartialDate | None
    reported_count: int | None  # None for open-ended groups such as "later reports"
    excerpt: str
    summary: str

    @property
    def text(self) -> str:
        return self.excerpt or self.summary


@quick_to_unpickle
@dataclass(frozen=True, slots=True)  # slots: 100,000s of these in memory
class Place:
    """Where a station is drawn: coordinates plus honest precision and who resolved them."""

    station_id: str
    lat: float
    lon: float
    precision: Precision
    radius_km: float  # uncertainty radius shown on the map
    provider: str  # overrides | gazetteer | nominatim | cache
    matched_name: str
