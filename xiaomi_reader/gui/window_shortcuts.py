"""Keyboard shortcuts that work wherever the focus is in the main window.

A text box claims some keys for itself before a window shortcut sees them: a line edit
takes Ctrl+E (end of line, on Linux) and Ctrl+Z, a table or list may take others.
:class:`WindowShortcuts` watches the widget that has the focus and hands the window's
own shortcuts back to the window.  Two things stay with the text box: a key without
Ctrl, Alt or Meta (a digit or "L" typed into a filter or a note is typed), and undo or
redo while the box has typing of its own to undo or redo.

:func:`shortcut_rows` lists the shortcuts from the actions themselves, for
Help → Keyboard Shortcuts (:class:`ShortcutsDialog`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.link_flow import TYPE_KEYS_TEXT

__all__ = ["ShortcutsDialog", "WindowShortcuts", "shortcut_rows", "show_shortcuts"]

_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _pressed(event: QKeyEvent) -> QKeySequence:
    # A keypad "+" is still "+".
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))


def _is_function_key(key: int) -> bool:
    return Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F35.value


def _own_history(widget: QObject) -> tuple[bool, bool]:
    """Whether an editable text box has typing of its own to undo, and to redo."""
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        return widget.isUndoAvailable(), widget.isRedoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        document = widget.document()
        return document.isUndoAvailable(), document.isRedoAvailable()
    return False, False


class WindowShortcuts(QObject):
    """Gives the window's action shortcuts precedence over the focused widget's own keys."""

    def __init__(self, window: QWidget, undo: QAction, redo: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._undo = undo
        self._redo = redo
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Only the focused widget receives the key, so only it needs watching.
        if old is not None:
            old.removeEventFilter(self)
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)

    def _action_for(self, pressed: QKeySequence) -> QAction | None:
        for action in self._window.actions():
            if action.isEnabled() and pressed in action.shortcuts():
                return action
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not (event.modifiers() & _CHORD or _is_function_key(event.key())):
            return False  # a plain key is typed into a text box
        action = self._action_for(_pressed(event))
        if action is None:
            return False
        can_undo, can_redo = _own_history(watched)
        if (action is self._undo and can_undo) or (action is self._redo and can_redo):
            return False
        event.ignore()  # not the widget's: the window's shortcut runs
        return True


# Keys that belong to a step rather than to an action (the link flow reads them itself).
STEP_KEYS: tuple[tuple[str, str], ...] = (
    ("Link: Take the Selection as the Other Passage", "Enter (after L)"),
    ("Link: Choose the Type", TYPE_KEYS_TEXT),
    ("Link: Cancel", "Esc"),
    ("From the Annotations or Links Table to Its Note", "Tab"),
    ("Close the Find Bar, Back to the Text", "Esc"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcut_rows(
    actions: Sequence[QAction], tag_keys: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """``(action, keys)`` for each action with a shortcut, each tag's key, then the
    keys of a step (:data:`STEP_KEYS`)."""
    rows = []
    for action in actions:
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
        if any(keys):
            # The icon text: "Undo", not "Undo Tag 'Claim'" as the menu says.
            rows.append((_plain(action.iconText()), ", ".join(k for k in keys if k)))
    rows.extend(
        (f"Tag the Selection as {name}", f"{key} (with text selected)") for name, key in tag_keys
    )
    rows.extend(STEP_KEYS)
    return rows


class ShortcutsDialog(QDialog):
    """Help → Keyboard Shortcuts: a table of every action and its keys."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.horizontalHeader().setAccessibleName("Keyboard shortcuts: columns")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 520)


def show_shortcuts(window: QWidget, tags: Sequence[records.Tag]) -> ShortcutsDialog:
    """Open Help → Keyboard Shortcuts for ``window`` (not modal: it can stay open)."""
    keys = [(tag.name, tag.shortcut) for tag in tags if tag.shortcut]
    dialog = ShortcutsDialog(shortcut_rows(window.actions(), keys), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
