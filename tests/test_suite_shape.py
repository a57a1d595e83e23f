"""The tests themselves: shared code lives in helpers and fixtures, and nothing is written
outside each test's tmp_path."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXED_TEMP = "/" + "tmp"  # spelled apart, so this check does not find itself
# Shows a window on its own, as a script run by hand (``python -m``), not as a test.
STANDALONE = {TESTS / "reliability" / "concurrent_session.py"}


def sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(TESTS.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_no_test_module_imports_another():
    """Shared code is in helpers modules and fixtures: a test module imported elsewhere
    would also run its tests there, and its fixtures would leak into that module."""
    imports = []
    for path, tree in sources():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(name.rsplit(".", 1)[-1].startswith("test_") for name in names):
                imports.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert imports == []


def test_the_main_window_is_built_by_the_window_fixture_alone():
    """One way to show the window in a test: ``window`` / ``open_window`` (tests/windows.py)."""
    built = [
        f"{path.relative_to(TESTS)}:{node.lineno}"
        for path, tree in sources()
        if path not in STANDALONE and path.name != "windows.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "MainWindow"
    ]
    assert built == []


def test_no_test_names_a_place_outside_its_tmp_path():
    """No fixed folders (/tmp, the temp dir, the current folder's files): each test writes
    under its own tmp_path, which pytest removes in time."""
    found = []
    for path, tree in sources():
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(FIXED_TEMP)
                and id(node) not in skip
            ) or (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "tempfile"
            ):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert found == []
