"""Chinese wording: Chinese punctuation in Chinese sentences, one term per concept, Taiwan usage in zh-Hant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.chinese_text import ascii_punctuation_in_chinese

LOCALES = Path(__file__).resolve().parents[2] / "stationmap" / "locales"


def _catalog(name: str) -> dict[str, str]:
    with (LOCALES / name / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


@pytest.mark.parametrize("text, bad", [
    ("鹿特丹, 荷兰", 1), ("官方行动: 已展开调查", 1), ("12 个站点: 5 已报道", 1), ("（中方)", 1), ("好.", 1),
    ("鹿特丹，荷兰", 0), ("CC BY 4.0）", 0), ("1. 在地图上打开", 0), ("python -m stationmap validate", 0),
    ("“Correction: ”加上", 0),
])
def test_the_rule(text, bad):
    assert len(ascii_punctuation_in_chinese(text)) == bad


@pytest.mark.parametrize("catalog", ["zh_Hans", "zh_Hant"])
def test_no_ascii_punctuation_inside_chinese_sentences(catalog):
    wrong = {message_id: found for message_id, text in _catalog(catalog).items()
             if (found := ascii_punctuation_in_chinese(text))}
    assert wrong == {}


@pytest.mark.parametrize("catalog, term, other", [
    ("zh_Hans", "“海外警察站”", "警务服务站"), ("zh_Hant", "「海外警察站」", "警務服務站"),
])
def test_one_term_for_the_stations(catalog, term, other):
    texts = _catalog(catalog).values()
    assert any(term in text for text in texts)
    assert not [text for text in texts if other in text]


@pytest.mark.parametrize("catalog, loaded", [
    ("zh_Hans", ("立案", "各自独立", "标题状态", "立场鲜明", "来源不明", "知到", "1:50m")),
    ("zh_Hant", ("立案", "各自獨立", "標題狀態", "立場鮮明", "來源不明", "知到", "1:50m", "身份", "記錄或", "一行",
                 "清单", "记录")),
])
def test_the_reviewed_words_are_gone(catalog, loaded):
    found = {word: [i for i, text in _catalog(catalog).items() if word in text] for word in loaded}
    assert {word: ids for word, ids in found.items() if ids} == {}


def test_one_word_per_concept_across_both_catalogs():
    hans, hant = _catalog("zh_Hans"), _catalog("zh_Hant")
    assert hans["Investigation opened"] == "已展开调查" and hant["Investigation opened"] == "已展開調查"
    assert hans["nothing there"] == "称不存在" and hant["operated"] == "稱曾運作"
    assert hans["Visited, found nothing"] == "实地探访，未见迹象"
    assert hant["Visited, found nothing"] == "實地探訪，未見跡象"
    assert hans["Fuzhou"] == "福州市公安局" and hans["unknown"] == "不详"


# --- lines the code assembles ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dataset():
    from stationmap.records.loading import load_dataset
    data = LOCALES.parents[1] / "data"
    return load_dataset(data, display_root=data.parent).dataset


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_station_panels_use_chinese_punctuation(dataset, language):
    import datetime as dt

    from stationmap.render.evidence_html import station_panel_html
    from tests.chinese_text import visible_chinese_text
    wrong = {}
    for station_id in dataset.stations:
        for as_of in (None, dt.date(2022, 12, 31)):
            text = visible_chinese_text(str(station_panel_html(dataset, station_id, as_of, language)))
            if found := ascii_punctuation_in_chinese(text):
                wrong[station_id] = found
            if "： " in text or "。 " in text:  # no space after a full-width colon or full stop
                wrong[station_id] = [text[max(0, text.find("： ") - 8):][:20]]
    assert wrong == {}


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_sources_page_labels_use_chinese_words_and_punctuation(dataset, language):
    from stationmap.render.evidence_html import highlighted_source_html, quoted_stations_html
    from tests.chinese_text import visible_chinese_text
    wrong = {}
    for source in dataset.sources.values():
        html = str(quoted_stations_html(dataset, source, language))
        if source.text is not None:  # the stored text is the source's own; its highlight labels are ours
            labels = re.findall(r'<sup class="sm-kind">(.*?)</sup>', str(highlighted_source_html(dataset, source,
                                                                                           language)))
            assert not [label for label in labels if "Network-wide" in label or "Report total" in label
                        or any(claim in label for claim in ("Reported", "Investigation opened"))]
            html += "".join(labels)  # station labels inside are marked lang="en" and left out
        if found := ascii_punctuation_in_chinese(visible_chinese_text(html)):
            wrong[source.source_id] = found
    assert wrong == {}


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_map_words_join_with_chinese_punctuation(language):
    from stationmap.render.assets import asset_urls
    from stationmap.render.folium_map import map_config, parse_tiles
    config = map_config(parse_tiles("embedded"), asset_urls(), language)
    summary = config["words"]["cluster_summary"].replace("{count}", "12").replace("{counts}", "5 已报道")
    joined = summary + config["punctuation"]["stop"] + config["words"]["open_cluster"]
    joined += config["punctuation"]["separator"] + config["words"]["contested"]
    assert ascii_punctuation_in_chinese(joined) == []


def test_every_source_kind_has_a_label():
    from stationmap.records.schema import SOURCE_KINDS
    from stationmap.rules.vocabulary import SOURCE_KIND_LABELS
    assert tuple(SOURCE_KIND_LABELS) == SOURCE_KINDS
