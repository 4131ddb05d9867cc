"""Every word the map uses for its concepts, in one place: statuses, claims, parties, precision, grades.

The legend, the map's tooltips, the panel, the tables, the methodology page and the published site all
read their labels and definitions from here, so one concept has one name everywhere (and one entry to
translate). Code names (``confirmed_trial_operation``) stay in the data files and exports; readers see
these words.
"""

from __future__ import annotations

from stationmap.models import OfficialAction, Party, Precision, Reliability, Statement, Status

STATUS_LABELS: dict[Status, str] = {
    Status.REPORTED: "Reported",
    Status.VISITED_FOUND_NOTHING: "Visited, found nothing",
    Status.CONFIRMED_TRIAL_OPERATION: "Confirmed trial operation",
    Status.OFFICIALLY_DENIED: "Officially denied",
}

#: What each status means, in a reader's words (the legend's explanations and the methodology page).
STATUS_DEFINITIONS: dict[Status, str] = {
    Status.REPORTED: "A report lists the station; nobody has confirmed, denied or checked it since.",
    Status.VISITED_FOUND_NOTHING: "Journalists or the host country's authorities checked the site and found no "
                                  "sign of a police station.",
    Status.CONFIRMED_TRIAL_OPERATION: "Someone in a position to know — the operator, a Chinese authority, or a "
                                      "court — said the site was set up and ran, if only on trial; what it did "
                                      "may still be disputed.",
    Status.OFFICIALLY_DENIED: "An authority said no such site exists or operates there. The panel says whose "
                              "denial it is.",
}

CLAIM_LABELS: dict[Status | Statement | OfficialAction, str] = {
    **STATUS_LABELS,
    Statement.HOST_FOUND_NOTHING: "Host authorities found nothing",
    Statement.ACKNOWLEDGED_SERVICE_CENTRE: "Service centre acknowledged (police role denied)",
    Statement.OPERATOR_DESCRIPTION: "Operator's own description",
    Statement.NO_KNOWLEDGE: "Authority has no knowledge of it",
    OfficialAction.INVESTIGATION_OPENED: "Investigation opened",
    OfficialAction.ORDERED_CLOSED: "Closure ordered",
    OfficialAction.ARREST_OR_CHARGE: "Arrest or charge",
    OfficialAction.COURT_FINDING: "Court finding (plea or verdict)",
}

PARTY_LABELS: dict[Party, str] = {
    Party.HOST_AUTHORITY: "host country's authorities",
    Party.CHINESE_SIDE: "Chinese side",
    Party.OPERATOR: "the site's operators",
    Party.JOURNALISTS: "journalists",
    Party.REPORTING_NGO: "the reporting NGO",
    Party.OTHER: "others",
}

PRECISION_TEXT: dict[Precision, str] = {
    Precision.CITY: "Location known to the city",
    Precision.REGION: "Location known only to a region: the marker is an approximate centre",
    Precision.COUNTRY: "Location known only to the country: the marker is the country's centre",
}

RELIABILITY_LABELS: dict[Reliability, str] = {
    Reliability.OFFICIAL: "Official record",
    Reliability.ESTABLISHED: "Major outlet or the reporting NGO",
    Reliability.SECONDARY: "Secondhand, partisan or unidentified publisher",
}

RELIABILITY_DEFINITIONS: dict[Reliability, str] = {
    Reliability.OFFICIAL: "an official statement, court record or parliamentary answer, from the body itself.",
    Reliability.ESTABLISHED: "a major news outlet with its own reporting, or the reporting NGO's own "
                             "publication.",
    Reliability.SECONDARY: "a secondhand copy, aggregator, forum post, partisan outlet, or a publisher we "
                           "cannot identify. Treat with care; we keep them because they are sometimes the "
                           "only public trace.",
}

CONTESTED_LABEL = "contested (sources disagree)"
WEAK_SOURCES_LABEL = "rests on weak sources only"
WEAK_SOURCES_DEFINITION = ("Every source for this station is graded secondary (a copy, an aggregator, a partisan "
                           "outlet or an unidentified publisher); no major outlet, official record or the reporting "
                           "NGO's own publication backs it. Treat it as unconfirmed.")


def status_label(status: Status) -> str:
    return STATUS_LABELS[status]
