"""The only place in the window where code points and UTF-16 meet.

Stored offsets count Unicode code points; Qt's text positions count UTF-16 code units,
so one emoji before a passage shifts every Qt position by one.  Every part of the
article pane speaks code points and goes through :class:`TextOffsets` whenever it
touches the text document.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QTextCursor

from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.gui.text_geometry import passage_box
from xiaomi_reader.gui.text_view import ArticleTextView

__all__ = ["TextOffsets"]


class TextOffsets:
    """Code points ⇄ the positions of one text view's document."""

    def __init__(self, view: ArticleTextView) -> None:
        self._view = view
        self._map = OffsetMap("")

    def reset(self, text: str) -> None:
        """The text shown changed: ``text`` is the one map for it."""
        self._map = OffsetMap(text)

    @property
    def utf16_length(self) -> int:
        return self._map.utf16_length

    def _to_u16(self, cp: int) -> int:
        return self._map.to_utf16(cp)

    def _to_cp(self, u16: int) -> int:
        return self._map.to_codepoint(u16)

    def cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting code points ``[start, end)``."""
        cursor = QTextCursor(self._view.document())
        self.select(cursor, start, end)
        return cursor

    def format_cursor_at(self, cp: int) -> QTextCursor:
        """A cursor whose ``charFormat()`` is that of the character at ``cp``."""
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(self._to_u16(cp + 1))  # charFormat() is the char before
        return cursor

    def select(self, cursor: QTextCursor, start: int, end: int) -> None:
        """Move ``cursor`` (one of many edits in a block) to select ``[start, end)``."""
        cursor.setPosition(self._to_u16(start))
        cursor.setPosition(self._to_u16(end), QTextCursor.MoveMode.KeepAnchor)

    def selection(self) -> tuple[int, int] | None:
        """The text view's selection as code points, or None when nothing is selected."""
        cursor = self._view.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._to_cp(cursor.selectionStart()), self._to_cp(cursor.selectionEnd())
        return (start, end) if start < end else None

    def caret(self) -> int:
        """The caret's position in code points."""
        return self._to_cp(self._view.textCursor().position())

    def visible(self) -> tuple[int, int]:
        """Code points of the lines on screen (a block's end counts its separator too)."""
        end = self.utf16_length
        first, last = self._view.visible_range()
        return self._to_cp(min(first, end)), self._to_cp(min(last, end))

    def off_screen(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is cheaply known to lie outside the lines on screen."""
        first, last = self._view.visible_range()
        return self._to_u16(end) < first or self._to_u16(start) > last

    def side(self, start: int, end: int) -> int:
        """-1 if ``[start, end)`` ends before the lines on screen, 1 if it starts after
        them, 0 if it touches them."""
        first, last = self._view.visible_range()
        if self._to_u16(end) < first:
            return -1
        return 1 if self._to_u16(start) > last else 0

    def box(self, start: int, end: int) -> QRectF:
        """Bounding box in document coordinates of the lines covering ``[start, end)``."""
        return passage_box(self._view.document(), self._to_u16(start), self._to_u16(end))

    def cp_at(self, viewport_pos: QPoint) -> int | None:
        """Code point of the character under a viewport point; None off the text."""
        view = self._view
        layout = view.document().documentLayout()
        offset = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        if layout.hitTest(viewport_pos + offset, Qt.HitTestAccuracy.ExactHit) < 0:
            return None
        cursor = view.cursorForPosition(viewport_pos)
        u16 = cursor.position()
        # cursorForPosition rounds to the nearest gap: left of it means the char before.
        if viewport_pos.x() < view.cursorRect(cursor).x() and not cursor.atBlockStart():
            u16 -= 1
        if u16 >= self.utf16_length:
            return None
        return self._to_cp(u16)
