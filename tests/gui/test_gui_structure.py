"""The window's code stays in rooms with one job: short modules, no import circles,
and code points meeting UTF-16 in one module only."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "xiaomi_reader" / "gui"
MAX_LINES = 450  # "about 400": a module past this has more than one job
# Being restructured on their own; remove a name once its module is short.
LONG_FOR_NOW = {"export_dialog.py", "models.py"}


def _gui_imports(path: Path) -> set[str]:
    """The gui modules ``path`` imports anywhere: at the top, in functions, for type checks."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "xiaomi_reader.gui":  # from xiaomi_reader.gui import x
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("xiaomi_reader.gui."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xiaomi_reader.gui."):
                    found.add(alias.name.split(".")[2])
    return found - {path.stem}


def test_gui_modules_stay_short() -> None:
    long = {
        path.name: lines
        for path in GUI.glob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {name: n for name, n in long.items() if name not in LONG_FOR_NOW} == {}


def test_gui_modules_import_no_circle() -> None:
    graph = {path.stem: _gui_imports(path) for path in GUI.glob("*.py")}
    circles = []
    for start in graph:
        # Every module reachable from start; start among them closes a circle.
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen and module in graph:
                seen.add(module)
                todo.extend(graph[module])
        if start in seen:
            circles.append(start)
    assert sorted(circles) == []


def test_code_points_meet_utf16_in_one_module() -> None:
    converting = sorted(
        path.name
        for path in GUI.glob("*.py")
        if "OffsetMap" in path.read_text(encoding="utf-8")
        or ".to_utf16(" in path.read_text(encoding="utf-8")
        or ".to_codepoint(" in path.read_text(encoding="utf-8")
    )
    assert converting == ["pane_offsets.py"]
