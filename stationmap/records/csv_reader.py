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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from stationmap.records.csv_quotes import LineIndex, StrayQuote, find_stray_quote
from stationmap.records.problems import Problem, Severity
from stationmap.records.safe_read import MISSING, UnreadableFile, os_reason, read_regular_file, real_path

#: The longest cell accepted (characters). Longer cells are reported, never a crash: the csv module's own
#: limit (131,072) raises ``_csv.Error`` mid-file, which used to take the whole dataset down.
MAX_CELL_CHARS = 100_000
csv.field_size_limit(2**31 - 1)  # the check below names the row instead of letting csv raise

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
    unread: Problem | None = None  # set when the file is there but cannot be read (a pipe, denied...)

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


def _records(text: str, table: Table) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (first line, last line, cells) for each CSV record; a reader error ends the file, named."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a NUL byte: name the line, keep the rows read so far
            table.problem(end + 1, None, f"cannot be read as CSV ({exc}); rows from here on are skipped")
            return
        start = end + 1
        end = reader.line_num
        yield start, end, cells


def read_data_file(path: Path, data_dir: Path, table: Table) -> bytes | None:
    """The file's bytes, or None after naming why it cannot be read (missing, a folder, a pipe, unreadable...).

    Only regular files are opened, and never in a way that can block (see ``safe_read``).
    """
    try:
        if path.is_symlink() and not real_path(path).is_relative_to(real_path(data_dir)):
            table.problem(None, None, "is a link to a file outside the data folder; it is not read")
            return None
        return read_regular_file(path)
    except UnreadableFile as exc:
        dangling = str(exc) == MISSING and path.is_symlink()
        table.problem(None, None, "is a link to a file that does not exist" if dangling else str(exc))
    except OSError as exc:  # the link check itself failed (a folder we may not enter, say)
        table.problem(None, None, os_reason(exc))
    return None


def read_table(data_dir: Path, spec: TableSpec, *, display_root: Path | None = None) -> Table:
    """Read ``spec.name`` from ``data_dir``; never raises for bad content, only reports."""
    path = data_dir / spec.name
    display = display_path(path, display_root)
    table = Table(path, display, [], [])
    raw = read_data_file(path, data_dir, table)
    if raw is None:
        if table.problems[-1].message != MISSING:  # there, but it cannot be read
            table.unread = table.problems[-1]
        return table
    text, bad_lines = _decode(raw, table)
    if not text.strip():
        table.problem(None, None, "file is empty: it needs at least a header line naming the columns")
        return table

    records = _records(text, table)
    lines = LineIndex(text)
    first, last, header = next(records, (1, 1, []))
    if last > first and _stray_quote(table, lines, first, last, header, [], lambda cell: False) is not None:
        return table  # the header swallowed rows: no column can be trusted
    header = [cell.strip() for cell in header]
    index = _check_header(header, spec, table)
    if index is None:
        return table

    shared: dict[str, str] = {}  # one object per distinct cell text: large tables repeat many values
    breaks_allowed = [column in spec.long_text for column in header]
    for start, end, cells in records:
        if end > start:
            stray = _stray_quote(table, lines, start, end, cells, header,
                                 lambda cell: cell < len(breaks_allowed) and breaks_allowed[cell])
            if stray is not None and stray.closed_on is None:
                break  # the rest of the file is one cell
            if stray is not None:
                continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if any(line in bad_lines for line in range(start, end + 1)):
            continue  # already reported as invalid UTF-8
        if len(cells) > len(header):
            table.problem(start, None, f"row has {len(cells)} cells but the header names {len(header)} "
                          "columns (an unquoted comma?); row skipped")
            continue
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            table.problem(start, None, f"a cell is longer than {MAX_CELL_CHARS:,} characters (an unclosed quote?); "
                          "row skipped")
            continue
        values = {column: (_shared(shared, _cell_text(cells[i])) if i is not None and i < len(cells) else "")
                  for column, i in index.items()}
        if _row_is_clean(start, values, spec, table):
            table.rows.append(Row(start, values))
    return table


def _stray_quote(table: Table, lines: LineIndex, start: int, end: int, cells: list[str], header: list[str],
                 breaks_allowed: Callable[[int], bool]) -> StrayQuote | None:
    """Name the quote that made lines ``start``–``end`` one record, if one looks like an accident."""
    stray = find_stray_quote(lines, start, end, len(cells), len(header) or len(cells), breaks_allowed)
    if stray is not None:
        column = (header[stray.cell].strip() or None) if stray.cell < len(header) else None
        table.problem(stray.line, column, stray.message(start, end))
    return stray


def _cell_text(cell: str) -> str:
    """The cell trimmed, with Windows line breaks inside it (a spreadsheet saved on Windows) made plain."""
    text = cell.strip()
    return text.replace("\r\n", "\n") if "\r" in text else text


def _shared(shared: dict[str, str], text: str) -> str:
    return shared.setdefault(text, text)


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


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(value: str) -> bool:
    return bool(_SLUG.fullmatch(value))  # fullmatch: "$" would accept a trailing newline


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str((real_path(path.parent) / path.name).relative_to(real_path(root)))  # the link, not its target
        except ValueError:
            pass
    return str(path)
