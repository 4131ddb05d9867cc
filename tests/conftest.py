"""Settings shared by every test folder: Hypothesis profiles.

``ci`` (the default) runs a few hundred examples per property, enough to catch a regression within a minute;
``fuzz`` (``make fuzz``, or ``HYPOTHESIS_PROFILE=fuzz``) runs 10,000. Time limits are the tests' own
(``tests.guards.within``): Hypothesis's per-example deadline would fail a busy machine, not a slow loader.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=300, **_COMMON)
settings.register_profile("fuzz", max_examples=10_000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
