"""Command line: ``python -m geocoding lookup|batch``.

``lookup QUERY [--country CC] [--region] [--online] [--json]`` resolves one place;
``batch IN.csv OUT.csv [--country-column C] [--online]`` resolves a CSV with a ``query`` column and writes
it back with ``lat, lon, precision, provider, matched_name, ambiguous, error`` added. A row that cannot be
resolved keeps empty coordinates and says why in ``error``; the output file is written atomically.
User errors print one clear line and exit 2 (lookup: exit 1 when the place is not found).

Errors: the geocoding package raises only ``geopy.exc`` errors (its own are subclasses of
:class:`geocoding.base.GeocodingError`, itself a ``GeocoderServiceError``), and so does this module
(:class:`UserError`). :func:`main` catches that one family, ``GeopyError``, once; ``batch`` also catches
it per row so that one bad row does not stop the others.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geopy.exc import GeopyError
from tqdm import tqdm

from geocoding.base import GeocodingError, Query
from geocoding.chain import GeocoderChain, build_chain
from geocoding.gazetteer_index import index_path
from geocoding.settings import load_settings
from geocoding.terminal import PrintableFormatter, os_error_text, printable, printable_json

logger = logging.getLogger(__name__)

DEFAULT_OVERRIDES = Path("data/geocoding_overrides.csv")
ADDED_COLUMNS = ("lat", "lon", "precision", "provider", "matched_name", "ambiguous", "error")
#: Batches with at least this many rows show a progress bar on stderr.
PROGRESS_MIN_ROWS = 20


class UserError(GeocodingError):
    """A problem with the user's input or files: reported as one line, no traceback."""


def describe(exc: GeopyError) -> str:
    """One line for any error of the family: ours as they are, geopy's as an online-geocoder failure; escaped
    (:func:`printable`), since messages quote files, cells and servers' words."""
    if isinstance(exc, GeocodingError):
        return printable(exc)
    return printable(f"online geocoder failed: {type(exc).__name__}: {exc}")


def _parser() -> argparse.ArgumentParser:
    settings_cache = None
    try:
        settings_cache = load_settings().cache_dir
    except GeopyError:  # bad settings in the environment; reported when they are used
        settings_cache = Path(".cache")
    parser = argparse.ArgumentParser(prog="python -m geocoding", description="Offline-first geocoding.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each geocoder does")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--online", action="store_true",
                        help="also ask Nominatim (OpenStreetMap) when the offline geocoders fail")
    common.add_argument("--overrides", type=Path, default=None,
                        help=f"overrides CSV (default {DEFAULT_OVERRIDES}, skipped if absent)")
    common.add_argument("--cache-dir", type=Path, default=settings_cache,
                        help="gazetteer index and answer cache (default $STATIONMAP_CACHE_DIR or .cache)")
    lookup = sub.add_parser("lookup", parents=[common], help="resolve one place")
    lookup.add_argument("query", nargs="?", default="",
                        help="place name; omit it and give --country for the country itself")
    lookup.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, e.g. IT")
    lookup.add_argument("--region", action="store_true", help="the query is a region, not a city")
    lookup.add_argument("--all", action="store_true", help="list every candidate, best first")
    lookup.add_argument("--json", action="store_true", help="print the result's raw provenance as JSON")
    batch = sub.add_parser("batch", parents=[common], help="resolve every row of a CSV file")
    batch.add_argument("input", type=Path, help="CSV with a 'query' column and optionally 'country'")
    batch.add_argument("output", type=Path, help="CSV to write (all input columns plus results)")
    batch.add_argument("--query-column", default="query")
    batch.add_argument("--country-column", default="country")
    return parser


def _chain(args: argparse.Namespace) -> GeocoderChain:
    overrides = args.overrides
    if overrides is None:
        if DEFAULT_OVERRIDES.exists():
            overrides = DEFAULT_OVERRIDES
        else:
            logger.warning("no %s here: running without overrides", DEFAULT_OVERRIDES)
    elif not overrides.exists():
        raise UserError(f"overrides file {overrides} does not exist")
    try:
        index_exists = index_path(args.cache_dir).exists()
    except OSError:
        index_exists = False
    if not index_exists:
        print(printable(f"Building the gazetteer index in {args.cache_dir} (one-off, about 15 s)..."), file=sys.stderr)
    return build_chain(overrides_path=overrides, cache_dir=args.cache_dir, online=args.online)


def _text(raw: dict[str, Any]) -> str:
    ident = f"GeoNames {raw['geonames_id']}" if raw.get("geonames_id") else (
        f"OSM {raw['osm_id']}" if raw.get("osm_id") else "")
    source = raw["provider"] + (f" of {raw['source_provider']}" if raw.get("source_provider") else "")
    flag = "  AMBIGUOUS: other places share this name" if raw.get("ambiguous") else ""
    return (f"{raw['matched_name']}, {raw['country']}  {raw['lat']:.5f}, {raw['lon']:.5f}  "
            f"{raw['precision']} ±{raw['radius_km']:g} km  [{source}{', ' + ident if ident else ''}]{flag}")


def cmd_lookup(args: argparse.Namespace) -> int:
    if not args.query.strip() and not args.country.strip():
        raise UserError("give a place name, or --country CC for a country")
    query: Query
    if not args.query.strip():
        query = {"country": args.country}
    elif args.region:
        query = {"state": args.query, **({"country": args.country} if args.country else {})}
    else:
        query = args.query
    codes = args.country if isinstance(query, str) and args.country else None
    chain = _chain(args)
    found = chain.geocode(query, exactly_one=not args.all, country_codes=codes)  # errors: see main()
    if not found:
        where = f" in {args.country.upper()}" if args.country else ""
        print(printable(f"not found: {args.query or args.country!r}{where}"
                        f"{'' if args.online else ' (offline; try --online)'}"), file=sys.stderr)
        return 1
    results = found if isinstance(found, list) else [found]
    if args.json:
        payload = [r.raw for r in results] if args.all else results[0].raw
        print(printable_json(json.dumps(payload, ensure_ascii=False, indent=2, default=str)))
    else:
        for r in results:
            print(printable(_text(r.raw)))  # names and places come from the gazetteer, overrides or Nominatim
    return 0


def _resolve_row(chain: GeocoderChain, query: str, country: str, online: bool) -> dict[str, Any]:
    empty = dict.fromkeys(ADDED_COLUMNS, "")
    if not query.strip():
        return {**empty, "error": "empty query"}
    try:
        found = chain.geocode(query, country_codes=country or None)
    except GeopyError as exc:  # the one error family; this row fails, the batch goes on
        return {**empty, "error": describe(exc)}
    if found is None:
        where = f" in {country.upper()}" if country else ""
        how = ("overrides, gazetteer or Nominatim" if online
               else "overrides or offline gazetteer (try --online)")
        return {**empty, "error": f"not found{where} by {how}"}
    raw = found.raw
    return {"lat": f"{found.latitude:.6f}", "lon": f"{found.longitude:.6f}", "precision": raw["precision"],
            "provider": raw["provider"], "matched_name": raw["matched_name"],
            "ambiguous": "true" if raw["ambiguous"] else "false", "error": ""}


def _read_rows(path: Path, query_column: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            if query_column not in fields:
                raise UserError(f"{path}: no '{query_column}' column (found: {', '.join(fields) or 'none'})")
            return fields, list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None


def write_csv_atomic(path: Path, fields: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    """Write ``rows`` to ``path`` completely or not at all (temp file in the same folder + os.replace)."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise UserError(f"cannot write {path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(fields), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_batch(args: argparse.Namespace) -> int:
    fields, rows = _read_rows(args.input, args.query_column)
    has_country = args.country_column in fields
    if args.country_column != "country" and not has_country:
        raise UserError(f"{args.input}: no '{args.country_column}' column")
    chain = _chain(args)
    out_fields = [f for f in fields if f not in ADDED_COLUMNS] + list(ADDED_COLUMNS)
    results = []
    bar = tqdm(rows, desc="geocoding", unit="row", file=sys.stderr, disable=len(rows) < PROGRESS_MIN_ROWS)
    for row in bar:
        country = (row.get(args.country_column) or "").strip() if has_country else ""
        results.append({**row, **_resolve_row(chain, row.get(args.query_column) or "", country, args.online)})
    try:
        write_csv_atomic(args.output, out_fields, results)
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc}") from None
    failed = sum(1 for r in results if r["error"])
    ambiguous = sum(1 for r in results if r["ambiguous"] == "true")
    print(printable(f"wrote {args.output}: {len(results)} rows, {len(results) - failed} resolved, {failed} "
                    f"unresolved, {ambiguous} ambiguous"), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter("%(levelname)s: %(message)s"))  # geopy logs servers' words raw
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, handlers=[handler])
    handlers = {"lookup": cmd_lookup, "batch": cmd_batch}
    try:
        return handlers[args.command](args)
    except GeopyError as exc:  # the one error family (UserError included)
        print(f"error: {describe(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder that may not be written: one line, never a traceback
        print(printable(f"error: {os_error_text(exc)}"), file=sys.stderr)
        return 1
