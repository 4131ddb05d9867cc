"""The pages' own routes: the same paths app.py declares, Streamlit's index with the base URL set first."""

from __future__ import annotations

import re
from pathlib import Path

from stationmap.ui.page_routes import PAGE_PATHS, page_index_html

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_path_of_the_app_has_a_route():
    declared = re.findall(r'url_path="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    assert sorted(declared) == sorted(PAGE_PATHS)


def test_the_base_url_is_set_before_streamlits_own_script():
    html = page_index_html()
    assert html.index("BACKEND_BASE_URL") < html.index('<script type="module"')


def test_page_scripts_survive_streamlits_sanitiser():
    """DOMPurify drops an element whose text holds "<" followed by a letter or "/" (mutation-XSS guard),
    which silently removed the page script once; our scripts must not contain such text."""
    import re

    from stationmap.render.page_meta import filters_button, page_language_script

    for language in ("en", "zh-Hans"):
        for html in (str(page_language_script(language)), str(filters_button(language))):
            for script in re.findall(r"<script>(.*?)</script>", html, re.S):
                assert not re.search(r"<[/\w]", script)


# The Map page: Streamlit's index with the first screen's chunks asked for at once.


def test_every_first_view_chunk_is_in_the_installed_streamlit():
    """A Streamlit upgrade that renames an element's chunk shows here, not as a quietly slower page."""
    from stationmap.ui.page_routes import FIRST_VIEW_CHUNKS, chunk_file

    assert [name for name in FIRST_VIEW_CHUNKS if chunk_file(name) is None] == []


def test_the_map_page_preloads_the_frames_chunk_and_its_imports_once_each():
    from stationmap.ui.page_routes import CHUNKS, chunk_file, map_index_html

    html = map_index_html()
    links = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">', html)
    assert len(links) == len(set(links))
    assert all((CHUNKS / name).is_file() for name in links)
    frame = chunk_file("ComponentInstance")
    assert frame in links
    imported = re.findall(r'from"\./([\w.-]+\.js)"', (CHUNKS / frame).read_text(encoding="utf-8"))
    assert imported and all(f'./static/js/{name}"' in html for name in imported)  # ours or Streamlit's own
    assert html.count('<script type="module"') == 1  # Streamlit's own page otherwise unchanged
    assert html.index('<script type="module"') < html.index("</head>")


def test_chunks_with_imports_follows_static_imports_once_and_skips_missing_files(tmp_path):
    from stationmap.ui.page_routes import chunks_with_imports

    (tmp_path / "A.1.js").write_text('import{x}from"./B.2.js";import"./C.3.js";import("./Lazy.4.js")')
    (tmp_path / "B.2.js").write_text('import{y}from"./A.1.js";import{z}from"./Gone.5.js"')
    (tmp_path / "C.3.js").write_text("export const c = 1")
    (tmp_path / "Lazy.4.js").write_text("export const l = 1")
    assert chunks_with_imports(["A.1.js", "Missing.9.js"], tmp_path) == ["A.1.js", "B.2.js", "C.3.js"]


def test_the_map_page_route_answers_with_it():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from stationmap.ui.page_routes import map_index_html, page_routes

    route = next(r for r in page_routes() if r.path == "/")
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: another test's may be running in this thread
        response = thread.submit(asyncio.run, route.endpoint(None)).result(timeout=60)
    assert response.body.decode() == map_index_html()
    assert response.headers["cache-control"] == "no-cache"
