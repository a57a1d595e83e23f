"""The report's modules: rooms with one job each, in layers without circles.

None grows past about 400 lines (the other large modules of the package have splits
of their own coming); core never imports the writers; no module imports itself back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xiaomi_reader"
LIMIT = 400
REPORT_MODULES = sorted(
    {
        *PACKAGE.glob("core/report*.py"),
        PACKAGE / "core" / "quotes.py",
        PACKAGE / "core" / "scope.py",
        # Every writer but the W3C one, whose split is a change of its own.
        *(path for path in PACKAGE.glob("export/*.py") if path.name != "w3c.py"),
    }
)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_imports(path: Path) -> set[str]:
    """The xiaomi_reader modules ``path`` imports, at its top level or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                # "from package import module" imports the module.
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if _is_module(submodule) else node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("xiaomi_reader.")}


def _is_module(name: str) -> bool:
    return PACKAGE.parent.joinpath(*name.split(".")).with_suffix(".py").is_file()


@pytest.mark.parametrize("path", REPORT_MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_report_module_is_at_most_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{path.name} has {lines} lines: split it by job"


def test_core_imports_nothing_above_it() -> None:
    above = ("xiaomi_reader.store", "xiaomi_reader.export", "xiaomi_reader.gui")
    offenders = {
        _name(path): sorted(n for n in _package_imports(path) if n.startswith(above))
        for path in PACKAGE.glob("core/*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_report_modules_import_no_circle() -> None:
    graph = {_name(path): _package_imports(path) for path in REPORT_MODULES}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " → ".join((*trail, name))
        if name in done:
            return
        for imported in graph.get(name, ()):
            visit(imported, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())
