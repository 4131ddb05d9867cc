"""The public changelog as HTML (the app's Changes page and the site's changes.html, in each interface
language). Pure; escaped by construction: every data string goes through ``Markup(...).format``, every link
through ``safe_url``. Our words come from the catalogs, with the language's punctuation and dates; data (station
labels, reasons, claimants, excerpts, corrections) stays as written, marked ``lang="en"``.

``station_href`` says where a station link points (the app's map page, or the site's ``index.html#station=``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from stationmap.changelog.versions import Changelog, CorrectionEntry, NewSource, StatusChange, Version
from stationmap.records.dataset import Dataset
from stationmap.records.models import parse_claim
from stationmap.render.escaping import safe_url
from stationmap.render.i18n import (
    DEFAULT,
    N_,
    colon,
    is_chinese,
    labelled,
    local_date,
    parenthesis_template,
    separator,
    translator,
)
from stationmap.rules.vocabulary import CLAIM_LABELS, CONTESTED_LABEL, STATUS_LABELS

CHANGES_CSS = Markup("""
<style>
.sm-changes{font-size:0.95rem;line-height:1.45}
.sm-changes h2{font-size:1.2rem;margin:1.2rem 0 .3rem 0;border-bottom:1px solid #ddd}
.sm-changes h3{font-size:1rem;margin:.6rem 0 .2rem 0}
.sm-changes li{margin:.3rem 0}
.sm-changes .sm-why{color:#333}
.sm-changes blockquote{margin:.2rem 0 .2rem 1rem;color:#444}
</style>
""")

CORRECTION_STATUS = {"accepted": N_("accepted"), "rejected": N_("rejected"), "duplicate": N_("duplicate")}
NOT_ON_MAP = N_("not on the map")
DATA_VERSION = N_("Data version {date}")
MAX_LINKED = 20  # station links per source or correction


@dataclass(frozen=True)
class _Words:
    """The language's words and marks: the translation, and the punctuation lines built here need."""

    language: str

    def __call__(self, message: str) -> str:
        return translator(self.language)(message)

    @property
    def colon(self) -> str:
        return colon(self.language)

    def paren(self, text) -> Markup:
        return Markup(parenthesis_template(self.language)).format(text)

    @property
    def comma(self) -> Markup:
        return Markup(separator(self.language))

    @property
    def listing(self) -> Markup:
        """Between the items of a list of like things (station names): ``, `` or ``、``."""
        return Markup("、" if is_chinese(self.language) else ", ")

    def date(self, day: dt.date) -> str:
        return local_date(day, self.language)

    def labelled(self, label: str, text) -> Markup:
        """``Label: text``, the colon the language's (``标签：文字``)."""
        return Markup("{}{}{}").format(label, self.colon, text)


def _data(text: str) -> Markup:
    """A data string as written (English, like the excerpts and summaries), marked so for readers and tools."""
    return Markup('<span lang="en">{}</span>').format(text)


def _link(href: str | None, text: str, *, data: bool = False) -> Markup:
    lang = Markup(' lang="en"') if data else Markup("")
    if href:
        return Markup('<a href="{}"{}>{}</a>').format(href, lang, text)
    return _data(text) if data else Markup("{}").format(text)


def _stations(ids: tuple[str, ...], dataset: Dataset, href: Callable[[str], str], words: _Words) -> Markup:
    """Links to the first MAX_LINKED stations (a report may back thousands), then how many more."""
    links = words.listing.join(
        _link(href(sid), dataset.stations[sid].label if sid in dataset.stations else sid, data=True)
        for sid in ids[:MAX_LINKED])
    if len(ids) > MAX_LINKED:
        gap = "" if is_chinese(words.language) else " "
        links += Markup("{}{}").format(gap, words("and {count} more").format(count=len(ids) - MAX_LINKED))
    return links


def _status_text(status, contested: bool, words: _Words) -> Markup:
    if status is None:
        return Markup("<em>{}</em>").format(words(NOT_ON_MAP))
    label = words(STATUS_LABELS[status])
    return Markup("{}{}").format(label, words.comma + words(CONTESTED_LABEL) if contested else "")


def _claim(text: str, words: _Words) -> str:
    try:
        return words(CLAIM_LABELS[parse_claim(text)])
    except (ValueError, KeyError):
        return text


def _status_change(item: StatusChange, dataset: Dataset, href, words: _Words) -> Markup:
    why = Markup("")
    if item.reasons:
        why = Markup('<div class="sm-why">{}</div>').format(
            words.labelled(words("Why"), _data("; ".join(item.reasons))))
    label = words("Changed evidence") if item.contested_only else words("Deciding source")
    deciding = Markup("").join(Markup(
        '<div>{intro}{claim} — {source}<blockquote lang="en">{text}</blockquote></div>').format(
        intro=words.labelled(label, _data(d.claimant)), claim=words.paren(_claim(d.claim, words)),
        source=_link(safe_url(d.source_url), d.source_title or d.source_id), text=d.text) for d in item.deciding)
    change = Markup("{} → {}").format(_status_text(item.old, item.old_contested, words),
                                      _status_text(item.new, item.new_contested, words))
    return Markup('<li id="{anchor}">{line}{why}{deciding}</li>').format(
        anchor=f"s-{item.station_id}", line=words.labelled(_link(href(item.station_id), item.label, data=True), change),
        why=why, deciding=deciding)


def _new_source(item: NewSource, dataset: Dataset, href, words: _Words) -> Markup:
    stations = Markup("")
    if item.station_ids:
        stations = Markup(" — {}").format(words.labelled(words("stations"),
                                                         _stations(item.station_ids, dataset, href, words)))
    publisher = Markup('<span translate="no">{}</span>').format(item.publisher)
    return Markup("<li>{}{}{}</li>").format(_link(safe_url(item.url), item.title or item.source_id),
                                            words.paren(publisher), stations)


def _correction(item: CorrectionEntry, dataset: Dataset, href, words: _Words) -> Markup:
    link = words.paren(_link(safe_url(item.supporting_link), words("supporting link"))) \
        if safe_url(item.supporting_link) else Markup("")
    stations = Markup("")
    if item.station_ids:
        stations = Markup("<div>{}</div>").format(
            words.labelled(words("stations"), _stations(item.station_ids, dataset, href, words)))
    return Markup('<li id="{anchor}"><strong>{status}</strong> · {what}{link}'
                  '<div class="sm-why">{resolution}</div>{stations}</li>').format(
        anchor=f"c-{item.correction_id}", status=words(CORRECTION_STATUS.get(item.status, item.status)),
        what=words.labelled(_data(item.concerns), _data(item.what_is_wrong)), link=link,
        resolution=words.labelled(words("Resolution"), _data(item.resolution)), stations=stations)


def version_title(version: Version, language: str = DEFAULT) -> str:
    """``Data version 2026-12-05`` / ``数据版本：2026年12月5日``: a version's heading and its feed entry's title."""
    words = _Words(language)
    return words(DATA_VERSION).format(date=words.date(version.day))


def _version(version: Version, dataset: Dataset, href, words: _Words) -> Markup:
    parts = [Markup('<h2 id="v-{day}">{title}</h2>').format(day=version.day.isoformat(),
                                                           title=version_title(version, words.language))]
    for title, items, render in (
            (words("Status changes"), version.status_changes, _status_change),
            (words("New sources"), version.new_sources, _new_source),
            (words("Corrections"), version.corrections, _correction)):
        if items:
            parts.append(Markup("<h3>{}</h3><ul>{}</ul>").format(
                title, Markup("").join(render(item, dataset, href, words) for item in items)))
    return Markup('<section class="sm-version">{}</section>').format(Markup("").join(parts))


def changelog_html(changelog: Changelog, dataset: Dataset, station_href: Callable[[str], str], *,
                   since: dt.date | None = None, language: str = DEFAULT, intro: bool = True) -> Markup:
    """Every version of ``changelog`` (already filtered by ``since``, which the text names), newest first, in
    ``language`` (our words and marks; data as written, marked ``lang="en"``). ``intro=False`` leaves out the
    explanation (a feed entry holds one version)."""
    words = _Words(language)
    head = Markup("")
    if intro:
        head = Markup("<p>{}</p>").format(words(
            "Every change to the data, newest first: status changes (old → new, why, and the deciding source), new "
            "sources, and readers' corrections with what we decided. A data version is the day the data was "
            "edited; if you cited \"data as of\" a date, the changes since that date are everything you have not "
            "seen."))
    if since is not None:
        head += Markup("<p><strong>{}</strong></p>").format(labelled(words("Showing changes since"),
                                                                   words.date(since), language))
    if changelog.recorded_changes == 0 and not changelog.versions:
        body = Markup('<p class="sm-empty">{}</p>').format(words(
            "No changes have been recorded yet: the change log is empty, so the data is as first published."))
    elif not changelog.versions:
        body = Markup('<p class="sm-empty">{}</p>').format(words("Nothing has changed in this period."))
    else:
        body = Markup("").join(_version(v, dataset, station_href, words) for v in changelog.versions)
    return Markup('{}<div class="sm-changes">{}{}</div>').format(CHANGES_CSS, head, body)
