"""The layer rules: core < web < store < export < gui < cli, and no Qt below the window.

core/, web/, store/ and export/ (but the PDF writer) never import Qt; a layer imports only
from itself and the layers before it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xiaomi_reader"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            # "from xiaomi_reader import cli" imports xiaomi_reader.cli.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("layer", ["core", "web", "store", "export"])
def test_layer_does_not_import_qt(layer: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        if layer == "export" and "pdf" in path.name:
            continue
        if any(name.split(".")[0] == "PySide6" for name in _imports(path)):
            offenders.append(path.relative_to(PACKAGE).as_posix())
    assert offenders == []


SQL_MODULES = {"sqlalchemy", "sqlite3", "alembic"}


@pytest.mark.parametrize("layer", ["core", "web"])
def test_layer_does_not_import_sql(layer: str) -> None:
    offenders = [
        path.name
        for path in (PACKAGE / layer).rglob("*.py")
        if any(name.split(".")[0] in SQL_MODULES for name in _imports(path))
    ]
    assert offenders == []


# web/ fetches pages over the network and reads them with core/; it knows no library.
LAYERS = ("core", "web", "store", "export", "gui", "cli")


def _layer(module: str) -> str | None:
    """``store`` for ``xiaomi_reader.store.library``; None outside the package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "xiaomi_reader" else None


@pytest.mark.parametrize("layer", ["core", "web", "store", "export", "gui"])
def test_layer_imports_nothing_from_the_layers_above(layer: str) -> None:
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    offenders = sorted(
        f"{path.relative_to(PACKAGE).as_posix()}: {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if _layer(name) in above
    )
    assert offenders == []


# What only SQLite has (pragmas, the backup API, checkpoints) and what checks a file
# before any engine is made for it; everything else reads and writes through SQLAlchemy.
SQLITE_DRIVER_MODULES = {"sqlite.py", "checkpoints.py", "file_checks.py", "backups.py"}


def test_only_the_sqlite_modules_open_sqlite_connections() -> None:
    offenders = sorted(
        path.name
        for path in (PACKAGE / "store").glob("*.py")
        if "sqlite3.connect(" in path.read_text(encoding="utf-8")
        and path.name not in SQLITE_DRIVER_MODULES
    )
    assert offenders == []


MAX_LINES = 450  # "about 400": a module past this has more than one job


def test_modules_are_rooms_of_about_400_lines_at_most() -> None:
    long = sorted(
        f"{path.relative_to(PACKAGE).as_posix()}: {lines} lines"
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert long == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules ``path`` imports anywhere: at the top, in functions, for types."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module in modules:
            # "from xiaomi_reader.gui import x" names the module gui.x when there is one.
            named = {f"{node.module}.{alias.name}" for alias in node.names}
            found.update(named & modules or {node.module})
    return found - {_module_name(path)}


def test_no_import_circles_anywhere_in_the_package() -> None:
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    modules = {_module_name(path) for path in paths}
    graph = {_module_name(path): _package_imports(path, modules) for path in paths}
    circles = []
    for start in sorted(graph):
        # Every module reachable from start; start among them closes a circle.
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
        if start in seen:
            circles.append(start)
    assert circles == []
