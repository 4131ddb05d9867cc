"""The public changelog: what changed in the data, per data version, built from the audit trail. Pure.

Inputs are ``data/changes.csv`` (every accept, edit and correction the desk recorded), ``data/corrections.csv``
(readers' corrections and what became of them) and the loaded dataset. A *data version* is the UTC day the
data was edited (a change's ``time_utc``). The app's "data as of" date is the same day: the last version's
(:func:`stationmap.records.dataset.data_version`; later only if a claim was certainly published after it, and never
later than the day a reader looked), so every change a reader who cited "data as of X" has not seen was made
on day X or later, and ``since(X)`` shows all of them.

**How old and new statuses are known.** They are re-derived, never stored: for each version and each station
the version touched, the station's evidence is rebuilt as it stood before the version (rows added on that
day or later taken out, later field edits undone, later removals put back, all from the change rows' own
``old``/``new`` values) and after it, and ``stationmap.rules.status.derive_status`` runs on both. So the changelog
uses the one status rule, needs nothing recorded at accept time, works for every row already in the log,
and cannot disagree with the map. (A change to the rule itself is not a data change and is not shown.)

Rows that cannot be read (bad JSON, ids no longer in the data) are skipped: ``validate`` reports broken
files; the changelog never fails on them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stationmap.records import schema
from stationmap.records.csv_reader import read_table
from stationmap.records.dataset import Dataset
from stationmap.records.models import Evidence, PartialDate, Party, Status, parse_claim
from stationmap.rules.status import derive_status

EVIDENCE_TABLE, SOURCES_TABLE = "evidence.csv", "sources.csv"
_ID_TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class ChangeRow:
    """One row of changes.csv, as the changelog reads it."""

    change_id: str
    time_utc: str
    editor: str
    action: str
    table: str
    row_id: str
    field: str
    old: str
    new: str
    reason: str

    @property
    def day(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.time_utc[:10])
        except ValueError:
            return None


@dataclass(frozen=True)
class CorrectionRow:
    correction_id: str
    received: str
    concerns: str
    what_is_wrong: str
    supporting_link: str
    status: str
    resolved: str
    resolution: str
    change_ids: tuple[str, ...]


@dataclass(frozen=True)
class Deciding:
    """The evidence that set a station's new status, with its source."""

    evidence_id: str
    claim: str
    claimant: str
    text: str
    source_id: str
    source_title: str
    source_url: str


@dataclass(frozen=True)
class StatusChange:
    station_id: str
    label: str
    old: Status | None  # None: the station was not on the map before
    new: Status | None  # None: the station left the map
    old_contested: bool
    new_contested: bool
    reasons: tuple[str, ...]  # the change rows' reason texts
    deciding: tuple[Deciding, ...]  # the evidence that set the new status (or, see below, that changed)
    change_ids: tuple[str, ...]
    contested_only: bool = False  # the status stayed, only the contested flag moved: ``deciding`` holds the
    #: evidence this version changed


@dataclass(frozen=True)
class NewSource:
    source_id: str
    title: str
    publisher: str
    url: str
    station_ids: tuple[str, ...]  # the stations its evidence concerns now
    change_id: str


@dataclass(frozen=True)
class CorrectionEntry:
    correction_id: str
    status: str  # accepted, rejected or duplicate
    received: str
    concerns: str
    what_is_wrong: str
    resolution: str
    supporting_link: str
    station_ids: tuple[str, ...]
    change_ids: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    day: dt.date
    status_changes: tuple[StatusChange, ...] = ()
    new_sources: tuple[NewSource, ...] = ()
    corrections: tuple[CorrectionEntry, ...] = ()
    updated: str = ""  # the last change's UTC time (``YYYY-MM-DDTHH:MM:SSZ``), for the feed

    @property
    def is_empty(self) -> bool:
        return not (self.status_changes or self.new_sources or self.corrections)


@dataclass(frozen=True)
class Changelog:
    versions: tuple[Version, ...] = field(default=())  # newest first
    recorded_changes: int = 0  # rows in changes.csv

    def since(self, day: dt.date | None) -> Changelog:
        """Every version on or after ``day`` (a cited "data as of" date); everything for None."""
        if day is None:
            return self
        return Changelog(tuple(v for v in self.versions if v.day >= day), self.recorded_changes)


# --- reading the two files -----------------------------------------------------------------------------


def read_changes(data_dir: Path) -> tuple[ChangeRow, ...]:
    if not (Path(data_dir) / schema.CHANGES.name).is_file():
        return ()
    table = read_table(Path(data_dir), schema.CHANGES)
    return tuple(ChangeRow(*(row.values.get(c, "") for c in (
        "change_id", "time_utc", "editor", "action", "table", "row_id", "field", "old", "new", "reason")))
        for row in table.rows)


def read_corrections(data_dir: Path) -> tuple[CorrectionRow, ...]:
    if not (Path(data_dir) / schema.CORRECTIONS.name).is_file():
        return ()
    table = read_table(Path(data_dir), schema.CORRECTIONS)
    rows = []
    for row in table.rows:
        v = row.values
        rows.append(CorrectionRow(v["correction_id"], v["received"], v["concerns"], v["what_is_wrong"],
                                  v.get("supporting_link", ""), v["status"], v.get("resolved", ""),
                                  v.get("resolution", ""), tuple(v.get("change_ids", "").split())))
    return tuple(rows)


def load_changelog(data_dir: Path, dataset: Dataset) -> Changelog:
    """The changelog of the data in ``data_dir`` (whose loaded ``dataset`` is given)."""
    return build_changelog(read_changes(data_dir), read_corrections(data_dir), dataset)


# --- building ------------------------------------------------------------------------------------------


def _json_row(text: str) -> dict[str, str] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _row_of(item: Evidence) -> dict[str, str]:
    return {"evidence_id": item.evidence_id, "station_id": item.station_id or "", "source_id": item.source_id,
            "supports": str(item.supports), "claimant": item.claimant, "party": str(item.party),
            "event_date": str(item.event_date) if item.event_date else "", "excerpt": item.excerpt,
            "summary": item.summary, "notes": item.notes}


def _evidence_of(row: Mapping[str, str], dataset: Dataset) -> Evidence | None:
    """An evidence record from a row's cells (as the loader would read them); None when unusable."""
    try:
        supports = parse_claim(row.get("supports", ""))
        party = Party(row.get("party", ""))
        event = PartialDate.parse(row["event_date"]) if row.get("event_date") else None
    except (ValueError, KeyError):
        return None
    source = dataset.sources.get(row.get("source_id", ""))
    published = source.published if source else None
    return Evidence(row.get("evidence_id", ""), row.get("station_id") or None, row.get("source_id", ""), supports,
                    row.get("claimant", ""), party, event, row.get("excerpt", ""), row.get("summary", ""),
                    row.get("notes", ""), effective_date=event or published, known_from=published or event)


@dataclass
class _History:
    """What each evidence-changing row did, so the evidence can be rebuilt as it stood on any day."""

    added: dict[str, dt.date] = field(default_factory=dict)  # evidence id -> day added
    edits: list[tuple[dt.date, str, str, str]] = field(default_factory=list)  # (day, id, field, old), in order
    removed: list[tuple[dt.date, dict[str, str]]] = field(default_factory=list)  # (day, the row as it was)
    touched: dict[dt.date, set[str]] = field(default_factory=lambda: defaultdict(set))  # day -> station ids
    rows_by_day: dict[dt.date, list[ChangeRow]] = field(default_factory=lambda: defaultdict(list))


def _history(changes: Sequence[ChangeRow], current: Mapping[str, dict[str, str]]) -> _History:
    history = _History()
    for change in changes:
        day = change.day
        if day is None or change.table != EVIDENCE_TABLE or change.action == "reject":
            continue
        if not change.field and change.new and not change.old:  # a row added
            row = _json_row(change.new) or {}
            eid = row.get("evidence_id") or change.row_id
            history.added[eid] = day
            stations = {row.get("station_id", "")}
        elif not change.field and change.old and not change.new:  # a row removed
            row = _json_row(change.old)
            if row is None:
                continue
            history.removed.append((day, row))
            stations = {row.get("station_id", "")}
        elif change.field:
            history.edits.append((day, change.row_id, change.field, change.old))
            stations = {current.get(change.row_id, {}).get("station_id", "")}
            if change.field == "station_id":
                stations |= {change.old, change.new}
        else:
            continue
        history.touched[day] |= {s for s in stations if s}
        history.rows_by_day[day].append(change)
    return history


def _rows_at(history: _History, current: Mapping[str, dict[str, str]], before: dt.date,
             ids: Iterable[str]) -> dict[str, dict]:
    """The evidence rows ``ids`` as they stood before day ``before`` (changes on that day or later undone)."""
    wanted = set(ids)
    rows = {eid: dict(current[eid]) for eid in wanted
            if eid in current and history.added.get(eid, dt.date.min) < before}
    for day, eid, column, old in reversed(history.edits):
        if day >= before and eid in rows:
            rows[eid][column] = old
    for day, row in history.removed:
        if day >= before and row.get("evidence_id") in wanted:
            rows[row["evidence_id"]] = dict(row)
    return rows


def _ids_for(stations: set[str], history: _History, dataset: Dataset) -> set[str]:
    """Every evidence id that may belong to ``stations`` on some day: theirs now, and any the log moved or
    removed (few), so the rebuild touches only the stations a version changed, not the whole dataset."""
    ids = {e.evidence_id for sid in stations for e in dataset.evidence_for(sid)}
    ids |= {eid for _, eid, column, _ in history.edits if column == "station_id"}
    ids |= {row.get("evidence_id", "") for _, row in history.removed}
    return ids


def _verdict_of(rows: Iterable[dict[str, str]], station_id: str, dataset: Dataset):
    items = [e for e in (_evidence_of(r, dataset) for r in rows if r.get("station_id") == station_id) if e]
    return derive_status(items)


def _deciding(ids: Iterable[str], rows: Mapping[str, dict], day_rows: set[str],
              dataset: Dataset) -> tuple[Deciding, ...]:
    """The evidence ``ids`` as shown, those changed in this version first (at most three)."""
    ids = sorted(ids, key=lambda eid: (eid not in day_rows, eid))[:3]
    out = []
    for eid in ids:
        row = rows.get(eid, {})
        source = dataset.sources.get(row.get("source_id", ""))
        out.append(Deciding(eid, row.get("supports", ""), row.get("claimant", ""),
                            row.get("excerpt") or row.get("summary", ""), row.get("source_id", ""),
                            source.title if source else "", source.url if source else ""))
    return tuple(out)


def _shown(old, new, rows: Mapping[str, dict], day_ids: set[str], dataset: Dataset) -> tuple[Deciding, ...]:
    """The deciding evidence of the new status; when only the contested flag moved, the evidence this version
    changed (the deciding evidence did not change and would not say why)."""
    if new is None:
        return ()
    if old is not None and old.status == new.status:
        return _deciding([eid for eid in day_ids if eid in rows], rows, day_ids, dataset)
    return _deciding(new.deciding, rows, day_ids, dataset)


def _status_changes(day: dt.date, history: _History, current: Mapping[str, dict[str, str]],
                    next_day: dt.date, dataset: Dataset) -> tuple[StatusChange, ...]:
    ids = _ids_for(history.touched[day], history, dataset)
    before_rows = _rows_at(history, current, day, ids)
    after_rows = _rows_at(history, current, next_day, ids)
    day_changes = history.rows_by_day[day]
    out = []
    for station_id in sorted(history.touched[day]):
        old = _verdict_of(before_rows.values(), station_id, dataset)
        new = _verdict_of(after_rows.values(), station_id, dataset)
        old_key = (old.status, old.contested) if old else None
        new_key = (new.status, new.contested) if new else None
        if old_key == new_key:
            continue
        mine = [c for c in day_changes if station_id in _stations_of_change(c, current)]
        day_ids = {(_json_row(c.new) or {}).get("evidence_id") or c.row_id for c in mine}
        station = dataset.stations.get(station_id)
        out.append(StatusChange(
            station_id, station.label if station else station_id, old.status if old else None,
            new.status if new else None, bool(old and old.contested), bool(new and new.contested),
            tuple(dict.fromkeys(c.reason for c in mine if c.reason)),
            _shown(old, new, after_rows, day_ids, dataset), tuple(c.change_id for c in mine),
            bool(old and new and old.status == new.status)))
    return tuple(out)


def _stations_of_change(change: ChangeRow, current: Mapping[str, dict[str, str]]) -> set[str]:
    row = _json_row(change.new or change.old or "") if not change.field else None
    if row is not None:
        return {row.get("station_id", "")}
    stations = {current.get(change.row_id, {}).get("station_id", "")}
    if change.field == "station_id":
        stations |= {change.old, change.new}
    return stations


def _stations_by_source(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Each source's stations, sorted, built once per data version (a report may back every station)."""
    def build(data: Dataset) -> dict[str, tuple[str, ...]]:
        found: dict[str, set[str]] = defaultdict(set)
        for item in data.evidence:
            if item.station_id:
                found[item.source_id].add(item.station_id)
        return {source_id: tuple(sorted(ids)) for source_id, ids in found.items()}

    return dataset.derived("stations_by_source", build)


def _new_sources(changes: Sequence[ChangeRow], dataset: Dataset) -> dict[dt.date, list[NewSource]]:
    by_day: dict[dt.date, list[NewSource]] = defaultdict(list)
    for change in changes:
        if change.table != SOURCES_TABLE or change.field or change.old or not change.new or change.day is None:
            continue
        row = _json_row(change.new)
        if row is None or change.action == "reject":
            continue
        source_id = row.get("source_id") or change.row_id
        source = dataset.sources.get(source_id)
        stations = _stations_by_source(dataset).get(source_id, ())
        by_day[change.day].append(NewSource(
            source_id, source.title if source else row.get("title", ""),
            source.publisher if source else row.get("publisher", ""), source.url if source else row.get("url", ""),
            stations, change.change_id))
    return by_day


def _correction_stations(row: CorrectionRow, dataset: Dataset, changes: Mapping[str, ChangeRow],
                         current: Mapping[str, dict[str, str]]) -> tuple[str, ...]:
    """The stations a correction names in ``concerns`` (station, evidence or source ids) or changed."""
    found: set[str] = set()
    for token in _ID_TOKEN.findall(row.concerns.lower()):
        token = dataset.current_id("station", token)
        if token in dataset.stations:
            found.add(token)
        elif token in current:
            found.add(current[token].get("station_id", ""))
        elif token in dataset.sources:
            found.update(_stations_by_source(dataset).get(token, ()))
    for change_id in row.change_ids:
        if change_id in changes:
            found |= _stations_of_change(changes[change_id], current)
    return tuple(sorted(s for s in found if s in dataset.stations))


def _correction_day(row: CorrectionRow) -> dt.date | None:
    try:
        return PartialDate.parse(row.resolved).latest
    except ValueError:
        return None


def build_changelog(changes: Sequence[ChangeRow], corrections: Sequence[CorrectionRow],
                    dataset: Dataset) -> Changelog:
    """The changelog, newest version first; only versions with something public to show."""
    current = {e.evidence_id: _row_of(e) for e in dataset.evidence}
    history = _history(changes, current)
    sources = _new_sources(changes, dataset)
    by_id = {c.change_id: c for c in changes}
    resolved: dict[dt.date, list[CorrectionEntry]] = defaultdict(list)
    for row in corrections:
        day = _correction_day(row)
        if row.status == "open" or day is None:
            continue
        resolved[day].append(CorrectionEntry(
            row.correction_id, row.status, row.received, row.concerns, row.what_is_wrong, row.resolution,
            row.supporting_link, _correction_stations(row, dataset, by_id, current), row.change_ids))
    updated: dict[dt.date, str] = {}
    for change in changes:
        if change.day is not None:
            updated[change.day] = max(updated.get(change.day, ""), change.time_utc)
    days = sorted(set(history.touched) | set(sources) | set(resolved))
    versions = []
    for index, day in enumerate(days):
        next_day = days[index + 1] if index + 1 < len(days) else dt.date.max
        version = Version(day, _status_changes(day, history, current, next_day, dataset) if day in history.touched
                          else (), tuple(sources.get(day, ())), tuple(resolved.get(day, ())),
                          updated.get(day) or f"{day.isoformat()}T23:59:59Z")
        if not version.is_empty:
            versions.append(version)
    return Changelog(tuple(reversed(versions)), len(changes))
