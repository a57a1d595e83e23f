"""The header above an article's text: its title; its site, author and date; its address.

Metadata comes from the pages and files themselves, so it is shown as plain text (an
author's "<b>" stays visible as typed). Only the address is markup: a link, escaped,
and only for an http(s) address, which the browser opens.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.core.article_metadata import web_url
from xiaomi_reader.core.display import escape_controls
from xiaomi_reader.gui.elided_title import ElidedTitle
from xiaomi_reader.gui.text_view import DOCUMENT_MARGIN

__all__ = ["PaneHeader", "metadata_line"]

_SHOWN_URL_CHARS = 90  # longer addresses are shortened in the middle; the tooltip has all


def metadata_line(article: records.Article) -> str:
    """Site (else source) · author · date, the parts the article has."""
    parts = (article.site or article.source, article.author, article.date)
    return " · ".join(escape_controls(part) for part in parts if part)


class PaneHeader(QWidget):
    """Title, details and address, aligned with the text below; selectable, never wrapped
    off."""

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
        self.link = QLabel(self)
        self.link.setObjectName("ArticleAddress")
        for label in (self.title, self.meta, self.link):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Preferred, not Maximum: a wrapped title may need more than its size hint
            # says (the hint is worked out at a wider width), and the stretch below
            # takes any extra height anyway.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        # An address has nowhere to wrap: it is cut at the pane's edge (the tooltip has it
        # all) rather than holding a narrow pane open at its width.
        self.link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addStretch(1)  # extra height (when aligned with a neighbour) goes below

    def show_article(self, article: records.Article) -> str:
        """Show ``article``'s title and details; returns the title shown."""
        title = article.title or "Untitled"
        self.title.setText(title)
        meta = metadata_line(article)
        self.meta.setText(meta)
        self.meta.setVisible(bool(meta))
        self._show_address(article.url)
        self.setAccessibleName(f"Article: {title}")
        self.setAccessibleDescription(" · ".join(p for p in (meta, article.url) if p))
        return title

    def _show_address(self, url: str | None) -> None:
        shown = _shortened(escape_controls(url or ""))
        link = web_url(url)
        self.link.setVisible(bool(url))
        self.link.setToolTip(escape_controls(url or ""))
        if link is None:  # no address, or one the browser should not be asked to open
            self.link.setTextFormat(Qt.TextFormat.PlainText)
            self.link.setOpenExternalLinks(False)
            self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.link.setText(shown)
            return
        href = QUrl(link).toString(QUrl.ComponentFormattingOption.FullyEncoded)
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.setOpenExternalLinks(True)  # QDesktopServices: the user's browser
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.link.setText(f'<a href="{escape(href, quote=True)}">{escape(shown)}</a>')

    def clear(self) -> None:
        self.title.clear()
        self.meta.clear()
        self.link.clear()
        self.link.setVisible(False)
        self.setAccessibleName("")

    def natural_height(self) -> int:
        """The height the header needs at its current width."""
        layout = self.layout()
        return layout.totalHeightForWidth(self.width()) if layout is not None else 0


def _shortened(text: str) -> str:
    if len(text) <= _SHOWN_URL_CHARS:
        return text
    half = (_SHOWN_URL_CHARS - 1) // 2
    return f"{text[:half]}…{text[-half:]}"
