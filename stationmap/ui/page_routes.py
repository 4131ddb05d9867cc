"""Direct loads of the app's pages (``/stations``) without 404s in the console.

On a page other than the first, Streamlit's browser code does not know where the server's base is, so it
tries ``/stations/_stcore/health`` before ``/_stcore/health``: two 404s on every direct load (Streamlit
issue #7074). The browser code reads its base from ``window.__streamlit.BACKEND_BASE_URL`` when a page
defines it, so for each page path we serve Streamlit's own ``index.html`` with that one setting added (the
directory above the page, worked out in the browser, so a proxy's path prefix is kept). Mounted by
``serve.py`` before Streamlit's routes; ``streamlit run app.py`` works as before, only with the 404s.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit

#: The url_path of every page but the first (app.py names the same; a test checks they agree).
PAGE_PATHS = ("stations", "sources", "methodology", "changes")
INDEX = Path(streamlit.__file__).resolve().parent / "static" / "index.html"
BASE_SCRIPT = ('<script>window.__streamlit = Object.assign({}, window.__streamlit, '
               '{BACKEND_BASE_URL: new URL(".", window.location.href).href});</script>')


@cache
def page_index_html() -> str:
    """Streamlit's index.html with the base URL set before its own script runs."""
    html = INDEX.read_text(encoding="utf-8")
    head = html.index("<head>") + len("<head>")
    return html[:head] + BASE_SCRIPT + html[head:]


def page_routes() -> list:
    """One route per page path, answering with ``page_index_html`` (never cached: it names Streamlit's
    current bundle)."""
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(_request) -> HTMLResponse:
        return HTMLResponse(page_index_html(), headers={"Cache-Control": "no-cache"})

    return [Route(f"/{path}", page, methods=["GET"]) for path in PAGE_PATHS]
