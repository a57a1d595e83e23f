"""A title of at most two lines: wrapped at word boundaries, the rest elided with "…".

A long headline in a narrow pane would otherwise wrap to ten lines and push the text
down.  The full title is the tooltip, so it is one hover away.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["MAX_TITLE_LINES", "ElidedTitle", "elided_lines"]

MAX_TITLE_LINES = 2


def elided_lines(text: str, font: QFont, width: float) -> list[str]:
    """``text`` broken at word boundaries into lines ``width`` wide, at most
    :data:`MAX_TITLE_LINES`; the last line ends in "…" when text is left over."""
    text = " ".join(text.split())
    if not text:
        return []
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while len(lines) < MAX_TITLE_LINES:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        start = line.textStart()
        last = len(lines) == MAX_TITLE_LINES - 1
        end = len(text) if last else start + line.textLength()
        lines.append(text[start:end].strip())
    layout.endLayout()
    # A single word wider than the line is cut short too, never drawn past the edge.
    elide = Qt.TextElideMode.ElideRight
    return [metrics.elidedText(line, elide, max(1.0, width)) for line in lines if line]


class ElidedTitle(QLabel):
    """A label showing :func:`elided_lines` of its text at its width; the full text as
    its tooltip.  :meth:`text` stays the full title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)  # the lines are broken here, at the label's own width

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._relayout(self.width())

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def shown_lines(self) -> list[str]:
        """The lines on screen now."""
        shown = super().text()
        return shown.split("\n") if shown else []

    def _relayout(self, width: int) -> None:
        lines = elided_lines(self._full, self.font(), width - 2 * self.margin())
        shown = "\n".join(lines)
        if shown != super().text():
            super().setText(shown)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size().width() != event.oldSize().width():
            self._relayout(event.size().width())
        super().resizeEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = len(elided_lines(self._full, self.font(), width - 2 * self.margin()))
        spacing = QFontMetricsF(self.font()).lineSpacing()
        return int(lines * spacing + 0.99) + 2 * self.margin()

    # The label takes the width it is given: its text never asks for more.
    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())
