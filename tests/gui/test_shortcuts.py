"""The window fits its screen, and every shortcut works wherever the focus is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.windows import WindowOpener
from xiaomi_reader.gui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def screen() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def test_first_size_fits_the_screen(open_window: WindowOpener):
    window = open_window(restore=False, size=None)
    available = screen()
    assert available.contains(window.frameGeometry()), (window.frameGeometry(), available)
    assert window.width() >= available.width() * 0.8  # uses the screen, not a corner of it


def test_restored_geometry_larger_than_the_screen_is_clamped(open_window: WindowOpener):
    available = screen()
    big = open_window(size=(available.width() + 600, available.height() + 300))
    assert not available.contains(big.frameGeometry())
    open_window.close(big)
    again = open_window(size=None)
    assert again.panes  # the saved state was restored
    assert available.contains(again.frameGeometry()), (again.frameGeometry(), available)


# -- shortcuts from every region ---------------------------------------------------------

REGIONS: dict[str, Callable[[MainWindow], QWidget]] = {
    "pane text": lambda w: w.panes[0].text_view,
    "library filter": lambda w: w.library_dock.filter,
    "library list": lambda w: w.library_dock.view,
    "annotations table": lambda w: w.annotations_dock.table,
    "annotations filter": lambda w: w.annotations_dock.search,
    "note box": lambda w: w.annotations_dock.note,
    "links dock": lambda w: w.links_dock.table,
}


def annotate(window: MainWindow) -> int:
    """Tag the first words of the first pane; the new annotation's id."""
    pane = window.panes[0]
    assert pane.article_id is not None
    annotation = window.controller.create_annotation(pane.article_id, 0, 12, [1])
    assert annotation is not None
    return annotation.id


def count(window: MainWindow) -> int:
    return len(window.library.annotations())


class Region:
    """Focus in one region of the window; keys are pressed on the focused widget."""

    def __init__(self, qtbot: QtBot, window: MainWindow, widget: QWidget) -> None:
        self.qtbot, self.window, self.widget = qtbot, window, widget

    def focus(self) -> None:
        self.window.activateWindow()
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is self.widget)

    def press(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.focus()
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifiers)

    def dialog_from(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> str:
        """Press a key that opens a modal dialog; the dialog's class (it is closed)."""
        seen: list[str] = []

        def close_it(tries: int = 500) -> None:
            # Some dialogs show only after a pass of their own event loop: look again.
            modal = QApplication.activeModalWidget()
            if modal is None and tries:
                QTimer.singleShot(10, lambda: close_it(tries - 1))
                return
            seen.append(type(modal).__name__ if modal is not None else "")
            if modal is not None:
                modal.close()

        QTimer.singleShot(0, close_it)
        self.press(key, modifiers)
        self.qtbot.waitUntil(lambda: bool(seen))
        return seen[0]


@pytest.fixture(params=list(REGIONS))
def region(request: pytest.FixtureRequest, qtbot: QtBot, window: MainWindow) -> Region:
    first = annotate(window)
    annotate(window)
    if request.param == "links dock":
        window.links_dock.raise_()
    if request.param == "note box":
        window.annotations_dock.table.selectRow(window.annotations_dock.proxy.rowCount() - 1)
        window.annotations_dock.table.selectRow(0)
        qtbot.waitUntil(lambda: window.annotations_dock.note.isEnabled())
        assert first  # the selected one is not the one undo removes
    widget = REGIONS[request.param](window)
    qtbot.waitUntil(widget.isVisible)
    return Region(qtbot, window, widget)


def test_every_documented_shortcut_works_from_each_region(qtbot: QtBot, region: Region):
    window = region.window
    pane = window.panes[0]
    window.set_current_pane(pane)
    default = pane.point_size

    region.press(Qt.Key.Key_Equal, CTRL)
    assert pane.point_size == default + 1
    region.press(Qt.Key.Key_Plus, CTRL)
    assert pane.point_size == default + 2
    region.press(Qt.Key.Key_Minus, CTRL)
    assert pane.point_size == default + 1
    region.press(Qt.Key.Key_0, CTRL)
    assert pane.point_size == default

    assert count(window) == 2
    region.press(Qt.Key.Key_Z, CTRL)
    assert count(window) == 1
    region.press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert count(window) == 2
    region.press(Qt.Key.Key_Z, CTRL)
    assert count(window) == 1
    region.press(Qt.Key.Key_Y, CTRL)
    assert count(window) == 2

    if isinstance(region.widget, QLineEdit):
        # Text in the box, caret at its start: the box would take Ctrl+E as "end of line".
        region.focus()
        qtbot.keyClicks(region.widget, "x")
        region.widget.setCursorPosition(0)
    assert region.dialog_from(Qt.Key.Key_E, CTRL) == "ExportDialog"
    assert region.dialog_from(Qt.Key.Key_I, CTRL) == "QFileDialog"

    region.press(Qt.Key.Key_F, CTRL)
    assert window.current_pane is not None and window.current_pane.find_bar.isVisible()

    panes = len(window.panes)
    region.press(Qt.Key.Key_T, CTRL)
    assert len(window.panes) == panes + 1
    region.press(Qt.Key.Key_W, CTRL)
    assert len(window.panes) == panes

    region.press(Qt.Key.Key_F6)
    assert QApplication.focusWidget() is not region.widget
    assert QApplication.focusWidget() in window.focus_regions()
    region.press(Qt.Key.Key_F6, SHIFT)
    assert QApplication.focusWidget() is not region.widget
    assert QApplication.focusWidget() in window.focus_regions()


def test_digits_and_undo_typed_in_a_text_box_stay_in_it(qtbot: QtBot, window: MainWindow):
    annotate(window)
    dock = window.annotations_dock
    box = Region(qtbot, window, dock.search)
    box.press(Qt.Key.Key_1)
    box.press(Qt.Key.Key_L)
    assert dock.search.text() == "1l"
    box.press(Qt.Key.Key_Z, CTRL)  # the box's own typing is undone first
    assert dock.search.text() != "1l"
    assert count(window) == 1


def test_zoom_keeps_the_passage_at_the_top(qtbot: QtBot, window: MainWindow):
    pane = window.panes[0]
    view = pane.text_view
    window.set_current_pane(pane)
    pane.set_scroll_fraction(0.5)
    bar = view.verticalScrollBar()
    assert bar.value() > 0
    top = view.cursorForPosition(QPoint(0, 0)).position()
    line = view.fontMetrics().lineSpacing()
    region = Region(qtbot, window, view)
    for key in (Qt.Key.Key_Equal, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0):
        region.press(key, CTRL)
        cursor = view.textCursor()
        cursor.setPosition(top)
        assert abs(view.cursorRect(cursor).top()) <= 2 * line, key


def test_keyboard_shortcuts_dialog_lists_every_action(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
):
    window.menus.shortcuts_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Keyboard Shortcuts"]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitExposed(dialog)
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= set(rows["Redo"].split(", "))
    assert rows["Zoom Out"].split(", ").count("Ctrl+-") == 1
    assert rows["Export Report"] == "Ctrl+E"
    assert rows["Tag the Selection as Claim"] == "1 (with text selected)"
    assert rows["Link: Choose the Type"].startswith("1 contradicts")  # keys of a step too
    assert rows["From the Annotations or Links Table to Its Note"] == "Tab"
    for action in window.actions():
        if action.shortcuts():
            name = action.iconText().replace("&", "").rstrip("…")
            assert rows.get(name), f"{name!r} is missing from {sorted(rows)}"
    dialog.grab().save(str(tmp_path / "shortcuts.png"))
    dialog.close()
