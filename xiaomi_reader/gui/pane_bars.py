"""The small bars of a reading pane: the floating tag bar and the find bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QToolButton, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.flow_layout import FlowLayout
from xiaomi_reader.gui.highlights import parse_hex
from xiaomi_reader.gui.models.cells import colour_chip

CHIP_PX = 12
FIELD_CHARS = 24  # the find field's room, in characters of its font


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
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
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

    def fit_width(self, room: int) -> None:
        """One row if it fits in ``room`` pixels, else as many rows as it takes."""
        # The bar's own hints, not its layout's: they count the frame around the buttons,
        # which the layout's do not (measured without it, the last button wrapped onto a
        # second row that the bar's height had no room for).
        width = max(self.minimumSizeHint().width(), min(self.sizeHint().width(), room))
        self.resize(width, self.heightForWidth(width))

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
    """Find-in-article: a line edit with the matches counted, next, previous and close.

    In a narrow pane the buttons go on a row of their own under the field, so the field
    always has room for a phrase.
    """

    findRequested = Signal(str, bool)  # text, backward
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find in article")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(6, 3, 6, 3)
        self._grid.setVerticalSpacing(2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("Find in article")
        self.line_edit.setAccessibleName("Find text")
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setAccessibleName("Find status")
        self.previous_button = self._button("Previous", "Find previous (Shift+Enter)")
        self.next_button = self._button("Next", "Find next (Enter)")
        self.close_button = self._button("Close", "Close the find bar (Esc)")
        self.previous_button.clicked.connect(lambda: self._request(backward=True))
        self.next_button.clicked.connect(lambda: self._request(backward=False))
        self.close_button.clicked.connect(self.close_bar)
        self._controls: list[QWidget] = [
            self.status,
            self.previous_button,
            self.next_button,
            self.close_button,
        ]
        self._rows = 0
        self._arrange(rows=1)
        self._not_found = False
        self.hide()

    # -- layout --------------------------------------------------------------------------

    def _field_room(self) -> int:
        """Room for a phrase such as "US Department of Defense" in the field."""
        return self.line_edit.fontMetrics().horizontalAdvance("x" * FIELD_CHARS) + 30

    def _one_row_width(self) -> int:
        controls = sum(w.sizeHint().width() for w in self._controls)
        spacing = self._grid.horizontalSpacing() * len(self._controls)
        margins = self._grid.contentsMargins()
        return self._field_room() + controls + spacing + margins.left() + margins.right()

    def _arrange(self, rows: int) -> None:
        if rows == self._rows:
            return
        self._rows = rows
        for widget in (self.line_edit, *self._controls):
            self._grid.removeWidget(widget)
        for column in range(len(self._controls) + 1):
            self._grid.setColumnStretch(column, 0)
        if rows == 1:
            self._grid.addWidget(self.line_edit, 0, 0)
            for column, widget in enumerate(self._controls, start=1):
                self._grid.addWidget(widget, 0, column)
            self._grid.setColumnStretch(0, 1)
        else:
            self._grid.addWidget(self.line_edit, 0, 0, 1, len(self._controls))
            for column, widget in enumerate(self._controls):
                self._grid.addWidget(widget, 1, column)
            self._grid.setColumnStretch(0, 1)  # the count takes what the buttons leave

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(rows=1 if event.size().width() >= self._one_row_width() else 2)
        super().resizeEvent(event)

    # -- what it says ---------------------------------------------------------------------

    @property
    def not_found(self) -> bool:
        return self._not_found

    def set_not_found(self, not_found: bool) -> None:
        self._not_found = not_found
        self.status.setText("Not found" if not_found else "")
        self._tint(not_found)

    def show_count(self, count: int) -> None:
        """While typing: how many matches the text has (none: the field turns red)."""
        self._not_found = count == 0 and bool(self.line_edit.text())
        if not self.line_edit.text():
            self.status.setText("")
        elif count == 0:
            self.status.setText("No matches")
        else:
            self.status.setText("1 match" if count == 1 else f"{count} matches")
        self._tint(self._not_found)

    def show_position(self, number: int, count: int) -> None:
        """After a find: which match is selected, e.g. "3 of 12"."""
        self._not_found = False
        self.status.setText(f"{number} of {count}")
        self._tint(False)

    def _tint(self, red: bool) -> None:
        # A red tint on the field itself, readable in light and dark palettes.
        self.line_edit.setStyleSheet(
            "QLineEdit { background-color: rgba(220, 40, 40, 70); }" if red else ""
        )

    # -- opening, closing, asking ---------------------------------------------------------

    def open_bar(self) -> None:
        self.show()
        # Laid out now, not on the next turn of the event loop: keys typed at once land
        # in a field of its full width.
        page = self.parentWidget()
        column = page.layout() if page is not None else None
        for _ in range(2):  # the second pass takes the height of two rows, if it has them
            if column is not None:
                column.activate()
            self._grid.activate()
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
