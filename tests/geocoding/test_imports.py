"""The geocoding package stays a standalone library: no Streamlit, no stationmap domain core."""

from __future__ import annotations

import ast
from pathlib import Path

import geocoding

FORBIDDEN = ("streamlit", "stationmap")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_no_module_imports_streamlit_or_stationmap() -> None:
    package = Path(geocoding.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert len(files) >= 8, files
    offenders = {
        str(path.relative_to(package)): sorted(m for m in _imported_modules(path)
                                               if m.split(".")[0] in FORBIDDEN)
        for path in files
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"forbidden imports: {offenders}"


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom stationmap.records.models import Place\nimport streamlit as st\n")
    assert {"stationmap.records.models", "streamlit"} <= _imported_modules(bad)
