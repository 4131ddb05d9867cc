"""The app's own answers for its page addresses: direct loads of ``/stations`` without 404s in the console,
and the Map page's scripts asked for at once.

On a page other than the first, Streamlit's browser code does not know where the server's base is, so it
tries ``/stations/_stcore/health`` before ``/_stcore/health``: two 404s on every direct load (Streamlit
issue #7074). The browser code reads its base from ``window.__streamlit.BACKEND_BASE_URL`` when a page
defines it, so for each page path we serve Streamlit's own ``index.html`` with that one setting added (the
directory above the page, worked out in the browser, so a proxy's path prefix is kept).

The Map page (``/``) gets Streamlit's index with ``modulepreload`` links for the script chunks of the elements
a new reader's first run shows (``FIRST_VIEW_CHUNKS``: the map's frame, st.html) and everything they import.
Streamlit's browser code loads an element's chunk only when it meets the element, and a chunk's imports only
once the chunk has arrived, so a new reader's page asked for about 75 files in waves after the script run
began and the map's frame was created only after the last wave; with the links the browser fetches them
while Streamlit starts. The chunks of what the map's report brings (``LATER_CHUNKS``) are asked for when the
map has drawn: its frame calls ``window.__smPreloadLater()``.

When the first map's stations are built (``StationFeed.first_view``), the Map page's head also starts
``static/js/prebuild.js``: a worker fetches those stations and builds their cluster index while Streamlit
starts, and the map's frame takes the result instead of doing that work itself, about a second later.

Mounted by ``serve.py`` before Streamlit's routes; ``streamlit run app.py`` works as before, only with the
404s and without the early chunks.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import streamlit
from markupsafe import Markup

from stationmap.render.folium_map import CLUSTER_OPTIONS
from stationmap.render.station_feed import FEED

#: The url_path of every page but the first (app.py names the same; a test checks they agree).
PAGE_PATHS = ("stations", "sources", "methodology", "changes")
INDEX = Path(streamlit.__file__).resolve().parent / "static" / "index.html"
CHUNKS = INDEX.parent / "static" / "js"
#: The elements of a new reader's first run of the Map page (``stationmap.ui.first_screen``: the map and what
#: is above it), by the name of their chunk in Streamlit's build (the part before the content hash): the map's
#: frame and st.html. A test checks each is in the installed Streamlit.
FIRST_VIEW_CHUNKS = ("ComponentInstance", "Html")
#: The elements the map's report of its first drawing brings: the sidebar's widgets, the image downloads and
#: the timeline chart. Asked for when the map has drawn (``window.__smPreloadLater``, called by the map's frame):
#: asked for at once with the others, their files (the chart's 0.8 MB among them) kept a new reader's first map
#: 0.2 s later (1.62 -> 1.38 s at 100,000 stations, alternated), and asked for only when the next run meets them,
#: they came in waves.
LATER_CHUNKS = ("Selectbox", "Multiselect", "Checkbox", "TextInput", "DateInput", "Slider", "DownloadButton",
                "ArrowVegaLiteChart")
_STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.-]+\.js)"')
BASE_SCRIPT = ('<script>window.__streamlit = Object.assign({}, window.__streamlit, '
               '{BACKEND_BASE_URL: new URL(".", window.location.href).href});</script>')


@cache
def page_index_html() -> str:
    """Streamlit's index.html with the base URL set before its own script runs."""
    html = INDEX.read_text(encoding="utf-8")
    head = html.index("<head>") + len("<head>")
    return html[:head] + BASE_SCRIPT + html[head:]


def chunk_file(name: str) -> str | None:
    """The file of Streamlit's chunk called ``name`` (``Slider`` -> ``Slider.WU6er_Bo.js``), None if absent."""
    found = sorted(path.name for path in CHUNKS.glob(f"{name}.*.js") if path.name.count(".") == 2)
    return found[0] if found else None


def chunks_with_imports(roots: list[str], folder: Path = CHUNKS) -> list[str]:
    """``roots`` and every chunk in ``folder`` they import statically, directly or not, each once (breadth
    first, roots first); a name with no file is left out."""
    ordered, seen, waiting = [], set(), list(roots)
    while waiting:
        name = waiting.pop(0)
        if name in seen or not (folder / name).is_file():
            continue
        seen.add(name)
        ordered.append(name)
        waiting.extend(_STATIC_IMPORT.findall((folder / name).read_text(encoding="utf-8", errors="replace")))
    return ordered


@cache
def map_index_html() -> str:
    """Streamlit's index.html with a ``modulepreload`` link for each chunk the Map page's first run needs that
    Streamlit's own page does not already ask for (a chunk name it does not know is left out), and
    ``window.__smPreloadLater()``, which adds the links for the chunks the rest of the page needs."""
    html = INDEX.read_text(encoding="utf-8")
    first = [name for name in chunks_with_imports([file for file in map(chunk_file, FIRST_VIEW_CHUNKS) if file])
             if f"./static/js/{name}" not in html]
    later = [name for name in chunks_with_imports([file for file in map(chunk_file, LATER_CHUNKS) if file])
             if f"./static/js/{name}" not in html and name not in first]
    links = "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in first)
    end = html.index("</head>")
    return html[:end] + links + _preload_later(later) + html[end:]


def _preload_later(names: list[str]) -> str:
    """A script defining ``window.__smPreloadLater``: once called, a ``modulepreload`` link per chunk in
    ``names`` (file names from Streamlit's own build: letters, digits, ``._-``)."""
    if any(not re.fullmatch(r"[\w.-]+\.js", name) for name in names):
        raise ValueError("unexpected chunk file name")
    return ("<script>window.__smPreloadLater = function () {"
            "  var names = " + json.dumps(names) + "; window.__smPreloadLater = function () {};"
            "  names.forEach(function (name) {"
            "    var link = document.createElement('link'); link.rel = 'modulepreload'; link.crossOrigin = '';"
            "    link.setAttribute('data-sm-later', '');"
            "    link.href = './static/js/' + name; document.head.appendChild(link); }); };</script>")


STATIC = Path(__file__).resolve().parents[2] / "static"
PREBUILD_JS = STATIC / "js" / "prebuild.js"
#: The worker's code, in this order: supercluster (it defines ``Supercluster``), then the worker itself.
WORKER_PARTS = (STATIC / "vendor" / "supercluster-8.0.1" / "supercluster.min.js", STATIC / "js" / "index_worker.js")


def _inline(path: Path) -> str:
    """A file of ours to put inside a script element (it must not end the element early)."""
    source = path.read_text(encoding="utf-8")
    if "</" in source:
        raise ValueError(f"{path} must not contain '</'")
    return source


@cache
def _prebuild_sources() -> tuple[str, str]:
    return _inline(PREBUILD_JS), "\n".join(_inline(path) for path in WORKER_PARTS)


def prebuild_script(stations_url: str) -> Markup:
    """Two elements that start indexing ``stations_url`` in a worker (``static/js/prebuild.js``): the worker's
    code as text, then the script that starts it; what it reads comes in escaped attributes."""
    starter, worker = _prebuild_sources()
    return Markup('<script type="text/plain" id="sm-index-worker">{}</script>'
                  '<script data-stations="{}" data-options="{}">{}</script>').format(
        Markup(worker), stations_url, json.dumps(CLUSTER_OPTIONS), Markup(starter))


def map_page_html(stations_url: str | None) -> str:
    """The Map page's document: ``map_index_html``, starting the index of ``stations_url`` when given."""
    html = map_index_html()
    if stations_url is None:
        return html
    head = html.index("<head>") + len("<head>")
    return html[:head] + str(prebuild_script(stations_url)) + html[head:]  # str: Markup + str escapes the str


def page_routes() -> list:
    """The Map page's route (``map_index_html``) and one per other page path (``page_index_html``); never
    cached, since they name Streamlit's current bundle."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(_request) -> HTMLResponse:
        return HTMLResponse(page_index_html(), headers={"Cache-Control": "no-cache"})

    async def map_page(_request) -> HTMLResponse:
        return HTMLResponse(map_page_html(FEED.first_view_url()), headers={"Cache-Control": "no-cache"})

    return [Route("/", map_page, methods=["GET"]),
            *(Route(f"/{path}", page, methods=["GET"]) for path in PAGE_PATHS)]
