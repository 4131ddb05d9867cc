"""A session's first run of the Map page stops after the map; the next run (the map's report of its first
drawing, in a browser: tests/e2e/test_first_screen.py) draws the rest of the page. Other pages never wait."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from stationmap.ui.station_panel import W_STATION
from tests.app.conftest import map_view

ROOT = Path(__file__).resolve().parents[2]


def fresh_session(monkeypatch, data: Path) -> AppTest:
    """A new reader's session (unlike ``make_app``, whose sessions have seen their map draw)."""
    monkeypatch.setenv("STATIONMAP_DATA_DIR", str(data))
    monkeypatch.setenv("STATIONMAP_TILES", "none")
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def below_the_map(app: AppTest) -> dict[str, int]:
    """What follows the map on the Map page, and the footer, counted by kind."""
    return {"station picker": len([box for box in app.selectbox if box.key == W_STATION]),
            "timeline": len(app.get("vega_lite_chart")), "image downloads": len(app.get("download_button")),
            "footer": len(app.divider)}


def test_the_first_run_draws_the_map_and_waits_for_it_before_the_rest(monkeypatch, tiny_data):
    app = fresh_session(monkeypatch, tiny_data).run()
    assert not app.exception
    assert len(app.get("component_instance")) == 1  # the map
    assert app.title  # what is above the map is there at once; the sidebar's filters and language come later
    assert not app.sidebar.multiselect and not app.sidebar.selectbox and not app.sidebar.text_input
    assert below_the_map(app) == {"station picker": 0, "timeline": 0, "image downloads": 0, "footer": 0}

    app.run()  # as the map's report of its first drawing does
    assert not app.exception
    shown = below_the_map(app)
    assert all(count > 0 for count in shown.values()), shown
    assert len(app.sidebar.multiselect) == 4 and app.sidebar.text_input and app.sidebar.selectbox
    assert len(app.get("component_instance")) == 1


def test_the_held_run_shows_the_map_the_link_asks_for(monkeypatch, tiny_data):
    """The view comes from the link as always: the held run's map is filtered and selected as the full page's."""
    app = fresh_session(monkeypatch, tiny_data)
    app.query_params["status"] = "officially_denied"
    app.run()
    assert not app.exception
    first = map_view(app)
    assert first["mask"]  # some stations filtered out
    app.run()
    assert map_view(app) == first
    assert app.sidebar.multiselect[0].value == ["officially_denied"]


def test_other_pages_never_wait(monkeypatch, tiny_data):
    app = fresh_session(monkeypatch, tiny_data)
    app.switch_page("app_pages/sources.py").run()
    assert not app.exception
    assert len(app.divider) >= 1  # the footer, on this session's very first run
