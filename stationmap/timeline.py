"""Claims per month by kind, for the timeline chart: how the picture changed over time. Pure.

Each claim is placed in the month readers learned of it (its ``known_from`` date, the rule that decides
"as of"); undated claims are left out. Kinds group the claim types the way a reader thinks of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection

import pandas as pd

from stationmap.dataset import Dataset
from stationmap.i18n import N_
from stationmap.models import OfficialAction, Statement, Status

REPORTED, VISITED, CONFIRMED, DENIED = N_("Reported"), N_("Visited, found nothing"), N_("Confirmed"), N_("Denied")
INVESTIGATION, CLOSURE, COURT = N_("Investigation"), N_("Closure"), N_("Arrest, charge or court")
KIND_OF_CLAIM = {
    Status.REPORTED: REPORTED, Statement.NO_KNOWLEDGE: REPORTED,
    Status.VISITED_FOUND_NOTHING: VISITED, Statement.HOST_FOUND_NOTHING: VISITED,
    Status.CONFIRMED_TRIAL_OPERATION: CONFIRMED, Statement.ACKNOWLEDGED_SERVICE_CENTRE: CONFIRMED,
    Statement.OPERATOR_DESCRIPTION: CONFIRMED,
    Status.OFFICIALLY_DENIED: DENIED,
    OfficialAction.INVESTIGATION_OPENED: INVESTIGATION, OfficialAction.ORDERED_CLOSED: CLOSURE,
    OfficialAction.ARREST_OR_CHARGE: COURT, OfficialAction.COURT_FINDING: COURT,
}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(KIND_OF_CLAIM.values()))


def claims_per_month(dataset: Dataset, station_ids: Collection[str],
                     tr: Callable[[str], str] = str) -> pd.DataFrame:
    """Columns ``month`` (first day, as a Timestamp), ``kind``, ``claims``; one row per month and kind."""
    wanted = set(station_ids)
    counts: Counter[tuple[str, str]] = Counter()
    for item in dataset.evidence:
        if item.station_id not in wanted or item.known_from is None:
            continue
        when = item.known_from.earliest
        counts[(f"{when.year:04d}-{when.month:02d}-01", tr(KIND_OF_CLAIM[item.supports]))] += 1
    rows = [{"month": pd.Timestamp(month), "kind": kind, "claims": n} for (month, kind), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["month", "kind", "claims"])
