"""The methodology text, generated from the same tables the code uses so it cannot drift."""

from __future__ import annotations

from stationmap.dataset import Dataset
from stationmap.escaping import escape_html
from stationmap.models import Precision, Reliability, Status
from stationmap.panel import PRECISION_TEXT, RELIABILITY_TEXT
from stationmap.status import RULES_BY_CLAIM, describe_rule
from stationmap.styles import status_label

RELIABILITY_DEFINITIONS = {
    Reliability.OFFICIAL: "an official statement, court record or parliamentary answer, from the body itself.",
    Reliability.ESTABLISHED: "a major news outlet with its own reporting, or the reporting NGO's own "
                             "publication.",
    Reliability.SECONDARY: "a secondhand copy, aggregator, forum post, partisan outlet, or a publisher we "
                           "cannot identify. Treat with care; we keep them because they are sometimes the "
                           "only public trace.",
}

CORRECTIONS = """
## How to report a correction

Every point on this map makes a claim about a real place. If you know a claim is wrong, out of date or
missing evidence, open an issue in the project's repository (or a pull request against `data/`) naming the
station id (shown in the Stations table and in the page address after `station=`), what is wrong, and a
source. Corrections that remove or downgrade a claim are handled first.
"""


def methodology_markdown() -> str:
    """The fixed part of the page: written by us and generated from code tables only, never from data."""
    statuses = "\n".join(f"- **{status_label(s)}** (`{s}`): {RULES_BY_CLAIM[s].meaning}" for s in Status)
    precision = "\n".join(f"- **{p}**: {PRECISION_TEXT[p]}." for p in Precision)
    grades = "\n".join(f"- **{RELIABILITY_TEXT[g]}** (`{g}`): {RELIABILITY_DEFINITIONS[g]}" for g in Reliability)
    return f"""
## What each status means

{statuses}

Official actions — an investigation opened, a closure ordered, an arrest or charge — are recorded as
evidence of their own kind and shown in each station's panel; they never become a status.

## How a station's status is derived

Each station's status is derived from its evidence by one rule, the same code that draws the map:

{describe_rule()}

## Location precision

We store and show cities only, never street addresses or the names of private people or businesses.

{precision}

Region- and country-level stations are drawn faded, with a faint circle showing how uncertain the place is.

## Sources and their reliability grades

An *excerpt* is the exact words of a source we store in full (checked by code on every change); a
*summary* is our own wording of a source we do not store, with a link to it. The panel marks which is which.

{grades}

## Limits

- Most claims trace back to one NGO's reports (Safeguard Defenders) and to journalists checking them; many
  stations were never checked by anyone independent.
- "Confirmed trial operation" covers statements from the Chinese side or an operator that a station was set
  up and ran; few sources use those exact words.
- Sources disagree in places (how many stations in a city, which bureau runs one, when a closure happened):
  both claims are kept and the station is marked contested where they point different ways.
{CORRECTIONS}"""


def coverage_html(dataset: Dataset) -> str:
    """What the reports counted against what we could place. Holds data (batch labels): HTML, escaped."""
    counted = [b for b in dataset.batches.values() if b.reported_count is not None]
    listed = dataset.stations_in_counted_batches()
    items = "".join(f"<li>{escape_html(b.label)}: {b.reported_count} stations reported.</li>" for b in counted)
    return (f"<h2>What is missing: reported versus placed</h2><ul>{items}</ul>"
            f"<p>The reports count {dataset.reported_total} stations in total; public reporting identifies "
            f"{listed} of them by place. The rest were counted by the reports but never located publicly, so "
            "they are counted in the totals and not drawn: we do not invent places. Where the reports give only "
            "a country or region, the station is placed at that precision and drawn as such.</p>")
