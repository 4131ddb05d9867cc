"""Who may open the editor page. Pure.

The page is bound to 127.0.0.1 by ``make editor``. Served on any other address (Streamlit's default, an
empty address, listens on every interface) it refuses to show anything unless ``STATIONMAP_EDITOR_TOKEN``
is set; when the token is set, the page asks for it first, on any address.
"""

from __future__ import annotations

import hmac
from enum import Enum

TOKEN_VARIABLE = "STATIONMAP_EDITOR_TOKEN"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MIN_TOKEN = 16  # characters: a short token on an open port is not an authentication setting


class Access(Enum):
    OPEN = "open"  # loopback, no token configured
    ASK_TOKEN = "ask_token"  # a token is configured: the editor must type it
    REFUSE = "refuse"  # another address and no (usable) token


def decide(address: str | None, token: str | None) -> Access:
    """What the page does when served on ``address`` with ``token`` configured (None: not set)."""
    token_ok = bool(token) and len(token or "") >= MIN_TOKEN
    if token_ok:
        return Access.ASK_TOKEN
    if (address or "").strip() in LOOPBACK:
        return Access.OPEN
    return Access.REFUSE


def token_matches(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
