"""The editor page (``editor.py``, ``make editor``): the whole review loop in a browser, in three sections.

- Queue: the desk's queue, a proposal in its context, and the accept and reject forms;
- Rows: a data row's cells, with the edit, "reviewed, kept" and (a source) rename forms (page_rows);
- Corrections: the open corrections, with the forms to record and resolve one (page_corrections).

Every form runs the desk's command itself (stationmap.editor.actions); after each decision the page runs
again from the files just written and says what was done and which change ids were written. English only,
like the desk's commands.
"""

from __future__ import annotations

import csv
import os

import streamlit as st

from stationmap.desk.errors import DeskError
from stationmap.desk.queue import DeskPaths, all_items, read_archived_text
from stationmap.editor.access import TOKEN_VARIABLE, Access, decide, token_matches
from stationmap.editor.actions import accept_arguments, reject_arguments, run_review
from stationmap.editor.page_corrections import corrections_section
from stationmap.editor.page_parts import done, show_html, show_outcome
from stationmap.editor.page_rows import rows_section
from stationmap.editor.render import headline_candidates, item_facts, passage_in_context, problem_html
from stationmap.records import schema
from stationmap.settings import load_settings

SECTIONS = ("Queue", "Rows", "Corrections")
OTHER_HEADLINE = "(type the headline below)"
SOURCE_OPTIONS = ("url", "publisher", "published", "source-kind", "reliability", "reliability-note", "event-date",
                  "excerpt", "notes")


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
    """The item's text in the picker. Nothing a decision changes (the pending count is in the item's facts):
    Streamlit keeps a choice by its text, and a changed text would lose the item at the next run."""
    candidates = item["source"]["headline_candidates"]
    headline = candidates[0]["text"][:70] if candidates else "(no headline found)"
    return f"{item['queue_id']} · {item['source'].get('publisher') or 'unknown'} · {headline}"


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
            done(outcome, editor)


def _reject_form(proposal: dict, data_dir) -> None:
    with st.form("ed_reject"):
        st.markdown("**Reject** (runs `stationmap review reject`)")
        reason = st.text_input("Reason", key="ed_reason")
        editor = st.text_input("Your name (for the change log)", key="ed_reject_editor")
        if st.form_submit_button("Reject"):
            done(run_review(reject_arguments(proposal["proposal_id"], reason=reason, editor=editor), data_dir), editor)


def main() -> None:
    st.set_page_config(page_title="Editor's desk — stationmap", layout="wide")
    guard()
    data_dir = load_settings().data_dir
    st.title("Editor's desk")
    st.text(f"Data folder: {data_dir}")
    st.caption("Ingest pages with `stationmap ingest FILE --url URL`. Every decision here runs the desk's command "
               "(`stationmap review`, `stationmap correction`) and is recorded in changes.csv.")
    show_outcome()
    section = st.radio("Section", SECTIONS, horizontal=True, key="ed_section", label_visibility="collapsed")
    try:
        if section == "Rows":
            rows_section(data_dir)
        elif section == "Corrections":
            corrections_section(data_dir)
        else:
            _queue_section(data_dir)
    except (DeskError, OSError, UnicodeError, csv.Error) as exc:  # a file the page cannot read: one line
        show_html(problem_html(str(exc)))


def _queue_section(data_dir) -> None:
    paths = DeskPaths(data_dir)
    items = all_items(paths)
    if not items:
        st.info("The queue is empty: ingest a page first (stationmap ingest FILE --url URL).")
        return
    by_id = {item["queue_id"]: item for item in items}
    queue_id = st.selectbox("Queue item", list(by_id), key="ed_item", format_func=lambda q: _label(by_id[q]))
    item = by_id[queue_id]
    show_html(item_facts(item))
    st.markdown("**Headline candidates**")
    show_html(headline_candidates(item["source"]["headline_candidates"]))  # not st.table: it renders Markdown
    if not item["proposals"]:
        st.info("This page names no station: nothing to review.")
        return
    proposals = {p["proposal_id"]: p for p in item["proposals"]}
    pid = st.selectbox("Proposal", list(proposals), key="ed_proposal", format_func=lambda p: (  # no status: as above
        f"{p} · {proposals[p]['suggested_type']} · {' '.join(proposals[p]['station_ids'])}"))
    proposal = proposals[pid]
    st.text(f"Status: {proposal['status']}")
    rule = (f"rule {proposal['rule']} on \"{proposal['rule_keyword']}\"" if proposal["rule"] else "no rule fired")
    st.text(f"Suggested: {proposal['suggested_type']} ({rule}); names found: {', '.join(proposal['names_found'])}")
    try:
        text = read_archived_text(paths, item["source"]["sha256"])
    except DeskError:
        text = None
    show_html(passage_in_context(text, proposal["start"], proposal["end"], proposal["excerpt"]))
    if proposal["status"] != "pending":
        st.text(f"Decision: {proposal.get('decision', {})}")
        return
    accept_column, reject_column = st.columns([2, 1])
    with accept_column:
        _accept_form(item, proposal, data_dir)
    with reject_column:
        _reject_form(proposal, data_dir)
