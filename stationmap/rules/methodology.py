"""The methodology text, generated from the same tables the code uses so it cannot drift.

It speaks in the legend's words (``stationmap.rules.vocabulary``), not in code names. The fixed part is Markdown
built from code tables only; anything that holds data (batch labels) is escaped HTML (``coverage_html``).
"""

from __future__ import annotations

from markupsafe import Markup

from stationmap.records.dataset import Dataset
from stationmap.records.models import Claim, Party, Precision, Reliability, Status
from stationmap.render.i18n import DEFAULT, N_, colon, full_stop, is_chinese, translator
from stationmap.rules.status import KNOWLEDGE_RULE, describe_rule
from stationmap.rules.vocabulary import (
    CLAIM_LABELS,
    PARTY_LABELS,
    PRECISION_TEXT,
    RELIABILITY_DEFINITIONS,
    RELIABILITY_LABELS,
    STATUS_DEFINITIONS,
    STATUS_LABELS,
    WEAK_SOURCES_DEFINITION,
    WEAK_SOURCES_LABEL,
)

CORRECTIONS = N_(
    "Every point on this map makes a claim about a real place. If you know a claim is wrong, out of date or "
    "missing evidence, tell us — no account with any third party is needed:\n\n"
    "1. Open the station on the map and copy the page address (\"Cite this view\" at the foot of the page "
    "gives it).\n"
    "2. Write what is wrong and the source that shows it (a link, or the publication, date and headline).\n"
    "3. Send it as an issue in the project's repository, or by e-mail to the address on the repository page, "
    "with the subject \"Correction: \" and the station's name. Pull requests against `data/` are welcome too.\n\n"
    "Corrections that remove or downgrade a claim are handled first; we never publish who sent a correction. "
    "Every correction is recorded in `data/corrections.csv` (what it concerns, what is wrong, the supporting "
    "link, and whether it was accepted or rejected, and why), and the edits it leads to are listed on the "
    "Changes page (and in `changes.html` and its feed on a published site) with the data version they belong "
    "to.")

DATA_VERSION = N_(
    "\"Data as of\" (at the foot of each page, in citations and in the names of downloaded files) is the data "
    "version: the day of the last recorded change to the data or, if later, the newest day on which a claim had "
    "certainly been published (a source dated only to a year counts from its first day). It moves only when the "
    "data changes, never with the calendar, and the Changes page lists every change since a given version.")

BASEMAP = N_(
    "The default basemap is drawn by the app itself from Natural Earth's 1:50 million-scale country shapes "
    "(public domain, via the `world-atlas` package) with city names from GeoNames (CC BY 4.0); no map tiles are "
    "fetched from anyone. Natural Earth draws the borders *de facto*, as they are controlled on the ground: Taiwan, "
    "Hong Kong, Macao, Kosovo, Somaliland, Northern Cyprus, Western Sahara and Palestine appear as areas of their "
    "own, and disputed Himalayan borders follow the line of control. Showing a border is not taking a side on "
    "a dispute; station places are only ever cities, regions or countries.")

LIMITS = (
    N_("Most claims trace back to one NGO's reports (Safeguard Defenders) and to journalists checking them; many "
       "stations were never checked by anyone independent."),
    N_("\"Confirmed trial operation\" covers statements from the Chinese side, an operator or a court that a site "
       "was set up and ran; few sources use the words \"trial operation\", and what the site did (driving-licence "
       "renewals, or police work) often stays disputed."),
    N_("Sources disagree in places (how many stations in a city, which bureau runs one, when a closure "
       "happened): both claims are kept and the station is marked contested where they point different ways."),
)

PRECISION_NAMES = {Precision.CITY: N_("City"), Precision.REGION: N_("Region"), Precision.COUNTRY: N_("Country")}


def methodology_markdown(language: str = DEFAULT) -> str:
    """The fixed part of the page: written by us and generated from code tables only, never from data."""
    tr = translator(language)

    def plain(claim: Claim) -> str:
        return f"*{tr(CLAIM_LABELS[claim])}*"

    sep, stop = colon(language), full_stop(language).rstrip()
    statuses = "\n".join(f"- **{tr(STATUS_LABELS[s])}**{sep}{tr(STATUS_DEFINITIONS[s])}" for s in Status)
    parties = "\n".join(f"- {tr(PARTY_LABELS[p])}" for p in Party)
    precision = "\n".join(f"- **{tr(PRECISION_NAMES[p])}**{sep}{tr(PRECISION_TEXT[p])}{stop}" for p in Precision)
    grades = "\n".join(f"- **{tr(RELIABILITY_LABELS[g])}**{sep}{tr(RELIABILITY_DEFINITIONS[g])}"
                       for g in Reliability)
    sections = [
        (N_("What each status means"), statuses + "\n\n" + tr(
            "Official actions — an investigation opened, a closure ordered, an arrest or charge, a court's finding — "
            "are recorded as evidence of their own kind and listed in each station's panel.")),
        (N_("How a station's status is derived"), tr(
            "Each station's status is derived from its evidence by one rule, the same code that draws the map. "
            "Every kind of statement has one written policy:") + "\n\n" + describe_rule(plain, tr)),
        (N_('What was known when ("As of")'), tr(KNOWLEDGE_RULE) + "\n\n" + tr(DATA_VERSION)),
        (N_("Who said it"), tr(
            "Each claim names who made it and which side they speak for, and the panel says which claims set a "
            "station's status, so \"officially denied\" never hides whose denial it is. The sides are:")
         + "\n\n" + parties + "\n\n" + tr(
            "A denial from the Chinese side and a finding by the host country's own police are different things: "
            "read the panel's \"Status set by\" line and the evidence below it.")),
        (tr(WEAK_SOURCES_LABEL).capitalize(), tr(WEAK_SOURCES_DEFINITION) + ("" if is_chinese(language) else " ") + tr(
            "Such stations carry a visible flag in the panel and in the Stations table. Where a station's city rests "
            "on such a source alone while stronger sources name only its country or region, the station is placed "
            "at that country or region; a station whose every source is weak keeps the place they name, under the "
            "flag.")),
        (N_("Location precision"), tr(
            "We store and show cities only, never street addresses or the names of private people or "
            "businesses.") + "\n\n" + precision + "\n\n" + tr(
            "Region- and country-level stations are drawn faded, with a faint circle showing how uncertain the "
            "place is.")),
        (N_("Sources and their reliability grades"), tr(
            "An *excerpt* is the exact words of a source we store in full (checked by code on every change); a "
            "*summary* is our own wording of a source we do not store, with a link to it. The panel marks which "
            "is which. Headlines are given as published, in their own language, with an English gloss where "
            "needed. Excerpts, summaries and notes are shown in English, as written.") + "\n\n" + grades),
        (N_("The basemap and borders"), tr(BASEMAP)),
        (N_("Limits"), "\n".join(f"- {tr(limit)}" for limit in LIMITS)),
        (N_("How to report a correction"), tr(CORRECTIONS)),
    ]
    return "\n\n".join(f"## {tr(title)}\n\n{body}" for title, body in sections)


def coverage_html(dataset: Dataset, language: str = DEFAULT) -> Markup:
    """What the reports counted against what we could place. Holds data (batch labels): escaped HTML."""
    tr = translator(language)
    counted = [b for b in dataset.batches.values() if b.reported_count is not None]
    listed = dataset.stations_in_counted_batches()
    items = Markup("").join(Markup('<li><span lang="en">{}</span>{}{}</li>').format(
        b.label, colon(language), tr("{count} stations reported.").format(count=b.reported_count)) for b in counted)
    return Markup("<h2>{}</h2><ul>{}</ul><p>{}</p>").format(
        tr("What is missing: reported versus placed"), items, tr(
            "The reports count {total} stations in total; public reporting identifies {listed} of them by place. "
            "The rest were counted by the reports but never located publicly, so they are counted in the totals "
            "and not drawn: we do not invent places. Where the reports give only a country or region, the "
            "station is placed at that precision and drawn as such.").format(total=dataset.reported_total,
                                                                            listed=listed))
