"""Every word the map uses for its concepts, in one place: statuses, claims, parties, precision, grades.

The legend, the map's tooltips, the panel, the tables, the methodology page and the published site all
read their labels and definitions from here, so one concept has one name everywhere (and one entry to
translate). Code names (``confirmed_trial_operation``) stay in the data files and exports; readers see
these words.
"""

from __future__ import annotations

from stationmap.records.models import Bureau, OfficialAction, Party, Precision, Reliability, Statement, Status
from stationmap.render.i18n import N_, translator

STATUS_LABELS: dict[Status, str] = {
    Status.REPORTED: N_("Reported"),
    Status.VISITED_FOUND_NOTHING: N_("Visited, found nothing"),
    Status.CONFIRMED_TRIAL_OPERATION: N_("Confirmed trial operation"),
    Status.OFFICIALLY_DENIED: N_("Officially denied"),
}

#: What each status means, in a reader's words (the legend's explanations and the methodology page).
STATUS_DEFINITIONS: dict[Status, str] = {
    Status.REPORTED: N_("A report lists the station; nobody has confirmed, denied or checked it since."),
    Status.VISITED_FOUND_NOTHING: N_("Journalists or the host country's authorities checked the site and found no "
                                  "sign of a police station."),
    Status.CONFIRMED_TRIAL_OPERATION: N_("Someone in a position to know — the operator, a Chinese authority, or a "
                                      "court — said the site was set up and ran, if only on trial; what it did "
                                      "may still be disputed."),
    Status.OFFICIALLY_DENIED: N_("An authority said no such site exists or operates there. The panel says whose "
                              "denial it is."),
}

CLAIM_LABELS: dict[Status | Statement | OfficialAction, str] = {
    **STATUS_LABELS,
    Statement.HOST_FOUND_NOTHING: N_("Host authorities found nothing"),
    Statement.HOST_FOUND_NO_POLICE_ACTIVITY: N_("Host authorities found no police activity at the site"),
    Statement.ACKNOWLEDGED_SERVICE_CENTRE: N_("Service centre acknowledged (police role denied)"),
    Statement.OPERATOR_DESCRIPTION: N_("Operator's own description"),
    Statement.NO_KNOWLEDGE: N_("Authority has no knowledge of it"),
    OfficialAction.INVESTIGATION_OPENED: N_("Investigation opened"),
    OfficialAction.ORDERED_CLOSED: N_("Closure ordered"),
    OfficialAction.ARREST_OR_CHARGE: N_("Arrest or charge"),
    OfficialAction.COURT_FINDING: N_("Court finding (plea or verdict)"),
}

PARTY_LABELS: dict[Party, str] = {
    Party.HOST_AUTHORITY: N_("host country's authorities"),
    Party.CHINESE_SIDE: N_("Chinese side"),
    Party.OPERATOR: N_("the site's operators"),
    Party.JOURNALISTS: N_("journalists"),
    Party.REPORTING_NGO: N_("the reporting NGO"),
    Party.OTHER: N_("others"),
}

PRECISION_TEXT: dict[Precision, str] = {
    Precision.CITY: N_("Location known to the city"),
    Precision.REGION: N_("Location known only to a region: the marker is an approximate centre"),
    Precision.COUNTRY: N_("Location known only to the country: the marker is the country's centre"),
}

#: The precision as one word, for table cells (``PRECISION_TEXT`` says what it means for the marker).
PRECISION_LABELS: dict[Precision, str] = {
    Precision.CITY: N_("city"),
    Precision.REGION: N_("region"),
    Precision.COUNTRY: N_("country"),
}

#: The bureau reported to run a station; in Chinese its full name (福州市公安局), in English the city alone.
BUREAU_LABELS: dict[Bureau, str] = {
    Bureau.FUZHOU: N_("Fuzhou"),
    Bureau.QINGTIAN: N_("Qingtian"),
    Bureau.WENZHOU: N_("Wenzhou"),
    Bureau.NANTONG: N_("Nantong"),
    Bureau.UNKNOWN: N_("unknown"),
}

#: A source's kind (``stationmap.records.schema.SOURCE_KINDS``), as the Sources table shows it.
SOURCE_KIND_LABELS: dict[str, str] = {
    "news": N_("news"),
    "ngo_report": N_("NGO report"),
    "government_statement": N_("government statement"),
    "police_statement": N_("police statement"),
    "court_record": N_("court record"),
    "parliamentary_record": N_("parliamentary record"),
    "encyclopedia": N_("encyclopedia"),
    "forum": N_("forum"),
    "other": N_("other"),
}

RELIABILITY_LABELS: dict[Reliability, str] = {
    Reliability.OFFICIAL: N_("Official record"),
    Reliability.ESTABLISHED: N_("Major outlet or the reporting NGO"),
    Reliability.SECONDARY: N_("Secondhand, partisan or unidentified publisher"),
}

RELIABILITY_DEFINITIONS: dict[Reliability, str] = {
    Reliability.OFFICIAL: N_("an official statement, court record or parliamentary answer, from the body itself."),
    Reliability.ESTABLISHED: N_("a major news outlet with its own reporting, or the reporting NGO's own "
                             "publication."),
    Reliability.SECONDARY: N_("a secondhand copy, aggregator, forum post, partisan outlet, or a publisher we "
                           "cannot identify. Treat with care; we keep them because they are sometimes the "
                           "only public trace."),
}

CONTESTED_LABEL = N_("contested (sources disagree)")
WEAK_SOURCES_LABEL = N_("rests on weak sources only")
WEAK_SOURCES_DEFINITION = N_("Every source for this station is graded secondary (a copy, an aggregator, a partisan "
                           "outlet or an unidentified publisher); no major outlet, official record or the reporting "
                           "NGO's own publication backs it. Treat it as unconfirmed.")


def status_label(status: Status, language: str = "en") -> str:
    return translator(language)(STATUS_LABELS[status])


def bureau_label(value: str, language: str = "en") -> str:
    """A bureau's name in ``language`` (a value outside the vocabulary is shown as written)."""
    try:
        return translator(language)(BUREAU_LABELS[Bureau(value)])
    except ValueError:
        return value


def precision_label(value: str, language: str = "en") -> str:
    return translator(language)(PRECISION_LABELS[Precision(value)])


def source_kind_label(value: str, language: str = "en") -> str:
    message = SOURCE_KIND_LABELS.get(value)
    return translator(language)(message) if message else value


def claim_label(value: str, language: str = "en") -> str:
    """A claim's code name (``investigation_opened``) as readers see it, in ``language``."""
    for claim, message in CLAIM_LABELS.items():
        if claim.value == value:
            return translator(language)(message)
    return value


def publisher_label(value: str, language: str = "en") -> str:
    """A source's publisher as written, except the placeholder ``unknown``, which is ours to translate."""
    return translator(language)("unknown") if value == "unknown" else value
