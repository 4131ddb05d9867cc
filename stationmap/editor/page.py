"""The editor page (``editor.py``, ``make editor``): the desk's queue, a proposal in its context, and the
accept and reject forms, which run ``stationmap review``. English only, like the desk's commands."""

from __future__ import annotations

import os

import streamlit as st

from stationmap import schema
from stationmap.desk.errors import DeskError
from stationmap.desk.queue import DeskPaths, all_items, read_archived_text
from stationmap.editor.access import TOKEN_VARIABLE, Access, decide, token_matches
from stationmap.editor.actions import accept_arguments, reject_arguments, run_review
from stationmap.editor.render import item_facts, outcome_html, passage_in_context
from stationmap.settings import load_settings

OUTCOME = "ed_outcome"
OTHER_HEADLINE = "(type the headline below)"
SOURCE_OPTIONS = ("url", "publisher", "published", "source-kind", "reliability", "reliability-note", "event-date",
                  "excerpt", "notes")


def _html(markup) -> None:
    st.html(str(markup))  # Markup from stationmap.editor.render: escaped when built


def guard() -> None:
    """Stop here unless this address may serve the page (see stationmap.editor.access)."""
    token = os.environ.get(TOKEN_VARIABLE) or None
    access = decide(st.get_option("server.address"), token)
    if access is Access.REFUSE:
        st.error(f"The editor page only runs on 127.0.0.1 (make editor). To serve it on another address, set "
                 f"{TOKEN_VARIABLE} to a secret of at least 16 characters.")
        st.stop()
    if access is Access.ASK_TOKEN and not st.session_state.get("ed_unlocked"):
        given = st.text_input("Editor token", type="password", key="ed_token")
        if given and token_matches(given, token or ""):
            st.session_state["ed_unlocked"] = True
            st.rerun()
        if given:
            st.error("That is not the editor token.")
        st.stop()


def _label(item: dict) -> str:
    pending = sum(p["status"] == "pending" for p in item["proposals"])
    candidates = item["source"]["headline_candidates"]
    headline = candidates[0]["text"][:70] if candidates else "(no headline found)"
    return f"{item['queue_id']} · {item['source'].get('publisher') or 'unknown'} · {headline} · {pending} pending"


def _done(ok: bool, message: str) -> None:
    st.session_state[OUTCOME] = (ok, message)
    st.rerun()


def _accept_form(item: dict, proposal: dict, data_dir) -> None:
    candidates = [c["text"] for c in item["source"]["headline_candidates"]]
    with st.form("ed_accept"):
        st.markdown("**Accept** as evidence (runs `stationmap review accept`)")
        stations = proposal["station_ids"]
        station = st.selectbox("Station", stations, key="ed_station", index=0 if len(stations) == 1 else None)
        other = st.text_input("…or another station id", key="ed_station_other")
        suggested = proposal["suggested_type"]
        kind = st.selectbox("Claim kind", schema.CLAIM_VALUES, key="ed_kind",
                            index=schema.CLAIM_VALUES.index(suggested) if suggested in schema.CLAIM_VALUES else None)
        claimant = st.text_input("Claimant (who makes the claim)", key="ed_claimant")
        party = st.selectbox("Party", schema.PARTY_VALUES, key="ed_party", index=None)
        headline = st.selectbox("Headline (as published; never chosen for you)", [*candidates, OTHER_HEADLINE],
                                key="ed_headline", index=None)
        typed = st.text_input("Headline, typed", key="ed_headline_typed")
        editor = st.text_input("Your name (for the change log)", key="ed_editor")
        with st.expander("Source details (needed when the outlet has no source in the data yet)"):
            extra = {option: st.text_input(option, key=f"ed_{option}") for option in SOURCE_OPTIONS}
        if st.form_submit_button("Accept"):
            chosen_headline = typed if headline in (None, OTHER_HEADLINE) else headline
            outcome = run_review(accept_arguments(
                proposal["proposal_id"], station=(other or station or "").strip(), kind=kind or "",
                claimant=claimant, party=party or "", headline=chosen_headline or "", editor=editor,
                extra=extra), data_dir)
            _done(outcome.ok, outcome.message)


def _reject_form(proposal: dict, data_dir) -> None:
    with st.form("ed_reject"):
        st.markdown("**Reject** (runs `stationmap review reject`)")
        reason = st.text_input("Reason", key="ed_reason")
        editor = st.text_input("Your name (for the change log)", key="ed_reject_editor")
        if st.form_submit_button("Reject"):
            outcome = run_review(reject_arguments(proposal["proposal_id"], reason=reason, editor=editor), data_dir)
            _done(outcome.ok, outcome.message)


def main() -> None:
    st.set_page_config(page_title="Editor's desk — stationmap", layout="wide")
    guard()
    data_dir = load_settings().data_dir
    paths = DeskPaths(data_dir)
    st.title("Editor's desk")
    st.caption(f"Data folder: {data_dir}. Ingest pages with `stationmap ingest FILE --url URL`; decisions here "
               "run `stationmap review` and are recorded in changes.csv.")
    if OUTCOME in st.session_state:
        ok, message = st.session_state.pop(OUTCOME)
        _html(outcome_html(ok, message))
    try:
        items = all_items(paths)
    except DeskError as exc:
        st.error(str(exc))
        return
    if not items:
        st.info("The queue is empty: ingest a page first (stationmap ingest FILE --url URL).")
        return
    by_id = {item["queue_id"]: item for item in items}
    queue_id = st.selectbox("Queue item", list(by_id), key="ed_item", format_func=lambda q: _label(by_id[q]))
    item = by_id[queue_id]
    _html(item_facts(item))
    st.markdown("**Headline candidates**")
    st.table([{"headline": c["text"], "found in": ", ".join(c["from"])} for c in item["source"]["headline_candidates"]]
             or [{"headline": "(none found)", "found in": ""}])
    if not item["proposals"]:
        st.info("This page names no station: nothing to review.")
        return
    proposals = {p["proposal_id"]: p for p in item["proposals"]}
    pid = st.selectbox("Proposal", list(proposals), key="ed_proposal", format_func=lambda p: (
        f"{p} · {proposals[p]['status']} · {proposals[p]['suggested_type']} · {' '.join(proposals[p]['station_ids'])}"))
    proposal = proposals[pid]
    rule = (f"rule {proposal['rule']} on \"{proposal['rule_keyword']}\"" if proposal["rule"] else "no rule fired")
    st.text(f"Suggested: {proposal['suggested_type']} ({rule}); names found: {', '.join(proposal['names_found'])}")
    try:
        text = read_archived_text(paths, item["source"]["sha256"])
    except DeskError:
        text = None
    _html(passage_in_context(text, proposal["start"], proposal["end"], proposal["excerpt"]))
    if proposal["status"] != "pending":
        st.text(f"This proposal is {proposal['status']}: {proposal.get('decision', {})}")
        return
    accept_column, reject_column = st.columns([2, 1])
    with accept_column:
        _accept_form(item, proposal, data_dir)
    with reject_column:
        _reject_form(proposal, data_dir)
