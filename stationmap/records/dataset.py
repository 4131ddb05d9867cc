"""The loaded dataset: valid records, indexed for the questions the app asks of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from stationmap.records.dataset_columns import dataset_from_state, dataset_state
from stationmap.records.models import Batch, Evidence, PartialDate, Place, Reliability, Source, Station
from stationmap.rules.status import Verdict, derive_status

T = TypeVar("T")


def _evidence_sort_key(item: Evidence) -> tuple:
    """Oldest first; undated evidence last, so a station's story reads in order."""
    date = item.effective_date
    return (date is None, date.earliest if date else dt.date.min, item.evidence_id)


@dataclass(frozen=True)
class Dataset:
    sources: Mapping[str, Source]
    batches: Mapping[str, Batch]
    stations: Mapping[str, Station]
    evidence: tuple[Evidence, ...]
    places: Mapping[str, Place]
    by_station: Mapping[str, tuple[Evidence, ...]] = field(repr=False, default_factory=dict)
    network_wide: tuple[Evidence, ...] = field(repr=False, default=())
    aliases: Mapping[tuple[str, str], str] = field(repr=False, default_factory=dict)  # (kind, old id) -> id
    local_names: Mapping[str, Mapping[str, str]] = field(repr=False, default_factory=dict)  # sid -> lang -> name
    last_change: dt.date | None = None  # the UTC day of the change log's last change to the data (see data_version)

    @classmethod
    def build(cls, *, sources, batches, stations, evidence, places, aliases=None, local_names=None,
              last_change: dt.date | None = None) -> Dataset:
        grouped: dict[str, list[Evidence]] = defaultdict(list)
        network: list[Evidence] = []
        for item in evidence:
            (grouped[item.station_id] if item.station_id else network).append(item)
        by_station = {sid: tuple(sorted(items, key=_evidence_sort_key)) for sid, items in grouped.items()}
        return cls(dict(sources), dict(batches), dict(stations), tuple(evidence), dict(places), by_station,
                   tuple(sorted(network, key=_evidence_sort_key)), dict(aliases or {}), dict(local_names or {}),
                   last_change)

    def __reduce_ex__(self, protocol):
        """Pickled by columns (``dataset_columns``): the cache a restarted server reads first loads faster."""
        state = dataset_state(self)
        if state is None:
            return super().__reduce_ex__(protocol)
        return dataset_from_state, (type(self), state)

    def city_name(self, station_id: str, language: str = "en") -> str:
        """The station's city in the interface language where GeoNames has it, else as the data spells it."""
        return self.local_names.get(station_id, {}).get(language) or self.stations[station_id].city

    def place_names(self, station_id: str) -> str:
        """Every other-language name of the station's city, for search."""
        return self.local_names.get(station_id, {}).get("search", "")

    def current_id(self, kind: str, identifier: str) -> str:
        """The id in use now for ``identifier`` (itself, or what a retired id was renamed to)."""
        return self.aliases.get((kind, identifier), identifier)

    @classmethod
    def empty(cls) -> Dataset:
        return cls.build(sources={}, batches={}, stations={}, evidence=(), places={})

    def evidence_for(self, station_id: str) -> tuple[Evidence, ...]:
        return self.by_station.get(station_id, ())

    def verdict(self, station_id: str, as_of: dt.date | None = None) -> Verdict | None:
        return derive_status(self.evidence_for(station_id), as_of)

    @cached_property  # asked on every rerun: computed once per loaded version
    def first_known(self) -> dt.date | None:
        """The earliest day any claim was known (the start of the as-of range)."""
        dates = [e.known_from.earliest for e in self.evidence if e.known_from is not None]
        return min(dates) if dates else None

    @cached_property
    def data_as_of(self) -> dt.date | None:
        """The data version ("data as of" in citations, downloads, file names): see :func:`data_version`."""
        return data_version((e.known_from for e in self.evidence if e.known_from is not None), self.last_change,
                            dt.date.today())

    def rests_on_weak_sources(self, station_id: str) -> bool:
        """True when every source behind the station is graded secondary (flagged in the panel and table)."""
        items = self.evidence_for(station_id)
        return bool(items) and all(self.sources[e.source_id].reliability is Reliability.SECONDARY for e in items)

    @property
    def reported_total(self) -> int:
        """Stations the reports count (the batch totals), whether or not anyone has located them."""
        return sum(b.reported_count or 0 for b in self.batches.values())

    def stations_in_counted_batches(self) -> int:
        """Stations we list from batches that have a reported total (the comparison for reported_total)."""
        return self.derived("stations_in_counted_batches", _stations_in_counted_batches)

    @cached_property
    def _derived(self) -> dict[str, object]:
        return {}

    def derived(self, name: str, build: Callable[[Dataset], T]) -> T:
        """``build(self)``, computed once per loaded version and kept with it (for work asked on every rerun:
        the timeline's claims table, the values a link may name). ``name`` says what it is; one name, one
        builder."""
        memo = self._derived
        if name not in memo:
            memo[name] = build(self)
        return memo[name]  # type: ignore[return-value]


def data_version(known_from: Iterable[PartialDate], last_change: dt.date | None, today: dt.date) -> dt.date | None:
    """The data version: the latest day the data is *certainly* as new as. Pure.

    That is the later of the UTC day of the last recorded change to the data (``changes.csv``; the changelog's
    own data versions are those days) and the newest day on which a claim was certainly already published (a
    partial date's first day: a source dated only ``2026`` was published on 1 January 2026 or later, and its
    last possible day, 31 December, may lie in the future). Every day counted has happened, so the version
    never moves by itself: it changes only when the data does. ``today`` only guards against a date typed in
    the future (then the version is today, as a version can be no newer). None without any date.
    """
    days = [date.earliest for date in known_from]
    if last_change is not None:
        days.append(last_change)
    return min(max(days), today) if days else None


def _stations_in_counted_batches(dataset: Dataset) -> int:
    counted = {bid for bid, b in dataset.batches.items() if b.reported_count is not None}
    return sum(1 for s in dataset.stations.values() if s.batch in counted)
