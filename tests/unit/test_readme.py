"""The README stays true: its settings table names exactly the settings the code reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_settings_table_matches_the_code():
    code = "".join((ROOT / path).read_text(encoding="utf-8")
                   for path in ("stationmap/settings.py", "geocoding/settings.py", "stationmap/editor/access.py"))
    in_code = set(re.findall(r"STATIONMAP_[A-Z_]+", code))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    in_readme = set(re.findall(r"^\| `(STATIONMAP_[A-Z_]+)`", table, re.M))
    assert in_readme == in_code


def test_readme_defaults_match_the_code():
    from stationmap.settings import DEFAULTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, value in DEFAULTS.items():
        if value:
            assert f"| `{name}` | `{value}` |" in readme, name
