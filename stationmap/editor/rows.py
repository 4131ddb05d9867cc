"""What the editor page shows of the data's rows: a table read as the desk's edit command reads it, the rows
an editor's search finds, and the open corrections. Pure, apart from reading the files.

Rows are read raw (``stationmap.desk.edit.read_rows``), not through the loader: the form shows and compares
exactly the cells ``review edit`` will rewrite, including a row the loader would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stationmap.desk.edit import EDITABLE, key_column, read_rows
from stationmap.desk.tables import header_of
from stationmap.records import schema
from stationmap.records.models import Reliability

#: At most this many rows are offered in the row picker; the search box narrows a larger table.
PICKER_LIMIT = 500

#: Columns whose value is one of a closed list: the edit form offers the list (the validator still decides).
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    (schema.EVIDENCE.name, "supports"): schema.CLAIM_VALUES,
    (schema.EVIDENCE.name, "party"): schema.PARTY_VALUES,
    (schema.SOURCES.name, "reliability"): tuple(r.value for r in Reliability),
}


def choices(table: str, column: str, current: str) -> tuple[str, ...] | None:
    """The values the edit form offers for ``column``, the current one first when it is not among them (so an
    untouched field sends nothing); None for free text."""
    values = CHOICES.get((table, column))
    if values is None:
        return None
    return values if current in values else (current, *values)


SEP = "\x00"  # joins a row's cells in memory (a NUL in a cell is shown as U+FFFD)


@dataclass(frozen=True)
class Table:
    """One data file as the desk reads it: its header and its rows in file order, each row's cells joined by
    ``SEP`` into one string (200,000 evidence rows then take about 40 MB, not the 130 MB of tuples)."""

    name: str
    key: str
    header: tuple[str, ...]
    lines: tuple[str, ...]

    def row_id(self, line: str) -> str:
        at = self.header.index(self.key)
        return line.split(SEP, at + 1)[at].strip()

    @property
    def rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, line.split(SEP), strict=True)) for line in self.lines]

    def row(self, row_id: str) -> dict[str, str] | None:
        """The first row whose id is ``row_id`` (the edit command refuses a duplicated id with its own line)."""
        line = next((line for line in self.lines if self.row_id(line) == row_id), None)
        return None if line is None else dict(zip(self.header, line.split(SEP), strict=True))


def read_table(data_dir: Path, name: str) -> Table:
    """``data_dir/name`` (one of the desk's editable tables, or corrections.csv); an empty table when the file
    does not exist yet."""
    spec = EDITABLE.get(name) or (schema.CORRECTIONS if name == schema.CORRECTIONS.name else None)
    if spec is None:
        raise ValueError(f"not a table the editor page shows: {name}")
    path = data_dir / name
    header = tuple(header_of(path, spec))
    if not path.exists():
        return Table(name, key_column(spec), header, ())
    rows, _ = read_rows(path)
    width = len(header)
    lines = tuple(SEP.join(cell.replace(SEP, "\ufffd") for cell in [*row[:width], *[""] * (width - len(row))])
                  for row in rows[1:] if any(cell.strip() for cell in row))
    return Table(name, key_column(spec), header, lines)


def find_rows(table: Table, query: str, limit: int = PICKER_LIMIT) -> tuple[list[str], int]:
    """The ids of the rows whose id or any cell contains ``query`` (case-insensitive; every row when it is
    empty), at most ``limit`` in file order, and how many rows matched in all."""
    needle = query.strip().casefold().replace(SEP, "")
    ids: list[str] = []
    count = 0
    for line in table.lines:
        if needle and needle not in line.casefold():  # SEP between cells: a match never spans two of them
            continue
        count += 1
        if len(ids) < limit:
            ids.append(table.row_id(line))
    return list(dict.fromkeys(ids)), count


def open_corrections(data_dir: Path) -> list[dict[str, str]]:
    """The corrections still open, oldest first as in the file."""
    table = read_table(data_dir, schema.CORRECTIONS.name)
    return [row for row in table.rows if row.get("status", "").strip() == "open"]
