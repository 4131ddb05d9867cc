"""The edits benchmark runs end to end at a tiny size: a server, three data edits, RSS after each.

No browser is needed; it is an e2e test because it starts the app (``streamlit run serve.py``).
"""

from __future__ import annotations

import pytest

from scripts import bench_edits
from tests.e2e.test_bench_load_smoke import in_own_thread

pytestmark = pytest.mark.e2e


def test_three_edits_of_thirty_stations(capsys):
    assert in_own_thread(lambda: bench_edits.main(["--stations", "30", "--edits", "3", "--timeout", "120"])) == 0
    out = capsys.readouterr().out
    rows = [line.split("|") for line in out.splitlines() if line.strip()[:1].isdigit() and "|" in line]
    assert [row[0].strip() for row in rows] == ["1", "2", "3"]
    assert all(float(row[1]) > 0 for row in rows)  # an RSS was read after every edit
    assert "growth from edit 3 to the last" in out
