"""Work done once at server start, in a background thread, so the first reader after a restart does not
wait for it: load the data and build the map's station payload (the caches are per process; the same build
job a page would start, ``stationmap.ui.data.load``, so a page arriving meanwhile shows its progress)."""

from __future__ import annotations

import logging
import time

from stationmap.ui.data import THREAD_NAME, load, settings

__all__ = ["THREAD_NAME", "preload", "quiet_context_warning"]
log = logging.getLogger(__name__)


class _NoContextWarningHere(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warning for the preload thread only: it runs without a
    script run on purpose (filling the process-wide caches), so the warning would alarm for nothing at every
    start. The same warning from any other thread still shows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == THREAD_NAME and "missing ScriptRunContext" in record.getMessage())


def quiet_context_warning() -> None:
    target = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    if not any(isinstance(f, _NoContextWarningHere) for f in target.filters):
        target.addFilter(_NoContextWarningHere())


def preload() -> None:
    """Never raises: a problem here shows again, named, on the first page view."""
    quiet_context_warning()
    try:
        _wait_for_the_runtime()  # the caches belong to the runtime's process state once it runs
        load(settings(), quietly=True)  # the data, then the map's stations for today
    except Exception:  # noqa: BLE001 - a start-up helper must not take the server down
        log.exception("preloading failed; the first page view will do the work")


def _wait_for_the_runtime(timeout_s: float = 60) -> None:
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + timeout_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("Streamlit's runtime did not start")
        time.sleep(0.1)
