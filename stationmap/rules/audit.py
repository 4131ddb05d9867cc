"""The audit trail's rules: ``changes.csv`` is append-only, proven by a SHA-256 chain over its rows.

Each row carries the previous row's hash (``prev_hash``; the first row carries GENESIS) and its own
(``row_hash``, over ``prev_hash`` and every field of the row). Editing, inserting or removing a row
anywhere but at the end breaks the chain at that row, and ``validate`` names the line. Change ids count
up from ``c-1`` with no gap, so a removed row also shows as a missing id. (Removing rows from the very end
leaves a shorter, valid chain: corrections and queue items that cite those change ids then point at
nothing, which ``validate`` reports for corrections.) The desk writes the rows; this module, in the core,
only computes and checks hashes, so ``validate`` needs nothing from the desk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping

from stationmap.records import schema
from stationmap.records.csv_reader import Table

GENESIS = "0" * 64
_CHANGE_ID = re.compile(r"^c-([1-9][0-9]*)$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def row_hash(prev_hash: str, values: Mapping[str, str]) -> str:
    """The hash of one change row: over the previous row's hash and the row's fields, unit-separated."""
    payload = "\x1f".join([prev_hash, *(values.get(column, "") for column in schema.CHANGE_FIELDS)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def check_changes(table: Table) -> tuple[set[str], str]:
    """Report every broken rule of changes.csv; return the change ids present and the last row's hash."""
    ids: set[str] = set()
    expected_prev = GENESIS
    last_time = ""
    for number, row in enumerate(table.rows, start=1):
        v = row.values
        id_match = _CHANGE_ID.match(v["change_id"])
        if not id_match or int(id_match.group(1)) != number:
            table.problem(row.line, "change_id", f"'{v['change_id']}' should be 'c-{number}': change ids count up "
                          "from c-1 with no gap (a row was removed or inserted)")
        ids.add(v["change_id"])
        if not _TIME.match(v["time_utc"]):
            table.problem(row.line, "time_utc", f"'{v['time_utc']}' is not a UTC time like 2026-12-05T23:15:00Z")
        elif v["time_utc"] < last_time:
            table.problem(row.line, "time_utc", f"'{v['time_utc']}' is earlier than the row before: rows are "
                          "appended in time order")
        else:
            last_time = v["time_utc"]
        if v["action"] not in schema.CHANGE_ACTIONS:
            table.problem(row.line, "action", f"unknown action '{v['action']}'; use one of: "
                          f"{', '.join(schema.CHANGE_ACTIONS)}")
        if v["prev_hash"] != expected_prev:
            table.problem(row.line, "prev_hash", "does not match the previous row's hash: changes.csv is "
                          "append-only, and a row before this one was edited, inserted or removed (restore the "
                          "file from git)")
        if v["row_hash"] != row_hash(v["prev_hash"], v):
            table.problem(row.line, "row_hash", "does not match the row's contents: changes.csv is append-only, "
                          "and this row was edited after it was written (restore the file from git)")
        expected_prev = v["row_hash"]
    return ids, expected_prev


#: Actions that change the data files (a rejected queue item, or a row reviewed and kept, changes nothing).
DATA_ACTIONS = frozenset({"accept", "edit", "correction"})


def last_change_day(table: Table) -> dt.date | None:
    """The UTC day of the last change to the data the log records (rows of :data:`DATA_ACTIONS` with a valid
    time; a broken row is reported by :func:`check_changes` and not counted). The day, not the time: a data
    version is a day, as the changelog groups changes by day."""
    days = [dt.date.fromisoformat(v["time_utc"][:10]) for v in (row.values for row in table.rows)
            if v["action"] in DATA_ACTIONS and _TIME.match(v["time_utc"]) and _valid_day(v["time_utc"][:10])]
    return max(days) if days else None


def _valid_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def utc_now_text(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
