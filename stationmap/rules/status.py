"""The status rule: how a station's evidence becomes one headline status.

Everything the rule knows is in ``CLAIM_RULES``, one row per kind of claim. The methodology page and
``data/README.md`` are generated from the same rows (see ``describe_rule``), so prose and code cannot drift.

The rule, in words:

1. Only evidence about this station counts (network-wide statements never do). With ``as_of``, only
   what had been *published* by that day counts: the source's publication date (else the event date,
   which is then certainly earlier) must end on or before ``as_of`` — a claim published "2022-10" counts
   from 31 October 2022. Undated evidence counts only without ``as_of``. Event dates still order the story.
2. The headline status is the status of the highest-ranked claim present (rank 1 wins).
3. Official actions are listed as the station's official actions. An investigation, a closure order or a
   charge counts as a *reported* claim for the headline (it is an allegation); a court's finding (a plea or
   a verdict) counts as confirmation.
4. Every claim has a stance: it says the station *operated*, says *nothing was there* (or it was denied),
   or is *neutral*. A station with both an *operated* and a *nothing there* claim is **contested**: its
   headline still follows the ranking, and all claims stay visible. A host finding that a site it accepts
   existed was no police station (``host_found_no_police_activity``) is neutral: it agrees with an
   acknowledgement or a closure order that the site ran, so it contests neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from stationmap.records.models import Claim, Evidence, OfficialAction, Statement, Status
from stationmap.render.i18n import N_


class Stance(StrEnum):
    OPERATED = N_("operated")
    NOTHING_THERE = N_("nothing there")
    NEUTRAL = N_("neutral")


@dataclass(frozen=True)
class ClaimRule:
    claim: Claim
    counts_as: Status  # the status this claim supports in the headline
    stance: Stance
    meaning: str  # one sentence for the methodology page


#: Headline precedence: the first status in this tuple that any counted claim supports wins.
STATUS_PRECEDENCE: tuple[Status, ...] = (
    Status.CONFIRMED_TRIAL_OPERATION,
    Status.OFFICIALLY_DENIED,
    Status.VISITED_FOUND_NOTHING,
    Status.REPORTED,
)

CLAIM_RULES: tuple[ClaimRule, ...] = (
    ClaimRule(
        Status.CONFIRMED_TRIAL_OPERATION,
        Status.CONFIRMED_TRIAL_OPERATION,
        Stance.OPERATED,
        N_("A Chinese authority or state media said the station was set up or in trial operation, or someone who "
        "worked there said it ran."),
    ),
    ClaimRule(
        Statement.ACKNOWLEDGED_SERVICE_CENTRE,
        Status.CONFIRMED_TRIAL_OPERATION,
        Stance.OPERATED,
        N_("The Chinese side (an embassy, the foreign ministry, a Chinese police bureau) acknowledged that a "
        "service centre existed or ran there while denying it was a police station. It confirms the site "
        "operated; its police character stays disputed, and the panel says the words are the Chinese side's."),
    ),
    ClaimRule(
        Statement.OPERATOR_DESCRIPTION,
        Status.CONFIRMED_TRIAL_OPERATION,
        Stance.OPERATED,
        N_("The people who ran the site described what it did. It confirms the site operated, in their words."),
    ),
    ClaimRule(
        OfficialAction.COURT_FINDING,
        Status.CONFIRMED_TRIAL_OPERATION,
        Stance.OPERATED,
        N_("A court's finding: a guilty plea accepted or a verdict about the station's operation."),
    ),
    ClaimRule(
        Status.OFFICIALLY_DENIED,
        Status.OFFICIALLY_DENIED,
        Stance.NOTHING_THERE,
        N_("An authority said no such site exists or operates there at all (a denial of existence, not of "
        "police character)."),
    ),
    ClaimRule(
        Status.VISITED_FOUND_NOTHING,
        Status.VISITED_FOUND_NOTHING,
        Stance.NOTHING_THERE,
        N_("Journalists went to the reported place and found no sign of a police station."),
    ),
    ClaimRule(
        Statement.HOST_FOUND_NOTHING,
        Status.VISITED_FOUND_NOTHING,
        Stance.NOTHING_THERE,
        N_("The host country's authorities reported the result of their own check of the reported place (a "
        "police search, a minister's answer to parliament on checks made, a government review): they found no "
        "station or site there."),
    ),
    ClaimRule(
        Statement.HOST_FOUND_NO_POLICE_ACTIVITY,
        Status.VISITED_FOUND_NOTHING,
        Stance.NEUTRAL,
        N_("The host country's authorities checked a site whose existence they accept (they say what the "
        "premises are, or ordered them closed) and said it was not a police station, or found no police, "
        "illegal or criminal activity there. It disputes the site's police character, not that it ran, so it "
        "never makes a station contested."),
    ),
    ClaimRule(
        Status.REPORTED,
        Status.REPORTED,
        Stance.NEUTRAL,
        N_("A report (usually Safeguard Defenders', or a news outlet's) lists the station; nobody has yet "
        "confirmed, denied or checked it."),
    ),
    ClaimRule(
        Statement.NO_KNOWLEDGE,
        Status.REPORTED,
        Stance.NEUTRAL,
        N_("An authority said what it knows: no knowledge, no information, no complaints or no concrete "
        "indications of the station, even while saying it is looking into it. That is neither a denial nor a "
        "finding: it says nothing either way."),
    ),
    ClaimRule(
        OfficialAction.INVESTIGATION_OPENED,
        Status.REPORTED,
        Stance.NEUTRAL,
        N_("An authority said it is investigating the station. This says it was reported, not that it operated."),
    ),
    ClaimRule(
        OfficialAction.ORDERED_CLOSED,
        Status.REPORTED,
        Stance.OPERATED,
        N_("An authority ordered the station closed, acting on the premise that it operated; it does not by "
        "itself confirm operation, but it contradicts a denial."),
    ),
    ClaimRule(
        OfficialAction.ARREST_OR_CHARGE,
        Status.REPORTED,
        Stance.OPERATED,
        N_("Someone was arrested or charged in connection with the station. A charge is an allegation, so the "
        "headline stays 'reported', but it contradicts a denial."),
    ),
)

RULES_BY_CLAIM: dict[Claim, ClaimRule] = {rule.claim: rule for rule in CLAIM_RULES}


@dataclass(frozen=True)
class Verdict:
    """The derived status of one station and what it rests on."""

    status: Status
    contested: bool
    deciding: tuple[str, ...]  # evidence ids whose claim set the headline status
    actions: tuple[OfficialAction, ...]  # official actions on record, oldest first, without repeats


def counts_by(item: Evidence, as_of: dt.date | None) -> bool:
    """Whether ``item`` had been published by ``as_of`` (None: today, everything counts)."""
    if as_of is None:
        return True
    return item.known_from is not None and item.known_from.latest <= as_of


KNOWLEDGE_RULE = N_(
    "As of a date, the map shows what had been *published* by that day. A claim counts from its source's "
    "publication date; when the publication date is unknown, from the event's date (the source cannot be "
    "older than the event). A partial date counts from its last day: published \"2022-10\" counts from 31 "
    "October 2022. Undated claims count only in today's view. A station appears from its first counted "
    "claim, and its status and contested flag are derived from the claims counted by then. Event dates still "
    "order each station's story."
)


def derive_status(evidence: Iterable[Evidence], as_of: dt.date | None = None) -> Verdict | None:
    """Derive one station's headline status from its evidence; None when no evidence counts (yet)."""
    counted = [e for e in evidence if e.station_id is not None and counts_by(e, as_of)]
    if not counted:
        return None
    supported = {RULES_BY_CLAIM[e.supports].counts_as for e in counted}
    status = next(s for s in STATUS_PRECEDENCE if s in supported)
    stances = {RULES_BY_CLAIM[e.supports].stance for e in counted}
    contested = Stance.OPERATED in stances and Stance.NOTHING_THERE in stances
    deciding = tuple(e.evidence_id for e in counted if RULES_BY_CLAIM[e.supports].counts_as is status)
    by_date = sorted(
        (e for e in counted if isinstance(e.supports, OfficialAction)),
        key=lambda e: (e.effective_date is None, e.effective_date.earliest if e.effective_date else None),
    )
    actions = tuple(dict.fromkeys(e.supports for e in by_date))
    return Verdict(status, contested, deciding, actions)  # type: ignore[arg-type]


def code_name(claim: Claim) -> str:
    return f"`{claim}`"


def describe_rule(name: Callable[[Claim], str] = code_name, tr: Callable[[str], str] = str) -> str:
    """The rule as Markdown, generated from the tables above.

    ``name`` spells each claim and status: code names for ``data/README.md`` (people who edit the CSV
    files write those), the legend's words for the Methodology page; ``tr`` translates the prose.
    """
    lines = [tr("Headline precedence (the first status supported by any counted claim wins):"), ""]
    lines += [f"{rank}. {name(status)}" for rank, status in enumerate(STATUS_PRECEDENCE, start=1)]
    lines += ["", "| {} | {} | {} | {} |".format(tr("claim"), tr("counts as"), tr("stance"), tr("meaning")),
              "|---|---|---|---|"]
    lines += [f"| {name(r.claim)} | {name(r.counts_as)} | {tr(r.stance.value)} | {tr(r.meaning)} |"
              for r in CLAIM_RULES]
    lines += [
        "",
        tr("A station with at least one *operated* claim and at least one *nothing there* claim is "
           "**contested**: the headline follows the precedence and every claim stays visible."),
    ]
    return "\n".join(lines)
