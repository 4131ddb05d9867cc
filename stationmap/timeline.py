"""Claims per month by kind, for the timeline chart: how the picture changed over time. Pure.

Each claim is placed in the month readers learned of it (its ``known_from`` date, the rule that decides
"as of"); undated claims are left out. Kinds group the claim types the way a reader thinks of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import pandas as pd

from stationmap.dataset import Dataset
from stationmap.models import OfficialAction, Statement, Status

KIND_OF_CLAIM = {
    Status.REPORTED: "Reported",
    Statement.NO_KNOWLEDGE: "Reported",
    Status.VISITED_FOUND_NOTHING: "Visited, found nothing",
    Statement.HOST_FOUND_NOTHING: "Visited, found nothing",
    Status.CONFIRMED_TRIAL_OPERATION: "Confirmed",
    Statement.ACKNOWLEDGED_SERVICE_CENTRE: "Confirmed",
    Statement.OPERATOR_DESCRIPTION: "Confirmed",
    Status.OFFICIALLY_DENIED: "Denied",
    OfficialAction.INVESTIGATION_OPENED: "Investigation",
    OfficialAction.ORDERED_CLOSED: "Closure",
    OfficialAction.ARREST_OR_CHARGE: "Arrest, charge or court",
    OfficialAction.COURT_FINDING: "Arrest, charge or court",
}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(KIND_OF_CLAIM.values()))


def claims_per_month(dataset: Dataset, station_ids: Collection[str]) -> pd.DataFrame:
    """Columns ``month`` (first day, as a Timestamp), ``kind``, ``claims``; one row per month and kind."""
    wanted = set(station_ids)
    counts: Counter[tuple[str, str]] = Counter()
    for item in dataset.evidence:
        if item.station_id not in wanted or item.known_from is None:
            continue
        when = item.known_from.earliest
        counts[(f"{when.year:04d}-{when.month:02d}-01", KIND_OF_CLAIM[item.supports])] += 1
    rows = [{"month": pd.Timestamp(month), "kind": kind, "claims": n} for (month, kind), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["month", "kind", "claims"])
