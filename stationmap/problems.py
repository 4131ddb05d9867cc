"""Problems found while loading data: where (file, line, column) and what is wrong, in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and bidi characters shown as ``\\xNN`` escapes: safe to print to a terminal."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


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
