"""The loaded data leaves the garbage collector's full passes, and a replaced version is still collected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a child: freezing pytest's own objects would be harmless, but the test must start from none frozen.
CHILD = """
import gc, weakref
from stationmap.ui.long_lived import freeze_loaded_data

class Record:
    pass

first = [Record() for _ in range(1000)]
cycle = Record()
cycle.itself = cycle  # only the collector can free a cycle
gone = weakref.ref(cycle)
freeze_loaded_data()
seen = {id(obj) for obj in gc.get_objects()}  # the generations a full pass walks
print(gc.get_freeze_count() >= 1000, any(id(record) in seen for record in first))
del cycle
gc.collect()
print(gone() is not None)  # frozen: the passes skip it
freeze_loaded_data()  # the next version: the old one goes back to the collector first
print(gone() is None)
"""


def test_loaded_objects_are_frozen_and_a_replaced_version_is_collected():
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "True", "True"]
