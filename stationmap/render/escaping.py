"""The one escaping helper: every string from the data passes through here before it is shown.

Data files are untrusted. folium's Popup and Tooltip insert raw HTML (and ``${...}`` stays live inside
the JavaScript template literals they use), Markdown gives text live syntax, and a ``</script>`` inside
embedded JSON ends the script. Each of those contexts has one function here.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;"})
_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def escape_html(value: object) -> str:
    """Text safe in HTML element content and quoted attributes, and inert inside JS template literals."""
    return html.escape("" if value is None else str(value), quote=True).translate(_TEMPLATE_LITERAL)


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL with a host; None for anything else (javascript:, data:...)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(ord(ch) < 32 or ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def json_for_script(value: object) -> str:
    """JSON that can be embedded in a <script> element: no character in it can end the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_JSON)
