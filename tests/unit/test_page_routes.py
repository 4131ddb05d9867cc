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
