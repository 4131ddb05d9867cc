"""A visible notice when some of the data could not be used."""

from __future__ import annotations

import streamlit as st

from stationmap.loading import LoadResult
from stationmap.ui.language import tr

MAX_LISTED = 200


def data_problems_notice(result: LoadResult) -> None:
    """Name what was skipped; the good rows are still shown. Problems render as plain text, never markup."""
    errors = result.errors
    if not errors:
        return
    words = tr()
    st.warning(words("{count} problem(s) in the data files: the rows named below were skipped. Everything else "
                     "is shown.").format(count=len(errors)), icon=":material/warning:")
    with st.expander(words("What was skipped, and why")):
        listed = "\n".join(str(problem) for problem in errors[:MAX_LISTED])
        more = "\n" + words("… and {count} more: run python -m stationmap validate").format(
            count=len(errors) - MAX_LISTED) if len(errors) > MAX_LISTED else ""
        st.text(listed + more)
