"""Article → View Original…: save or open the bytes the focused pane's article came from.

Driven as a reader does: the menu bar and its menu by mouse, the file name typed into
the real (Qt) save dialog, the Open button with the desktop's URL hook caught.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from tests.documents import write_pdf
from tests.gui.helpers import import_files, urls_opened
from tests.helpers import DATA
from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.original_action import NO_ARTICLE, NO_ORIGINAL
from xiaomi_reader.gui.original_dialog import OriginalDialog
from xiaomi_reader.paths import cache_dir


def open_article_menu(qtbot: QtBot, window: MainWindow) -> QMenu:
    menu = window.menus.article_menu
    bar = window.menuBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    return menu


def click_entry(qtbot: QtBot, menu: QMenu, action: QAction) -> None:
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


# A menu popping up, offscreen: it can neither raise itself nor grab the keyboard.
OFFSCREEN_MENU = "This plugin does not support (raise|grabbing the keyboard)"


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_view_original_saves_the_imported_bytes_and_opens_a_copy(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    pdf = write_pdf(tmp_path / "ruling.pdf", [[["A judge suspended the Pentagon's listing."]]])
    import_files(qtbot, window, [pdf])
    assert window.current_pane is not None and window.current_pane.header.title.text()

    menu = open_article_menu(qtbot, window)
    action = window.menus.view_original_action
    assert action.isEnabled()
    click_entry(qtbot, menu, action)
    qtbot.waitUntil(lambda: isinstance(window.original.dialog, OriginalDialog))
    dialog = window.original.dialog
    assert isinstance(dialog, OriginalDialog)
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "view-original.png"))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    files = dialog.file_dialog
    assert isinstance(files, QFileDialog)
    qtbot.waitExposed(files)
    name = files.findChild(QLineEdit, "fileNameEdit")
    assert name.text() == "ruling.pdf"  # the file's own name is offered
    target = tmp_path / "saved" / "evidence.pdf"
    target.parent.mkdir()
    files.selectFile(str(target))  # as if typed (typing opens a completer, which eats clicks)
    buttons = files.findChild(QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(target.exists)
    assert target.read_bytes() == pdf.read_bytes()
    assert dialog.status.text() == f"Saved the original to {target}."

    stale, recent = cache_dir() / "originals" / "tmpstale", cache_dir() / "originals" / "tmpnew"
    for folder in (stale, recent):
        folder.mkdir(parents=True)
        (folder / "old.html").write_text("<p>opened before</p>", encoding="utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    with urls_opened("file") as opened:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    [url] = opened
    copy = Path(url.toLocalFile())
    assert copy.name == "ruling.pdf" and copy.read_bytes() == pdf.read_bytes()
    assert copy.is_relative_to(cache_dir())  # in the user's cache, not beside the library
    assert not stale.exists() and recent.exists()  # copies a day old are cleared away


@pytest.mark.qt_log_ignore(OFFSCREEN_MENU)
def test_without_an_original_the_entry_is_disabled_and_says_why(
    qtbot: QtBot, open_window: WindowOpener, db_path: Path, tmp_path: Path
):
    shutil.copy(DATA / "library-0002.sqlite3", db_path)  # made before originals were kept
    window = open_window(restore=False)
    window.open_article(4)
    action = window.menus.view_original_action

    menu = open_article_menu(qtbot, window)
    menu.grab().save(str(tmp_path / "article-menu.png"))
    assert not action.isEnabled()
    assert action.toolTip() == NO_ORIGINAL
    click_entry(qtbot, menu, action)
    assert window.original.dialog is None
    menu.close()

    window.reading.add_empty_pane()  # focused, and showing nothing
    assert not action.isEnabled() and action.toolTip() == NO_ARTICLE
