"""How a record's text and colour fit into one table cell."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

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
    """A small square of a tag colour; grey stripes when there is no tag.

    Two rings, dark inside light, keep a chip of any colour apart from the background in
    a light and a dark palette alike (a violet chip alone would melt into a dark table).
    """
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(255, 255, 255, 230), 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(pixmap.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    inner = QRectF(pixmap.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0))
    if colour and QColor(colour).isValid():
        painter.setBrush(QColor(colour))
    else:
        painter.setBrush(QBrush(QColor(colours().orphan), Qt.BrushStyle.BDiagPattern))
    painter.drawRoundedRect(inner, 2, 2)
    painter.end()
    return QIcon(pixmap)
