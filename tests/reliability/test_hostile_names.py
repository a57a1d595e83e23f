"""Hostile file names: a newline, a terminal escape or a right-to-left override in a name.

One name must never fake a line of its own (``xiaomi-reader: error: …``) or reorder
what is shown: on the command line, in the window's messages and in the export
dialog, every such character is written as a visible escape.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.helpers import assert_one_line_error, cli
from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.open_library import LibraryOpener
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.skipif(os.name != "posix", reason="names with newlines: POSIX")

FAKE = "\nxiaomi-reader: error: fake"
RLO = "\u202e"
# Anything that breaks a line or reorders text; "\n" is allowed only as a line's end.
HIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def assert_no_hidden(text: str) -> None:
    found = HIDDEN.search(text)
    assert found is None, (found and repr(found.group()), text)


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    """Three files and a missing one, each with a name that tries to fake a line."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    good = folder / f"good{FAKE}{RLO}dm.md"
    good.write_text("---\ntitle: Kept as it is\n---\nA judge suspended the ban.\n", "utf-8")
    empty = folder / f"empty{FAKE}{RLO}.txt"
    empty.write_bytes(b"")
    binary = folder / "\x1b[2Jwiped\x85\u2028.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return {"good": good, "empty": empty, "binary": binary, "missing": folder / f"gone{FAKE}.txt"}


@pytest.mark.slow
def test_cli_import_prints_one_line_per_file_with_names_escaped(
    db_path: Path, hostile: dict[str, Path]
):
    files = [hostile[key] for key in ("good", "empty", "binary", "missing")]
    result = cli("--db", str(db_path), "import", *map(str, files))
    assert result.returncode == 1 and result.stderr == "", result
    assert_no_hidden(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == len(files), lines
    assert not any(line.startswith("xiaomi-reader:") for line in lines)
    for line, path in zip(lines, files, strict=True):
        assert line.startswith(display_name(path) + ": "), line
    assert lines[0].endswith(": imported as 'Kept as it is'")
    assert lines[1] == (
        f"{display_name(hostile['empty'])}: refused: "
        '"empty\\nxiaomi-reader: error: fake\\u202e.txt" is empty.'
    )
    assert ': refused: "\\x1b[2Jwiped\\x85\\u2028.txt" is a PNG image, not text.' in lines[2]
    assert lines[3].endswith(f'refused: "{display_name(hostile["missing"])}" does not exist.')

    listed = cli("--db", str(db_path), "articles", "--json")
    by_title = {row["title"]: row for row in json.loads(listed.stdout)}
    # The library keeps the real name; only what is shown is escaped.
    assert by_title["Kept as it is"]["file_name"] == hostile["good"].name


@pytest.mark.slow
def test_cli_export_and_library_messages_escape_the_name(
    db_path: Path, tmp_path: Path, library: Library
):
    folder = tmp_path / f"out{FAKE}{RLO}"
    folder.mkdir()
    report = folder / f"report{FAKE}{RLO}.md"
    result = cli("--db", str(db_path), "export", "--format", "md", "--output", str(report))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Exported to {display_name(report)}\n"
    assert report.read_text("utf-8").startswith("# Annotation report")

    missing = tmp_path / f"nowhere{FAKE}" / "r.md"
    result = cli("--db", str(db_path), "export", "--format", "md", "--output", str(missing))
    assert_one_line_error(result, f"Cannot write {display_name(missing)}: the folder")
    assert_no_hidden(result.stderr)

    not_a_library = tmp_path / f"notes{FAKE}{RLO}.sqlite3"
    not_a_library.write_bytes(b"plain text, not a library" * 10)
    result = cli("--db", str(not_a_library), "articles")
    assert_one_line_error(result, f"{display_name(not_a_library)} is not a xiaomi-reader library")
    assert_no_hidden(result.stderr)
    assert not_a_library.read_bytes() == b"plain text, not a library" * 10


def test_window_import_message_has_one_line_per_refused_file(
    qtbot: QtBot, window: MainWindow, hostile: dict[str, Path]
):
    refused = [hostile[key] for key in ("empty", "binary", "missing")]
    window.import_paths([str(hostile["good"]), *map(str, refused)])
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)))
    (box,) = window.findChildren(QMessageBox)
    shown = box.text()
    assert shown == window.last_error
    assert_no_hidden(shown)
    lines = shown.split("\n")
    assert lines[:2] == ["Some files were not imported:", ""] and len(lines) == 2 + len(refused)
    assert lines[2] == '"empty\\nxiaomi-reader: error: fake\\u202e.txt" is empty.'
    assert lines[3].startswith('"\\x1b[2Jwiped\\x85\\u2028.txt" is a PNG image, not text.')
    assert lines[4] == f'"{display_name(hostile["missing"])}" does not exist.'
    assert_no_hidden(window.statusBar().currentMessage())
    titles = [a.title for a in window.library.articles()]
    assert "Kept as it is" in titles


def test_open_library_message_escapes_the_name(qtbot: QtBot, qapp: QApplication, tmp_path: Path):
    damaged = tmp_path / f"library{FAKE}{RLO}.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 500)
    seen: list[str] = []

    def answer_close() -> None:
        box = qapp.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer_close)  # not shown yet: look again
            return
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Close).click()

    QTimer.singleShot(0, answer_close)
    assert LibraryOpener().open(str(damaged)) is None  # Close: the reader gave up
    (text,) = seen
    assert_no_hidden(text)
    assert text.startswith(f"{display_name(damaged)} is not a xiaomi-reader library")
    assert damaged.read_bytes() == b"\x00garbage" * 500


def test_export_dialog_shows_the_name_escaped(qtbot: QtBot, library: Library, tmp_path: Path):
    dialog = ExportDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    target = tmp_path / f"report{FAKE}{RLO}.md"
    dialog.destination_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        dialog.start_export()
    assert dialog.result_label.text() == f"Exported to {display_name(target)}"
    assert target.is_file()

    blocked = tmp_path / f"missing{FAKE}" / f"r{RLO}.md"
    dialog.destination_edit.setText(str(blocked))
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000):
        dialog.start_export()
    shown = dialog.error_label.text()
    assert_no_hidden(shown)
    assert shown.startswith(f"Cannot write {display_name(blocked)}: the folder ")
