"""Place-name normalisation: one function that turns any spelling of a name into a lookup key.

Why: the gazetteer, the overrides file and the cache must agree on when two spellings are "the same
name" ("Den Haag" / "den  haag", "Málaga" / "Malaga", full-width / half-width forms). The same
function builds the index keys and the query keys, so any choice made here is applied symmetrically.
"""

from __future__ import annotations

import unicodedata

# Letters that carry no decomposable accent but are commonly typed without it.
_FOLD = str.maketrans({
    "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ħ": "h",
    "ŀ": "l", "ŧ": "t",
})
# Apostrophes vanish ("Xi'an" == "Xian"); every other punctuation or symbol becomes a space.
_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02bb`\u00b4")


def _strippable(base: str) -> bool:
    """Accents are stripped only from Latin, Greek and Cyrillic letters.

    In other scripts (Devanagari vowel signs, Japanese dakuten, Thai vowels) combining marks are part of
    the spelling, and dropping them would merge different names.
    """
    code = ord(base)
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF


def normalise(name: str) -> str:
    """Return the lookup key of ``name``: NFKC, casefolded, Latin/Greek/Cyrillic accents stripped,
    apostrophes removed, other punctuation turned to spaces, whitespace collapsed.

    >>> normalise("  Den-Haag ") == normalise("den haag")
    True
    >>> normalise("Málaga"), normalise("ＴＯＫＹＯ"), normalise("Xi’an")
    ('malaga', 'tokyo', 'xian')
    """
    text = unicodedata.normalize("NFKC", name).casefold().translate(_FOLD)
    out: list[str] = []
    base = " "
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if not _strippable(base):
                out.append(char)
            continue
        base = char
        if char in _APOSTROPHES:
            continue
        category = unicodedata.category(char)
        out.append(" " if category[0] in "PSZC" else char)
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())
