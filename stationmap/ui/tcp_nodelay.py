"""Nagle's algorithm off for every connection of the app's server, as asyncio means it to be.

CPython's asyncio turns TCP_NODELAY on for a new connection only when its socket reports
``proto == IPPROTO_TCP``. Streamlit's server binds its listening socket itself with
``socket.socket(family=...)``, whose proto is 0; every accepted connection inherits that 0, so asyncio leaves
Nagle's algorithm on. A response written in two parts (headers, then body) then waits for the browser's
delayed ACK, about 40 ms on Linux, on every request after the first on a kept-alive connection. A new reader's
page asks for about 150 files over 6 connections (Streamlit's script chunks, the map's scripts, stations and
panels), so the waits added up to a quarter of a second and more. The same cause is reported for uvicorn's
own pre-bound sockets (Kludex/uvicorn#3149).

``enable()`` wraps asyncio's private ``base_events._set_nodelay`` so that it also covers TCP sockets whose
proto is 0. Where that function does not exist (another Python), nothing changes and the app works as before.
"""

from __future__ import annotations

import contextlib
import logging
import socket

log = logging.getLogger(__name__)
_MARK = "_stationmap_any_tcp"


def is_plain_tcp(sock: socket.socket) -> bool:
    """An internet stream socket made without naming its protocol (proto 0), which is TCP."""
    return sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM and sock.proto == 0


def enable() -> bool:
    """Make asyncio set TCP_NODELAY on proto-0 TCP connections too; True when it now does (idempotent)."""
    import asyncio.base_events as base_events

    original = getattr(base_events, "_set_nodelay", None)
    if original is None:
        log.info("asyncio has no _set_nodelay here; connections keep their defaults")
        return False
    if getattr(original, _MARK, False):
        return True

    def set_nodelay(sock: socket.socket) -> None:
        original(sock)
        if is_plain_tcp(sock):
            with contextlib.suppress(OSError):  # a socket already closed by the peer
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    setattr(set_nodelay, _MARK, True)
    base_events._set_nodelay = set_nodelay
    return True
