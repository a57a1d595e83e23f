"""What the status bar says after the undo stack moves: Saved, Undone or Redone, and what.

The stack only reports its new position.  Moving back is an undo; moving one step
forward onto the very command that was next to redo is a redo; anything else forward is
a new action (which may land on the same position as a redo would, after an undo).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from shiboken6 import isValid

__all__ = ["SHOW_MS", "UndoStatus"]

SHOW_MS = 4000


class UndoStatus(QObject):
    """Turns the undo stack's moves into one truthful status line each (:attr:`message`)."""

    message = Signal(str, int)  # the line, and how long to show it (ms)

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._index = stack.index()
        self._next_redo = self._redo_candidate()
        stack.indexChanged.connect(self._moved)

    def _redo_candidate(self) -> QUndoCommand | None:
        stack = self._stack
        return stack.command(stack.index()) if stack.index() < stack.count() else None

    def _moved(self, index: int) -> None:
        stack = self._stack
        if not isValid(stack):
            return  # the window is closing: its stack emptied as it goes
        before, next_redo = self._index, self._next_redo
        self._index, self._next_redo = index, self._redo_candidate()
        if stack.count() == 0:
            return  # cleared (a reload): nothing was done, undone or redone
        if index < before:
            verb, moved = "Undone", index
        elif index == before + 1 and next_redo is not None and stack.command(before) is next_redo:
            verb, moved = "Redone", before
        elif index > 0:
            verb, moved = "Saved", index - 1
        else:
            return
        if getattr(stack.command(moved), "error", None):
            return  # it failed: the error is what the reader must see, not a success
        self.message.emit(f"{verb}: {stack.text(moved)}", SHOW_MS)
