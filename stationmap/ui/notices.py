"""A visible notice when some of the data could not be used."""

from __future__ import annotations

import streamlit as st

from stationmap.records.loading import LoadResult
from stationmap.ui.language import tr

MAX_LISTED = 200


def unreadable_data_notice(result: LoadResult) -> None:
    """On every page (the frame calls it): the data files, or the data folder, that are there but cannot be
    read at all (permission denied, a pipe...). What they hold is missing from every page, so every page
    says so. Names as the loader gives them (relative to the data folder's parent: no server paths), plain
    text, never markup."""
    if not result.unreadable:
        return
    words = tr()
    st.error(words("Some of the data cannot be read, so what it holds is missing from every page. The site's "
                   "maintainer can fix this:"), icon=":material/error:")
    st.text("\n".join(str(problem) for problem in result.unreadable[:MAX_LISTED]))


def data_problems_notice(result: LoadResult) -> None:
    """Name what was skipped; the good rows are still shown. Problems render as plain text, never markup.
    Files that cannot be read at all are named on every page by ``unreadable_data_notice`` instead."""
    errors = [problem for problem in result.errors if problem not in result.unreadable]
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
