"""What the editor page shows of the data's rows: a table read as the desk's edit command reads it, the rows
an editor's search finds, and the open corrections. Pure, apart from reading the files.

Rows are read raw (``stationmap.desk.edit.read_rows``), not through the loader: the form shows and compares
exactly the cells ``review edit`` will rewrite, including a row the loader would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stationmap import schema
from stationmap.desk.edit import EDITABLE, key_column, read_rows
from stationmap.desk.tables import header_of

#: At most this many rows are offered in the row picker; the search box narrows a larger table.
PICKER_LIMIT = 500


@dataclass(frozen=True)
class Table:
    """One data file as the desk reads it: its header and its rows as {column: cell}, in file order."""

    name: str
    key: str
    header: tuple[str, ...]
    rows: tuple[dict[str, str], ...]

    def row(self, row_id: str) -> dict[str, str] | None:
        """The first row whose id is ``row_id`` (the edit command refuses a duplicated id with its own line)."""
        return next((row for row in self.rows if row.get(self.key, "").strip() == row_id), None)


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
    lines, _ = read_rows(path)
    rows = tuple({column: (line[at] if at < len(line) else "") for at, column in enumerate(header)}
                 for line in lines[1:] if any(cell.strip() for cell in line))
    return Table(name, key_column(spec), header, rows)


def find_rows(table: Table, query: str, limit: int = PICKER_LIMIT) -> tuple[list[str], int]:
    """The ids of the rows whose id or any cell contains ``query`` (case-insensitive; every row when it is
    empty), at most ``limit`` in file order, and how many rows matched in all."""
    needle = query.strip().casefold()
    ids: list[str] = []
    count = 0
    for row in table.rows:
        if needle and not any(needle in cell.casefold() for cell in row.values()):
            continue
        count += 1
        if len(ids) < limit:
            ids.append(row.get(table.key, "").strip())
    return list(dict.fromkeys(ids)), count


def open_corrections(data_dir: Path) -> list[dict[str, str]]:
    """The corrections still open, oldest first as in the file."""
    table = read_table(data_dir, schema.CORRECTIONS.name)
    return [row for row in table.rows if row.get("status", "").strip() == "open"]
