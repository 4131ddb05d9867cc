"""Checking that an excerpt is the source's exact words, up to whitespace and quote style."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})
_SPACE = re.compile(r"\s+")


def normalise_quotation(text: str) -> str:
    """NFC, straight quotes, every run of whitespace (including no-break spaces) as one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


class NormalisedText:
    """A source text normalised once, so many excerpts can be checked against it cheaply."""

    def __init__(self, text: str) -> None:
        self.text = normalise_quotation(text)

    def contains(self, excerpt: str) -> bool:
        needle = normalise_quotation(excerpt)
        return bool(needle) and needle in self.text
