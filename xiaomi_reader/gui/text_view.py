"""The article's text widget: read-only, selectable, and telling the pane what the user did."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QFrame, QTextEdit, QWidget

__all__ = ["ArticleTextView"]


class ArticleTextView(QTextEdit):
    """Read-only, selectable text that reports clicks, releases and menus to the pane."""

    clicked = Signal(QPoint)  # plain left click without a drag, viewport coordinates
    selectionReleased = Signal()  # left button released with text selected
    contextMenuAt = Signal(QPoint, QPoint)  # viewport position, global position
    zoomStep = Signal(int)  # +1 / -1 from Ctrl+wheel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._press_pos: QPoint | None = None

    def loadResource(self, type: int, name: QUrl) -> Any:
        """Never load anything: an article must not reach out to the network or disk."""
        return None

    def mousePressEvent(self, e: QMouseEvent) -> None:
        left = e.button() == Qt.MouseButton.LeftButton
        self._press_pos = e.position().toPoint() if left else None
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        pos = e.position().toPoint()
        moved = (pos - self._press_pos).manhattanLength() >= QApplication.startDragDistance()
        self._press_pos = None
        if self.textCursor().hasSelection():
            self.selectionReleased.emit()
        elif not moved:
            self.clicked.emit(pos)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        self.contextMenuAt.emit(e.pos(), e.globalPos())

    def wheelEvent(self, e: QWheelEvent) -> None:
        # QTextEdit zooms read-only text on Ctrl+wheel by itself; route it through the
        # pane so bounds and zoomChanged stay in one place.
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = e.angleDelta().y()
            if delta:
                self.zoomStep.emit(1 if delta > 0 else -1)
            e.accept()
            return
        super().wheelEvent(e)
