"""How to cite the map and its data: the title, the licences, a ready citation, download file names. Pure.

"Data as of" is the data version (``Dataset.data_as_of``: the day of the last recorded change to the data, see
``stationmap.records.dataset.data_version``); it moves only when the data does. A citation names it,
the view's permanent link and the day the reader accessed it, so what was cited can be found again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from urllib.parse import quote

from stationmap.render.i18n import N_, is_chinese, local_date, translator

#: The map's title: the citation's (in English, with the reader's language beside it) and every tab's.
TITLE = N_("Reported Chinese overseas police stations — reference map")
DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "MIT"
LICENCE_TEXT = N_("Our data and summaries: CC BY 4.0, credit \"Reported Chinese overseas police stations — "
                  "reference map\". Code: MIT. Quoted sources keep their own copyright: excerpts are short "
                  "quotations for reference; follow the links to the originals.")
CORRECTIONS_TO = N_("the project's issue tracker (or the e-mail address on its repository page)")


def citation(permalink: str, data_as_of: dt.date | None, accessed: dt.date, language: str = "en") -> str:
    """A citation in a common (Chicago-like) style, ready to paste. In Chinese: the map's Chinese title with
    the English one beside it (the title a catalogue finds), dates written the Chinese way."""
    if is_chinese(language):
        tr = translator(language)
        version = tr("Data as of {version}.").format(version=local_date(data_as_of, language)) if data_as_of else ""
        when = tr("accessed {date}").format(date=local_date(accessed, language))
        return f"{tr(TITLE)}（{TITLE}）。{version}{DATA_LICENCE}。{permalink} （{when}）。"
    version = f"Data as of {data_as_of.isoformat()}. " if data_as_of else ""
    return (f"{TITLE}. {version}{DATA_LICENCE}. {permalink} (accessed {accessed.day} "
            f"{accessed.strftime('%B %Y')}).")


def permalink(base_url: str, params: Mapping[str, str]) -> str:
    """The view's address: the page without its own query string, plus the view's parameters."""
    base = base_url.split("?", 1)[0].split("#", 1)[0]
    query = "&".join(f"{name}={_quote(value)}" for name, value in params.items())
    return f"{base}?{query}" if query else base


def _quote(value: str) -> str:
    return quote(value, safe=",-_.")


def download_name(kind: str, data_as_of: dt.date | None, params: Mapping[str, str], extension: str) -> str:
    """``stations-2024-12-18-status-officially_denied.csv``: what the file holds, in its name."""
    parts = [kind, data_as_of.isoformat() if data_as_of else "undated"]
    for name, value in params.items():
        if name in ("station", "source"):
            continue
        parts.append(f"{name}-{value}")
    stem = re.sub(r"[^A-Za-z0-9_,=-]+", "_", "-".join(parts))[:150].strip("_-")
    return f"{stem}.{extension}"
