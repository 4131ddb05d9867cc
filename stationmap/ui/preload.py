"""Work done once at server start, in a background thread, so the first reader after a restart does not
wait for it: load the data and build the map's station payload (the caches are per process)."""

from __future__ import annotations

import logging
import time

from stationmap.i18n import DEFAULT
from stationmap.ui.data import load, settings
from stationmap.ui.map_payload import warm_map  # never streamlit-folium here: see map_payload

log = logging.getLogger(__name__)


def preload() -> None:
    """Never raises: a problem here shows again, named, on the first page view."""
    try:
        _wait_for_the_runtime()  # the caches belong to the runtime's process state once it runs
        config = settings()
        loaded = load(config)
        warm_map(loaded.frame, config, loaded.signature, DEFAULT)
    except Exception:  # noqa: BLE001 - a start-up helper must not take the server down
        log.exception("preloading failed; the first page view will do the work")


def _wait_for_the_runtime(timeout_s: float = 60) -> None:
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + timeout_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("Streamlit's runtime did not start")
        time.sleep(0.1)
