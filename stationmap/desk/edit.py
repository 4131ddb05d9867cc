"""``stationmap review edit|keep|rename``: an editor's changes to rows already in the data, each logged.

- ``edit TABLE ROW_ID --field F --value V [--field F2 --value V2 ...]`` rewrites cells of one row. The
  would-be dataset is loaded in a temporary copy first and nothing is written when it has an error; then the
  file is replaced atomically and every changed cell is one ``changes.csv`` row (old and new value).
- ``keep TABLE ROW_ID`` records that a row was reviewed and kept as it is (one ``reviewed_kept`` row), so the
  audit trail shows decisions not to change something, with the reason.
- ``rename source OLD NEW`` retires a source id: every cell that names it (the source row, evidence and
  batches) is rewritten and an ``id_aliases.csv`` row keeps old links working; one change row per cell.

Row ids are the table's first column. Ids are never edited with ``edit`` (links use them): ``rename``
exists for the rare id that must change, and always leaves an alias behind.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from stationmap.desk.errors import DeskError
from stationmap.desk.tables import appended, as_json_cell, change_rows, header_of, one_line
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.csv_reader import TableSpec
from stationmap.records.problems import printable
from stationmap.rules.audit import utc_now_text

#: The tables an editor may change cell by cell, with the column that identifies a row.
EDITABLE: dict[str, TableSpec] = {
    spec.name: spec for spec in (schema.STATIONS, schema.SOURCES, schema.EVIDENCE, schema.BATCHES)
}


def key_column(spec: TableSpec) -> str:
    return spec.required[0]


def required_text(value: str | None, option: str) -> str:
    text = one_line(value or "")
    if not text:
        raise DeskError(f"{option} is empty")
    return text


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    """Every row of a CSV file as read (header first) and its line ending."""
    raw = path.read_bytes().decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw[:4096] else "\n"
    return [row for row in csv.reader(io.StringIO(raw, newline=""))], newline


def rows_bytes(rows: list[list[str]], newline: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue().encode("utf-8")


def rewrite_cells(path: Path, spec: TableSpec, row_id: str, values: dict[str, str],
                  ) -> tuple[bytes, list[tuple[str, str, str]]]:
    """The file's bytes with ``values`` set in row ``row_id``, and each change as (field, old, new).

    DeskError for an unknown table row or column, the id column, or a value that changes nothing.
    """
    header = header_of(path, spec)
    key = key_column(spec)
    rows, newline = read_rows(path)
    matches = [row for row in rows[1:] if row and row[header.index(key)].strip() == row_id]
    if not matches:
        raise DeskError(f"{spec.name} has no row '{printable(row_id[:80])}'")
    if len(matches) > 1:
        raise DeskError(f"{spec.name} has {len(matches)} rows '{printable(row_id[:80])}': fix that first")
    row = matches[0]
    row.extend([""] * (len(header) - len(row)))
    changed = []
    for field, value in values.items():
        if field == key:
            raise DeskError(f"'{field}' is the row's id, which links use: retire it with 'review rename'")
        if field not in header:
            raise DeskError(f"{spec.name} has no column '{printable(field[:40])}'; its columns: {', '.join(header)}")
        at = header.index(field)
        if row[at] == value:
            raise DeskError(f"{field} of {row_id} is already '{printable(value[:60])}': nothing to change")
        changed.append((field, row[at], value))
        row[at] = value
    return rows_bytes(rows, newline), changed


def field_values(fields: list[str], values: list[str]) -> dict[str, str]:
    if not fields or len(fields) != len(values):
        raise DeskError("give --field and --value in pairs (one --value after each --field)")
    pairs: dict[str, str] = {}
    for field, value in zip(fields, values, strict=True):
        field = field.strip()
        if field in pairs:
            raise DeskError(f"--field {field} is given twice")
        pairs[field] = one_line(value)
    return pairs


def write_validated(data_dir: Path, files: dict[str, bytes], entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """Check the would-be dataset, then write ``files`` and the change rows for ``entries`` (the log last)."""
    from stationmap.desk.review import validate_would_be  # the accept command's check, shared

    changes = change_rows(data_dir, entries, now_text=utc_now_text())
    files = {**files, schema.CHANGES.name: appended(data_dir / schema.CHANGES.name, schema.CHANGES, changes)}
    validate_would_be(data_dir, files)
    for name, payload in files.items():
        if name != schema.CHANGES.name:
            write_atomically(data_dir / name, payload)
    write_atomically(data_dir / schema.CHANGES.name, files[schema.CHANGES.name])
    return changes


def _table(name: str) -> TableSpec:
    if name not in EDITABLE:
        raise DeskError(f"'{printable(name[:40])}' is not a table the desk edits; use one of: {', '.join(EDITABLE)}")
    return EDITABLE[name]


def run_edit(args: argparse.Namespace, data_dir: Path) -> int:
    spec = _table(args.table)
    reason, editor = required_text(args.reason, "--reason"), required_text(args.editor, "--editor")
    values = field_values(args.field or [], args.value or [])
    payload, changed = rewrite_cells(data_dir / spec.name, spec, args.row_id, values)
    entries = [dict(editor=editor, action="edit", table=spec.name, row_id=args.row_id, field=field, old=old,
                    new=new, reason=reason) for field, old, new in changed]
    changes = write_validated(data_dir, {spec.name: payload}, entries)
    ids = " ".join(c["change_id"] for c in changes)
    print(ids)
    print(f"edited {spec.name} {printable(args.row_id)}: {', '.join(values)} ({ids})", file=sys.stderr)
    return 0


def run_keep(args: argparse.Namespace, data_dir: Path) -> int:
    spec = _table(args.table)
    reason, editor = required_text(args.reason, "--reason"), required_text(args.editor, "--editor")
    header = header_of(data_dir / spec.name, spec)
    at = header.index(key_column(spec))
    rows, _ = read_rows(data_dir / spec.name)
    if not any(row and row[at].strip() == args.row_id for row in rows[1:]):
        raise DeskError(f"{spec.name} has no row '{printable(args.row_id[:80])}'")
    changes = write_validated(data_dir, {}, [dict(editor=editor, action="reviewed_kept", table=spec.name,
                                                  row_id=args.row_id, reason=reason)])
    print(changes[0]["change_id"])
    print(f"kept {spec.name} {printable(args.row_id)} as it is ({changes[0]['change_id']})", file=sys.stderr)
    return 0


#: Where a source id is named, besides its own row: (table, column).
SOURCE_REFERENCES = ((schema.EVIDENCE, "source_id"), (schema.BATCHES, "source_id"))


def run_rename(args: argparse.Namespace, data_dir: Path) -> int:
    if args.kind != "source":
        raise DeskError("only source ids can be renamed by the desk")
    reason, editor = required_text(args.reason, "--reason"), required_text(args.editor, "--editor")
    old, new = args.old_id.strip(), args.new_id.strip()
    files: dict[str, bytes] = {}
    entries: list[dict[str, str]] = []

    def rename_in(spec: TableSpec, column: str, own_row: bool) -> None:
        path = data_dir / spec.name
        header = header_of(path, spec)
        rows, newline = read_rows(path)
        at, key = header.index(column), header.index(key_column(spec))
        hits = [row for row in rows[1:] if len(row) > at and row[at].strip() == old]
        if own_row and not hits:
            raise DeskError(f"{spec.name} has no row '{printable(old[:80])}'")
        if own_row and any(len(row) > at and row[at].strip() == new for row in rows[1:]):
            raise DeskError(f"'{printable(new[:80])}' is already a source id")
        for row in hits:
            row[at] = new
            entries.append(dict(editor=editor, action="edit", table=spec.name,
                                row_id=new if own_row else row[key].strip(), field=column, old=old, new=new,
                                reason=reason))
        if hits:
            files[spec.name] = rows_bytes(rows, newline)

    rename_in(schema.SOURCES, "source_id", own_row=True)
    for spec, column in SOURCE_REFERENCES:
        rename_in(spec, column, own_row=False)
    alias = {"kind": "source", "old_id": old, "new_id": new}
    files[schema.ALIASES.name] = appended(data_dir / schema.ALIASES.name, schema.ALIASES, [alias])
    entries.append(dict(editor=editor, action="edit", table=schema.ALIASES.name, row_id=old,
                        new=as_json_cell(alias), reason=reason))
    changes = write_validated(data_dir, files, entries)
    ids = " ".join(c["change_id"] for c in changes)
    print(ids)
    print(f"renamed source {printable(old)} to {printable(new)} in {len(entries) - 1} cell(s), alias added ({ids})",
          file=sys.stderr)
    return 0
