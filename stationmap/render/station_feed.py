"""The map's stations as one file per data version, served by our own server beside the app.

Why: streamlit-folium sends the whole map script on every rerun. With every station embedded in it, that
was 8 MB per rerun at 100,000 stations (built, hashed, sent and compared each time). The script now names a
URL instead, and the browser fetches the stations once per data version: the address carries the version's
key, so the answer never changes and browsers may keep it (``immutable``). Filter changes still send only a
view (a bitset), never the stations again.

``feed_routes()`` is mounted by ``serve.py`` (``streamlit run serve.py``: Streamlit's ASGI ``st.App`` with one
extra route). The page script publishes each version with ``publish``; only when the route is mounted does
the map use it (``feed_url`` is None otherwise, and the stations are embedded as before: ``streamlit run
app.py`` and AppTest keep working). Nothing is written to disk: the registry holds the newest
``MAX_VERSIONS`` versions, gzip-compressed, in memory (about 2 MB at 100,000 stations).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable

PATH_PREFIX = "/stationmap-data/stations"
PANEL_PREFIX = "/stationmap-data/panels"
MAX_VERSIONS = 2
#: Panel sets kept (one per data version, as-of date and language a reader has looked at).
MAX_PANEL_SETS = 6
#: Stations per panel shard: a few hundred panels, some tens of kB gzipped, built in a fraction of a second.
PANEL_SHARD = 200
_KEY = re.compile(r"[0-9a-f]{20}")


class StationFeed:
    """Thread-safe registry: version key -> gzip-compressed JSON, the newest ``max_versions`` kept."""

    def __init__(self, max_versions: int = MAX_VERSIONS) -> None:
        self._versions: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._max_versions = max_versions
        self.mounted = False  # set by feed_routes(): is a server route answering for this registry?
        #: The key of the stations a new reader's first map shows (today, no filter), once built: the Map page's
        #: own document starts indexing them before the map exists (``stationmap.ui.page_routes``).
        self.first_view: str | None = None

    def publish(self, json_text: str, body: bytes | None = None) -> str:
        """Keep ``json_text`` under a key made from its content; return that key (same text, same key).
        ``body``: its gzip (``gzipped``) when already at hand, e.g. read back from the cache folder."""
        key = hashlib.blake2b(json_text.encode("utf-8"), digest_size=10).hexdigest()
        with self._lock:
            if key in self._versions:
                self._versions.move_to_end(key)
                return key
        body = body if body is not None else gzipped(json_text)
        with self._lock:
            self._versions[key] = body
            while len(self._versions) > self._max_versions:
                self._versions.popitem(last=False)
        return key

    def compressed(self, key: str) -> bytes | None:
        """The gzip body published under ``key``, or None (unknown key, or one of a version since dropped)."""
        with self._lock:
            return self._versions.get(key) if _KEY.fullmatch(key) else None

    def first_view_url(self) -> str | None:
        """Where the browser fetches the first map's stations; None before they are built or once dropped."""
        key = self.first_view
        return self.url_for(key) if key is not None and self.compressed(key) is not None else None

    def url_for(self, key: str) -> str | None:
        """Where the browser fetches ``key``; None when no route serves this registry."""
        return f"{PATH_PREFIX}/{key}.json" if self.mounted else None


def gzipped(json_text: str) -> bytes:
    """The feed's body for ``json_text`` (the same bytes for the same text)."""
    return gzip.compress(json_text.encode("utf-8"), compresslevel=6, mtime=0)


class PanelSet:
    """The panels of one data version, as-of date and language, built shard by shard on first request.

    Why lazily: at 100,000 stations every panel at once is minutes of work and hundreds of MB; a reader looks
    at a few. ``build(first, last)`` returns the panel HTML (escaped by ``stationmap.render.evidence_html``) of the
    stations at positions ``first``..``last - 1`` of the map's station order.
    """

    def __init__(self, count: int, build: Callable[[int, int], list[str]], shard_size: int = PANEL_SHARD) -> None:
        self.count, self.shard_size = count, shard_size
        self._build = build
        self._shards: dict[int, bytes] = {}
        self._locks: dict[int, threading.Lock] = {}
        self._lock = threading.Lock()  # guards the two dicts; each shard has a lock of its own

    @property
    def shards(self) -> int:
        return -(-self.count // self.shard_size)

    def compressed(self, shard: int) -> bytes | None:
        """The gzip JSON of one shard (``{"first": position, "panels": [html, ...]}``), built on first ask."""
        if not 0 <= shard < self.shards:
            return None
        with self._lock:
            lock = self._locks.setdefault(shard, threading.Lock())
        with lock:  # two readers asking for one shard build it once; other shards do not wait for it
            if shard not in self._shards:
                first = shard * self.shard_size
                panels = self._build(first, min(self.count, first + self.shard_size))
                text = json.dumps({"first": first, "panels": panels}, ensure_ascii=False, separators=(",", ":"))
                body = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
                with self._lock:
                    self._shards[shard] = body
            return self._shards[shard]


    def one(self, position: int) -> bytes | None:
        """The gzip JSON of one station's panel (``{"i": position, "panel": html}``), built on every ask (a
        fraction of a millisecond) and not kept: what a click needs before its shard has come."""
        if not 0 <= position < self.count:
            return None
        text = json.dumps({"i": position, "panel": self._build(position, position + 1)[0]}, ensure_ascii=False,
                          separators=(",", ":"))
        return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


class PanelFeed:
    """Thread-safe registry: panel key -> ``PanelSet``, the newest ``max_sets`` kept."""

    def __init__(self, max_sets: int = MAX_PANEL_SETS) -> None:
        self._sets: OrderedDict[str, PanelSet] = OrderedDict()
        self._lock = threading.Lock()
        self._max_sets = max_sets

    def publish(self, key: str, make: Callable[[], PanelSet]) -> str:
        """Keep the set ``make()`` returns under ``key`` (made from what the panels depend on), unless kept."""
        with self._lock:
            if key in self._sets:
                self._sets.move_to_end(key)
                return key
            self._sets[key] = make()
            while len(self._sets) > self._max_sets:
                self._sets.popitem(last=False)
        return key

    def compressed(self, key: str, shard: int) -> bytes | None:
        panels = self._set(key)
        return panels.compressed(shard) if panels is not None else None

    def one(self, key: str, position: int) -> bytes | None:
        panels = self._set(key)
        return panels.one(position) if panels is not None else None

    def _set(self, key: str) -> PanelSet | None:
        with self._lock:
            return self._sets.get(key) if _KEY.fullmatch(key) else None


def panel_key(*parts: object) -> str:
    """A panel set's key from what its panels depend on (data version, as-of date, language)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=10).hexdigest()


#: The one registry of this server process (the page script publishes, the route serves).
FEED = StationFeed()
PANELS = PanelFeed()


def _gzip_response(body: bytes, request):
    from starlette.responses import Response

    headers = {"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body, media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})
    return Response(gzip.decompress(body), media_type="application/json", headers=headers)


def feed_routes(feed: StationFeed = FEED, panels: PanelFeed = PANELS) -> list:
    """The Starlette routes that serve ``feed`` and ``panels``; mounting them makes the map fetch from them."""
    from starlette.responses import Response
    from starlette.routing import Route

    async def stations(request) -> Response:
        body = feed.compressed(request.path_params["key"])
        if body is None:
            return Response("unknown data version", status_code=404, media_type="text/plain")
        return _gzip_response(body, request)

    async def panel_shard(request) -> Response:
        from starlette.concurrency import run_in_threadpool

        # Building a shard takes a fraction of a second: off the event loop, so other readers are not held up.
        body = await run_in_threadpool(panels.compressed, request.path_params["key"], request.path_params["shard"])
        if body is None:
            return Response("unknown panel shard", status_code=404, media_type="text/plain")
        return _gzip_response(body, request)

    async def one_panel(request) -> Response:
        body = panels.one(request.path_params["key"], request.path_params["position"])
        if body is None:
            return Response("unknown panel", status_code=404, media_type="text/plain")
        return _gzip_response(body, request)

    feed.mounted = True
    return [Route(PATH_PREFIX + "/{key}.json", stations, methods=["GET"]),
            Route(PANEL_PREFIX + "/{key}/{shard:int}.json", panel_shard, methods=["GET"]),
            Route(PANEL_PREFIX + "/{key}/one/{position:int}.json", one_panel, methods=["GET"])]
