"""The note under the Annotations and Links tables: saved as you type, merged when needed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

NOTE_SAVE_DELAY_MS = 600


class NoteEdit(QPlainTextEdit):
    """A note editor that saves when it loses focus (as well as after a pause in typing).

    It remembers the note as the library last held it (:attr:`base`): a save names it,
    so that a note another program changed meanwhile is merged, not overwritten.
    """

    focusLost = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.base = ""

    def show_saved(self, text: str) -> None:
        """Show the note as the library holds it, keeping the caret where it was."""
        self.base = text
        if self.toPlainText() == text:
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.focusLost.emit()
        super().focusOutEvent(event)


class NotePanel(QWidget):
    """A label over the note of one record (its owner), saved after a pause in typing,
    when the editor loses focus, or when asked (:meth:`save`).

    A save is handed on as `edited(owner id, note, the note it replaces)`, and only while
    ``holds(owner id)`` says the record is still listed.
    """

    edited = Signal(int, str, str)

    def __init__(
        self, label: str, accessible_name: str, placeholder: str, holds: Callable[[int], bool]
    ) -> None:
        super().__init__()
        self._holds = holds
        self._owner: int | None = None
        self._placeholder = placeholder
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)

        self.label = QLabel(label)
        self.edit = NoteEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setEnabled(False)
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._save_timer.start)
        self.edit.focusLost.connect(self.save)
        self.label.setBuddy(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)

    @property
    def owner(self) -> int | None:
        return self._owner

    def show_note(self, owner: int | None, note: str | None) -> None:
        """Edit the note of ``owner``; None for ``note`` when there is no record to edit."""
        self._owner = owner
        self.edit.show_saved(note or "")
        self.edit.setEnabled(note is not None)
        # The hint says how to choose a record; once one is chosen, the box is its note.
        self.edit.setPlaceholderText(self._placeholder if note is None else "")

    def save(self) -> None:
        """Hand a pending edit on now (timer, focus loss, closing, another record chosen)."""
        self._save_timer.stop()
        if self._owner is None or not self._holds(self._owner):
            return
        text = self.edit.toPlainText()
        if self.edit.base != text:
            self.edited.emit(self._owner, text, self.edit.base)

    def note_saved(self, owner: int, note: str) -> None:
        """The library now holds ``note`` for ``owner`` (this window's save, or another's)."""
        # Typing not yet saved stays; it is merged with this note when it is saved.
        if owner == self._owner and not self._save_timer.isActive():
            self.edit.show_saved(note)

    def forget(self, owner: int) -> None:
        """The record is gone: drop its note, unsaved typing included."""
        if owner == self._owner:
            self._save_timer.stop()
            self.show_note(None, None)
