"""The methodology text, generated from the same tables the code uses so it cannot drift.

It speaks in the legend's words (``stationmap.vocabulary``), not in code names. The fixed part is Markdown
built from code tables only; anything that holds data (batch labels) is escaped HTML (``coverage_html``).
"""

from __future__ import annotations

from markupsafe import Markup

from stationmap.dataset import Dataset
from stationmap.models import Claim, Party, Precision, Reliability, Status
from stationmap.status import KNOWLEDGE_RULE, describe_rule
from stationmap.vocabulary import (
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

CORRECTIONS = """
## How to report a correction

Every point on this map makes a claim about a real place. If you know a claim is wrong, out of date or
missing evidence, tell us — no account with any third party is needed:

1. Open the station on the map and copy the page address ("Cite this view" at the foot of the page gives it).
2. Write what is wrong and the source that shows it (a link, or the publication, date and headline).
3. Send it as an issue in the project's repository, or by e-mail to the address on the repository page,
   with the subject "Correction: " and the station's name. Pull requests against `data/` are welcome too.

Corrections that remove or downgrade a claim are handled first; we never publish who sent a correction.
"""

BASEMAP = """
## The basemap and borders

The default basemap is drawn by the app itself from Natural Earth's 1:50m country shapes (public domain,
via the `world-atlas` package) with city names from GeoNames (CC BY 4.0); no map tiles are fetched from
anyone. Natural Earth draws the borders *de facto*, as they are controlled on the ground: Taiwan, Hong Kong,
Macao, Kosovo, Somaliland, Northern Cyprus, Western Sahara and Palestine appear as areas of their own, and
disputed Himalayan borders follow the line of control. Showing a border is not taking a side on a dispute;
station places are only ever cities, regions or countries.
"""


def _plain(claim: Claim) -> str:
    return f"*{CLAIM_LABELS[claim]}*"


def methodology_markdown() -> str:
    """The fixed part of the page: written by us and generated from code tables only, never from data."""
    statuses = "\n".join(f"- **{STATUS_LABELS[s]}**: {STATUS_DEFINITIONS[s]}" for s in Status)
    parties = "\n".join(f"- {PARTY_LABELS[p]}" for p in Party)
    precision = "\n".join(f"- **{p.value.capitalize()}**: {PRECISION_TEXT[p]}." for p in Precision)
    grades = "\n".join(f"- **{RELIABILITY_LABELS[g]}**: {RELIABILITY_DEFINITIONS[g]}" for g in Reliability)
    return f"""
## What each status means

{statuses}

Official actions — an investigation opened, a closure ordered, an arrest or charge, a court's finding — are
recorded as evidence of their own kind and listed in each station's panel.

## How a station's status is derived

Each station's status is derived from its evidence by one rule, the same code that draws the map. Every
kind of statement has one written policy:

{describe_rule(_plain)}

## What was known when ("As of")

{KNOWLEDGE_RULE}

## Who said it

Each claim names who made it and which side they speak for, and the panel says which claims set a station's
status, so "officially denied" never hides whose denial it is. The sides are:

{parties}

A denial from the Chinese side and a finding by the host country's own police are different things: read
the panel's "Status set by" line and the evidence below it.

## {WEAK_SOURCES_LABEL.capitalize()}

{WEAK_SOURCES_DEFINITION} Such stations carry a visible flag in the panel and in the Stations table, and
where a city rests on such a source alone the station is placed only as precisely as stronger sources allow.

## Location precision

We store and show cities only, never street addresses or the names of private people or businesses.

{precision}

Region- and country-level stations are drawn faded, with a faint circle showing how uncertain the place is.

## Sources and their reliability grades

An *excerpt* is the exact words of a source we store in full (checked by code on every change); a
*summary* is our own wording of a source we do not store, with a link to it. The panel marks which is which.
Headlines are given as published, in their own language, with an English gloss where needed.

{grades}
{BASEMAP}
## Limits

- Most claims trace back to one NGO's reports (Safeguard Defenders) and to journalists checking them; many
  stations were never checked by anyone independent.
- "{STATUS_LABELS[Status.CONFIRMED_TRIAL_OPERATION]}" covers statements from the Chinese side, an operator or a
  court that a site was set up and ran; few sources use the words "trial operation", and what the site did
  (driving-licence renewals, or police work) often stays disputed.
- Sources disagree in places (how many stations in a city, which bureau runs one, when a closure happened):
  both claims are kept and the station is marked contested where they point different ways.
{CORRECTIONS}"""


def coverage_html(dataset: Dataset) -> Markup:
    """What the reports counted against what we could place. Holds data (batch labels): escaped HTML."""
    counted = [b for b in dataset.batches.values() if b.reported_count is not None]
    listed = dataset.stations_in_counted_batches()
    items = Markup("").join(Markup("<li>{}: {} stations reported.</li>").format(b.label, b.reported_count)
                            for b in counted)
    return Markup(
        "<h2>What is missing: reported versus placed</h2><ul>{}</ul>"
        "<p>The reports count {} stations in total; public reporting identifies {} of them by place. The rest "
        "were counted by the reports but never located publicly, so they are counted in the totals and not "
        "drawn: we do not invent places. Where the reports give only a country or region, the station is "
        "placed at that precision and drawn as such.</p>").format(items, dataset.reported_total, listed)
