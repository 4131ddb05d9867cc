"""The columns of every data file, in one place (documented for people in data/README.md)."""

from __future__ import annotations

from stationmap.records.csv_reader import TableSpec
from stationmap.records.models import OfficialAction, Party, Statement, Status

SOURCE_KINDS: tuple[str, ...] = (
    "news", "ngo_report", "government_statement", "police_statement", "court_record",
    "parliamentary_record", "encyclopedia", "forum", "other",
)

CLAIM_VALUES: tuple[str, ...] = tuple(c.value for enum in (Status, Statement, OfficialAction) for c in enum)
PARTY_VALUES: tuple[str, ...] = tuple(p.value for p in Party)

_TEXT = frozenset({"excerpt", "summary", "notes", "reliability_note", "date_inferred"})

SOURCES = TableSpec(
    "sources.csv",
    required=("source_id", "title", "publisher", "kind", "reliability", "reliability_note"),
    optional=("published", "date_precision", "date_inferred", "url", "text_path", "title_gloss", "text_sha256"),
    long_text=_TEXT,
)
BATCHES = TableSpec(
    "batches.csv",
    required=("batch_id", "label", "source_id"),
    optional=("published", "reported_count", "excerpt", "summary"),
    long_text=_TEXT,
)
STATIONS = TableSpec(
    "stations.csv",
    required=("station_id", "label", "country", "precision", "bureau", "batch"),
    optional=("city", "region", "notes"),
    long_text=_TEXT,
)
EVIDENCE = TableSpec(
    "evidence.csv",
    required=("evidence_id", "source_id", "supports", "claimant", "party"),
    optional=("station_id", "event_date", "excerpt", "summary", "notes"),
    long_text=_TEXT,
)
PLACES = TableSpec(
    "places.csv",
    required=("station_id", "lat", "lon", "precision", "radius_km", "provider", "matched_name"),
    optional=("query", "country", "geonames_id", "osm_id", "ambiguous", "resolved_at"),
)

PLACE_NAMES = TableSpec(
    "place_names.csv",
    required=("station_id",),
    optional=("zh_hans", "zh_hant", "search"),
)
ALIASES = TableSpec(
    "id_aliases.csv",
    required=("kind", "old_id", "new_id"),
)
ALIAS_KINDS: tuple[str, ...] = ("station", "source", "evidence")

#: The editor's desk keeps full texts of ingested sources here, named by their SHA-256, relative to the data
#: folder (git-ignored, never published); a source row's ``text_sha256`` names one, so excerpts can be checked.
ARCHIVE_DIR = "desk/archive"

#: The audit trail written by the editor's desk: one row per change, append-only, chained by SHA-256.
CHANGE_FIELDS: tuple[str, ...] = ("change_id", "time_utc", "editor", "action", "table", "row_id", "field", "old",
                                  "new", "reason", "queue_id")
CHANGES = TableSpec(
    "changes.csv",
    required=("change_id", "time_utc", "editor", "action", "table", "prev_hash", "row_hash"),
    optional=("row_id", "field", "old", "new", "reason", "queue_id"),
)
#: Column order of a new changes.csv: the change's fields, then the chain.
CHANGE_COLUMNS: tuple[str, ...] = (*CHANGE_FIELDS, "prev_hash", "row_hash")
CHANGE_ACTIONS: tuple[str, ...] = ("accept", "reject", "edit", "correction", "reviewed_kept")

#: Corrections readers sent in, and what became of them (no reporter's name or address is stored).
CORRECTIONS = TableSpec(
    "corrections.csv",
    required=("correction_id", "received", "concerns", "what_is_wrong", "status"),
    optional=("supporting_link", "resolved", "resolution", "change_ids"),
    long_text=frozenset({"what_is_wrong", "resolution"}),
)
CORRECTION_STATUSES: tuple[str, ...] = ("open", "accepted", "rejected", "duplicate")

#: Local spellings of stations' cities (Milano, Praha, Одеса): read by the editor's desk to find stations named
#: in articles in other languages. Keyed by country and city as stations.csv spells it, so one row serves every
#: station in the city.
LOCAL_NAMES = TableSpec(
    "local_names.csv",
    required=("country", "city", "name", "language"),
    optional=("note",),
    long_text=frozenset({"note"}),
)
