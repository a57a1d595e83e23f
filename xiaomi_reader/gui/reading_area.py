"""The reading area: article panes side by side, with room above them for a banner.

:class:`ReadingArea` opens, adds and closes panes, keeps track of the current one,
gives their headers one height so the texts start level, and carries the connector
lines between linked passages.  It announces each new pane with :attr:`paneAdded`;
the main window wires the pane's signals.

Each pane keeps a readable minimum width (:meth:`ArticleTextView.readable_width`):
when more panes are open than fit, the panes keep it and the area scrolls sideways
instead of squeezing them.  A pane added or opened is scrolled into view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSlider,
    QApplication,
    QFrame,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connectors import ConnectorOverlay
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.link_words import link_lines
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus

__all__ = ["INITIAL_PANES", "MAX_PANES", "ReadingArea"]

INITIAL_PANES = 3
MAX_PANES = 6
_PAGES = {  # a scroll bar action that pages: which way it goes
    QAbstractSlider.SliderAction.SliderPageStepAdd.value: 1,
    QAbstractSlider.SliderAction.SliderPageStepSub.value: -1,
}


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
        # The splitter sits in a strip as wide as the window, or as wide as the panes'
        # minimums add up to: then the scroll area scrolls it sideways.
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("ReadingScroll")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._strip = strip = QWidget(self.scroll_area)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, strip)
        self.splitter.setObjectName("ReadingArea")
        self.splitter.setAccessibleName("Reading area")
        self.splitter.setChildrenCollapsible(False)
        strip_layout = QVBoxLayout(strip)
        strip_layout.setContentsMargins(0, 0, 0, 0)
        strip_layout.addWidget(self.splitter)
        self.scroll_area.setWidget(strip)
        self.scroll_area.viewport().installEventFilter(self)  # its width sets the panes'
        self.scroll_area.horizontalScrollBar().actionTriggered.connect(self._snap_step)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.scroll_area, 1)
        # Sharing the width and scrolling to a pane wait until the strip has its new width.
        self._share = False
        self._reveal: ArticlePane | None = None
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(0)
        self._settle_timer.timeout.connect(self._settle)
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
        pane.zoomChanged.connect(self.fit_panes)
        pane.focused.connect(lambda p=pane: self._focused(p))
        self.splitter.addWidget(pane)
        self.panes.append(pane)
        self.share_equally()
        self.paneAdded.emit(pane)
        self.set_current_pane(pane)
        self._panes_changed()
        self.reveal(pane)
        return pane

    def close_current_pane(self) -> None:
        pane = self.current_pane
        if pane is None or len(self.panes) <= 1:
            return
        self.panes.remove(pane)
        if self._reveal is pane:
            self._reveal = None
        pane.hide()
        pane.deleteLater()
        self._panes_changed()
        if self._strip.minimumWidth():  # still scrolling: keep to whole panes
            self.share_equally()
        self.set_current_pane(self.panes[-1])

    def set_current_pane(self, pane: ArticlePane | None) -> None:
        self.current_pane = pane
        self.currentChanged.emit()

    def fit_panes(self) -> None:
        """However narrow the window, one pane fits whole: the widest minimum.  With more
        panes than fit, the strip is as wide as whole panes: as many as fit show side by
        side from any pane's edge, never with a sliver of another."""
        widest = max((p.minimumWidth() for p in self.panes), default=0)
        self.scroll_area.setMinimumWidth(widest)
        handle = self.splitter.handleWidth()
        room = max(self.scroll_area.viewport().width(), widest)
        fit = max(1, (room + handle) // (widest + handle))
        if len(self.panes) <= fit:
            self._strip.setMinimumWidth(0)
            return
        pane = (room + handle) // fit - handle
        self._strip.setMinimumWidth(len(self.panes) * (pane + handle) - handle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_panes()
        return super().eventFilter(watched, event)

    def share_equally(self) -> None:
        """Give every pane the same width (once the strip has its new width)."""
        self._share = True
        self._settle_timer.start()

    def restore_sizes(self, state: QByteArray) -> None:
        """The panes' widths as saved, instead of equal shares."""
        self._share = False
        self.splitter.restoreState(state)

    def _focused(self, pane: ArticlePane) -> None:
        # Reached by F6 or Tab: bring it into view.  Not for a click, which lands on a
        # pane already in view, where scrolling would pull the text from under the mouse.
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.reveal(pane)

    def reveal(self, pane: ArticlePane) -> None:
        """Scroll ``pane`` into view once the layout has given it its place."""
        self._reveal = pane
        self._settle_timer.start()

    def _settle(self) -> None:
        # The strip is resized to its panes through posted layout requests: settle them
        # first, or the widths shared and the places scrolled to are the old ones.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if self._share:
            self._share = False
            self.splitter.setSizes([1000] * len(self.panes))
        pane, self._reveal = self._reveal, None
        if pane is not None and pane in self.panes:
            self.scroll_area.horizontalScrollBar().setValue(self._first_edge_showing(pane))

    def _first_edge_showing(self, pane: ArticlePane) -> int:
        """Where to scroll so ``pane`` is whole on screen with a pane's left edge at the
        left, never a sliver of one; the nearest such place to where the area is now."""
        width = self.scroll_area.viewport().width()
        now = self.scroll_area.horizontalScrollBar().value()
        left, right = pane.x(), pane.x() + pane.width()
        if left >= now and right <= now + width:
            return now  # already whole on screen
        edges = [p.x() for p in self.panes if p.x() <= left and p.x() + width >= right]
        return min(edges) if right > now + width and edges else left

    def _snap_step(self, action: int) -> None:
        """A click on the scroll bar's trough stops at the pane edge (or the far end)
        nearest where the page would have gone: a page is rarely whole panes, and a few
        pixels short of an edge leave a sliver of a pane. The arrows, the wheel and
        dragging still move by as little as the reader likes."""
        direction = _PAGES.get(action)
        if direction is None or not self.panes:
            return
        bar = self.scroll_area.horizontalScrollBar()
        now, aim = bar.value(), bar.sliderPosition()
        edges = {min(p.x(), bar.maximum()) for p in self.panes} | {bar.maximum()}
        ahead = [e for e in edges if (e - now) * direction > 0]
        if ahead:
            bar.setSliderPosition(min(ahead, key=lambda e: abs(e - aim)))

    def _panes_changed(self) -> None:
        self.fit_panes()
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
        self.reveal(target)
        return target

    def open_initial_panes(self, articles: Sequence[records.ArticleSummary]) -> None:
        """The first articles side by side (an empty pane when there are none)."""
        for summary in articles[:INITIAL_PANES]:
            pane = self.add_empty_pane()
            if pane is not None:
                self.open_article(summary.id, pane)
        if not self.panes:
            self.add_empty_pane()
        self.share_equally()
        self.set_current_pane(self.panes[0])
        self.reveal(self.panes[0])

    def show_articles(self, article_ids: Sequence[int]) -> int:
        """One article to a pane from the left, as many as fit; returns how many."""
        shown = list(article_ids[:MAX_PANES])
        for n, article_id in enumerate(shown):
            pane = self.panes[n] if n < len(self.panes) else self.add_empty_pane()
            self.open_article(article_id, pane)
        if shown:
            self.share_equally()
            self.set_current_pane(self.panes[0])
            self.reveal(self.panes[0])
        return len(shown)

    def open_first_imported(self, outcomes: Sequence[ImportOutcome]) -> ArticlePane | None:
        """The first newly imported article, in a free pane: an empty one, or a new one
        while there is room; what the reader has open is never replaced."""
        first = next(
            (o.article for o in outcomes if o.status is ImportStatus.IMPORTED and o.article),
            None,
        )
        if first is None:
            return None
        free = [p for p in self.panes if p.article_id is None]
        if not free and len(self.panes) >= MAX_PANES:
            return None
        return self.open_article(first.id, free[0] if free else self.add_empty_pane())

    def drop_article(self, article_id: int, under: QWidget | None) -> None:
        """An article dropped on the widget ``under``: shown in the pane holding it."""
        while under is not None and not isinstance(under, ArticlePane):
            under = under.parentWidget()
        self.open_article(article_id, under)

    def reload_panes(self, known: set[int]) -> None:
        """Show every pane's article afresh where it was read; empty the ones now gone."""
        for pane in self.panes:
            if pane.article_id is not None and pane.article_id not in known:
                pane.clear()
        self.show_afresh(self.panes)

    def show_afresh(self, panes: Sequence[ArticlePane]) -> None:
        """Show these panes' articles again, each scrolled where it was read.  The reader
        stays where they are: the same pane current, the area not scrolled sideways."""
        current, pending = self.current_pane, self._reveal
        for pane in panes:
            if pane.article_id is None:
                continue
            fraction = pane.scroll_fraction()
            self.open_article(pane.article_id, pane)
            pane.set_scroll_fraction(fraction)
        self._reveal = pending
        if self.current_pane is not current:
            self.set_current_pane(current)

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
