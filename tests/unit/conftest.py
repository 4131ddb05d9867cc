"""Shared fixtures for the unit tests: a fresh copy of the tiny dataset to break one way at a time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def refuse_to_open(monkeypatch):
    """``refuse_to_open({"a.csv"}, PermissionError(13, "Permission denied"))``: opening files of those names
    fails with that error, as it does for another user or on a failing disk (root ignores file modes)."""
    real = os.open

    def install(names: set[str], error: OSError) -> None:
        def fake(path, flags, *args, **kwargs):
            if os.path.basename(os.fspath(path)) in names:
                raise error
            return real(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake)

    return install
