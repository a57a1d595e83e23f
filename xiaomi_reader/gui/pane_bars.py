"""The small bars of a reading pane: the floating tag bar and the find bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.highlights import (
    parse_hex,
)
from xiaomi_reader.gui.models.cells import colour_chip

CHIP_PX = 12


def chip_icon(colour: QColor) -> QIcon:
    """A tag's chip for menus and buttons: the same ringed square as in the tables."""
    return colour_chip(colour.name(), CHIP_PX)


def tag_colour(tag: records.Tag) -> QColor:
    rgb = parse_hex(tag.colour)
    if rgb is not None:
        return QColor(*rgb)
    colour = QColor(tag.colour)  # named colours such as "teal"
    return colour if colour.isValid() else QColor(128, 128, 128)


class TagBar(QFrame):
    """A row of tag buttons floating over the text near a fresh mouse selection."""

    tagClicked = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("floatingTagBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Tag selection")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setSpacing(2)
        self._buttons: list[QToolButton] = []
        self.hide()

    def set_tags(self, tags: Sequence[records.Tag]) -> None:
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.hide()
            button.deleteLater()  # may be the sender of the click being handled
        self._buttons = [self._button(tag) for tag in tags]
        for button in self._buttons:
            self._layout.addWidget(button)
        self.adjustSize()

    def buttons(self) -> list[QToolButton]:
        return list(self._buttons)

    def _button(self, tag: records.Tag) -> QToolButton:
        button = QToolButton(self)
        button.setText(tag.name)
        button.setIcon(chip_icon(tag_colour(tag)))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        # Clicking must not steal focus (and the selection's look) from the text.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(f"Tag as {tag.name}")
        hint = f" ({tag.shortcut})" if tag.shortcut else ""
        button.setToolTip(f"Tag as {tag.name}{hint}")
        button.clicked.connect(lambda _checked=False, tid=tag.id: self.tagClicked.emit(tid))
        return button


class FindBar(QFrame):
    """Find-in-article: a line edit with next, previous and close."""

    findRequested = Signal(str, bool)  # text, backward
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find in article")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("Find in article")
        self.line_edit.setAccessibleName("Find text")
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.installEventFilter(self)
        self.line_edit.textChanged.connect(lambda _text: self.set_not_found(False))
        self.status = QLabel(self)
        self.status.setAccessibleName("Find status")
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.status)
        self.previous_button = self._button("Previous", "Find previous (Shift+Enter)")
        self.next_button = self._button("Next", "Find next (Enter)")
        self.close_button = self._button("Close", "Close the find bar (Esc)")
        self.previous_button.clicked.connect(lambda: self._request(backward=True))
        self.next_button.clicked.connect(lambda: self._request(backward=False))
        self.close_button.clicked.connect(self.close_bar)
        for button in (self.previous_button, self.next_button, self.close_button):
            layout.addWidget(button)
        self._not_found = False
        self.hide()

    @property
    def not_found(self) -> bool:
        return self._not_found

    def set_not_found(self, not_found: bool) -> None:
        self._not_found = not_found
        self.status.setText("Not found" if not_found else "")
        # A red tint on the field itself, readable in light and dark palettes.
        self.line_edit.setStyleSheet(
            "QLineEdit { background-color: rgba(220, 40, 40, 70); }" if not_found else ""
        )

    def open_bar(self) -> None:
        self.show()
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.set_not_found(False)
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._request(backward=shift)
                return True
        return super().eventFilter(watched, event)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        return button

    def _request(self, *, backward: bool) -> None:
        if self.line_edit.text():
            self.findRequested.emit(self.line_edit.text(), backward)
