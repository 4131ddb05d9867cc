"""``python -m geocoding`` runs the command line (see :mod:`geocoding.cli`)."""

from __future__ import annotations

import sys

from geocoding.cli import main

sys.exit(main())
