"""The editor page's "Rows" section: pick a row of stations, sources, evidence or batches, see its cells, and
edit them, record it as reviewed and kept, or (a source) retire its id. Each form runs ``stationmap review
edit|keep|rename`` itself (stationmap.editor.actions). Streamlit; editors only."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from stationmap.desk.edit import EDITABLE
from stationmap.editor.actions import (
    changed_cells,
    edit_arguments,
    keep_arguments,
    rename_arguments,
    run_review,
)
from stationmap.editor.page_parts import done, editor_input, generation, refuse, show_html
from stationmap.editor.render import row_cells
from stationmap.editor.rows import PICKER_LIMIT, Table, choices, find_rows, read_table
from stationmap.records import schema

PENDING = "ed_rows_pending"  # (picker key, row id) to choose in the next run: a renamed source's new id


@st.cache_resource(max_entries=4, show_spinner=False)  # at most a few tens of MB each (rows.Table)
def _cached_table(data_dir: str, name: str, stamp: tuple[int, int, int]) -> Table:
    return read_table(Path(data_dir), name)


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_find(data_dir: str, name: str, stamp: tuple[int, int, int], query: str) -> tuple[list[str], int]:
    return find_rows(_cached_table(data_dir, name, stamp), query)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _table(data_dir: Path, name: str) -> Table:
    """The table as the desk reads it, read again whenever the file was replaced (every desk write is)."""
    stamp = _stamp(data_dir / name)
    return read_table(data_dir, name) if stamp is None else _cached_table(str(data_dir), name, stamp)


def _find(data_dir: Path, table: Table, query: str) -> tuple[list[str], int]:
    """The rows ``query`` finds, kept per file version and query (every widget of the section runs the page
    again; 200,000 evidence rows take about a tenth of a second to search)."""
    stamp = _stamp(data_dir / table.name)
    return find_rows(table, query) if stamp is None else _cached_find(str(data_dir), table.name, stamp, query)


def _edit_form(data_dir: Path, table: Table, row_id: str, row: dict[str, str]) -> None:
    spec = EDITABLE[table.name]
    # the file's own column order; the id is changed by rename only, never by edit; a column the table does
    # not define gets no field (its name would be a widget label, and labels render Markdown)
    columns = [c for c in table.header if c in spec.columns and c != table.key]
    stamp = f"{generation()}:{table.name}:{row_id}"
    with st.form("ed_edit"):
        st.markdown("**Edit this row** (runs `stationmap review edit`; only the cells you change are sent)")
        typed: dict[str, str] = {}
        for column in columns:
            current, key = row.get(column, ""), f"ed_cell:{stamp}:{column}"
            offered = choices(table.name, column, current)
            if offered is not None:
                typed[column] = st.selectbox(column, offered, index=offered.index(current), key=key)
            else:
                field = st.text_area if column in spec.long_text else st.text_input
                typed[column] = field(column, value=current, key=key)
        reason = st.text_input("Reason for the edit (for the change log)", key=f"ed_edit_reason:{stamp}")
        editor = editor_input("edit")
        if st.form_submit_button("Save the changes"):
            values = changed_cells(row, typed)
            if not values:
                refuse(f"No cell of {row_id} was changed: change at least one, then save.")
                return
            done(run_review(edit_arguments(table.name, row_id, values, reason=reason, editor=editor), data_dir),
                 editor)


def _keep_form(data_dir: Path, table: Table, row_id: str) -> None:
    stamp = f"{generation()}:{table.name}:{row_id}"
    with st.form("ed_keep"):
        st.markdown("**Reviewed, kept**: re-read and stands as it is (runs `stationmap review keep`)")
        reason = st.text_input("Reason (what was checked)", key=f"ed_keep_reason:{stamp}")
        editor = editor_input("keep")
        if st.form_submit_button("Reviewed, kept"):
            done(run_review(keep_arguments(table.name, row_id, reason=reason, editor=editor), data_dir), editor)


def _rename_form(data_dir: Path, row_id: str) -> None:
    stamp = f"{generation()}:{row_id}"
    with st.form("ed_rename"):
        st.markdown("**Rename this source id** (runs `stationmap review rename source`: every reference is "
                    "rewritten and an `id_aliases.csv` row keeps old links working)")
        new_id = st.text_input("New source id", key=f"ed_rename_new:{stamp}")
        reason = st.text_input("Reason for the rename (for the change log)", key=f"ed_rename_reason:{stamp}")
        editor = editor_input("rename")
        if st.form_submit_button("Rename"):
            outcome = run_review(rename_arguments(row_id, new_id.strip(), reason=reason, editor=editor), data_dir)
            if outcome.ok:  # the next run finds the row again under its new id
                st.session_state[PENDING] = (f"ed_rows_id:{schema.SOURCES.name}", new_id.strip())
            done(outcome, editor)


def rows_section(data_dir: Path) -> None:
    name = st.selectbox("Table", list(EDITABLE), key="ed_rows_table")
    table = _table(data_dir, name)
    key = f"ed_rows_id:{name}"
    pending = st.session_state.pop(PENDING, None) if st.session_state.get(PENDING, ("",))[0] == key else None
    if pending is not None:
        st.session_state.pop(f"ed_rows_find:{name}", None)  # a search for the old id would hide the new one
    query = st.text_input("Find rows (part of the id or of any cell)", key=f"ed_rows_find:{name}")
    ids, matched = _find(data_dir, table, query)
    shown = f"; the first {PICKER_LIMIT} are offered, type in Find to narrow them" if matched > PICKER_LIMIT else ""
    st.caption(f"{matched} of {len(table.lines)} rows of {name} match{shown}.")
    if pending is not None and pending[1] in ids:
        st.session_state[key] = pending[1]
    if st.session_state.get(key) not in (None, *ids):
        del st.session_state[key]  # the chosen row is gone (renamed) or no longer matches: choose again
    # the picker shows ids alone: Streamlit keeps a choice by its text, and a text made of cells would change
    # with the edit and lose the row at the next run of any other widget
    row_id = st.selectbox("Row", ids, key=key, index=None, placeholder="Choose a row (type to search the ids)")
    if row_id is None:
        return
    row = table.row(row_id)
    if row is None:
        st.text(f"{name} has no row {row_id} any more.")  # st.text: the id is data, shown as text
        return
    show_html(row_cells(name, row))
    left, right = st.columns([3, 2])
    with left:
        _edit_form(data_dir, table, row_id, row)
    with right:
        _keep_form(data_dir, table, row_id)
        if name == schema.SOURCES.name:
            _rename_form(data_dir, row_id)
