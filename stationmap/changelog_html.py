"""The public changelog as HTML (the app's Changes page and the site's changes.html). Pure; escaped by
construction: every data string goes through ``Markup(...).format``, every link through ``safe_url``.

``station_href`` says where a station link points (the app's map page, or the site's ``index.html#station=``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from stationmap.changelog import Changelog, CorrectionEntry, NewSource, StatusChange, Version
from stationmap.dataset import Dataset
from stationmap.escaping import safe_url
from stationmap.i18n import DEFAULT, N_, translator
from stationmap.models import parse_claim
from stationmap.vocabulary import CLAIM_LABELS, CONTESTED_LABEL, STATUS_LABELS

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
MAX_LINKED = 20  # station links per source or correction


def _link(href: str | None, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text) if href else Markup("{}").format(text)


def _stations(ids: tuple[str, ...], dataset: Dataset, href: Callable[[str], str], words) -> Markup:
    """Links to the first MAX_LINKED stations (a report may back thousands), then how many more."""
    links = Markup(", ").join(
        _link(href(sid), dataset.stations[sid].label if sid in dataset.stations else sid)
        for sid in ids[:MAX_LINKED])
    if len(ids) > MAX_LINKED:
        links += Markup(" {}").format(words("and {count} more").format(count=len(ids) - MAX_LINKED))
    return links


def _status_text(status, contested: bool, words) -> Markup:
    if status is None:
        return Markup("<em>{}</em>").format(words(NOT_ON_MAP))
    label = words(STATUS_LABELS[status])
    return Markup("{}{}").format(label, Markup(", {}").format(words(CONTESTED_LABEL)) if contested else "")


def _claim(text: str, words) -> str:
    try:
        return words(CLAIM_LABELS[parse_claim(text)])
    except (ValueError, KeyError):
        return text


def _status_change(item: StatusChange, dataset: Dataset, href, words) -> Markup:
    why = Markup("")
    if item.reasons:
        why = Markup('<div class="sm-why">{}: {}</div>').format(words("Why"), "; ".join(item.reasons))
    label = words("Changed evidence") if item.contested_only else words("Deciding source")
    deciding = Markup("").join(Markup(
        '<div>{label}: {claimant} ({claim}) — {source}<blockquote lang="">{text}</blockquote></div>').format(
        label=label, claimant=d.claimant, claim=_claim(d.claim, words),
        source=_link(safe_url(d.source_url), d.source_title or d.source_id), text=d.text) for d in item.deciding)
    return Markup('<li id="{anchor}">{station}: {old} → {new}{why}{deciding}</li>').format(
        anchor=f"s-{item.station_id}", station=_link(href(item.station_id), item.label),
        old=_status_text(item.old, item.old_contested, words), new=_status_text(item.new, item.new_contested, words),
        why=why, deciding=deciding)


def _new_source(item: NewSource, dataset: Dataset, href, words) -> Markup:
    stations = Markup("")
    if item.station_ids:
        stations = Markup(" — {}: {}").format(words("stations"), _stations(item.station_ids, dataset, href, words))
    return Markup("<li>{} ({}){}</li>").format(_link(safe_url(item.url), item.title or item.source_id),
                                               item.publisher, stations)


def _correction(item: CorrectionEntry, dataset: Dataset, href, words) -> Markup:
    link = Markup(" ({})").format(_link(safe_url(item.supporting_link), words("supporting link"))) \
        if safe_url(item.supporting_link) else Markup("")
    stations = Markup("")
    if item.station_ids:
        stations = Markup("<div>{}: {}</div>").format(words("stations"),
                                                      _stations(item.station_ids, dataset, href, words))
    return Markup('<li id="{anchor}"><strong>{status}</strong> · {concerns}: {wrong}{link}'
                  '<div class="sm-why">{resolution_label}: {resolution}</div>{stations}</li>').format(
        anchor=f"c-{item.correction_id}", status=words(CORRECTION_STATUS.get(item.status, item.status)),
        concerns=item.concerns, wrong=item.what_is_wrong, link=link, resolution_label=words("Resolution"),
        resolution=item.resolution, stations=stations)


def _version(version: Version, dataset: Dataset, href, words) -> Markup:
    parts = [Markup('<h2 id="v-{day}">{title} {day}</h2>').format(day=version.day.isoformat(),
                                                                 title=words("Data version"))]
    for title, items, render in (
            (words("Status changes"), version.status_changes, _status_change),
            (words("New sources"), version.new_sources, _new_source),
            (words("Corrections"), version.corrections, _correction)):
        if items:
            parts.append(Markup("<h3>{}</h3><ul>{}</ul>").format(
                title, Markup("").join(render(item, dataset, href, words) for item in items)))
    return Markup('<section class="sm-version">{}</section>').format(Markup("").join(parts))


def changelog_html(changelog: Changelog, dataset: Dataset, station_href: Callable[[str], str], *,
                   since: dt.date | None = None, language: str = DEFAULT) -> Markup:
    """Every version of ``changelog`` (already filtered by ``since``, which the text names), newest first."""
    words = translator(language)
    intro = Markup("<p>{}</p>").format(words(
        "Every change to the data, newest first: status changes (old → new, why, and the deciding source), new "
        "sources, and readers' corrections with what we decided. A data version is the day the data was edited; "
        "if you cited \"data as of\" a date, the changes since that date are everything you have not seen."))
    if since is not None:
        intro += Markup("<p><strong>{} {}</strong></p>").format(words("Showing changes since"), since.isoformat())
    if changelog.recorded_changes == 0 and not changelog.versions:
        body = Markup('<p class="sm-empty">{}</p>').format(words(
            "No changes have been recorded yet: the change log is empty, so the data is as first published."))
    elif not changelog.versions:
        body = Markup('<p class="sm-empty">{}</p>').format(words("Nothing has changed in this period."))
    else:
        body = Markup("").join(_version(v, dataset, station_href, words) for v in changelog.versions)
    return Markup('{}<div class="sm-changes">{}{}</div>').format(CHANGES_CSS, intro, body)
