"""How a record's text and colour fit into one table cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from xiaomi_reader.core.colours import colours

CHIP_SIZE = 12


def one_line(text: str) -> str:
    """All whitespace, line breaks included, as single spaces."""
    return " ".join(text.split())


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_line(note: str) -> str:
    """What a Note column shows: the first line of the note, or nothing."""
    stripped = note.strip()
    return stripped.splitlines()[0] if stripped else ""


def colour_chip(colour: str | None, size: int = CHIP_SIZE) -> QIcon:
    """A small square of a tag colour; grey stripes when there is no tag."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = pixmap.rect().adjusted(0, 0, -1, -1)
    if colour and QColor(colour).isValid():
        painter.setBrush(QColor(colour))
        painter.setPen(QColor(colour).darker(130))
    else:
        painter.setBrush(QBrush(QColor(colours().orphan), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QColor(colours().orphan))
    painter.drawRoundedRect(rect, 2, 2)
    painter.end()
    return QIcon(pixmap)
