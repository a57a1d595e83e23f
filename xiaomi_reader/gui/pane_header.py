"""The header above an article's text: its title, and its date and source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.elided_title import ElidedTitle
from xiaomi_reader.gui.text_view import DOCUMENT_MARGIN

__all__ = ["PaneHeader"]


class PaneHeader(QWidget):
    """Title and date · source, aligned with the text below; selectable, never wrapped off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(DOCUMENT_MARGIN, 10, DOCUMENT_MARGIN, 6)
        layout.setSpacing(2)
        self.title = ElidedTitle(self)  # two lines at most; the full title on hover
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.title, self.meta):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Preferred, not Maximum: a wrapped title may need more than its size hint
            # says (the hint is worked out at a wider width), and the stretch below
            # takes any extra height anyway.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        layout.addStretch(1)  # extra height (when aligned with a neighbour) goes below

    def show_article(self, article: records.Article) -> str:
        """Show ``article``'s title and details; returns the title shown."""
        title = article.title or "Untitled"
        self.title.setText(title)
        meta = " · ".join(part for part in (article.date, article.source) if part)
        self.meta.setText(meta)
        self.meta.setVisible(bool(meta))
        self.setAccessibleName(f"Article: {title}")
        self.setAccessibleDescription(meta)
        return title

    def clear(self) -> None:
        self.title.clear()
        self.meta.clear()
        self.setAccessibleName("")

    def natural_height(self) -> int:
        """The height the header needs at its current width."""
        layout = self.layout()
        return layout.totalHeightForWidth(self.width()) if layout is not None else 0
