"""The pages' own routes: the same paths app.py declares, Streamlit's index with the base URL set first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

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
    from stationmap.ui.page_routes import FIRST_VIEW_CHUNKS, LATER_CHUNKS, chunk_file

    assert [name for name in FIRST_VIEW_CHUNKS + LATER_CHUNKS if chunk_file(name) is None] == []


def test_the_rest_of_the_pages_chunks_are_asked_for_only_when_the_map_has_drawn():
    """The chunks of what the map's report brings (the sidebar's widgets, the downloads, the chart) are not
    in the head, where they slowed the first map, but listed for ``__smPreloadLater``, each once."""
    import json

    from stationmap.ui.page_routes import CHUNKS, LATER_CHUNKS, chunk_file, map_index_html

    html = map_index_html()
    head = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">', html)
    (listed,) = re.findall(r"var names = (\[.*?\]);", html)
    later = json.loads(listed)
    for name in LATER_CHUNKS:
        assert chunk_file(name) in later and chunk_file(name) not in head
    assert len(later) == len(set(later)) and not set(later) & set(head)
    assert all((CHUNKS / name).is_file() for name in later)
    (script,) = re.findall(r"<script>(window\.__smPreloadLater = .*?)</script>", html, re.S)
    assert not re.search(r"<[/\w]", script)  # survives Streamlit's sanitiser (see above)


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


def _answer_of_the_map_page_route():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from stationmap.ui.page_routes import page_routes

    route = next(r for r in page_routes() if r.path == "/")
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: another test's may be running in this thread
        return thread.submit(asyncio.run, route.endpoint(None)).result(timeout=60)


def test_the_map_page_route_answers_with_it(monkeypatch):
    from stationmap.render.station_feed import FEED
    from stationmap.ui.page_routes import map_index_html

    monkeypatch.setattr(FEED, "first_view", None)  # before the first map's stations are built: Streamlit's page
    response = _answer_of_the_map_page_route()
    assert response.body.decode() == map_index_html()
    assert response.headers["cache-control"] == "no-cache"


def test_once_the_first_maps_stations_are_built_the_map_page_starts_indexing_them(monkeypatch):
    from stationmap.render.folium_map import CLUSTER_OPTIONS
    from stationmap.render.station_feed import FEED
    from stationmap.ui.page_routes import WORKER_PARTS, map_index_html

    key = FEED.publish('{"lat": [], "lon": []}')
    monkeypatch.setattr(FEED, "first_view", key)
    monkeypatch.setattr(FEED, "mounted", True)
    html = _answer_of_the_map_page_route().body.decode()
    starter = re.search(r'<script data-stations="([^"]*)" data-options="([^"]*)">', html)
    assert starter and starter.group(1) == f"/stationmap-data/stations/{key}.json"
    assert json.loads(starter.group(2).replace("&#34;", '"')) == CLUSTER_OPTIONS
    # Before Streamlit's own script, the worker's code (supercluster first) just before its starter.
    worker = html.index('<script type="text/plain" id="sm-index-worker">')
    assert worker < starter.start() < html.index('<script type="module"')
    code = html[worker:starter.start()]
    supercluster, own = (code.index(path.read_text(encoding="utf-8")) for path in WORKER_PARTS)
    assert supercluster < own
    # Otherwise Streamlit's page as before.
    assert html.replace(html[worker:html.index("</script>", starter.end()) + len("</script>")], "") == map_index_html()


def test_a_dropped_first_view_is_not_named(monkeypatch):
    from stationmap.render.station_feed import FEED

    monkeypatch.setattr(FEED, "mounted", True)
    monkeypatch.setattr(FEED, "first_view", "0" * 20)  # never published, or dropped by newer versions
    assert FEED.first_view_url() is None
    assert "sm-index-worker" not in _answer_of_the_map_page_route().body.decode()


def test_the_inlined_files_cannot_end_their_script_element_early(tmp_path):
    from stationmap.ui.page_routes import _inline

    bad = tmp_path / "bad.js"
    bad.write_text('var s = "</script><script>alert(1)";', encoding="utf-8")
    with pytest.raises(ValueError, match="must not contain"):
        _inline(bad)
