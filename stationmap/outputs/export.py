"""Exports of stations with their derived status and evidence: CSV (one row per claim) and GeoJSON.

Both take the (possibly filtered, possibly as-of) station frame, so a download holds exactly what the user
sees. Column names are stable English code names whatever the interface language. Every export carries
the data version and the licence: GeoJSON in a ``metadata`` member, CSV in its file name and in a notice
beside the download (a CSV has no place for metadata that every tool would keep).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from collections.abc import Mapping

import pandas as pd

from stationmap.records.dataset import Dataset
from stationmap.render.citation import DATA_LICENCE, DATA_LICENCE_URL, LICENCE_TEXT, TITLE
from stationmap.rules.status import counts_by

STATION_FIELDS = ("station_id", "label", "status", "contested", "weak_sources", "city", "region", "country",
                  "precision", "bureau", "batch", "actions", "lat", "lon", "radius_km")
EVIDENCE_FIELDS = ("evidence_id", "supports", "claimant", "party", "date", "source_id", "source_title",
                   "source_publisher", "source_url", "source_reliability", "text_kind", "text")

# Spreadsheets run cells starting with these as formulas; data from files is untrusted.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralise_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _clean(value: object) -> object:
    """JSON/CSV-friendly scalars: NaN becomes None, numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def evidence_records(dataset: Dataset, station_id: str, as_of: dt.date | None = None) -> list[dict[str, object]]:
    records = []
    for item in dataset.evidence_for(station_id):
        if not counts_by(item, as_of):
            continue
        source = dataset.sources[item.source_id]
        records.append({
            "evidence_id": item.evidence_id,
            "supports": item.supports.value,
            "claimant": item.claimant,
            "party": item.party.value,
            "date": str(item.effective_date) if item.effective_date else None,
            "source_id": source.source_id,
            "source_title": source.title,
            "source_publisher": source.publisher,
            "source_url": source.url or None,
            "source_reliability": source.reliability.value,
            "text_kind": "excerpt" if item.is_quotation else "summary",
            "text": item.text,
        })
    return records


def _station_properties(row: pd.Series) -> dict[str, object]:
    return {name: _clean(row[name]) for name in STATION_FIELDS if name not in ("lat", "lon")}


def export_metadata(dataset: Dataset, *, as_of: dt.date | None = None,
                    view: Mapping[str, str] | None = None) -> dict[str, object]:
    """What a download must say about itself: what it is, which version, under which terms."""
    return {
        "title": TITLE,
        "data_as_of": dataset.data_as_of.isoformat() if dataset.data_as_of else None,
        "as_of": as_of.isoformat() if as_of else None,
        "view": dict(view or {}),
        "licence": DATA_LICENCE,
        "licence_url": DATA_LICENCE_URL,
        "terms": LICENCE_TEXT,
    }


def to_geojson(dataset: Dataset, frame: pd.DataFrame, *, as_of: dt.date | None = None,
               view: Mapping[str, str] | None = None) -> str:
    """A FeatureCollection; stations without coordinates have ``geometry: null`` (allowed by RFC 7946)."""
    features = []
    for _, row in frame.iterrows():
        lat, lon = _clean(row["lat"]), _clean(row["lon"])
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        properties = _station_properties(row)
        properties["evidence"] = evidence_records(dataset, row["station_id"], as_of)
        features.append({"type": "Feature", "id": row["station_id"], "geometry": geometry,
                         "properties": properties})
    collection = {"type": "FeatureCollection", "metadata": export_metadata(dataset, as_of=as_of, view=view),
                  "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1)


def to_csv(dataset: Dataset, frame: pd.DataFrame, *, as_of: dt.date | None = None) -> str:
    """One row per (station, evidence) pair: station columns repeat, so each claim stands alone.

    Starts with a byte-order mark so Excel reads UTF-8 ("São Paulo", not "SÃ£o Paulo"); other tools skip it.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATION_FIELDS + EVIDENCE_FIELDS)
    for _, row in frame.iterrows():
        station = [_clean(row[name]) for name in STATION_FIELDS]
        for record in evidence_records(dataset, row["station_id"], as_of):
            cells = station + [record[name] for name in EVIDENCE_FIELDS]
            writer.writerow(["" if c is None else _neutralise_formula(c) for c in cells])
    return out.getvalue()


def readme_text(dataset: Dataset, csv_name: str, *, as_of: dt.date | None = None,
                view: Mapping[str, str] | None = None, cite: str | None = None) -> str:
    """The README that travels with a CSV in its zip: what the file is, which version, licence, credit."""
    meta = export_metadata(dataset, as_of=as_of, view=view)
    lines = [
        TITLE, "",
        f"{csv_name}: one row per claim (station columns repeat, so each claim stands alone); UTF-8 with a "
        "byte-order mark; column names are stable English code names (see data/README.md in the project).",
        "",
        f"Data as of: {meta['data_as_of'] or 'unknown'} (the data version: the day of the last recorded change "
        "to the data, see data/README.md)",
        f"As of: {meta['as_of']} (only what had been published by that day)" if as_of else "As of: today (everything)",
        "View: " + (", ".join(f"{name}={value}" for name, value in meta["view"].items()) or "all stations"),
        "",
        f"Licence: {DATA_LICENCE} ({DATA_LICENCE_URL})",
        f'Credit: "{TITLE}"',
        LICENCE_TEXT,
    ]
    if cite:
        lines += ["", "Cite as:", cite]
    return "\n".join(lines) + "\n"


def to_csv_zip(dataset: Dataset, frame: pd.DataFrame, csv_name: str, *, as_of: dt.date | None = None,
               view: Mapping[str, str] | None = None, cite: str | None = None) -> bytes:
    """The CSV and a README with the licence and the credit, in one zip: a forwarded file keeps its terms,
    and the CSV inside still opens cleanly in any spreadsheet. Entries are dated by the data version, so the
    same view of the same data gives the same bytes."""
    stamp = dataset.data_as_of or dt.date(1980, 1, 1)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in ((csv_name, to_csv(dataset, frame, as_of=as_of)),
                           ("README.txt", readme_text(dataset, csv_name, as_of=as_of, view=view, cite=cite))):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()
