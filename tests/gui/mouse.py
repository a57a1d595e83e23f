"""Acting on an article pane the way a mouse does: at the screen positions of characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.gui.article_pane import ArticlePane


def u16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def gap_point(pane: ArticlePane, u16_pos: int) -> QPoint:
    """Viewport point of the gap before UTF-16 position ``u16_pos``."""
    view = pane.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16_pos)
    return view.cursorRect(cursor).center()


def char_point(pane: ArticlePane, u16_pos: int) -> QPoint:
    """Viewport point in the middle of the character starting at ``u16_pos``."""
    left, right = gap_point(pane, u16_pos), gap_point(pane, u16_pos + 1)
    return QPoint((left.x() + right.x()) // 2, left.y())


def drag_select(qtbot: QtBot, pane: ArticlePane, text: str, start: int, end: int) -> None:
    """Press at code point ``start``, drag to ``end`` and release."""
    viewport = pane.text_view.viewport()
    a, b = gap_point(pane, u16(text, start)), gap_point(pane, u16(text, end))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewport, pos=QPoint((a.x() + b.x()) // 2, a.y()))
    qtbot.mouseMove(viewport, pos=b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def click_char(qtbot: QtBot, pane: ArticlePane, text: str, cp: int) -> None:
    qtbot.mouseClick(
        pane.text_view.viewport(), Qt.MouseButton.LeftButton, pos=char_point(pane, u16(text, cp))
    )


def wheel(qtbot: QtBot, pane: ArticlePane, notches: int) -> None:
    """Turn the mouse wheel over the text: positive notches scroll down."""
    viewport = pane.text_view.viewport()
    bar = pane.text_view.verticalScrollBar()
    before = bar.value()
    at = QPointF(viewport.rect().center())
    event = QWheelEvent(
        at,
        viewport.mapToGlobal(at),
        QPoint(),
        QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: bar.value() != before)
