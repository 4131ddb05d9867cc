"""Languages: links and browsers pick the language, every interface string is translated, places too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from stationmap.render.i18n import LANGUAGES, country_name, language_for, resolve_language, translator

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "stationmap" / "locales"
KEYWORDS = {"tr": None, "words": None, "N_": None}


@pytest.mark.parametrize("value, expected", [
    ("en", "en"), ("zh", "zh-Hans"), ("zh-Hans", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh_cn", "zh-Hans"),
    ("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant-HK", "zh-Hant"),
    ("fr", None), ("<script>", None), ("", None), (None, None),
])
def test_resolve_language(value, expected):
    assert resolve_language(value) == expected


@pytest.mark.parametrize("url, browser, expected", [
    ("zh-TW", "en-US", "zh-Hant"), (None, "zh-CN", "zh-Hans"), (None, "de-DE", "en"), (None, None, "en"),
    ("klingon", "zh-CN", "en"),  # an unknown value in a link falls back to English, not to the browser
])
def test_language_for(url, browser, expected):
    assert language_for(url, browser) == expected


@pytest.mark.parametrize("code, language, expected", [
    ("TW", "zh-Hans", "台湾"), ("TW", "zh-Hant", "台灣"), ("TW", "en", "Taiwan"),
    ("ES", "zh-Hans", "西班牙"), ("KR", "zh-Hans", "韩国"), ("NL", "en", "Netherlands"),
])
def test_country_names_are_neutral(code, language, expected):
    assert country_name(code, language) == expected


def _interface_strings() -> set[str]:
    found = set()
    for folder in ("stationmap", "app_pages"):
        for extracted in extract_from_dir(ROOT / folder, keywords=KEYWORDS, method_map=[("**.py", "python")]):
            message = extracted[2]
            found.add(message if isinstance(message, str) else message[0])
    for extracted in extract_from_dir(ROOT, keywords=KEYWORDS, method_map=[("app.py", "python")]):
        message = extracted[2]
        found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


@pytest.mark.parametrize("catalog", ["zh_Hans", "zh_Hant"])
def test_every_interface_string_is_translated(catalog):
    with (LOCALES / catalog / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        po = read_po(handle)
    translated = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    strings = _interface_strings()
    assert len(strings) > 150
    missing = sorted(s for s in strings if s not in translated)
    assert missing == [], f"{len(missing)} untranslated in {catalog} (run make messages): {missing[:5]}"
    for message_id in strings:  # placeholders survive translation exactly
        assert set(re.findall(r"\{\w+\}", message_id)) == set(re.findall(r"\{\w+\}", translated[message_id]))


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_compiled_catalogs_translate(language):
    assert translator(language)("Officially denied") != "Officially denied"
    assert translator("en")("Officially denied") == "Officially denied"
