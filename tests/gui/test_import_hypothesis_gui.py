"""File → Import Annotations… with a Hypothesis search result, chosen in the file dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from tests.helpers import DATA
from xiaomi_reader.gui.import_annotations import SUMMARY_BOX_NAME
from xiaomi_reader.gui.main_window import MainWindow

SEARCH_RESULT = DATA / "hypothesis" / "search-result.json"


def choose_in_file_dialog(qtbot: QtBot, path: Path, chosen: list[str]) -> None:
    """Once the open-file dialog shows, paste ``path`` into its name box and press Enter."""

    def answer(tries: int = 500) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if tries:
                QTimer.singleShot(10, lambda: answer(tries - 1))
            return
        name_box = dialog.findChild(QLineEdit, "fileNameEdit")
        # Pasted, as a path copied from a file manager: typed "/" makes the box jump folders.
        QApplication.clipboard().setText(str(path))
        qtbot.keyClick(name_box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(name_box, Qt.Key.Key_Return)
        chosen.append(str(path))

    QTimer.singleShot(0, answer)


def click_file_menu_item(qtbot: QtBot, window: MainWindow, text: str) -> None:
    bar = window.menuBar()
    file_menu = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_menu).center())
    menu = file_menu.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    (item,) = [a for a in menu.actions() if a.text().replace("&", "") == text]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


# A popup menu asks to raise itself and grab the keyboard, which offscreen cannot do.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_hypothesis_file_chosen_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    chosen: list[str] = []
    choose_in_file_dialog(qtbot, SEARCH_RESULT, chosen)
    click_file_menu_item(qtbot, window, "Import Annotations…")

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, SUMMARY_BOX_NAME) is not None)
    assert chosen == [str(SEARCH_RESULT)]
    box = window.findChild(QMessageBox, SUMMARY_BOX_NAME)
    shown = box.text().splitlines()
    assert shown[0] == "Annotations imported from search-result.json."
    assert "Imported: 5" in shown
    assert "Skipped: 1 reply and 1 page note (they mark no passage of text)" in shown
    # The court article is not in this library, and "the Pentagon" is in another one twice.
    assert "Orphaned: 1" in shown and "  • “the Pentagon”" in shown
    window.grab().save(str(tmp_path / "window.png"))
    box.grab().save(str(tmp_path / "summary.png"))

    # What the library holds, and what the Annotations dock lists.
    held = {a.exact: a for a in window.controller.annotations()}
    assert set(held) == {
        "US Department of State",
        "Outstanding Builder of Socialism with Chinese Characteristics",
        "the US market was “very attractive”",
        "The court is somewhat skeptical",
        "the Pentagon",
    }
    state = held["US Department of State"]
    assert state.author == "Mara Kovač"
    assert (
        state.note == "The article says Department of Defense everywhere else. State is a mix-up."
    )
    proxy = window.annotations_dock.proxy
    listed = {proxy.index(row, 1).data() for row in range(proxy.rowCount())}
    assert "US Department of State" in listed and "The court is somewhat skeptical" in listed
    box.close()
