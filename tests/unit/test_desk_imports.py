"""The desk is for editors only: the public app and the core never import it (only the CLI, lazily)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Modules that may reach the desk, and only from inside a function (so `validate` or the app never load it).
LAZY_ALLOWED = {"stationmap/cli.py"}


def _public_modules() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "serve.py", *sorted((ROOT / "app_pages").rglob("*.py"))]
    files += [p for p in sorted((ROOT / "stationmap").rglob("*.py"))
              if not {"desk", "editor"} & set(p.relative_to(ROOT).parts)]
    files += sorted((ROOT / "geocoding").rglob("*.py"))
    return files


EDITORS_ONLY = ("stationmap.desk", "stationmap.editor")


def _desk_imports(tree: ast.AST) -> list[tuple[ast.stmt, bool]]:
    """Every import of stationmap.desk or the editor page, with whether it sits inside a function body."""
    found: list[tuple[ast.stmt, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                module = child.module or ""
                names = [module] + [f"{module}.{alias.name}" for alias in child.names]
            if any(n == m or n.startswith(f"{m}.") for n in names for m in EDITORS_ONLY):
                found.append((child, inside))  # type: ignore[arg-type]
            visit(child, inside)

    visit(tree, False)
    return found


def test_public_app_and_core_never_import_the_desk() -> None:
    offenders = []
    for path in _public_modules():
        rel = path.relative_to(ROOT).as_posix()
        for node, in_function in _desk_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if rel in LAZY_ALLOWED and in_function:
                continue
            offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, f"the desk is imported by public code: {offenders}"


def test_the_rule_sees_top_level_and_lazy_imports() -> None:
    tree = ast.parse("import stationmap.desk.ingest\nfrom stationmap import desk\n"
                     "def f():\n    from stationmap.desk.review import main\n"
                     "from stationmap.editor.page import main\n")
    assert [inside for _, inside in _desk_imports(tree)] == [False, False, True, False]


def test_the_editor_page_is_its_own_entry_point_and_not_in_the_public_app() -> None:
    public = [ROOT / "app.py", ROOT / "serve.py", *sorted((ROOT / "app_pages").rglob("*.py"))]
    assert not any("editor" in p.read_text(encoding="utf-8").replace("editors", "") for p in public)
    assert "stationmap.editor" in (ROOT / "editor.py").read_text(encoding="utf-8")


def test_the_desk_does_not_import_streamlit() -> None:
    for path in sorted((ROOT / "stationmap" / "desk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] == "streamlit" for n in names), path
