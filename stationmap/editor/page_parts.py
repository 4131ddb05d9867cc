"""What every section of the editor page shares: escaped HTML out, a decision's outcome kept across the rerun
that follows it, and the editor's name remembered between forms. Streamlit; editors only."""

from __future__ import annotations

import streamlit as st

from stationmap.editor.actions import Outcome
from stationmap.editor.render import outcome_html

OUTCOME = "ed_outcome"
WRITTEN = "ed_written"  # the change ids written from this browser session, newest last
GENERATION = "ed_generation"  # bumped by every decision that succeeds: the forms start again from fresh data
EDITOR_NAME = "ed_editor_name"


def show_html(markup) -> None:
    st.html(str(markup))  # Markup from stationmap.editor.render: escaped when built


def generation() -> int:
    return st.session_state.get(GENERATION, 0)


def editor_input(form: str) -> str:
    """The "Your name" field of a form, filled with the name the last decision was made under."""
    return st.text_input("Your name (for the change log)", value=st.session_state.get(EDITOR_NAME, ""),
                         key=f"ed_{form}_editor:{generation()}")


def done(outcome: Outcome, editor: str = "") -> None:
    """Keep the outcome for the next run and rerun: the page is drawn again from the files just written."""
    st.session_state[OUTCOME] = outcome
    if outcome.ok:
        st.session_state[GENERATION] = generation() + 1
        st.session_state[WRITTEN] = [*st.session_state.get(WRITTEN, []), *outcome.change_ids]
        if editor.strip():
            st.session_state[EDITOR_NAME] = editor.strip()
    st.rerun()


def refuse(message: str) -> None:
    """A decision the page cannot even put to the command (nothing chosen): said like a failure, nothing run."""
    done(Outcome(False, message))


def show_outcome() -> None:
    """The last decision's one line and, when it succeeded, the change ids it wrote."""
    outcome = st.session_state.pop(OUTCOME, None)
    if isinstance(outcome, Outcome):
        show_html(outcome_html(outcome.ok, outcome.message, outcome.change_ids))
