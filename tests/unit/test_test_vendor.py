"""The test-only vendored files are the ones recorded (name, version, sha256)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "vendor"


def test_vendored_test_files_match_the_manifest():
    for entry in json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8")):
        path = VENDOR / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["file"]
