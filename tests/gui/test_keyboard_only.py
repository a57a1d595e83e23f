"""The whole path with the keyboard alone: open an article, tag two passages, link them,
write a note and export — key presses only, no mouse and no calls into the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.windows import WindowOpener
from xiaomi_reader.core.records import LinkType
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.gui.main_window import MainWindow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
DEFENSE = "US Department of Defense"
STATE = "US Department of State"
NOTE = "Defense here, State at the end: which is it?"
MAX_PRESSES = 12  # more F6 presses than the window has regions


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(qtbot: QtBot, keys: Qt.Key, modifier: Qt.KeyboardModifier = NONE):
    """A key pressed on whatever has the focus, as a keyboard does."""
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, keys, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    target = focused()
    assert target is not None
    qtbot.keyClicks(target, text)


def f6_until(qtbot: QtBot, reached: QWidget, what: str) -> None:
    """F6 until the focus is in ``reached``, as a reader would look and press."""
    for _ in range(MAX_PRESSES):
        now = focused()
        if now is not None and (now is reached or reached.isAncestorOf(now)):
            return
        key(qtbot, Key.Key_F6)
    raise AssertionError(f"F6 never reached {what}")


def find_and_select(qtbot: QtBot, phrase: str) -> None:
    """Ctrl+F, the phrase, Enter: the match is selected; Esc back to the text, where
    Left puts the caret at its start and Shift+Right selects it again character by
    character."""
    key(qtbot, Key.Key_F, CTRL)
    assert isinstance(focused(), QLineEdit)
    type_text(qtbot, phrase)
    key(qtbot, Key.Key_Return)
    key(qtbot, Key.Key_Escape)
    key(qtbot, Key.Key_Left)
    for _ in phrase:
        key(qtbot, Key.Key_Right, SHIFT)


def test_open_tag_link_note_and_export_with_keys_only(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
):
    window: MainWindow = open_window(restore=False)
    window.activateWindow()
    qtbot.waitUntil(lambda: focused() is not None)
    library = window.library
    wanted = next(a for a in library.articles() if a.title.startswith("This is why"))

    # A new pane, then the Articles list, and the article opened in that pane.
    key(qtbot, Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: len(window.panes) == 4)
    f6_until(qtbot, window.library_dock.view, "the Articles list")
    view = window.library_dock.view
    key(qtbot, Key.Key_Home)
    for _ in range(view.model().rowCount()):
        if view.currentIndex().data() == wanted.title:
            break
        key(qtbot, Key.Key_Down)
    key(qtbot, Key.Key_Return)
    pane = window.panes[3]
    qtbot.waitUntil(lambda: pane.article_id == wanted.id)

    # Into its text; two passages selected with Shift+arrows and tagged 1 and 2.
    f6_until(qtbot, pane.text_view, "the new pane's text")
    find_and_select(qtbot, DEFENSE)
    key(qtbot, Key.Key_1)
    find_and_select(qtbot, STATE)
    key(qtbot, Key.Key_2)
    annotations = {a.exact: a for a in library.annotations(wanted.id)}
    assert set(annotations) == {DEFENSE, STATE}

    # L links from the passage selected, Enter on the other passage's selection picks
    # it, 1 makes it "contradicts".
    find_and_select(qtbot, DEFENSE)
    key(qtbot, Key.Key_L)
    find_and_select(qtbot, STATE)  # Esc closing the find bar must not end the link
    key(qtbot, Key.Key_Return)
    key(qtbot, Key.Key_1)
    [link] = library.links()
    assert (link.source_id, link.target_id, link.type) == (
        annotations[DEFENSE].id,
        annotations[STATE].id,
        LinkType.CONTRADICTS,
    )

    # The Annotations table, the State row, Tab into the note box, typed.
    f6_until(qtbot, window.annotations_dock.table, "the Annotations table")
    table = window.annotations_dock.table
    key(qtbot, Key.Key_Home)
    for _ in range(table.model().rowCount()):
        if window.annotations_dock.current_id() == annotations[STATE].id:
            break
        key(qtbot, Key.Key_Down)
    assert window.annotations_dock.current_id() == annotations[STATE].id
    for _ in range(MAX_PRESSES):
        if focused() is window.annotations_dock.note:
            break
        key(qtbot, Key.Key_Tab)
    assert focused() is window.annotations_dock.note
    type_text(qtbot, NOTE)

    # Ctrl+E opens the dialog (modal: its keys are pressed while it runs); Alt+S, the
    # file name, Enter exports; Esc closes it.
    report = tmp_path / "report.md"
    seen: list[ExportDialog] = []

    def export_with_keys() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog) or QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, export_with_keys)
            return
        seen.append(dialog)
        try:
            key(qtbot, Key.Key_S, ALT)
            assert focused() is dialog.destination_edit, focused()
            key(qtbot, Key.Key_A, CTRL)
            type_text(qtbot, str(report))
            key(qtbot, Key.Key_Return)
            qtbot.waitUntil(lambda: report.exists() and not dialog.is_running(), timeout=10000)
        finally:
            qtbot.keyClick(dialog, Key.Key_Escape)  # also when a step above failed

    QTimer.singleShot(0, export_with_keys)
    key(qtbot, Key.Key_E, CTRL)
    assert seen and not seen[0].isVisible()

    assert library.annotation(annotations[STATE].id).note == NOTE
    assert NOTE in report.read_text(encoding="utf-8")
    assert DEFENSE in report.read_text(encoding="utf-8")
