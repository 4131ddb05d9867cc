"""Publication dates written in words or digits, read conservatively.

Only absolute dates are read (dateparser's relative-time parser is switched off, so "yesterday" is never
the run date), the day/month order follows the text's language (05/12/2022 is 5 December in Romanian), and
a numeric date whose order the language does not settle (English 05/12/2022) is left unread.
"""

from __future__ import annotations

import datetime as dt
import re

#: Day/month order of numeric dates by language; any other language reads day first.
DATE_ORDER = {"zh": "YMD", "ja": "YMD", "ko": "YMD", "hu": "YMD", "lt": "YMD", "en": "MDY"}
#: Languages where a numeric date with day and month both <= 12 is ambiguous (US and UK usage differ).
AMBIGUOUS_NUMERIC = {"en"}

_MONTH_WORD = r"[^\W\d_]{3,12}\.?"
_CANDIDATES = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"  # 2022年11月3日
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2022-11-03
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"  # 03.11.2022, 11/03/2022
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH_WORD}\s+(?:de\s+)?\d{{4}}\b"  # 3 November 2022, 3 de noviembre de 2022
    rf"|\b{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}\b"  # November 3, 2022
)
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})[./]\d{4}$")


def _settings(language: str) -> dict[str, object]:
    return {"DATE_ORDER": DATE_ORDER.get(language, "DMY"), "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
            "RETURN_AS_TIMEZONE_AWARE": False}


def parse_date(text: str, language: str | None, today: dt.date) -> dt.date | None:
    """One written date (``3 noiembrie 2022``) as a date, or None if it is relative, ambiguous or later than today."""
    import dateparser  # loaded only when a date has to be read from words

    text = text.strip()
    lang = (language or "en").split("-")[0]
    numeric = _NUMERIC.match(text)
    if numeric and lang in AMBIGUOUS_NUMERIC and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
        return None
    try:
        parsed = dateparser.parse(text, languages=[lang], settings=_settings(lang))
    except ValueError:  # a language dateparser does not know: read without a language hint
        parsed = dateparser.parse(text, settings=_settings(lang))
    except OverflowError:
        return None
    if parsed is None or parsed.date() > today or parsed.year < 1990:
        return None
    return parsed.date()


def first_date_in(text: str, language: str | None, today: dt.date, *, window: int = 3000) -> dt.date | None:
    """The first absolute date written in the opening ``window`` characters of ``text`` (a text or PDF byline)."""
    for match in _CANDIDATES.finditer(text[:window]):
        found = parse_date(match.group(0), language, today)
        if found is not None:
            return found
    return None
