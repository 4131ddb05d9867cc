"""Reading one CSV file defensively: every row with its line number, every file-level problem named.

The csv module is used rather than pandas because validation needs each record's physical line number
(quoted cells can span lines) and the raw text of every cell. Nothing here knows the dataset's schema
beyond the column lists it is given.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stationmap.problems import Problem, Severity

# Invisible characters that can disguise text: C0/C1 controls (Unicode category Cc) and bidi overrides.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_HIDDEN_EXCEPT_BREAKS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


@dataclass(frozen=True)
class TableSpec:
    """Columns of one file. Long-text columns may hold line breaks and tabs."""

    name: str  # file name inside the data directory
    required: tuple[str, ...]  # must be present in the header and non-empty in every row
    optional: tuple[str, ...] = ()  # present in the header; may be empty
    long_text: frozenset[str] = frozenset()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class Row:
    line: int  # the physical line the record starts on (1 is the header)
    values: dict[str, str]  # every known column, stripped; missing optional columns are ""


@dataclass
class Table:
    """What reading a file produced: usable rows plus the problems found in the file and its rows."""

    path: Path
    display: str  # how messages name the file
    rows: list[Row]
    problems: list[Problem]
    present: bool = True

    def problem(self, line: int | None, column: str | None, message: str,
                severity: Severity = Severity.ERROR) -> Problem:
        found = Problem(self.display, line, column, message, severity)
        self.problems.append(found)
        return found


def describe_char(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name.lower()})"


def find_hidden_char(value: str, allow_breaks: bool) -> str | None:
    """The first control or bidi-override character in ``value``, or None. Breaks/tabs allowed on request."""
    match = (_HIDDEN_EXCEPT_BREAKS if allow_breaks else _HIDDEN).search(value)
    return match.group(0) if match else None


def _decode(raw: bytes, table: Table) -> tuple[str, set[int]]:
    """Decode UTF-8 (a BOM is fine). Lines holding invalid bytes are reported and returned as 'bad'."""
    try:
        return raw.decode("utf-8-sig"), set()
    except UnicodeDecodeError:
        pass
    bad_lines: set[int] = set()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_lines.add(number)
            byte = line[exc.start]
            table.problem(number, None, f"is not valid UTF-8 (byte 0x{byte:02X} at character {exc.start + 1});"
                          " save the file as UTF-8 — rows on this line are skipped")
    return raw.decode("utf-8-sig", errors="replace"), bad_lines


def _records(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (first line, last line, cells) for each CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    end = 0
    for cells in reader:
        start = end + 1
        end = reader.line_num
        yield start, end, cells


def read_table(data_dir: Path, spec: TableSpec, *, display_root: Path | None = None) -> Table:
    """Read ``spec.name`` from ``data_dir``; never raises for bad content, only reports."""
    path = data_dir / spec.name
    display = display_path(path, display_root)
    table = Table(path, display, [], [])
    if not path.is_file():
        table.present = False
        table.problem(None, None, "file is missing")
        return table
    raw = path.read_bytes()
    text, bad_lines = _decode(raw, table)
    if not text.strip():
        table.problem(None, None, "file is empty: it needs at least a header line naming the columns")
        return table

    records = _records(text)
    _, _, header = next(records)
    header = [cell.strip() for cell in header]
    index = _check_header(header, spec, table)
    if index is None:
        return table

    for start, end, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if any(line in bad_lines for line in range(start, end + 1)):
            continue  # already reported as invalid UTF-8
        if len(cells) > len(header):
            table.problem(start, None, f"row has {len(cells)} cells but the header names {len(header)} "
                          "columns (an unquoted comma?); row skipped")
            continue
        values = {column: (cells[i].strip() if i is not None and i < len(cells) else "")
                  for column, i in index.items()}
        if _row_is_clean(start, values, spec, table):
            table.rows.append(Row(start, values))
    return table


def _check_header(header: list[str], spec: TableSpec, table: Table) -> dict[str, int | None] | None:
    """Map each known column to its position. None when the file cannot be read at all."""
    seen: dict[str, int] = {}
    for position, column in enumerate(header):
        if column in seen:
            table.problem(1, column, f"column appears twice in the header (positions {seen[column] + 1} "
                          f"and {position + 1})")
            return None
        seen[column] = position
    missing = [column for column in spec.required if column not in seen]
    for column in missing:
        table.problem(1, column, "required column is missing from the header")
    for column in header:
        if column not in spec.columns:
            label = "an empty column name" if not column else "unknown column"
            table.problem(1, column or None, f"{label}; expected only: {', '.join(spec.columns)}")
    for column in spec.optional:
        if column not in seen:
            table.problem(1, column, "optional column is missing from the header; treated as empty",
                          Severity.WARNING)
    if missing:
        return None
    return {column: seen.get(column) for column in spec.columns}


def _row_is_clean(line: int, values: dict[str, str], spec: TableSpec, table: Table) -> bool:
    clean = True
    for column, value in values.items():
        hidden = find_hidden_char(value, allow_breaks=column in spec.long_text)
        if hidden is not None:
            table.problem(line, column, f"contains the invisible character {describe_char(hidden)}; "
                          "row skipped")
            clean = False
        elif column in spec.required and not value:
            table.problem(line, column, "is empty but required; row skipped")
            clean = False
    return clean


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
