"""The map frame's scripts as one file, served by our own server beside the app.

Why: streamlit-folium loads the map's scripts one after another, each waiting for the one before (its
``loadScripts``), and Streamlit's static files carry an ETag, so even a returning reader asks for each of them
again. Six scripts made six round trips in a row before the map could start (about 0.3 s on a busy server).
One file named by a hash of its content is one round trip, and a browser that has it never asks again
(``immutable``).

The files are our own static files (vendored libraries and ``static/js``), read once, joined in the order the
map needs them and kept gzip-compressed in memory. ``bundle_routes()`` is mounted by ``serve.py``; only then
does the map use the bundle (``ScriptBundle.url`` is None otherwise: ``streamlit run app.py`` and AppTest load
the separate files as before).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path

from stationmap.render.assets import STATIC_URL

PATH_PREFIX = "/stationmap-data/scripts"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
_KEY = re.compile(r"[0-9a-f]{20}")
_SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)


class ScriptBundle:
    """Thread-safe: script URLs (under ``STATIC_URL``) -> one joined, gzip-compressed file and its URL."""

    def __init__(self, static_dir: Path = STATIC_DIR) -> None:
        self._static_dir = static_dir
        self._bundles: dict[tuple[str, ...], str] = {}
        self._bodies: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.mounted = False  # set by bundle_routes(): is a server route answering for this registry?

    def url(self, scripts: Sequence[str]) -> str | None:
        """Where the browser fetches ``scripts`` as one file; None when no route serves bundles, or when a
        script is not one of our static files (then the map loads the files one by one)."""
        if not self.mounted:
            return None
        wanted = tuple(scripts)
        with self._lock:
            key = self._bundles.get(wanted)
        if key is None:
            body = self._join(wanted)
            if body is None:
                return None
            key = hashlib.blake2b(body, digest_size=10).hexdigest()
            compressed = gzip.compress(body, compresslevel=9, mtime=0)
            with self._lock:
                self._bundles[wanted] = key
                self._bodies[key] = compressed
        return f"{PATH_PREFIX}/{key}.js"

    def compressed(self, key: str) -> bytes | None:
        with self._lock:
            return self._bodies.get(key) if _KEY.fullmatch(key) else None

    def _join(self, scripts: tuple[str, ...]) -> bytes | None:
        parts = []
        for url in scripts:
            if not url.startswith(STATIC_URL + "/") or ".." in url:
                return None
            try:
                text = (self._static_dir / url[len(STATIC_URL) + 1:]).read_bytes()
            except OSError:
                return None
            # Each file ends its own statements; a source map comment would name the wrong file here.
            parts.append(_SOURCE_MAP.sub(b"", text).rstrip() + b"\n;\n")
        return b"".join(parts)


#: The one registry of this server process (the page script asks for a URL, the route serves it).
SCRIPTS = ScriptBundle()


def bundle_routes(bundle: ScriptBundle = SCRIPTS) -> list:
    """The Starlette route that serves ``bundle``; mounting it makes the map load its scripts as one file."""
    from starlette.responses import Response
    from starlette.routing import Route

    async def script(request) -> Response:
        body = bundle.compressed(request.path_params["key"])
        if body is None:
            return Response("unknown script bundle", status_code=404, media_type="text/plain")
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(body, media_type="text/javascript", headers={**headers, "Content-Encoding": "gzip"})
        return Response(gzip.decompress(body), media_type="text/javascript", headers=headers)

    bundle.mounted = True
    return [Route(PATH_PREFIX + "/{key}.js", script, methods=["GET"])]
