"""The Chinese interface shows no English where we own the words (AppTest, every page, zh-Hans and zh-Hant)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stationmap.records.models import Bureau, OfficialAction, Party, Precision, Reliability, Statement, Status
from stationmap.records.schema import SOURCE_KINDS
from stationmap.render.citation import TITLE
from stationmap.rules.vocabulary import (
    BUREAU_LABELS,
    CLAIM_LABELS,
    PARTY_LABELS,
    PRECISION_LABELS,
    PRECISION_TEXT,
    RELIABILITY_LABELS,
    SOURCE_KIND_LABELS,
)
from tests.chinese_text import ascii_punctuation_in_chinese, visible_chinese_text

#: Code names and our English words for them: none may show on a Chinese page.
ENGLISH = sorted({
    *(member.value for enum in (Status, Statement, OfficialAction, Party, Precision, Bureau, Reliability)
      for member in enum), *SOURCE_KINDS,
    *CLAIM_LABELS.values(), *PARTY_LABELS.values(), *PRECISION_LABELS.values(), *PRECISION_TEXT.values(),
    *RELIABILITY_LABELS.values(), *BUREAU_LABELS.values(), *SOURCE_KIND_LABELS.values(),
}, key=len, reverse=True)
PATTERN = re.compile("|".join(rf"(?<![A-Za-z_-]){re.escape(word)}(?![A-Za-z_-])" for word in ENGLISH))
#: Table columns that hold data as written (labels, ids, titles, links), not our words.
DATA_COLUMNS = {"label", "station_id", "title", "url", "source_id", "cited", "n_sources", "contested",
                "weak_sources"}


@pytest.fixture
def chinese_data(tiny_data: Path) -> Path:
    """The tiny data plus Chinese city names and an official action, so every kind of value is on screen."""
    (tiny_data / "place_names.csv").write_text(
        "station_id,zh_hans,zh_hant,search\n"
        "es-barcelona,巴塞罗那,巴塞隆納,巴塞罗那 巴塞隆納\nit-rome,罗马,羅馬,罗马 羅馬\n",
        encoding="utf-8")
    with (tiny_data / "evidence.csv").open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split(",")
    row = {name: "" for name in header}
    row.update(evidence_id="rome-inquiry", station_id="it-rome", source_id="web-report",
               supports="investigation_opened", claimant="Italian police", party="host_authority",
               summary="Police said they were looking into it.")
    with (tiny_data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write(",".join(row[name] for name in header) + "\n")
    return tiny_data


def _shown_text(app) -> str:
    """Everything a reader sees that is ours to word: text elements, widget labels and options, the
    cells of the columns we fill, and HTML with data (marked lang="en" / translate="no") left out."""
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning")
             for e in getattr(app, kind)]
    for widget in (*app.selectbox, *app.multiselect):
        parts += [widget.label, *(str(option) for option in widget.options[1 if widget.key == "w_station" else 0:])]
    for frame in app.dataframe:
        table = frame.value
        parts += [str(v) for column in table.columns if column not in DATA_COLUMNS for v in table[column]
                  if str(v) not in ("", "None", "nan")]
    for element in app.html:
        body = element.proto.body
        if "<script" in body:
            continue
        # A stored source's own text is the source's words; its highlight labels are ours.
        body = re.sub(r"<p>.*?</p>", lambda m: " ".join(re.findall(r'<sup class="sm-kind">.*?</sup>', m.group(0))),
                      body, flags=re.S)
        parts.append(visible_chinese_text(body))
    # The credit line quotes the map's English title on purpose (it is the title to credit).
    return "\n".join(parts).replace(TITLE, "")


def _visit_every_page(app):
    yield "map", app.run()
    app.selectbox(key="w_station").select("it-rome").run()
    yield "map with a station", app
    yield "stations", app.switch_page("app_pages/stations.py").run()
    app.switch_page("app_pages/sources.py").run()
    app.selectbox(key="w_source").select("article-one").run()
    yield "sources", app
    yield "methodology", app.switch_page("app_pages/methodology.py").run()


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_no_english_value_on_a_chinese_page(make_app, chinese_data, language):
    app = make_app(chinese_data, lang=language)
    for page, state in _visit_every_page(app):
        assert not state.exception, (page, state.exception)
        text = _shown_text(state)
        assert sorted(set(PATTERN.findall(text))) == [], page
        assert ascii_punctuation_in_chinese(text) == [], page


def test_stations_table_speaks_chinese(make_app, chinese_data):
    app = make_app(chinese_data, lang="zh-Hans").run()
    app.switch_page("app_pages/stations.py").run()
    table = app.dataframe[0].value.set_index("station_id")
    assert table.loc["it-rome", "city"] == "罗马" and table.loc["it-rome", "country_name"] == "意大利"
    assert table.loc["it-rome", "actions"] == "已展开调查" and table.loc["it-rome", "bureau"] == "青田县公安局"
    assert table.loc["ls-lesotho", "bureau"] == "不详" and table.loc["ls-lesotho", "precision"] == "国家级"


@pytest.mark.parametrize("language, typed, expected", [
    ("zh-Hans", "罗马", "Rome — 罗马，意大利"), ("zh-Hant", "羅馬", "Rome — 羅馬，義大利"),
])
def test_station_picker_shows_the_chinese_city(make_app, chinese_data, language, typed, expected):
    app = make_app(chinese_data, lang=language).run()
    options = app.selectbox(key="w_station").options
    assert expected in options
    assert [option for option in options if typed in str(option)] == [expected]  # typing the name finds it


def test_stations_table_keeps_the_name_in_view_on_a_phone(make_app, chinese_data):
    import json

    app = make_app(chinese_data, lang="zh-Hant").run()
    app.switch_page("app_pages/stations.py").run()
    columns = json.loads(app.dataframe[0].proto.columns)
    assert columns["label"]["pinned"] is True and columns["label"]["width"] == "medium"
    assert columns["status"]["width"] == "medium"
