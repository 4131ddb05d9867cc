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

import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

import pycountry

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"
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


# --- punctuation ----------------------------------------------------------------------------------------
# Lines the code assembles from translated words and data (a place, a list of actions, a label and its
# text) take the language's own punctuation: full-width marks in Chinese, never ASCII ones between Chinese
# words.

def is_chinese(language: str) -> bool:
    return language.startswith("zh")


def separator(language: str) -> str:
    """Between the parts of one line (city, region, country; publisher, date): ``, `` or ``，``."""
    return "，" if is_chinese(language) else ", "


def enumeration(items: Iterable[str], language: str) -> str:
    """A list of like things (official actions): ``a, b`` or ``a、b``."""
    return ("、" if is_chinese(language) else ", ").join(items)


def labelled(label: str, text: str, language: str):
    """A label ending in a colon and its text: ``Label: text`` or ``标签：文字`` (no space after ``：``)."""
    gap = "" if is_chinese(language) and label.endswith("：") else " "
    return label + gap + text  # str + Markup stays Markup (the label escaped), so markup can be passed


def colon(language: str) -> str:
    """The colon after a label the code writes itself (``Weak sources only:``)."""
    return "：" if is_chinese(language) else ": "


def parenthesis_template(language: str) -> str:
    """``({})`` or ``（{}）``, for a ``format`` call (``Markup(parenthesis_template(lang)).format(text)``)."""
    return "（{}）" if is_chinese(language) else " ({})"


def sentences(parts: Iterable[str], language: str) -> str:
    """Whole sentences one after another: a space between them in English, none after Chinese ``。``."""
    return ("" if is_chinese(language) else " ").join(parts)


def full_stop(language: str) -> str:
    """Between two sentences the code joins: ``. `` or ``。``."""
    return "。" if is_chinese(language) else ". "


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def local_date(value: object, language: str) -> str:
    """A date, or a partial one (``2022-10``), as the language writes it: ISO in English (as the links and
    files do), ``2022年10月31日`` / ``2022年10月`` in Chinese. Anything else is returned as text."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    match = _ISO_DATE.match(text)
    if not is_chinese(language) or match is None:
        return text
    year, month, day = match.groups()
    return year + "年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")


def month_label(value: dt.date, language: str) -> str:
    """A month as the language names it: ``Oct 2022`` or ``2022年10月``."""
    return f"{value.year}年{value.month}月" if is_chinese(language) else value.strftime("%b %Y")


def month_format(language: str) -> str | None:
    """The same for charts, as a d3 time format (Vega-Lite): ``%Y年%-m月``; None keeps the chart's own English."""
    return "%Y年%-m月" if is_chinese(language) else None

