"""Keep the loaded data out of the garbage collector's full passes.

Streamlit collects garbage after every script run (its ``runner.postScriptGC``): a full pass over every object
the collector tracks. At 100,000 stations the loaded dataset (400,000 records, their tuples, the station
frame) made that pass hold the interpreter lock for about a third of a second after each run, just when the
reader's browser asks this same server for the map's scripts and stations. The data of one version lives until
the next version replaces it, so once it is loaded it moves to the collector's permanent generation
(``gc.freeze``): reference counting still frees it, the passes skip it.

When a new version is loaded, the objects frozen with the old one are handed back to the collector and
collected once (the old version may hold reference cycles), then everything alive is frozen again.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_loaded_data() -> None:
    """Call after a data version has been loaded (and its first map built). The first call in a process only
    freezes; later calls first let the replaced version go."""
    global _frozen
    with _lock:
        if _frozen:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        _frozen = True
