"""Load the dataset from a data directory: records that are valid, plus every problem found.

One bad row never takes the rest down: it is named (file, line, column, what is wrong) and skipped, and
anything that depended on it (a station whose only evidence was skipped, say) is skipped with its own
message. ``load_dataset`` never raises for bad content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from stationmap.records import schema
from stationmap.records.build_progress import ROWS_EVERY, Progress, Report, ignore
from stationmap.records.csv_reader import Row, Table, TableSpec, display_path, is_slug, read_table
from stationmap.records.dataset import Dataset
from stationmap.records.models import (
    Batch,
    Bureau,
    Evidence,
    PartialDate,
    Party,
    Place,
    Precision,
    Reliability,
    Source,
    Station,
    parse_claim,
)
from stationmap.records.problems import Problem, Severity
from stationmap.records.safe_read import FOLDER, MISSING, UnreadableFile, read_regular_file, real_path
from stationmap.rules.audit import check_changes, last_change_day
from stationmap.rules.excerpts import NormalisedText

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    problems: tuple[Problem, ...]
    #: Files (or the data folder) that are there but cannot be read at all: permission denied, a pipe, a
    #: folder where a file should be, a missing data folder. Every page names these: what they hold is
    #: missing everywhere. (A missing file is an ordinary problem.)
    unreadable: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


class RowError(ValueError):
    """A cell that cannot be used: carries the column so the message can name it."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class UnreadableText(RowError):
    """A source's stored text that is there but cannot be read (a pipe, permission denied...)."""


@dataclass
class _Loader:
    data_dir: Path
    display_root: Path | None
    problems: list[Problem] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    report: Report = ignore  # how far the load has come (stage, file, rows), for the page's progress bar
    stage: str = "read"  # then "check" from evidence.csv on (the files after it are checks against it)

    def read(self, spec: TableSpec) -> Table:
        if spec is schema.EVIDENCE:
            self.stage = "check"
        self.report(Progress(self.stage, spec.name))
        table = read_table(self.data_dir, spec, display_root=self.display_root)
        self.problems.extend(table.problems)
        if table.unread is not None:
            self.unreadable.append(table.unread)
        table.problems = self.problems  # later row-level problems go to the same list
        return table

    def parse_rows(self, table: Table, id_column: str, parse: Callable[[Row], object]) -> dict[str, object]:
        """Parse each row with ``parse``; report cell errors and duplicate ids; keep the first of each id."""
        records: dict[str, object] = {}
        first_line: dict[str, int] = {}
        name, total, stage = table.path.name, len(table.rows), self.stage
        for done, row in enumerate(table.rows):
            if done % ROWS_EVERY == 0 and done:
                self.report(Progress(stage, name, done, total))
            key = row.values[id_column]
            if key in first_line:
                table.problem(row.line, id_column, f"duplicate id '{key}' (first used on line "
                              f"{first_line[key]}); row skipped")
                continue
            first_line[key] = row.line
            try:
                records[key] = parse(row)
            except RowError as exc:
                found = table.problem(row.line, exc.column, f"{exc}; row skipped")
                if isinstance(exc, UnreadableText):
                    self.unreadable.append(found)
        return records


def load_dataset(data_dir: Path | str, *, display_root: Path | None = None, report: Report = ignore) -> LoadResult:
    """Read and validate every file of the dataset in ``data_dir``; ``report`` hears how far it has come."""
    data_dir = Path(data_dir)
    loader = _Loader(data_dir, display_root if display_root is not None else Path.cwd(), report=report)
    folder_problem = _data_folder_problem(data_dir)
    if folder_problem is not None:  # one named problem, not one per file
        problem = Problem(display_path(data_dir, loader.display_root), None, None, folder_problem)
        return LoadResult(Dataset.empty(), (problem,), (problem,))

    sources_table = loader.read(schema.SOURCES)
    sources: dict[str, Source] = loader.parse_rows(
        sources_table, "source_id", lambda row: _parse_source(row, data_dir))  # type: ignore[assignment]
    texts = {sid: NormalisedText(src.text) for sid, src in sources.items() if src.text is not None}
    texts.update(_archived_texts(data_dir, sources, sources_table))

    batches_table = loader.read(schema.BATCHES)
    batches: dict[str, Batch] = loader.parse_rows(
        batches_table, "batch_id", lambda row: _parse_batch(row, sources, texts))  # type: ignore[assignment]

    stations_table = loader.read(schema.STATIONS)
    stations: dict[str, Station] = loader.parse_rows(
        stations_table, "station_id", lambda row: _parse_station(row, batches))  # type: ignore[assignment]
    declared_stations = {row.values["station_id"] for row in stations_table.rows}

    evidence_table = loader.read(schema.EVIDENCE)
    evidence: dict[str, Evidence] = loader.parse_rows(
        evidence_table, "evidence_id",
        lambda row: _parse_evidence(row, stations, declared_stations, sources, texts))  # type: ignore[assignment]

    report(Progress("check", evidence_table.path.name, len(evidence_table.rows), len(evidence_table.rows)))
    stations = _drop_stations_without_evidence(stations, evidence.values(), stations_table)
    evidence = {eid: e for eid, e in evidence.items() if e.station_id is None or e.station_id in stations}

    places = _load_places(loader, stations)
    _warn_unused_sources(sources, evidence.values(), batches.values(), sources_table)
    _warn_claims_dated_after_their_source(evidence.values(), sources, evidence_table)

    aliases = _load_aliases(loader, {"station": stations, "source": sources, "evidence": evidence})
    change_ids, last_change = _check_changes(loader)
    _check_corrections(loader, change_ids)
    names = _load_place_names(loader, stations)
    _check_local_names(loader, stations)
    dataset = Dataset.build(sources=sources, batches=batches, stations=stations,
                            evidence=tuple(evidence.values()), places=places, aliases=aliases, local_names=names,
                            last_change=last_change)
    return LoadResult(dataset, tuple(loader.problems), tuple(loader.unreadable))


def _data_folder_problem(data_dir: Path) -> str | None:
    """Why nothing in ``data_dir`` can be read (missing, not a folder, not ours to enter), or None."""
    try:
        mode = os.stat(data_dir).st_mode
    except FileNotFoundError:
        return "the data folder does not exist"
    except PermissionError:
        return "the data folder cannot be reached: permission denied (check the permissions of the folders above it)"
    except OSError as exc:
        return f"the data folder cannot be opened ({exc.strerror or exc.__class__.__name__})"
    if not stat.S_ISDIR(mode):
        return "is not a folder: the data folder must be a folder of CSV files"
    if not os.access(data_dir, os.X_OK):
        return "the data folder cannot be opened: permission denied (the user the app runs as needs to read it)"
    return None


def _present(path: Path) -> bool:
    """Whether anything (a file, a folder, a link, a pipe) is at ``path``: an optional file that is there
    is read, so whatever is wrong with it is named. Never raises."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # there, but not ours to look at: reading it names why
    return True


# --- one parser per file: each turns a clean row into a record or raises RowError ---------------------


def _parse_source(row: Row, data_dir: Path) -> Source:
    v = row.values
    _require_slug(v, "source_id")
    published = _parse_date(v, "published")
    if published is not None:
        precision = v["date_precision"]
        if not precision:
            raise RowError("date_precision", "is empty but 'published' is set: write day, month or year")
        if precision != published.precision:
            raise RowError("date_precision", f"says '{precision}' but published '{published}' is given to the "
                           f"{published.precision}")
    elif v["date_precision"]:
        raise RowError("published", "is empty but date_precision is set")
    elif not v["date_inferred"]:
        raise RowError("date_inferred", "the source is undated: say here why no publication date is known")
    url = _parse_url(v, "url")
    reliability = _parse_enum(v, "reliability", Reliability)
    if v["kind"] not in schema.SOURCE_KINDS:
        raise RowError("kind", f"unknown kind '{v['kind']}'; use one of: {', '.join(schema.SOURCE_KINDS)}")
    text = _read_source_text(v["text_path"], data_dir) if v["text_path"] else None
    if text is None and not url:
        raise RowError("url", "is empty and no full text is stored: a source needs one or the other")
    if v["text_sha256"]:
        if not _SHA256.fullmatch(v["text_sha256"]):
            raise RowError("text_sha256", f"'{v['text_sha256'][:70]}' is not a SHA-256 (64 lowercase hex digits)")
        if v["text_path"]:
            raise RowError("text_sha256", "is set as well as text_path: a source's full text is either published "
                           "(text_path) or kept in the editors' archive (text_sha256), not both")
        if not url:
            raise RowError("url", "is empty: a source whose text is only in the editors' archive needs its URL")
    return Source(v["source_id"], v["title"], v["publisher"], published, v["date_inferred"], url, v["kind"],
                  reliability, v["reliability_note"], v["text_path"], text, v["title_gloss"], v["text_sha256"])


def _parse_batch(row: Row, sources: dict[str, Source], texts: dict[str, NormalisedText]) -> Batch:
    v = row.values
    _require_slug(v, "batch_id")
    source = _lookup_source(v, sources)
    count = None
    if v["reported_count"]:
        if not (v["reported_count"].isascii() and v["reported_count"].isdigit()):  # not "²" or "①"
            raise RowError("reported_count", f"'{v['reported_count']}' is not a whole number")
        count = int(v["reported_count"])
    _check_quote_or_summary(v, source, texts)
    return Batch(v["batch_id"], v["label"], source.source_id, _parse_date(v, "published"), count,
                 v["excerpt"], v["summary"])


def _parse_station(row: Row, batches: dict[str, Batch]) -> Station:
    v = row.values
    _require_slug(v, "station_id")
    country = v["country"]
    if pycountry.countries.get(alpha_2=country.upper()) is None or len(country) != 2:
        raise RowError("country", f"'{country}' is not an ISO 3166-1 alpha-2 country code (such as ES or IT)")
    if country != country.upper():
        raise RowError("country", f"write the country code in capitals: '{country.upper()}'")
    precision = _parse_enum(v, "precision", Precision)
    needed = {Precision.CITY: "city", Precision.REGION: "region"}.get(precision)
    if needed and not v[needed]:
        raise RowError(needed, f"is empty but precision is '{precision}'")
    bureau = _parse_enum(v, "bureau", Bureau)
    if v["batch"] not in batches:
        raise RowError("batch", f"unknown batch '{v['batch']}' (not in batches.csv, or its row was skipped)")
    return Station(v["station_id"], v["label"], v["city"], v["region"], country, precision, bureau,
                   v["batch"], v["notes"])


def _parse_evidence(row: Row, stations: dict[str, Station], declared_stations: set[str],
                    sources: dict[str, Source], texts: dict[str, NormalisedText]) -> Evidence:
    v = row.values
    _require_slug(v, "evidence_id")
    station_id = v["station_id"] or None
    if station_id is not None and station_id not in stations:
        why = "its own row has an error" if station_id in declared_stations else "it is not in stations.csv"
        raise RowError("station_id", f"refers to station '{station_id}', which is not loaded ({why})")
    try:
        claim = parse_claim(v["supports"])
    except ValueError:
        raise RowError("supports", f"unknown value '{v['supports']}'; use one of: "
                       f"{', '.join(schema.CLAIM_VALUES)}") from None
    party = _parse_enum(v, "party", Party)
    source = _lookup_source(v, sources)
    _check_quote_or_summary(v, source, texts)
    event_date = _parse_date(v, "event_date")
    return Evidence(v["evidence_id"], station_id, source.source_id, claim, v["claimant"], party, event_date,
                    v["excerpt"], v["summary"], v["notes"], effective_date=event_date or source.published,
                    known_from=source.published or event_date)


def _parse_place(row: Row, stations: dict[str, Station]) -> Place | None:
    """A place row, or None for a station that was skipped (its own error is reported already)."""
    v = row.values
    if v["station_id"] not in stations:
        return None
    lat, lon = (_parse_float(v, "lat", 90.0), _parse_float(v, "lon", 180.0))
    radius = _parse_float(v, "radius_km", 20_000.0)
    if radius < 0:
        raise RowError("radius_km", "must not be negative")
    return Place(v["station_id"], lat, lon, _parse_enum(v, "precision", Precision), radius, v["provider"],
                 v["matched_name"])


# --- cross-file checks ------------------------------------------------------------------------------


def _first_lines(table: Table, id_column: str) -> dict[str, int]:
    """Each id's line: the first row with it (the one loaded; later duplicates are skipped)."""
    lines: dict[str, int] = {}
    for row in table.rows:
        lines.setdefault(row.values[id_column], row.line)
    return lines


def _drop_stations_without_evidence(stations: dict[str, Station], evidence, table: Table) -> dict[str, Station]:
    backed = {e.station_id for e in evidence}
    lines = _first_lines(table, "station_id")
    kept = {}
    for sid, station in stations.items():
        if sid in backed:
            kept[sid] = station
        else:
            table.problem(lines.get(sid), "station_id", f"station '{sid}' has no usable evidence in "
                          "evidence.csv: every station must trace to a source; station skipped")
    return kept


def _load_places(loader: _Loader, stations: dict[str, Station]) -> dict[str, Place]:
    if not _present(loader.data_dir / schema.PLACES.name):
        loader.problems.append(Problem(display_path(loader.data_dir / schema.PLACES.name, loader.display_root),
                                       None, None,
                                       "no coordinates yet: run `python -m stationmap geocode`",
                                       Severity.WARNING))
        return {}
    table = loader.read(schema.PLACES)
    parsed = loader.parse_rows(table, "station_id", lambda row: _parse_place(row, stations))
    places: dict[str, Place] = {sid: place for sid, place in parsed.items() if place is not None}
    missing = sorted(set(stations) - set(places))
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        table.problem(None, None, f"{len(missing)} station(s) have no coordinates and are not drawn on the "
                      f"map ({shown}): run `python -m stationmap geocode`", Severity.WARNING)
    return places


def _load_place_names(loader: _Loader, stations: dict[str, Station]) -> dict[str, dict[str, str]]:
    """Stations' city names in Chinese (generated by scripts/build_place_names.py); optional."""
    if not _present(loader.data_dir / schema.PLACE_NAMES.name):
        return {}
    table = loader.read(schema.PLACE_NAMES)
    names: dict[str, dict[str, str]] = {}
    for row in table.rows:
        v = row.values
        if v["station_id"] in stations:
            names[v["station_id"]] = {"zh-Hans": v["zh_hans"], "zh-Hant": v["zh_hant"], "search": v["search"]}
    return names


def _check_local_names(loader: _Loader, stations: dict[str, Station]) -> None:
    """local_names.csv: each row names a city some station has, and says the name once; optional file."""
    if not _present(loader.data_dir / schema.LOCAL_NAMES.name):
        return
    table = loader.read(schema.LOCAL_NAMES)
    cities = {(s.country, s.city) for s in stations.values() if s.city}
    seen: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        v = row.values
        key = (v["country"], v["city"], v["name"])
        if (v["country"], v["city"]) not in cities:
            table.problem(row.line, "city", f"no loaded station has city '{v['city']}' in {v['country']} "
                          "(spelled as in stations.csv); row not used", Severity.WARNING)
        elif key in seen:
            table.problem(row.line, "name", f"'{v['name']}' is already given on line {seen[key]}",
                          Severity.WARNING)
        elif v["name"] == v["city"]:
            table.problem(row.line, "name", "is the city's own spelling: nothing to add", Severity.WARNING)
        if not re.fullmatch(r"[a-z]{2,3}", v["language"]):
            table.problem(row.line, "language", f"'{v['language']}' is not an ISO 639 language code such as "
                          "it or uk")
        seen.setdefault(key, row.line)


def _load_aliases(loader: _Loader, current: dict[str, dict]) -> dict[tuple[str, str], str]:
    """Old ids that were once published, mapped to the ids that replaced them (so old links keep working)."""
    if not _present(loader.data_dir / schema.ALIASES.name):
        return {}
    table = loader.read(schema.ALIASES)
    aliases: dict[tuple[str, str], str] = {}
    for row in table.rows:
        kind, old, new = row.values["kind"], row.values["old_id"], row.values["new_id"]
        if kind not in schema.ALIAS_KINDS:
            table.problem(row.line, "kind", f"unknown kind '{kind}'; use one of: {', '.join(schema.ALIAS_KINDS)}")
        elif new not in current[kind]:
            table.problem(row.line, "new_id", f"{kind} '{new}' is not loaded; alias skipped")
        elif old in current[kind]:
            table.problem(row.line, "old_id", f"'{old}' is still a current {kind} id; an alias must name a retired id")
        else:
            aliases[(kind, old)] = new
    return aliases


def _warn_unused_sources(sources, evidence, batches, table: Table) -> None:
    used = {e.source_id for e in evidence} | {b.source_id for b in batches}
    lines = _first_lines(table, "source_id")
    for sid in sources:
        if sid not in used:
            table.problem(lines.get(sid), "source_id", f"source '{sid}' is not cited by any evidence",
                          Severity.WARNING)


def _warn_claims_dated_after_their_source(evidence, sources: dict[str, Source], table: Table) -> None:
    """A source cannot report what happened after it was published: one of the two dates is wrong."""
    lines = _first_lines(table, "evidence_id")
    for item in evidence:
        published = sources[item.source_id].published
        if item.event_date is not None and published is not None and item.event_date.earliest > published.latest:
            table.problem(lines.get(item.evidence_id), "event_date",
                          f"'{item.event_date}' is after its source '{item.source_id}' was published ({published}): "
                          "a source cannot report a later event; correct one of the two dates or cite a later "
                          "source", Severity.WARNING)


def _archived_texts(data_dir: Path, sources: dict[str, Source], table: Table) -> dict[str, NormalisedText]:
    """Archived full texts (``desk/archive/<sha256>.txt``, never published) to check excerpts against.

    A text whose bytes do not hash to the recorded SHA-256 is an error (excerpts are then unchecked and
    rejected); a missing archive (any machine but an editor's) is a warning per source, and its excerpts
    are loaded unchecked, since readers' copies of the data never hold the archive.
    """
    texts: dict[str, NormalisedText] = {}
    lines = _first_lines(table, "source_id")
    for sid, source in sources.items():
        if not source.text_sha256:
            continue
        path = data_dir / schema.ARCHIVE_DIR / f"{source.text_sha256}.txt"
        try:
            raw = path.read_bytes()
        except OSError:
            table.problem(lines.get(sid), "text_sha256", f"the archived text of '{sid}' is not on this machine "
                          f"({schema.ARCHIVE_DIR}/): its excerpts are not checked here", Severity.WARNING)
            continue
        if hashlib.sha256(raw).hexdigest() != source.text_sha256:
            table.problem(lines.get(sid), "text_sha256", f"the archived text {schema.ARCHIVE_DIR}/"
                          f"{source.text_sha256}.txt does not match its SHA-256: it was changed after archiving")
            texts[sid] = NormalisedText("")  # every excerpt then fails, named
            continue
        texts[sid] = NormalisedText(raw.decode("utf-8", errors="replace"))
    return texts


def _check_changes(loader: _Loader) -> tuple[set[str], dt.date | None]:
    """The change log's hash chain and ids (see stationmap.rules.audit); optional file. Returns the change ids and the
    UTC day of the last change to the data (:func:`stationmap.rules.audit.last_change_day`)."""
    if not _present(loader.data_dir / schema.CHANGES.name):
        return set(), None
    table = loader.read(schema.CHANGES)
    ids, _ = check_changes(table)
    return ids, last_change_day(table)


def _check_corrections(loader: _Loader, change_ids: set[str]) -> None:
    """corrections.csv: ids, dates, a status, a resolution once resolved, change ids that exist; optional."""
    if not _present(loader.data_dir / schema.CORRECTIONS.name):
        return
    table = loader.read(schema.CORRECTIONS)

    def parse(row: Row) -> None:
        v = row.values
        _require_slug(v, "correction_id")
        received = _parse_date(v, "received")
        if v["status"] not in schema.CORRECTION_STATUSES:
            raise RowError("status", f"unknown status '{v['status']}'; use one of: "
                           f"{', '.join(schema.CORRECTION_STATUSES)}")
        _parse_url(v, "supporting_link")
        resolved = _parse_date(v, "resolved")
        if v["status"] == "open":
            if resolved is not None or v["resolution"]:
                raise RowError("resolved", "is set but the status is 'open': a resolved correction says how it "
                               "was resolved in 'status'")
        else:
            if resolved is None:
                raise RowError("resolved", f"is empty but the status is '{v['status']}': give the date")
            if not v["resolution"]:
                raise RowError("resolution", f"is empty but the status is '{v['status']}': say what was decided")
            if received is not None and resolved.latest < received.earliest:
                raise RowError("resolved", f"'{resolved}' is before the correction was received ({received})")
        unknown = [c for c in v["change_ids"].split() if c not in change_ids]
        if unknown:
            raise RowError("change_ids", f"names change(s) not in changes.csv: {', '.join(unknown[:5])}")
        if v["status"] == "accepted" and not v["change_ids"].split():
            raise RowError("change_ids", "is empty but the correction was accepted: name the changes made")

    loader.parse_rows(table, "correction_id", parse)


# --- cell helpers -----------------------------------------------------------------------------------


def _require_slug(v: dict[str, str], column: str) -> None:
    if not is_slug(v[column]):
        raise RowError(column, f"'{v[column]}' is not a valid id: use lowercase letters, digits and single "
                       "hyphens (e.g. es-barcelona-1)")


def _parse_date(v: dict[str, str], column: str) -> PartialDate | None:
    if not v[column]:
        return None
    try:
        return PartialDate.parse(v[column])
    except ValueError as exc:
        raise RowError(column, str(exc)) from None


def _parse_url(v: dict[str, str], column: str) -> str:
    url = v[column]
    if url and not url.lower().startswith(("http://", "https://")):
        raise RowError(column, f"'{url[:60]}' is not an http(s) URL")
    if url and any(ch.isspace() for ch in url):
        raise RowError(column, "URL contains spaces")
    return url


def _parse_enum(v: dict[str, str], column: str, enum):
    try:
        return enum(v[column])
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise RowError(column, f"unknown value '{v[column]}'; use one of: {allowed}") from None


def _parse_float(v: dict[str, str], column: str, limit: float) -> float:
    try:
        number = float(v[column])
    except ValueError:
        raise RowError(column, f"'{v[column]}' is not a number") from None
    if not -limit <= number <= limit:
        raise RowError(column, f"{number} is out of range (±{limit:g})")
    return number


def _lookup_source(v: dict[str, str], sources: dict[str, Source]) -> Source:
    source = sources.get(v["source_id"])
    if source is None:
        raise RowError("source_id", f"refers to source '{v['source_id']}', which is not loaded (not in "
                       "sources.csv, or its row has an error)")
    return source


def _check_quote_or_summary(v: dict[str, str], source: Source, texts: dict[str, NormalisedText]) -> None:
    excerpt, summary = v["excerpt"], v["summary"]
    if excerpt and summary:
        raise RowError("summary", "both excerpt and summary are set: give the source's exact words OR a "
                       "summary, not both")
    if not excerpt and not summary:
        raise RowError("excerpt", "neither excerpt nor summary is set: evidence needs one")
    if excerpt:
        text = texts.get(source.source_id)
        if text is None and source.text_sha256:
            return  # its archive is not on this machine: warned once for the source, the excerpt is unchecked
        if text is None:
            raise RowError("excerpt", f"source '{source.source_id}' has no stored text to check the excerpt "
                           "against: store the text, or write a summary instead")
        if not text.contains(excerpt):
            where = source.text_path or f"archived text {source.text_sha256[:12]}…"
            raise RowError("excerpt", f"does not occur verbatim in source '{source.source_id}' "
                           f"({where}): \"{excerpt[:70]}...\"")
    elif not source.url:
        raise RowError("summary", f"source '{source.source_id}' has no URL: a summary must point readers to "
                       "the original")


def _read_source_text(text_path: str, data_dir: Path) -> str:
    path = real_path(data_dir / text_path)
    if not path.is_relative_to(real_path(data_dir)):
        raise RowError("text_path", f"'{text_path}' points outside the data directory")
    try:
        return read_regular_file(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RowError("text_path", f"file '{text_path}' is not valid UTF-8 (byte {exc.start})") from None
    except UnreadableFile as exc:
        reason = str(exc)
        if reason == MISSING:
            raise RowError("text_path", f"file '{text_path}' does not exist") from None
        raise UnreadableText("text_path", f"'{text_path}' {reason}" if reason == FOLDER
                             else f"file '{text_path}' {reason}") from None
