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


def test_code_points_meet_utf16_in_one_module() -> None:
    converting = sorted(
        path.name
        for path in GUI.glob("*.py")
        if "OffsetMap" in path.read_text(encoding="utf-8")
        or ".to_utf16(" in path.read_text(encoding="utf-8")
        or ".to_codepoint(" in path.read_text(encoding="utf-8")
    )
    assert converting == ["pane_offsets.py"]
