"""The article's text widget: read-only, selectable, and telling the pane what the user did.

It also owns the document's layout: loading a text, finishing Qt's lazy layout, which
lines are on screen.  Positions here are Qt's own (UTF-16 code units); the pane's
offsets module converts them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QMouseEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QTextEdit, QWidget

from xiaomi_reader.gui.text_geometry import lines_between

__all__ = ["DOCUMENT_MARGIN", "READABLE_CHARS", "ArticleTextView", "reading_font"]

DOCUMENT_MARGIN = 24
# The narrowest a line of text may get: about 40 average characters, at any zoom.
READABLE_CHARS = 40
LINE_HEIGHT_PERCENT = 140
# First installed family wins.  Asking Qt for a generic alias such as "serif" would
# log a font-alias warning on systems without it.
SERIF_FAMILIES = (
    "Noto Serif",
    "Source Serif 4",
    "Source Serif Pro",
    "Georgia",
    "Charter",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
)
# Characters QTextDocument would turn into structure (block or frame markers), which
# would change the text's length; shown as look-alikes so offsets stay 1:1.
_DISPLAY_SAFE = str.maketrans({"\r": "\n", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd"})


def display_text(text: str) -> str:
    # translate() walks the whole text even when there is nothing to change (~10 ms
    # for 200 kB); a search for each character is a hundred times cheaper.
    if any(c in text for c in ("\r", "\ufdd0", "\ufdd1")):
        return text.translate(_DISPLAY_SAFE)
    return text


def reading_font(point_size: int) -> QFont:
    font = QFont()
    families = set(QFontDatabase.families())
    for family in SERIF_FAMILIES:
        if family in families:
            font.setFamily(family)
            break
    font.setPointSize(point_size)
    return font


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
        # Never break a word across lines ("manufactur-er"): a word too long for the
        # line runs past it, and the view scrolls sideways.
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._press_pos: QPoint | None = None
        self._visible_key: tuple[int, ...] = ()
        self._visible = (0, 0)
        self._visible_block = 0  # where the last search for the visible lines started
        self._kept: tuple[int, int, int] | None = None  # see _top_anchor

    def loadResource(self, type: int, name: QUrl | str) -> Any:
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

    def resizeEvent(self, e: QResizeEvent) -> None:
        # A new width rewraps the text: keep the line at the top at the top, or the
        # reader loses their place whenever a pane or the window changes width.
        if e.size().width() == e.oldSize().width() or self.verticalScrollBar().value() == 0:
            super().resizeEvent(e)
            return
        top, offset = self._top_anchor()
        super().resizeEvent(e)
        self._keep_at_top(top, offset)

    def _top_anchor(self) -> tuple[QTextCursor, int]:
        """The character to keep at the top through a relayout, and where its line is.

        It is the first one on screen, unless one was kept before and the reader has not
        scrolled since: a zoom and the resize it brings about, or several zooms in a row,
        then keep the same one, where each new first character would drift a line.
        """
        if self._kept is not None and self._kept[2] == self.verticalScrollBar().value():
            top = QTextCursor(self.document())
            top.setPosition(min(self._kept[0], self.document().characterCount() - 1))
            return top, self._kept[1]
        top = self.cursorForPosition(QPoint(0, 0))
        return top, self.cursorRect(top).top()  # the top line may be partly scrolled away

    def _keep_at_top(self, top: QTextCursor, offset: int) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(top).top() - offset)
        self._kept = (top.position(), offset, bar.value())

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

    # -- the document and its layout -------------------------------------------------

    def load_text(self, text: str, decorate: Callable[[QTextCursor], None]) -> None:
        """Show ``text`` at the top; ``decorate`` formats it in the same edit block."""
        self.verticalScrollBar().setValue(0)  # the old text's position means nothing now
        self._visible_key = ()
        self._kept = None
        doc = self.document()
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(DOCUMENT_MARGIN)
        block = QTextBlockFormat()
        block.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        # One edit block around the text, its line height and the highlights at the top:
        # Qt then lays the document out once, lazily, instead of all at once for each.
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        self.setPlainText(display_text(text))
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        decorate(cursor)
        cursor.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def edit_cursor(self) -> QTextCursor:
        """A cursor in an open edit block, on a document laid out to its end.

        Qt lays a new text out lazily, in steps on a timer; a format change before the
        last step ends that run early and the rest of the text is never laid out (blank
        when scrolled to).  So every change after loading first completes the layout.
        """
        doc = self.document()
        doc.documentLayout().documentSize()  # completes a pending lazy layout
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        return cursor

    def complete_layout(self) -> None:
        """Finish Qt's lazy layout now, scroll bar range included, for exact positions."""
        layout = self.document().documentLayout()
        size = layout.documentSize()  # lays out whatever text is still pending
        # Qt announces the final size on a zero timer; a position computed before then
        # (centring a passage, a scroll fraction) would use an estimated range.
        layout.documentSizeChanged.emit(size)

    def set_point_size(self, size: int) -> None:
        """Change the text's size, keeping the passage at the top of the view at the top:
        the scroll bar counts pixels, so left alone it would show another passage."""
        top, offset = self._top_anchor()
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)  # char formats carry no font, so the text follows
        self.complete_layout()
        self._keep_at_top(top, offset)

    def readable_width(self) -> int:
        """The width the view needs to show :data:`READABLE_CHARS` characters a line,
        within the document's margins and beside the vertical scroll bar."""
        text = READABLE_CHARS * QFontMetricsF(self.font()).averageCharWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        return int(text + 0.99) + 2 * DOCUMENT_MARGIN + bar + 2 * self.frameWidth()

    def centre_on(self, cursor: QTextCursor) -> None:
        self.complete_layout()
        bar = self.verticalScrollBar()
        rect = self.cursorRect(cursor)
        target = bar.value() + rect.center().y() - self.viewport().height() // 2
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))

    def chars_on_two_screens(self, at_least: QSize) -> int:
        """A generous count of the characters shown at the top of the text: two screens."""
        # A text view never shown yet has a placeholder size: its pane's bounds it.
        viewport = self.viewport().size().expandedTo(at_least)
        metrics = QFontMetricsF(self.font())
        per_line = viewport.width() / max(1.0, metrics.averageCharWidth())
        lines = viewport.height() / (metrics.lineSpacing() * LINE_HEIGHT_PERCENT / 100)
        return 2 * int((per_line + 1) * (lines + 1))

    def visible_range(self) -> tuple[int, int]:
        """The range of the lines on screen, remembered until scroll, size or zoom move."""
        viewport = self.viewport()
        key = (
            self.verticalScrollBar().value(),
            viewport.width(),
            viewport.height(),
            self.font().pointSize(),
            self.document().revision(),
        )
        if key != self._visible_key:
            doc, top, near = self.document(), key[0], self._visible_block
            first, end, self._visible_block = lines_between(doc, top, top + key[2], near)
            self._visible = (first, end)
            self._visible_key = key
        return self._visible
