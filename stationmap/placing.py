"""``python -m stationmap geocode``: resolve every station's place and write ``data/places.csv``.

The results are committed with the data, so the app starts with no network and no recomputation. A
station whose place cannot be resolved is named and left unplaced (never a silent guess); a match in a
different country than the station's is rejected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from geocoding.chain import build_chain, place_query
from stationmap import schema
from stationmap.cli_io import write_atomically
from stationmap.loading import load_dataset
from stationmap.models import Precision, Station

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


def geocode_dataset(data_dir: Path, *, cache_dir: Path, online: bool = False) -> int:
    """Place every loaded station; return the exit status (1 when a station could not be placed)."""
    result = load_dataset(data_dir)
    for problem in result.errors:
        print(problem, file=sys.stderr)
    chain = build_chain(overrides_path=data_dir / OVERRIDES_FILE, cache_dir=cache_dir, online=online)
    resolved_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows, failures = [], 0
    for station in sorted(result.dataset.stations.values(), key=lambda s: s.station_id):
        query = place_query(city=station.city, region=station.region, country=station.country)
        try:
            location = chain.geocode(query, exactly_one=True, country_codes=station.country)
        except Exception as exc:  # noqa: BLE001 - any geocoder failure is reported per station, not fatal
            print(f"{station.station_id}: could not geocode {query!r}: {exc}", file=sys.stderr)
            failures += 1
            continue
        if location is None:
            print(f"{station.station_id}: no place found for {query!r}; add it to "
                  f"{data_dir / OVERRIDES_FILE}", file=sys.stderr)
            failures += 1
            continue
        found_precision = location.raw.get("precision")
        if _FINENESS.get(found_precision, 0) > _FINENESS[station.precision]:
            print(f"{station.station_id}: {query!r} matched {location.raw.get('matched_name')!r}, a {found_precision}, "
                  f"but the station is known only to the {station.precision}; rejected (add an override)",
                  file=sys.stderr)
            failures += 1
            continue
        found_country = str(location.raw.get("country") or "").upper()
        if found_country and found_country != station.country:
            print(f"{station.station_id}: {query!r} matched {location.raw.get('matched_name')!r} in "
                  f"{found_country}, not {station.country}; rejected", file=sys.stderr)
            failures += 1
            continue
        rows.append(place_row(station, location, resolved_at))

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(schema.PLACES.columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(data_dir / schema.PLACES.name, out.getvalue())
    print(f"placed {len(rows)} of {len(result.dataset.stations)} stations; {failures} not placed; "
          f"wrote {data_dir / schema.PLACES.name}", file=sys.stderr)
    return 1 if failures else 0
