"""Interface languages: English, Simplified and Traditional Chinese, through gettext catalogs. Pure.

Messages are English source strings marked for extraction (``tr("...")`` where text is shown, ``N_("...")``
for constants such as the vocabulary); Babel extracts them into ``stationmap/locales/messages.pot`` and
compiles the reviewed ``.po`` catalogs to ``.mo`` at set-up (``make catalogs``, run by both README
commands). A missing translation falls back to English. The translation function is always bound to an
explicit name (``tr``), never ``_``, which Streamlit's magic and throwaway variables already use.

Data stays in its own language: only the interface is translated (and place names, from pycountry's and
GeoNames' own translations).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import pycountry

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

#: Interface language -> its name in itself (for the switch), in the order the switch shows them.
LANGUAGES: dict[str, str] = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}
DEFAULT = "en"
#: URL values and browser locales accepted for each language (lower case).
_ALIASES = {
    "en": "en", "zh": "zh-Hans", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
}
#: gettext folder names (Babel's locale identifiers) and HTML ``lang`` values per language.
CATALOG = {"en": "en", "zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}
HTML_LANG = {"en": "en", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}

Translate = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a constant for extraction; it is translated where it is shown (``tr(CONSTANT)``)."""
    return message


def resolve_language(value: str | None) -> str | None:
    """The language a URL value or locale names (``zh-TW`` -> ``zh-Hant``), or None when it names none."""
    if not value:
        return None
    text = value.strip().replace("_", "-").lower()
    if text in _ALIASES:
        return _ALIASES[text]
    base = text.split("-")[0]
    if base == "en":
        return "en"
    if base == "zh":  # zh-Hans-CN, zh-Hant-TW and the like
        return "zh-Hant" if any(part in ("hant", "tw", "hk", "mo") for part in text.split("-")[1:]) else "zh-Hans"
    return None


def language_for(url_value: str | None, browser_locale: str | None) -> str:
    """The link's language; an unknown one means English; no language in the link: the browser's, or English."""
    if url_value:
        return resolve_language(url_value) or DEFAULT
    return resolve_language(browser_locale) or DEFAULT


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[CATALOG[language]], fallback=True)


def translator(language: str) -> Translate:
    """The translation function for ``language`` (English text in, the language's text out)."""
    return translations(language).gettext


def identity(message: str) -> str:
    return message


# --- place names ----------------------------------------------------------------------------------------

_PYCOUNTRY_LOCALE = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}
#: Names where pycountry's translation takes a political side; ours are the neutral everyday names.
COUNTRY_OVERRIDES: dict[str, dict[str, str]] = {
    "zh-Hans": {"TW": "台湾", "KR": "韩国", "KP": "朝鲜", "PS": "巴勒斯坦", "XK": "科索沃"},
    "zh-Hant": {"TW": "台灣", "KR": "韓國", "KP": "北韓", "PS": "巴勒斯坦", "XK": "科索沃"},
    "en": {"XK": "Kosovo"},
}


@lru_cache(maxsize=1024)
def country_name(code: str, language: str = DEFAULT) -> str:
    """The country's everyday name in ``language``: pycountry's own translations, with deliberate overrides."""
    override = COUNTRY_OVERRIDES.get(language, {}).get(code)
    if override:
        return override
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if language == DEFAULT:
        return english
    catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[_PYCOUNTRY_LOCALE[language]],
                                  fallback=True)
    for name in (getattr(country, "common_name", None), country.name):
        if name and catalog.gettext(name) != name:
            return catalog.gettext(name)
    return english
