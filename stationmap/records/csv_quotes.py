"""Finding the quote that made several lines of a CSV file read as one row, and saying where it began.

A quote (") at the start of a cell opens a quoted cell that runs to the next quote, across line breaks. A
closing quote left out (or a quote typed where none belongs) therefore swallows every row up to the next
quote in the file, and the csv module reads that without complaint. So each record that spans lines is
looked at in the raw text, read as the csv module reads it, and a quoted cell holding a line break is
reported when it looks like an accident:

- its quote is never closed (the rest of the file became one cell);
- the quote that closes it is followed by more text, not by a comma or the end of the line (that quote
  really opened a cell on a later line);
- it is in a column that never holds a line break (ids, dates, codes...);
- the row it makes has more cells than the header names.

A quoted cell that spans lines in a long-text column and closes cleanly is an ordinary multi-line text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends the csv module counts (newline="" splits on all three)
_NO_BREAKS = ", but this column cannot hold a line break"


class LineIndex:
    """Where each physical line of ``text`` starts, numbered as the csv module numbers them (from 1).

    Built on first use: most files never need it (no record spans lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _BREAK.finditer(self.text))]
        return self._starts

    def lines(self, first: int, last: int) -> tuple[int, str]:
        """The offset and raw text of lines ``first`` to ``last`` (inclusive)."""
        starts = self.starts
        begin = starts[min(first - 1, len(starts) - 1)]
        end = starts[last] if last < len(starts) else len(self.text)
        return begin, self.text[begin:end]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of ``offset``, both counted from 1."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


@dataclass(frozen=True)
class StrayQuote:
    """A quoted cell that swallowed lines: where its opening quote is, and why it looks like an accident."""

    cell: int  # which cell of the row it is in (0 is the first)
    line: int  # where the opening quote is
    char: int
    closed_on: int | None  # the line of the quote that closed it; None when none did
    why: str  # words that follow "runs on to line N", or "" when never closed

    def message(self, first: int, last: int) -> str:
        begins = f"a quoted cell begins here (line {self.line}, character {self.char})"
        if self.closed_on is None:
            return (f"{begins} and its quote (\") is never closed, so lines {first}–{last} were read as one cell; "
                    "a closing quote is probably missing — rows from here on are skipped")
        if self.why == _NO_BREAKS:
            advice = f"remove the break, or add the quote (\") missing on line {self.line} if one is"
        else:
            advice = f"a quote (\") is probably missing on line {self.line} (or there is one too many)"
        return (f"{begins} and runs on to line {self.closed_on}{self.why}: {advice}; lines {first}–{last} were "
                "read as one row, which is skipped")


def _quoted_cells_with_breaks(record: str) -> Iterator[tuple[int, int, int | None]]:
    """(cell, opening quote offset, closing quote offset or None) of each quoted cell holding a line break,
    reading ``record`` as the csv module does (comma-separated, "" inside quotes, non-strict)."""
    cell, position, at_cell_start = 0, 0, True
    while position < len(record):
        char = record[position]
        if at_cell_start and char == '"':
            closing = record.find('"', position + 1)
            while closing != -1 and record.startswith('"', closing + 1):  # "" is a quote inside the cell
                closing = record.find('"', closing + 2)
            body = record[position:closing if closing != -1 else len(record)]
            if "\n" in body or "\r" in body:
                yield cell, position, (closing if closing != -1 else None)
            if closing == -1:
                return
            position, at_cell_start = closing + 1, False  # after the quote: plain text up to the next comma
            continue
        if char == ",":
            cell += 1
        at_cell_start = char == ","
        position += 1


def find_stray_quote(lines: LineIndex, first: int, last: int, cell_count: int, header_count: int,
                     breaks_allowed: Callable[[int], bool]) -> StrayQuote | None:
    """The quoted cell that most likely swallowed lines ``first``–``last`` (one record), or None when every
    quoted cell spanning lines looks intended. ``breaks_allowed(cell)`` says whether that cell's column
    may hold line breaks."""
    begin, record = lines.lines(first, last)
    for cell, opening, closing in _quoted_cells_with_breaks(record):
        line, char = lines.position(begin + opening)
        if closing is None:
            return StrayQuote(cell, line, char, None, "")
        after = record[closing + 1:].lstrip(" \t")[:1]
        if after not in ("", ",", "\r", "\n"):
            why = ", where a quote that seems to open a cell closes it"
        elif not breaks_allowed(cell):
            why = _NO_BREAKS
        elif cell_count > header_count:
            why = f", which gives the row {cell_count} cells where the header names {header_count}"
        else:
            continue
        return StrayQuote(cell, line, char, lines.position(begin + closing)[0], why)
    return None
