"""Every page through Streamlit's AppTest: filters change counts and tables, links open panels."""

from __future__ import annotations

import pytest

from tests.app.conftest import map_view


def html_text(app) -> str:
    return "\n".join(element.proto.body for element in app.html)


def all_text(app) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [w.value for w in app.warning]
    return "\n".join(parts) + html_text(app)


def test_map_page_renders_totals_legend_and_no_exception(make_app, tiny_data):
    app = make_app(tiny_data).run()
    assert not app.exception, app.exception
    text = all_text(app)
    assert "3 reported" in text and "3 placed on the map" in text
    assert "Officially denied" in app.multiselect(key="w_status").options  # the legend itself is on the map
    assert app.selectbox(key="w_station").placeholder == "Click a marker or choose a station…"


def test_status_filter_changes_counts_and_station_list(make_app, tiny_data):
    app = make_app(tiny_data).run()
    assert app.selectbox(key="w_station").options[1:] != []
    before = len(app.selectbox(key="w_station").options)
    app.multiselect(key="w_status").select("officially_denied").run()
    assert not app.exception
    after = app.selectbox(key="w_station").options
    assert len(after) == 2 and len(after) < before  # "none" + Lesotho
    assert app.query_params["status"] == ["officially_denied"] or app.query_params["status"] == "officially_denied"


def test_station_in_query_string_opens_its_panel(make_app, tiny_data):
    app = make_app(tiny_data, station="es-barcelona").run()
    assert not app.exception
    panel = html_text(app)
    assert "Contested" in panel
    assert "in a test-drive capacity" in panel  # the verbatim excerpt
    assert "Summary in our own words" in panel  # the summary is marked as such


def test_filters_from_query_string(make_app, tiny_data):
    app = make_app(tiny_data, status="visited_found_nothing", country="IT").run()
    assert app.multiselect(key="w_status").value == ["visited_found_nothing"]
    assert app.multiselect(key="w_country").value == ["IT"]
    assert app.selectbox(key="w_station").options[1:] == ["Rome — Italy"]


def test_picking_a_station_from_the_list_opens_it(make_app, tiny_data):
    app = make_app(tiny_data).run()
    app.selectbox(key="w_station").select("it-rome").run()
    assert "travel agency" in html_text(app)
    assert app.query_params["station"] in ("it-rome", ["it-rome"])


def test_bad_data_shows_notice_and_keeps_good_rows(make_app, tiny_data):
    stations = tiny_data / "stations.csv"
    stations.write_text(stations.read_text().replace(",IT,city", ",XX,city"), encoding="utf-8")
    app = make_app(tiny_data).run()
    assert not app.exception
    assert any("problem(s) in the data" in w.value for w in app.warning)
    assert any("stations.csv:3: column 'country'" in t.value for t in app.text)
    assert "2 placed on the map" in all_text(app)


def test_stations_page_filters_table(make_app, tiny_data):
    app = make_app(tiny_data)
    app.run()
    app.switch_page("app_pages/stations.py").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 3
    app.text_input(key="w_text").input("rome").run()
    assert list(app.dataframe[0].value["station_id"]) == ["it-rome"]


def test_sources_page_highlights_excerpts(make_app, tiny_data):
    app = make_app(tiny_data)
    app.run()
    app.switch_page("app_pages/sources.py").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    assert '<mark class="sm-hl"' not in html_text(app)  # nothing open yet
    app.selectbox(key="w_source").select("article-one").run()
    assert '<mark class="sm-hl"' in html_text(app)
    assert app.query_params["source"] in ("article-one", ["article-one"])  # a source can be linked to


def test_a_link_to_a_source_opens_it(make_app, tiny_data):
    app = make_app(tiny_data, source="article-one")
    app.run()
    app.switch_page("app_pages/sources.py").run()
    assert '<mark class="sm-hl"' in html_text(app)


def test_methodology_page_has_every_status_and_the_rule_in_plain_words(make_app, tiny_data):
    from stationmap.records.models import Status
    from stationmap.rules.status import CLAIM_RULES, describe_rule
    from stationmap.rules.vocabulary import CLAIM_LABELS, STATUS_LABELS

    app = make_app(tiny_data)
    app.run()
    app.switch_page("app_pages/methodology.py").run()
    assert not app.exception
    text = "\n".join(m.value for m in app.markdown)
    for status in Status:
        assert f"**{STATUS_LABELS[status]}**" in text
        assert f"`{status}`" not in text  # readers see words, not code names
    for rule in CLAIM_RULES:
        assert CLAIM_LABELS[rule.claim] in text and rule.meaning in text
    assert describe_rule().splitlines()[-1] in text


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${alert(1)}"])
def test_hostile_label_is_escaped_in_panel(make_app, tiny_data, value):
    stations = tiny_data / "stations.csv"
    stations.write_text(stations.read_text().replace("it-rome,Rome,Rome", f'it-rome,"{value}",Rome'),
                        encoding="utf-8")
    app = make_app(tiny_data, station="it-rome").run()
    panel = html_text(app)
    if "<" in value:
        assert value not in panel and "&lt;" in panel
    else:  # ${...} is plain text in HTML: it must arrive as that text, inside an element, never as script
        assert f"<h2 lang=\"en\">{value}</h2>" in panel


def test_bad_tile_setting_shows_an_error_not_a_crash(make_app, tiny_data, monkeypatch):
    app = make_app(tiny_data)
    monkeypatch.setenv("STATIONMAP_TILES", "javascript:alert(1)")
    app.run()
    assert not app.exception
    assert any("Basemap setting ignored" in e.value for e in app.error)


MARKDOWN_PAYLOAD = "![x](http://evil.example/x.png) [link](http://evil.example) $\\\\alpha$ **bold**"


def test_methodology_never_hands_data_to_markdown(make_app, tiny_data):
    """A batch label full of Markdown reaches the page only as escaped HTML text."""
    path = tiny_data / "batches.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    header, first = rows[0].split(","), rows[1]
    label_at = header.index("label")
    cells = first.split(",")
    cells[label_at] = '"' + MARKDOWN_PAYLOAD.replace('"', '""') + '"'
    rows[1] = ",".join(cells)
    path.write_text("\n".join(rows), encoding="utf-8")
    app = make_app(tiny_data)
    app.switch_page("app_pages/methodology.py").run()
    assert not app.exception, app.exception
    assert all("evil.example" not in m.value for m in app.markdown)
    assert "![x](http://evil.example/x.png)" in html_text(app)  # shown as text, inside escaped HTML
    assert "<img" not in html_text(app)


PAGES = ["app_pages/map.py", "app_pages/stations.py", "app_pages/sources.py", "app_pages/methodology.py",
         "app_pages/changes.py"]


@pytest.mark.parametrize("lang, canonical, sidebar_heading, status", [
    ("en", "en", "Filter stations", "Officially denied"),
    ("zh", "zh-Hans", "筛选站点", "官方否认"),
    ("zh-TW", "zh-Hant", "篩選站點", "官方否認"),
])
def test_every_page_in_every_language(make_app, tiny_data, lang, canonical, sidebar_heading, status):
    app = make_app(tiny_data, lang=lang)
    app.run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        texts = [m.value for m in app.markdown] + [h.value for h in app.header] + [t.value for t in app.title]
        everything = "\n".join(texts) + html_text(app)
        assert "Choose an option" not in everything  # Streamlit's own English never shows
        if page in ("app_pages/map.py", "app_pages/stations.py"):
            assert any(h.value == sidebar_heading for h in app.sidebar.header), (page, lang)
            assert status in app.multiselect(key="w_status").options
    assert app.query_params.get("lang") in (canonical, [canonical])  # the link keeps its language


def test_unknown_language_in_a_link_falls_back_to_english(make_app, tiny_data):
    app = make_app(tiny_data, lang="klingon").run()
    assert not app.exception
    assert any(h.value == "Filter stations" for h in app.sidebar.header)


def test_search_finds_a_city_by_its_chinese_name(make_app):
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "data"
    for query in ("巴塞罗那", "巴塞隆納"):
        app = make_app(real, q=query).run()
        options = app.selectbox(key="w_station").options
        assert any("Barcelona" in str(option) for option in options), query


def test_map_page_offers_the_view_as_an_image_drawn_only_when_asked(make_app, tiny_data, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    import stationmap.ui.image_download as image_download

    drawn, deferred = [], {}
    original_render, original_add = image_download.render, MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        deferred[file_name] = (data_callable, mimetype)
        return original_add(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(image_download, "render", lambda *a, **k: drawn.append(a[2]) or original_render(*a, **k))
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    app = make_app(tiny_data, status="officially_denied").run()
    assert not app.exception
    assert {"PNG (for posts and print)", "SVG (scalable)"} <= {b.proto.label for b in app.get("download_button")}
    assert drawn == []  # nothing is drawn on an ordinary run
    png, png_type = deferred["map-2022-11-03-status-officially_denied.png"]
    svg, svg_type = deferred["map-2022-11-03-status-officially_denied.svg"]
    assert (png_type, svg_type) == ("image/png", "image/svg+xml")
    assert png().startswith(b"\x89PNG")
    text = svg().decode("utf-8")
    assert "Showing: Officially denied." in text and "Lesotho" in text and "Rome" not in text
    assert drawn == ["png", "svg"]


def test_the_map_looks_up_visible_stations_only_when_a_filter_took_some_away(make_app, tiny_data):
    """Unfiltered, every station the map holds shows: no mask is made (the lookup cost 30-60 ms of each run at
    100,000 stations); a filter that leaves some out sends their bitset."""
    app = make_app(tiny_data).run()
    assert map_view(app)["mask"] is None
    app.sidebar.multiselect[0].set_value(["Officially denied"]).run()
    assert not app.exception
    assert isinstance(map_view(app)["mask"], str) and map_view(app)["mask"]
