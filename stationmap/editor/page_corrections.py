"""The editor page's "Corrections" section: the open corrections, a form to record one a reader sent in
(what it concerns, what is wrong, a link; never who sent it) and one to resolve one. Both run ``stationmap
correction add|resolve`` itself (stationmap.editor.actions). Streamlit; editors only."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from stationmap.editor.actions import correction_add_arguments, correction_resolve_arguments, run_desk
from stationmap.editor.page_parts import WRITTEN, done, editor_input, generation, refuse, show_html
from stationmap.editor.render import corrections_html
from stationmap.editor.rows import open_corrections

STATUSES = ("accepted", "rejected", "duplicate")


def _add_form(data_dir: Path) -> None:
    stamp = generation()
    with st.form("ed_correction_add"):
        st.markdown("**Record a correction** (runs `stationmap correction add`). Write what is wrong in our own "
                    "words; never the reporter's name, e-mail or address.")
        concerns = st.text_input("Concerns (station, source or evidence ids, or a short description)",
                                 key=f"ed_fix_concerns:{stamp}")
        what = st.text_area("What is wrong", key=f"ed_fix_what:{stamp}")
        link = st.text_input("Supporting link (http or https, optional)", key=f"ed_fix_link:{stamp}")
        received = st.text_input("Received (YYYY-MM-DD; empty: today, UTC)", key=f"ed_fix_received:{stamp}")
        editor = editor_input("fix_add")
        if st.form_submit_button("Record the correction"):
            done(run_desk("correction", correction_add_arguments(
                concerns=concerns, what_is_wrong=what, link=link, received=received, editor=editor), data_dir),
                editor)


def _resolve_form(data_dir: Path, open_rows: list[dict[str, str]]) -> None:
    stamp = generation()
    ids = [row["correction_id"].strip() for row in open_rows]
    concerns = {row["correction_id"].strip(): row.get("concerns", "") for row in open_rows}
    with st.form("ed_correction_resolve"):
        st.markdown("**Resolve a correction** (runs `stationmap correction resolve`)")
        correction_id = st.selectbox("Correction", ids, index=None, key=f"ed_fix_id:{stamp}",
                                     placeholder="Choose an open correction",
                                     format_func=lambda c: f"{c} · {concerns[c][:60]}")
        status = st.radio("Status", STATUSES, index=None, horizontal=True, key=f"ed_fix_status:{stamp}")
        resolution = st.text_area("Resolution (what was decided, and why)", key=f"ed_fix_resolution:{stamp}")
        change_ids = st.text_input("Change ids of the edits made for it (required when accepted)",
                                   key=f"ed_fix_changes:{stamp}", placeholder="c-12 c-13")
        written = st.session_state.get(WRITTEN, [])  # c-N only: the ids the commands' lines named
        st.caption("Written from this page in this session: " + (" ".join(written[-20:]) or "none yet"))
        resolved = st.text_input("Resolved (YYYY-MM-DD; empty: today, UTC)", key=f"ed_fix_resolved:{stamp}")
        editor = editor_input("fix_resolve")
        if st.form_submit_button("Resolve"):
            if correction_id is None or status is None:
                refuse("Choose the correction and its status (accepted, rejected or duplicate), then resolve.")
                return
            done(run_desk("correction", correction_resolve_arguments(
                correction_id, status=status, resolution=resolution, change_ids=change_ids, editor=editor,
                resolved=resolved), data_dir), editor)


def corrections_section(data_dir: Path) -> None:
    open_rows = open_corrections(data_dir)
    st.markdown(f"**Open corrections: {len(open_rows)}** (data/corrections.csv)")
    show_html(corrections_html(open_rows))
    left, right = st.columns(2)
    with left:
        _add_form(data_dir)
    with right:
        if open_rows:
            _resolve_form(data_dir, open_rows)
        else:
            st.caption("Nothing to resolve: no correction is open.")
