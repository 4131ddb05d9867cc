"""``python -m stationmap geocode``: resolve every station's place and write ``data/places.csv``.

The results are committed with the data, so the app starts with no network and no recomputation. A
station whose place cannot be resolved is named and left unplaced (never a silent guess); a match in a
different country than the station's is rejected (:func:`finer_than_station`, :func:`in_another_country`).

It never replaces ``places.csv`` with fewer rows than the file already has unless told to (``force``):
a run that lost places (an offline run over a file made online, a broken gazetteer) says so and refuses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from geopy.exc import GeopyError

from geocoding.chain import build_chain, place_query
from geocoding.terminal import printable
from stationmap.outputs.cli_errors import os_error_text
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.loading import load_dataset
from stationmap.records.models import Precision, Station

OVERRIDES_FILE = "geocoding_overrides.csv"
# A place may be coarser than the station's precision, never finer: a region query answered by a town that
# shares its name (as "Nebraska" once was) is a wrong place, not a precise one.
_FINENESS = {Precision.COUNTRY: 0, Precision.REGION: 1, Precision.CITY: 2, "country": 0, "region": 1, "city": 2}


def place_row(station: Station, location, resolved_at: str) -> dict[str, str]:
    raw = location.raw
    return {
        "station_id": station.station_id,
        "lat": f"{location.latitude:.4f}",
        "lon": f"{location.longitude:.4f}",
        "precision": raw["precision"],
        "radius_km": f"{float(raw['radius_km']):.1f}",
        "provider": raw.get("source_provider") or raw["provider"],
        "matched_name": raw.get("matched_name", ""),
        "query": station.city or station.region or station.country,
        "country": station.country,
        "geonames_id": str(raw.get("geonames_id") or ""),
        "osm_id": str(raw.get("osm_id") or ""),
        "ambiguous": "true" if raw.get("ambiguous") else "false",
        "resolved_at": resolved_at,
    }


def finer_than_station(found_precision: str | None, station_precision: Precision | str) -> bool:
    """True when the answer is finer than what is known about the station (reject it).

    An unknown ``found_precision`` counts as the coarsest (country), so it is never "too fine".
    """
    return _FINENESS.get(found_precision or "", 0) > _FINENESS[station_precision]


def in_another_country(found_country: str | None, station_country: str) -> bool:
    """True when the answer names a country other than the station's (reject it); no country = accept."""
    found = str(found_country or "").strip().upper()
    return bool(found) and found != station_country.strip().upper()


def existing_row_count(path: Path) -> int | None:
    """Data rows in the current ``places.csv`` (0 when there is none; ``None`` when it cannot be read)."""
    if not path.exists():
        return 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            count = sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return max(0, count - 1)  # minus the header


def _say(text: object) -> None:
    """One line on stderr, escaped: it quotes data cells, file names and (online) Nominatim's words."""
    print(printable(text), file=sys.stderr)


def geocode_dataset(data_dir: Path, *, cache_dir: Path, online: bool = False, force: bool = False) -> int:
    """Place every loaded station; return the exit status (1 when a station could not be placed, or when
    ``places.csv`` was not replaced because it would have lost rows and ``force`` is false)."""
    result = load_dataset(data_dir)
    for problem in result.errors:
        _say(problem)
    try:
        chain = build_chain(overrides_path=data_dir / OVERRIDES_FILE, cache_dir=cache_dir, online=online)
    except GeopyError as exc:  # the geocoding package's one error family (bad overrides file, ...)
        _say(f"cannot geocode: {exc}")
        return 1
    resolved_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows, failures = [], 0
    for station in sorted(result.dataset.stations.values(), key=lambda s: s.station_id):
        query = place_query(city=station.city, region=station.region, country=station.country)
        try:
            location = chain.geocode(query, exactly_one=True, country_codes=station.country)
        except GeopyError as exc:  # any geocoder failure is reported per station, not fatal
            _say(f"{station.station_id}: could not geocode {query!r}: {exc}")
            failures += 1
            continue
        if location is None:
            _say(f"{station.station_id}: no place found for {query!r}; add it to "
                 f"{data_dir / OVERRIDES_FILE}")
            failures += 1
            continue
        found_precision = location.raw.get("precision")
        if finer_than_station(found_precision, station.precision):
            _say(f"{station.station_id}: {query!r} matched {location.raw.get('matched_name')!r}, a {found_precision}, "
                 f"but the station is known only to the {station.precision}; rejected (add an override)")
            failures += 1
            continue
        found_country = location.raw.get("country")
        if in_another_country(found_country, station.country):
            _say(f"{station.station_id}: {query!r} matched {location.raw.get('matched_name')!r} in "
                 f"{str(found_country).upper()}, not {station.country}; rejected")
            failures += 1
            continue
        rows.append(place_row(station, location, resolved_at))

    target = data_dir / schema.PLACES.name
    before = existing_row_count(target)
    if (before is None or len(rows) < before) and not force:
        had = "an unreadable file" if before is None else f"{before} rows"
        _say(f"not writing {target}: it has {had} and this run placed only {len(rows)} of "
             f"{len(result.dataset.stations)} stations ({failures} not placed, listed above); fix those, or pass "
             "--force to replace it anyway")
        return 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(schema.PLACES.columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    try:
        write_atomically(target, out.getvalue())
    except OSError as exc:
        _say(f"cannot write {target}: {os_error_text(exc)}; it was left as it was")
        return 1
    if before is None or len(rows) < before:
        had = "an unreadable file" if before is None else f"{before} rows"
        _say(f"--force: replaced {target} ({had}) with {len(rows)} rows")
    _say(f"placed {len(rows)} of {len(result.dataset.stations)} stations; {failures} not placed; "
         f"wrote {target}")
    return 1 if failures else 0
