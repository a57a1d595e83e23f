"""Every control a screen reader can land on has a name: the main window with its bars
open, and the export, import-from-URL, backups, tag manager and shortcuts dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.mouse import drag_select
from xiaomi_reader.gui.backup_dialog import BackupDialog
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.gui.tag_manager import TagManagerDialog
from xiaomi_reader.gui.url_dialog import ImportUrlDialog
from xiaomi_reader.gui.window_shortcuts import show_shortcuts

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QAbstractItemView,
    QComboBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
)


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces as the control's name.

    Its accessible name; for a button its text (Qt's accessible interface reads it); for
    a field, the text of the label whose buddy it is. A combo box's current item and a
    line edit's placeholder are not names: they change, or vanish once typed over.
    """
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        interface = QAccessible.queryAccessibleInterface(widget)
        return interface.text(QAccessible.Text.Name).strip() if interface else ""
    labels = widget.window().findChildren(QLabel)
    return next((label.text().replace("&", "") for label in labels if label.buddy() is widget), "")


def unnamed(top: QWidget) -> list[str]:
    found = []
    for widget in top.findChildren(QWidget):
        if widget.isVisible() and isinstance(widget, CONTROLS) and not spoken_name(widget):
            parent = widget.parentWidget()
            found.append(
                f"{type(widget).__name__} {widget.objectName()!r} in "
                f"{type(parent).__name__ if parent else None} of {type(top).__name__}"
            )
    return found


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def busy_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window with what appears on demand shown too: a find bar, the tag bar under a
    mouse selection, and the link type chooser."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane = window.panes[0]
    assert pane.article_id is not None
    text = window.library.article(pane.article_id).text
    drag_select(qtbot, pane, text, 12, 18)
    qtbot.waitUntil(lambda: pane.tag_bar.isVisible())
    qtbot.keyClick(pane.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.find_bar.isVisible())
    return window


def test_every_control_of_the_main_window_has_a_name(busy_window: MainWindow):
    assert busy_window.panes[0].tag_bar.isVisible()
    missing = unnamed(busy_window)
    assert missing == [], "\n".join(missing)


def test_every_control_of_the_dialogs_has_a_name(qtbot: QtBot, window: MainWindow):
    dialogs = [
        shown(qtbot, ExportDialog(window.library, window)),
        shown(qtbot, ImportUrlDialog(window.controller, window)),
        shown(qtbot, BackupDialog(window.controller, window)),
        shown(qtbot, TagManagerDialog(window.controller, window)),
        show_shortcuts(window, window.library.tags()),
    ]
    qtbot.waitExposed(dialogs[-1])
    missing = [entry for dialog in dialogs for entry in unnamed(dialog)]
    for dialog in dialogs:
        dialog.close()
    QApplication.processEvents()
    assert missing == [], "\n".join(missing)
