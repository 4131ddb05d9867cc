"""``python -m stationmap``: see ``stationmap.cli``."""

from stationmap.cli import main

raise SystemExit(main())
