"""Problems found while loading data: where (file, line, column) and what is wrong, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from geocoding.terminal import printable  # the one escaping helper for terminals (shared with geocoding)

__all__ = ["Problem", "Severity", "printable"]


class Severity(StrEnum):
    ERROR = "error"  # the row (or file) is skipped, and `validate` exits 1
    WARNING = "warning"  # the data still loads as intended; worth a look


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" column '{self.column}':" if self.column else ""
        return printable(f"{where}:{column} {self.severity}: {self.message}")
