"""The status rule as a parameter table: evidence in, headline status and contested flag out."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from stationmap.records.models import Evidence, OfficialAction, PartialDate, Party, Statement, Status, parse_claim
from stationmap.rules.status import CLAIM_RULES, RULES_BY_CLAIM, STATUS_PRECEDENCE, derive_status, describe_rule

R, V, C, D = "reported", "visited_found_nothing", "confirmed_trial_operation", "officially_denied"
INV, CLOSED, ARREST, COURT = "investigation_opened", "ordered_closed", "arrest_or_charge", "court_finding"
HOST_NOTHING, ACK, OPERATOR, NO_KNOWLEDGE = ("host_found_nothing", "acknowledged_service_centre",
                                             "operator_description", "no_knowledge")
HOST_NO_POLICE = "host_found_no_police_activity"


def make_evidence(supports: str, date: str | None = None, *, station_id: str | None = "st-1",
                  evidence_id: str | None = None, published: str | None = None) -> Evidence:
    """A claim about an event on ``date`` in a source published on ``published`` (default: the same day)."""
    event = PartialDate.parse(date) if date else None
    source_date = PartialDate.parse(published) if published else None
    return Evidence(evidence_id or f"e-{supports}-{date}", station_id, "src", parse_claim(supports), "someone",
                    Party.OTHER, event, "", "summary", "", effective_date=event or source_date,
                    known_from=source_date or event)


# (claims as (supports, date), as_of, expected status or None, expected contested)
TABLE = {
    "single report": ([(R, "2022-09")], None, Status.REPORTED, False),
    "visit beats report": ([(R, "2022-09"), (V, "2022-10")], None, Status.VISITED_FOUND_NOTHING, False),
    "denial beats visit": ([(V, "2022-10"), (D, "2022-11")], None, Status.OFFICIALLY_DENIED, False),
    "visit and denial agree, not contested": ([(R, None), (V, None), (D, None)], None,
                                              Status.OFFICIALLY_DENIED, False),
    "worker confirms after visit found nothing: contested": (
        [(R, "2022-09"), (V, "2022-10"), (C, "2022-10")], None, Status.CONFIRMED_TRIAL_OPERATION, True),
    "confirmation against a denial: contested": (
        [(C, "2022-02"), (D, "2022-11")], None, Status.CONFIRMED_TRIAL_OPERATION, True),
    "investigation alone counts as reported": ([(INV, "2022-11")], None, Status.REPORTED, False),
    "closure order does not raise the status": ([(R, "2022-09"), (CLOSED, "2022-11")], None,
                                                Status.REPORTED, False),
    "arrest contradicts a denial": ([(D, "2022-10"), (ARREST, "2023-04")], None, Status.OFFICIALLY_DENIED, True),
    "investigation does not contradict a denial": ([(D, "2022-10"), (INV, "2022-11")], None,
                                                   Status.OFFICIALLY_DENIED, False),
    "as of before any evidence": ([(R, "2022-09")], dt.date(2022, 8, 31), None, False),
    "as of a month counts from its last day": ([(R, "2022-09")], dt.date(2022, 9, 29), None, False),
    "as of the last day of the month": ([(R, "2022-09")], dt.date(2022, 9, 30), Status.REPORTED, False),
    "as of: later confirmation not yet known": (
        [(R, "2022-09"), (V, "2022-10-05"), (C, "2022-12")], dt.date(2022, 11, 1),
        Status.VISITED_FOUND_NOTHING, False),
    "as of: later confirmation known, now contested": (
        [(R, "2022-09"), (V, "2022-10-05"), (C, "2022-12")], dt.date(2023, 1, 1),
        Status.CONFIRMED_TRIAL_OPERATION, True),
    "as of: undated evidence does not count": ([(R, "2022-09"), (D, None)], dt.date(2023, 1, 1),
                                               Status.REPORTED, False),
    "without as of: undated evidence counts": ([(R, "2022-09"), (D, None)], None, Status.OFFICIALLY_DENIED, False),
    "as of a year counts from 31 December": ([(D, "2022")], dt.date(2022, 12, 30), None, False),
    "no evidence": ([], None, None, False),
    # One policy per kind of statement (issue: consistent statuses)
    "Chinese side acknowledges a service centre: confirmed": ([(R, "2022-09"), (ACK, "2022-10")], None,
                                                              Status.CONFIRMED_TRIAL_OPERATION, False),
    "acknowledgement against host police finding nothing: contested": (
        [(ACK, "2022-10"), (HOST_NOTHING, "2023-02")], None, Status.CONFIRMED_TRIAL_OPERATION, True),
    "operator's description confirms": ([(OPERATOR, "2022-10")], None, Status.CONFIRMED_TRIAL_OPERATION, False),
    "no knowledge is not a denial": ([(R, "2022-09"), (NO_KNOWLEDGE, "2022-11")], None, Status.REPORTED, False),
    "host authority finding nothing counts as found nothing": ([(R, "2022-09"), (HOST_NOTHING, "2022-12")], None,
                                                                Status.VISITED_FOUND_NOTHING, False),
    "court finding confirms, against a denial: contested": ([(D, "2022-10"), (COURT, "2024-12")], None,
                                                             Status.CONFIRMED_TRIAL_OPERATION, True),
    "charge alone stays reported": ([(R, "2022-09"), (ARREST, "2023-04")], None, Status.REPORTED, False),
    # Acknowledgement plus a host finding that the site was no police station (issue 27): they agree it ran
    "acknowledgement and 'not a police station' agree: not contested": (
        [(ACK, "2022-10"), (HOST_NO_POLICE, "2018-11")], None, Status.CONFIRMED_TRIAL_OPERATION, False),
    "closure order and 'no illegal activity' agree: found nothing, not contested": (
        [(R, "2022-09"), (CLOSED, "2023-06"), (HOST_NO_POLICE, "2023-06")], None, Status.VISITED_FOUND_NOTHING,
        False),
    "host finding no police activity alone: checked, found nothing": (
        [(R, "2022-09"), (HOST_NO_POLICE, "2022-12")], None, Status.VISITED_FOUND_NOTHING, False),
    "host finding no site at the address still contests a closure order": (
        [(CLOSED, "2022-11"), (HOST_NOTHING, "2023-02")], None, Status.VISITED_FOUND_NOTHING, True),
    "'no concrete indications' is no knowledge: reported, not contested by a closure": (
        [(R, "2022-09"), (CLOSED, "2022-11"), (NO_KNOWLEDGE, "2022-11")], None, Status.REPORTED, False),
}

# Knowledge semantics: (claims as (supports, event date, publication date), as_of, status, contested)
KNOWN = {
    "counts from publication, not from a vague event date": (
        [(R, "2022", "2022-10-03")], dt.date(2022, 10, 15), Status.REPORTED, False),
    "not yet published": ([(R, "2022-09", "2022-10-20")], dt.date(2022, 10, 15), None, False),
    "published month counts from its last day": ([(R, None, "2022-10")], dt.date(2022, 10, 30), None, False),
    "published month, as of its last day": ([(R, None, "2022-10")], dt.date(2022, 10, 31), Status.REPORTED, False),
    "unknown publication: the event date, which is earlier": ([(R, "2022-09-12", None)], dt.date(2022, 9, 12),
                                                              Status.REPORTED, False),
    "undated and unpublished: only today": ([(R, None, None)], dt.date(2030, 1, 1), None, False),
    "undated counts today": ([(R, None, None)], None, Status.REPORTED, False),
    "a later denial published after the date is not known yet": (
        [(C, "2022-02", "2022-10-01"), (D, "2022-10-05", "2022-11-02")], dt.date(2022, 11, 1),
        Status.CONFIRMED_TRIAL_OPERATION, False),
    "contested once the denial is published": (
        [(C, "2022-02", "2022-10-01"), (D, "2022-10-05", "2022-11-02")], dt.date(2022, 11, 2),
        Status.CONFIRMED_TRIAL_OPERATION, True),
    "a year-dated publication counts from 31 December": ([(D, None, "2022")], dt.date(2022, 12, 30), None, False),
}


@pytest.mark.parametrize("claims, as_of, status, contested", KNOWN.values(), ids=KNOWN.keys())
def test_knowledge_semantics(claims, as_of, status, contested):
    evidence = [make_evidence(s, d, published=p, evidence_id=f"e{i}") for i, (s, d, p) in enumerate(claims)]
    verdict = derive_status(evidence, as_of)
    assert (None if verdict is None else (verdict.status, verdict.contested)) == (
        None if status is None else (status, contested))


@pytest.mark.parametrize("claims, as_of, status, contested", TABLE.values(), ids=TABLE.keys())
def test_status_rule(claims, as_of, status, contested):
    evidence = [make_evidence(s, d, evidence_id=f"e{i}") for i, (s, d) in enumerate(claims)]
    verdict = derive_status(evidence, as_of)
    if status is None:
        assert verdict is None
    else:
        assert verdict is not None
        assert (verdict.status, verdict.contested) == (status, contested)


def test_order_of_evidence_does_not_matter():
    claims = [make_evidence(s, d) for s, d in [(V, "2022-10"), (C, "2022-10"), (R, "2022-09")]]
    assert derive_status(claims) == derive_status(list(reversed(claims)))


def test_network_wide_statements_never_count():
    only_network = [make_evidence(D, "2022-10", station_id=None)]
    assert derive_status(only_network) is None
    mixed = [make_evidence(R, "2022-09"), make_evidence(D, "2022-10", station_id=None)]
    assert derive_status(mixed).status is Status.REPORTED


def test_verdict_names_deciding_evidence_and_actions_in_order():
    claims = [make_evidence(R, "2022-09", evidence_id="rep"), make_evidence(CLOSED, "2022-12", evidence_id="cl"),
              make_evidence(INV, "2022-11", evidence_id="inv"), make_evidence(INV, "2023-01", evidence_id="inv2")]
    verdict = derive_status(claims)
    assert verdict.deciding == ("rep", "cl", "inv", "inv2")  # all count as 'reported'
    assert verdict.actions == (OfficialAction.INVESTIGATION_OPENED, OfficialAction.ORDERED_CLOSED)


def test_undated_actions_come_after_dated_ones():
    claims = [make_evidence(ARREST, None, evidence_id="undated"), make_evidence(CLOSED, "2023-06", evidence_id="cl"),
              make_evidence(R, "2022-09", evidence_id="rep")]
    assert derive_status(claims).actions == (OfficialAction.ORDERED_CLOSED, OfficialAction.ARREST_OR_CHARGE)


def test_every_claim_has_exactly_one_rule_and_every_status_a_rank():
    claims = [*Status, *Statement, *OfficialAction]
    assert sorted(RULES_BY_CLAIM) == sorted(claims)
    assert len(CLAIM_RULES) == len(claims)
    assert sorted(STATUS_PRECEDENCE) == sorted(Status)
    for action in OfficialAction:
        if action is not OfficialAction.COURT_FINDING:  # allegations and orders never raise the status
            assert RULES_BY_CLAIM[action].counts_as is Status.REPORTED


def test_data_readme_carries_the_generated_rule():
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rule:start -->\n(.*)\n<!-- rule:end -->", readme, re.S)
    assert block, "data/README.md lost its rule markers"
    assert block.group(1).strip() == describe_rule().strip(), (
        "data/README.md is out of date with stationmap/rules/status.py: paste describe_rule() between the markers")
