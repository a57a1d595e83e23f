"""The reading area: article panes side by side, with room above them for a banner.

:class:`ReadingArea` opens, adds and closes panes, keeps track of the current one,
gives their headers one height so the texts start level, and carries the connector
lines between linked passages.  It announces each new pane with :attr:`paneAdded`;
the main window wires the pane's signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import ConnectorOverlay
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.link_words import link_lines

__all__ = ["INITIAL_PANES", "MAX_PANES", "ReadingArea"]

INITIAL_PANES = 3
MAX_PANES = 6


class ReadingArea(QWidget):
    """The window's central widget; see the module doc."""

    paneAdded = Signal(object)  # the new ArticlePane, before it becomes the current one
    panesChanged = Signal()  # a pane was added or closed
    message = Signal(str, int)  # for the status bar, with how long to show it (ms)
    currentChanged = Signal()  # another pane has the focus, or the focused one another article

    def __init__(self, controller: LibraryController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.panes: list[ArticlePane] = []
        self.current_pane: ArticlePane | None = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ReadingArea")
        self.splitter.setAccessibleName("Reading area")
        self.splitter.setChildrenCollapsible(False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.splitter, 1)
        self._align_timer = QTimer(self)
        self._align_timer.setSingleShot(True)
        self._align_timer.setInterval(0)
        self._align_timer.timeout.connect(self.align_headers)
        self.splitter.splitterMoved.connect(self.schedule_header_alignment)
        self.overlay = ConnectorOverlay(self.splitter)

    @property
    def banner_layout(self) -> QVBoxLayout:
        """The column holding the panes: a banner inserted at 0 sits above them."""
        return self._layout

    # -- panes ---------------------------------------------------------------------------

    def add_empty_pane(self) -> ArticlePane | None:
        if len(self.panes) >= MAX_PANES:
            self.message.emit(f"At most {MAX_PANES} panes fit side by side.", 4000)
            return None
        pane = ArticlePane(self.splitter)
        controller = self._controller
        pane.set_tags(controller.tag_map())
        pane.describe_links_with(
            lambda ident: link_lines(ident, controller.links_of(ident), controller.annotation)
        )
        self.splitter.addWidget(pane)
        self.panes.append(pane)
        self.paneAdded.emit(pane)
        self.set_current_pane(pane)
        self._panes_changed()
        return pane

    def close_current_pane(self) -> None:
        pane = self.current_pane
        if pane is None or len(self.panes) <= 1:
            return
        self.panes.remove(pane)
        pane.hide()
        pane.deleteLater()
        self._panes_changed()
        self.set_current_pane(self.panes[-1])

    def set_current_pane(self, pane: ArticlePane | None) -> None:
        self.current_pane = pane
        self.currentChanged.emit()

    def _panes_changed(self) -> None:
        self.overlay.watch(self.panes)
        self.panesChanged.emit()
        self.schedule_header_alignment()

    def open_article(self, article_id: int, pane: ArticlePane | None = None) -> ArticlePane | None:
        """Show an article in a pane: the one given, the current one, or a new one."""
        target = pane or self.current_pane or self.add_empty_pane()
        if target is None:
            return None
        controller = self._controller
        article = controller.attempt(lambda: controller.library.article(article_id))
        if article is None:
            return None
        annotations = controller.annotations_for(article_id)
        target.show_article(article, annotations, controller.tag_map())
        self.schedule_header_alignment()
        self.set_current_pane(target)
        return target

    def open_initial_panes(self, articles: Sequence[records.ArticleSummary]) -> None:
        """The first articles side by side (an empty pane when there are none)."""
        for summary in articles[:INITIAL_PANES]:
            pane = self.add_empty_pane()
            if pane is not None:
                self.open_article(summary.id, pane)
        if not self.panes:
            self.add_empty_pane()
        self.splitter.setSizes([1000] * len(self.panes))
        self.set_current_pane(self.panes[0])

    def show_articles(self, article_ids: Sequence[int]) -> int:
        """One article to a pane from the left, as many as fit; returns how many."""
        shown = list(article_ids[:MAX_PANES])
        for n, article_id in enumerate(shown):
            pane = self.panes[n] if n < len(self.panes) else self.add_empty_pane()
            self.open_article(article_id, pane)
        if shown:
            self.splitter.setSizes([1000] * len(self.panes))
            self.set_current_pane(self.panes[0])
        return len(shown)

    def drop_article(self, article_id: int, under: QWidget | None) -> None:
        """An article dropped on the widget ``under``: shown in the pane holding it."""
        while under is not None and not isinstance(under, ArticlePane):
            under = under.parentWidget()
        self.open_article(article_id, under)

    def reload_panes(self, known: set[int]) -> None:
        """Show every pane's article afresh where it was read; empty the ones now gone."""
        for pane in self.panes:
            article_id = pane.article_id
            if article_id is None:
                continue
            if article_id not in known:
                pane.clear()
                continue
            fraction = pane.scroll_fraction()
            self.open_article(article_id, pane)
            pane.set_scroll_fraction(fraction)

    def panes_showing(self, article_id: int | None) -> list[ArticlePane]:
        return [p for p in self.panes if article_id is not None and p.article_id == article_id]

    # -- what every pane does alike ------------------------------------------------------

    def set_tags(self, tags: dict[int, records.Tag]) -> None:
        for pane in self.panes:
            pane.set_tags(tags)

    def zoom(self, how: str) -> None:
        """Zoom the current pane ``"in"``, ``"out"`` or back to its ``"reset"`` size."""
        pane = self.current_pane
        if pane is None:
            return
        {"in": pane.zoom_in, "out": pane.zoom_out, "reset": pane.reset_zoom}[how]()

    def find_in_pane(self) -> None:
        if self.current_pane is not None:
            self.current_pane.show_find_bar()

    def align_headers(self) -> None:
        """Give every pane's header the tallest one's height, so the texts start level."""
        if not self.panes:
            return
        height = max(pane.natural_header_height() for pane in self.panes)
        for pane in self.panes:
            pane.set_header_height(height)

    def schedule_header_alignment(self) -> None:
        self._align_timer.start()
