"""Claims per month by kind, for the timeline chart: how the picture changed over time. Pure.

Each claim is placed in the month readers learned of it (its ``known_from`` date, the rule that decides
"as of"); undated claims are left out. Kinds group the claim types the way a reader thinks of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple

import pandas as pd

from stationmap.records.dataset import Dataset
from stationmap.records.models import OfficialAction, Statement, Status
from stationmap.render.i18n import N_
from stationmap.rules.queries import membership

REPORTED, VISITED, CONFIRMED, DENIED = N_("Reported"), N_("Visited, found nothing"), N_("Confirmed"), N_("Denied")
INVESTIGATION, CLOSURE, COURT = N_("Investigation"), N_("Closure"), N_("Arrest, charge or court")
KIND_OF_CLAIM = {
    Status.REPORTED: REPORTED, Statement.NO_KNOWLEDGE: REPORTED,
    Status.VISITED_FOUND_NOTHING: VISITED, Statement.HOST_FOUND_NOTHING: VISITED,
    Statement.HOST_FOUND_NO_POLICE_ACTIVITY: VISITED,
    Status.CONFIRMED_TRIAL_OPERATION: CONFIRMED, Statement.ACKNOWLEDGED_SERVICE_CENTRE: CONFIRMED,
    Statement.OPERATOR_DESCRIPTION: CONFIRMED,
    Status.OFFICIALLY_DENIED: DENIED,
    OfficialAction.INVESTIGATION_OPENED: INVESTIGATION, OfficialAction.ORDERED_CLOSED: CLOSURE,
    OfficialAction.ARREST_OR_CHARGE: COURT, OfficialAction.COURT_FINDING: COURT,
}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(KIND_OF_CLAIM.values()))


class ClaimsTable(NamedTuple):
    """Every dated claim: ``frame`` (``station``: position in ``stations``; ``month`` YYYY-MM-01; ``kind``
    message id) and ``stations``, the index those positions point into."""

    frame: pd.DataFrame
    stations: pd.Index


def claims_table(dataset: Dataset) -> ClaimsTable:
    """Built once per data version (``Dataset.derived``), so a view costs one vectorised lookup and one
    ``groupby`` (no per-claim Python work on a rerun)."""
    def build(data: Dataset) -> ClaimsTable:
        stations = pd.Index(list(data.stations))
        dated = [item for item in data.evidence if item.station_id in data.stations and item.known_from is not None]
        frame = pd.DataFrame({
            "station": stations.get_indexer([item.station_id for item in dated]),
            "month": [f"{item.known_from.earliest.year:04d}-{item.known_from.earliest.month:02d}-01" for item in dated],
            "kind": [KIND_OF_CLAIM[item.supports] for item in dated]})
        return ClaimsTable(frame, stations)

    return dataset.derived("timeline_claims", build)


def claims_per_month(dataset: Dataset, station_ids: Collection[str] | pd.Series,
                     tr: Callable[[str], str] = str) -> pd.DataFrame:
    """Columns ``month`` (first day, as a Timestamp), ``kind``, ``claims``; one row per month and kind."""
    table = claims_table(dataset)
    chosen = table.frame[membership(table.stations, station_ids)[table.frame["station"].to_numpy()]]
    counts = chosen.groupby(["month", "kind"], sort=True).size()
    data = pd.DataFrame({"month": pd.to_datetime(counts.index.get_level_values("month")),
                         "kind": [tr(kind) for kind in counts.index.get_level_values("kind")],
                         "claims": counts.to_numpy(dtype=int)})
    return data.sort_values(["month", "kind"], kind="stable").reset_index(drop=True)
