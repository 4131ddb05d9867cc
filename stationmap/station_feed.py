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
import re
import threading
from collections import OrderedDict

PATH_PREFIX = "/stationmap-data/stations"
MAX_VERSIONS = 2
_KEY = re.compile(r"[0-9a-f]{20}")


class StationFeed:
    """Thread-safe registry: version key -> gzip-compressed JSON, the newest ``max_versions`` kept."""

    def __init__(self, max_versions: int = MAX_VERSIONS) -> None:
        self._versions: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._max_versions = max_versions
        self.mounted = False  # set by feed_routes(): is a server route answering for this registry?

    def publish(self, json_text: str) -> str:
        """Keep ``json_text`` under a key made from its content; return that key (same text, same key)."""
        key = hashlib.blake2b(json_text.encode("utf-8"), digest_size=10).hexdigest()
        with self._lock:
            if key in self._versions:
                self._versions.move_to_end(key)
                return key
        body = gzip.compress(json_text.encode("utf-8"), compresslevel=6, mtime=0)
        with self._lock:
            self._versions[key] = body
            while len(self._versions) > self._max_versions:
                self._versions.popitem(last=False)
        return key

    def compressed(self, key: str) -> bytes | None:
        """The gzip body published under ``key``, or None (unknown key, or one of a version since dropped)."""
        with self._lock:
            return self._versions.get(key) if _KEY.fullmatch(key) else None

    def url_for(self, key: str) -> str | None:
        """Where the browser fetches ``key``; None when no route serves this registry."""
        return f"{PATH_PREFIX}/{key}.json" if self.mounted else None


#: The one registry of this server process (the page script publishes, the route serves).
FEED = StationFeed()


def feed_routes(feed: StationFeed = FEED) -> list:
    """The Starlette route that serves ``feed``; mounting it makes the map fetch its stations from it."""
    from starlette.responses import Response
    from starlette.routing import Route

    async def stations(request) -> Response:
        body = feed.compressed(request.path_params["key"])
        if body is None:
            return Response("unknown data version", status_code=404, media_type="text/plain")
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(body, media_type="application/json", headers={**headers, "Content-Encoding": "gzip"})
        return Response(gzip.decompress(body), media_type="application/json", headers=headers)

    feed.mounted = True
    return [Route(PATH_PREFIX + "/{key}.json", stations, methods=["GET"])]
