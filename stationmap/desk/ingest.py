"""``stationmap ingest FILE [--url URL] [--json]``: a saved page becomes one queue item of proposals.

Offline and read-only towards the data: the CSV files are never changed. Writes the extracted text to the
archive (``<data>/desk/archive/<sha256>.txt``) and the queue item (``<data>/desk/queue/<queue_id>.json``),
and prints the item's path (or, with ``--json``, the item). A refused input writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import tempfile
from pathlib import Path

from stationmap.desk.errors import DeskError
from stationmap.desk.extract import extract
from stationmap.desk.language import prepare as prepare_language
from stationmap.desk.matcher_cache import cached_matcher
from stationmap.desk.matching import StationMatcher, station_names
from stationmap.desk.proposals import build_proposals
from stationmap.desk.queue import DeskPaths, to_json
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.csv_reader import read_table
from stationmap.records.loading import load_dataset


def _check_url(url: str | None) -> None:
    if url is not None and (not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url)):
        raise DeskError(f"--url must be an http(s) address without spaces, not '{url[:60]}'")


def matcher_for(data_dir: Path, cache_dir: Path | None = None) -> StationMatcher:
    """The name matcher for the dataset in ``data_dir`` (stations, place names and local spellings), kept in
    ``cache_dir`` per data version (stationmap.desk.matcher_cache)."""
    def build() -> tuple[StationMatcher, list[str]]:
        dataset = load_dataset(data_dir).dataset
        matcher = StationMatcher(station_names(dataset.stations, dataset.local_names, local_city_names(data_dir)))
        return matcher, [s.text_sha256 for s in dataset.sources.values() if s.text_sha256]

    return cached_matcher(data_dir, cache_dir, build)


def local_city_names(data_dir: Path) -> dict[tuple[str, str], list[str]]:
    """local_names.csv as (country, city) -> spellings; empty without the file (the loader checks it)."""
    if not (data_dir / schema.LOCAL_NAMES.name).exists():
        return {}
    names: dict[tuple[str, str], list[str]] = {}
    for row in read_table(data_dir, schema.LOCAL_NAMES).rows:
        names.setdefault((row.values["country"], row.values["city"]), []).append(row.values["name"])
    return names


def build_item(file: Path, *, url: str | None, matcher: StationMatcher, now: dt.datetime,
               cache_dir: Path | None = None) -> tuple[dict, str]:
    """The queue item for ``file`` and the extracted text to archive (DeskError for a refused input)."""
    _check_url(url)
    extraction = extract(file, url=url, today=now.date(), cache_dir=cache_dir)
    text_sha = hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
    queue_id = f"q-{text_sha[:12]}"
    proposals = build_proposals(extraction.text, matcher, queue_id, wrapped_lines=extraction.kind == "pdf")
    warnings = list(extraction.warnings)
    if not proposals:
        warnings.append("the text names no station on the map: nothing is proposed")
    item = {
        "queue_id": queue_id,
        "ingested": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input": {"file_name": file.name, "kind": extraction.kind, "file_sha256": extraction.sha256},
        "source": {
            "headline_candidates": [h.to_json() for h in extraction.headline_candidates],
            "publisher": extraction.publisher,
            "published": extraction.published,
            "language": extraction.language,
            "sha256": text_sha,
            "url": url,
            "text_chars": len(extraction.text),
        },
        "proposals": proposals,
        "warnings": warnings,
    }
    return item, extraction.text


def run_fetched(address: str, *, data_dir: Path, url: str | None, as_json: bool, cache_dir: Path | None = None,
                fetcher=None) -> int:
    """Download ``address`` (stationmap.desk.fetch) into a temporary file and ingest that; the page's final
    address is kept as its URL unless --url says otherwise."""
    from stationmap.desk.fetch import fetch

    fetched = (fetcher or fetch)(address)
    head = fetched.body[:1024].lstrip().lower()
    suffix = ".pdf" if fetched.body.startswith(b"%PDF-") else (
        ".html" if "html" in fetched.content_type.lower() or head.startswith((b"<!doctype", b"<html")) else ".txt")
    with tempfile.TemporaryDirectory(prefix="stationmap-fetch-") as tmp:
        page = Path(tmp) / f"fetched{suffix}"
        page.write_bytes(fetched.body)
        return run_ingest(page, data_dir=data_dir, url=url or fetched.url, as_json=as_json, cache_dir=cache_dir)


def run_ingest(file: Path, *, data_dir: Path, url: str | None, as_json: bool, cache_dir: Path | None = None,
               now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.UTC)
    paths = DeskPaths(data_dir)
    if file.is_file():  # the language model loads (or is unpacked) while the matcher and the page are read
        prepare_language(cache_dir)
    item, text = build_item(file, url=url, matcher=matcher_for(data_dir, cache_dir), now=now, cache_dir=cache_dir)
    target = paths.item(item["queue_id"])
    if target.exists():
        print(f"already in the queue (the same text was ingested before); nothing written: {target}",
              file=sys.stderr)
        print(target)
        return 0
    archived = paths.archived_text(item["source"]["sha256"])
    if not archived.exists():
        write_atomically(archived, text)
    rendered = to_json(item)  # once: the same text is saved and, with --json, printed
    write_atomically(target, rendered)
    sys.stdout.write(rendered if as_json else f"{target}\n")
    print(f"{len(item['proposals'])} proposal(s), {len(item['warnings'])} warning(s)", file=sys.stderr)
    return 0
