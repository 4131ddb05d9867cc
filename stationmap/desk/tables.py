"""Appending rows to the data's CSV files: whole-file atomic writes, in the file's own column order.

The desk only ever appends (or, for one cell of a source row it is linking to an archived text, rewrites
the file with that cell filled); the change log records each of these.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from stationmap.desk.errors import DeskError
from stationmap.records import schema
from stationmap.records.csv_reader import TableSpec, read_table
from stationmap.rules.audit import GENESIS, check_changes, row_hash, utc_now_text

_HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029\u200e\u200f\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """Free text for a one-line cell: whitespace runs as one space; DeskError for invisible characters."""
    text = " ".join(text.split())
    if _HIDDEN.search(text):
        raise DeskError("the text contains an invisible control or bidirectional character; type it plainly")
    return text


def escape_hidden(text: str) -> str:
    """``text`` with invisible control and bidirectional characters written as ``\\uXXXX``."""
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def as_json_cell(values: Mapping[str, str]) -> str:
    """A row as compact JSON for the change log's 'new' column, with invisible characters escaped."""
    return escape_hidden(json.dumps(dict(values), ensure_ascii=False, separators=(",", ":")))


def header_of(path: Path, spec: TableSpec) -> list[str]:
    """The file's header (its column order), or the spec's columns for a file that does not exist yet."""
    if not path.exists():
        return list(schema.CHANGE_COLUMNS if spec is schema.CHANGES else spec.columns)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [cell.strip() for cell in next(csv.reader(handle), [])] or list(spec.columns)


def rows_text(header: Sequence[str], rows: Sequence[Mapping[str, str]], newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def appended(path: Path, spec: TableSpec, rows: Sequence[Mapping[str, str]]) -> bytes:
    """The file's bytes with ``rows`` appended (header written first for a new file)."""
    header = header_of(path, spec)
    existing = path.read_bytes() if path.exists() else b""
    newline = "\r\n" if b"\r\n" in existing[:4096] else "\n"
    if not existing:
        existing = rows_text(header, [dict(zip(header, header, strict=True))], newline).encode("utf-8")
    elif not existing.endswith(b"\n"):
        existing += newline.encode()
    return existing + rows_text(header, rows, newline).encode("utf-8")


def change_rows(data_dir: Path, entries: Sequence[Mapping[str, str]], *, now_text: str | None = None,
                ) -> list[dict[str, str]]:
    """``entries`` (action, table, row_id, field, old, new, reason, queue_id, editor) as chained change rows.

    DeskError when changes.csv fails its own check: nothing is appended to a log that was tampered with.
    """
    table = read_table(data_dir, schema.CHANGES) if (data_dir / schema.CHANGES.name).exists() else None
    prev, count = GENESIS, 0
    if table is not None:
        table.problems = []
        _, prev = check_changes(table)
        if table.problems:
            raise DeskError(f"changes.csv fails its own check ({table.problems[0]}); restore it from git first")
        count = len(table.rows)
    now_text = now_text or utc_now_text()
    rows = []
    for entry in entries:
        count += 1
        row = {column: one_line(str(entry.get(column, ""))) if column not in {"new", "old"}
               else escape_hidden(str(entry.get(column, ""))).strip() for column in schema.CHANGE_FIELDS}
        row.update(change_id=f"c-{count}", time_utc=now_text)
        row["prev_hash"] = prev
        row["row_hash"] = prev = row_hash(prev, row)
        rows.append(row)
    return rows
