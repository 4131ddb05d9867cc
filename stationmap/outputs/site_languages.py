"""The published site's languages: where each language's pages live, how they link to each other, and the
words every page's header shares. Pure; used by ``stationmap.outputs.publish`` (map and methodology pages) and
``stationmap.changelog.site`` (the changelog and its feed), so every page of one language agrees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from stationmap.render.i18n import DEFAULT, HTML_LANG, LANGUAGES, N_, Translate, is_chinese, local_date, translator

#: Where each language's pages live in the site: English at the top (the address people already have), each
#: Chinese script in a folder of its own (lower case, like most sites' language folders). Each folder holds
#: index.html, methodology.html, changes.html, changes.xml and preview.png; the assets under static/ are shared.
SITE_FOLDERS: dict[str, str] = {"en": "", "zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}

METHODOLOGY = N_("Methodology")
BACK_TO_MAP = N_("Back to the map")
LANGUAGE_LINKS = N_("Other languages")
DATA_AS_OF = N_("Data as of {version}.")
SHOWN_AS_OF = N_("Shown as of {date}.")
CHANGES = N_("Changes")


@dataclass(frozen=True)
class Page:
    """One language's place in the site: its folder, the way up to the site's root, the way to the others."""

    language: str

    @property
    def folder(self) -> str:
        return SITE_FOLDERS[self.language]

    @property
    def up(self) -> str:
        """From this language's folder to the site's root ("" or "../")."""
        return "../" if self.folder else ""

    def href(self, other: str, name: str = "index.html") -> str:
        """A relative link from this language's folder to ``other``'s page ``name`` (works from file://)."""
        folder = SITE_FOLDERS[other]
        return self.up + (f"{folder}/" if folder else "") + name

    def url(self, site_url: str | None) -> str | None:
        """This language's folder's absolute address under ``site_url`` (or ``None``)."""
        if not site_url:
            return None
        return site_url.rstrip("/") + "/" + (f"{self.folder}/" if self.folder else "")

    @property
    def gap(self) -> str:
        """Between the header's parts: `` · `` in English, a full-width space in Chinese."""
        return "　" if is_chinese(self.language) else " · "


def language_head(page: Page, name: str) -> Markup:
    """``hreflang`` alternates for search engines: every language's version of page ``name``, English the default."""
    links = [Markup('<link rel="alternate" hreflang="{}" href="{}">').format(HTML_LANG[other], page.href(other, name))
             for other in LANGUAGES]
    links.append(Markup('<link rel="alternate" hreflang="x-default" href="{}">').format(page.href(DEFAULT, name)))
    return Markup("\n").join(links)


def language_nav(page: Page, name: str) -> Markup:
    """Links to the same page in the other languages, each named in its own language (and marked so)."""
    tr = translator(page.language)
    links = Markup(" · ").join(
        Markup('<a href="{}" hreflang="{}" lang="{}" class="sm-language">{}</a>').format(
            page.href(other, name), HTML_LANG[other], HTML_LANG[other], LANGUAGES[other])
        for other in LANGUAGES if other != page.language)
    return Markup('<nav aria-label="{}" class="sm-languages">{}</nav>').format(tr(LANGUAGE_LINKS), links)


def dates(tr: Translate, language: str, version: dt.date | None, as_of: dt.date | None) -> str:
    """"Data as of …" (and "Shown as of …") in the page's language."""
    text = tr(DATA_AS_OF).format(version=local_date(version, language)) if version else ""
    if as_of:
        text += (" " if language == "en" else "") + tr(SHOWN_AS_OF).format(date=local_date(as_of, language))
    return text
