"""One article in a read-only view: highlights, tagging the selection, find and zoom.

:class:`ArticlePane` is a pure view.  It never touches the library; the main window
feeds it plain records and reacts to its signals.  All offsets that enter or leave
the pane count Unicode code points (the stored truth); Qt counts UTF-16 code units.
The two meet only in :class:`~xiaomi_reader.gui.pane_offsets.TextOffsets`.

The pane is a composition of parts with one job each, wired in :meth:`_connect`:
the header (:mod:`pane_header`), the text view and its layout (:mod:`text_view`),
the highlights (:mod:`highlight_layer`), flashes and linked-passage emphasis
(:mod:`pane_emphasis`), and keys, clicks and menus (:mod:`pane_input`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QMenu, QStackedLayout, QTextEdit, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.highlight_layer import HIGHLIGHT_ALPHA, HighlightLayer
from xiaomi_reader.gui.pane_bars import FindBar, TagBar
from xiaomi_reader.gui.pane_emphasis import PassageEmphasis
from xiaomi_reader.gui.pane_find import PaneFind
from xiaomi_reader.gui.pane_header import PaneHeader
from xiaomi_reader.gui.pane_input import PaneInput
from xiaomi_reader.gui.pane_offsets import TextOffsets
from xiaomi_reader.gui.text_view import ArticleTextView, reading_font

__all__ = ["EMPTY_HINT", "HIGHLIGHT_ALPHA", "MAX_POINT_SIZE", "MIN_POINT_SIZE", "ArticlePane"]

EMPTY_HINT = "Drop an article here or double-click one in the Library"
DEFAULT_POINT_SIZE = 12
MIN_POINT_SIZE = 6
MAX_POINT_SIZE = 48


class ArticlePane(QWidget):
    """Shows one article (or a hint when empty) with its highlights; see module doc."""

    tagRequested = Signal(int, int, int, int)  # article_id, start_cp, end_cp, tag_id
    annotationsActivated = Signal(list)  # annotation ids under a plain click
    deleteRequested = Signal(list)  # annotation ids the user asked to delete
    focused = Signal()  # the text view received focus
    zoomChanged = Signal(int)  # new point size
    widthChanged = Signal()  # the header may need another height

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: records.Article | None = None
        self._point_size = DEFAULT_POINT_SIZE
        self._pending_fraction: float | None = None
        self._build()
        self._offsets = TextOffsets(self._view)
        self.highlights = HighlightLayer(self._view, self._offsets, self)
        self._emphasis = PassageEmphasis(self._view, self._offsets, self.highlights, self)
        self._input = PaneInput(self._view, self._offsets, self.highlights, self.tag_bar, self)
        self._find = PaneFind(self._view, self.find_bar, self)
        self._connect()

    # -- construction ------------------------------------------------------------

    def _build(self) -> None:
        self._stack = QStackedLayout(self)
        self._hint = QLabel(EMPTY_HINT, self)
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._hint.setAccessibleName("Empty article pane")
        self._stack.addWidget(self._hint)

        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = PaneHeader(page)
        column.addWidget(self.header)
        self._view = ArticleTextView(page)
        self._view.setFont(reading_font(self._point_size))
        self.setMinimumWidth(self._view.readable_width())
        column.addWidget(self._view, 1)
        self.find_bar = FindBar(page)
        column.addWidget(self.find_bar)
        self._stack.addWidget(page)

        self.tag_bar = TagBar(self)  # a child, not a popup: works offscreen and in tiling WMs

    def _connect(self) -> None:
        view, keys = self._view, self._input
        view.clicked.connect(keys.on_click)
        view.selectionReleased.connect(keys.show_tag_bar)
        view.contextMenuAt.connect(keys.exec_context_menu)
        view.zoomStep.connect(lambda step: self._set_point_size(self._point_size + step))
        view.selectionChanged.connect(keys.on_selection_changed)
        view.verticalScrollBar().valueChanged.connect(keys.place_tag_bar)
        view.horizontalScrollBar().valueChanged.connect(keys.place_tag_bar)
        view.verticalScrollBar().rangeChanged.connect(self._apply_pending_fraction)
        view.verticalScrollBar().valueChanged.connect(self.highlights.draw_visible)
        self.tag_bar.tagClicked.connect(keys.tag_selection)
        self.find_bar.closed.connect(lambda: view.setFocus(Qt.FocusReason.OtherFocusReason))
        keys.tagRequested.connect(self.tagRequested)
        keys.annotationsActivated.connect(self.annotationsActivated)
        keys.deleteRequested.connect(self.deleteRequested)
        keys.focused.connect(self.focused)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.widthChanged.emit()
        self._input.place_tag_bar()  # the text wrapped anew: the selection moved

    def natural_header_height(self) -> int:
        """The height the header needs at its current width."""
        return self.header.natural_height()

    def set_header_height(self, height: int) -> None:
        """Panes side by side give their headers one height, so their texts start level."""
        self.header.setFixedHeight(height)

    # -- public state --------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self._article.id if self._article is not None else None

    @property
    def text_view(self) -> QTextEdit:
        """The text widget (for focus handling and inspection)."""
        return self._view

    @property
    def point_size(self) -> int:
        return self._point_size

    @property
    def drawing_highlights(self) -> bool:
        """Whether highlights off screen are still waiting to be drawn while idle."""
        return self.highlights.drawing

    def show_article(
        self,
        article: records.Article,
        annotations: Sequence[records.Annotation],
        tags: Mapping[int, records.Tag],
    ) -> None:
        """Show ``article`` with its highlights; replaces whatever was shown."""
        self._stop_transients()
        self.highlights.set_article(article, annotations)
        self._article = article
        self._offsets.reset(article.text)  # the one map for this article
        title = self.header.show_article(article)
        self._view.setAccessibleName(f"Article text: {title}")
        self._view.setDocumentTitle(title)
        self._apply_tags(tags)
        self._view.load_text(
            article.text, lambda cursor: self.highlights.draw_first_screens(cursor, self.size())
        )
        self._stack.setCurrentIndex(1)
        self.highlights.draw_visible()  # in case the first screens were more than estimated
        self.highlights.draw_rest_after_paint()
        self._find.recount()

    def clear(self) -> None:
        """Forget the article and show the empty hint."""
        self._stop_transients()
        self.find_bar.close_bar()
        self._article = None
        self._offsets.reset("")
        self.highlights.clear()
        self._view.clear()
        self.header.clear()
        self._view.setAccessibleName("Article text")
        self._stack.setCurrentIndex(0)

    def set_read_only(self) -> None:
        """For reading only (an earlier version): no tag bar, no tagging or deleting."""
        self._input.read_only = True

    def set_tags(self, tags: Mapping[int, records.Tag]) -> None:
        """Tags changed (colour, name, shortcut): redraw every highlight."""
        self._apply_tags(tags)
        if self._article is not None:
            self.highlights.render_all()

    def _apply_tags(self, tags: Mapping[int, records.Tag]) -> None:
        self.highlights.set_tags(tags)
        self._input.set_tags(tags)

    # -- annotations ---------------------------------------------------------------

    def add_annotation(self, annotation: records.Annotation) -> None:
        self.highlights.update_annotation(annotation)

    def update_annotation(self, annotation: records.Annotation) -> None:
        """Add or replace one annotation, redrawing only its old and new ranges."""
        self.highlights.update_annotation(annotation)

    def remove_annotation(self, annotation_id: int) -> None:
        self.highlights.remove_annotation(annotation_id)

    def annotation_ids_at(self, cp: int) -> list[int]:
        """Ids of the drawn annotations covering the character at code point ``cp``."""
        return self.highlights.ids_at(cp)

    def describe_links_with(self, link_lines: Callable[[int], list[str]]) -> None:
        """Where hovering a highlight finds its links (one line each, by annotation id)."""
        self.highlights.describe_links_with(link_lines)

    def tooltip_text(self, cp: int) -> str:
        """Plain text describing the annotations at ``cp``: tags, the note's start, links."""
        return self.highlights.tooltip_text(cp)

    def char_format_at(self, cp: int) -> QTextCharFormat:
        """The character format drawn for the character at code point ``cp``."""
        return self.highlights.char_format_at(cp)

    def scroll_to_annotation(self, annotation_id: int, flash: bool = True) -> bool:
        """Centre an annotation's passage; False if it is unknown or not drawn."""
        span = self.highlights.span_of(annotation_id)
        if span is None:
            return False
        cursor = self._offsets.cursor(span[0], span[1])
        caret = QTextCursor(cursor)
        caret.clearSelection()
        self._view.setTextCursor(caret)
        self._view.centre_on(caret)
        if flash:
            self._emphasis.flash(cursor)
        return True

    def passage_rect(self, annotation_id: int) -> QRect | None:
        """Where an annotation's text is on screen, in this pane's coordinates.

        The bounding box of the lines it covers as laid out now, clipped to the visible
        text; None when it is not drawn, or scrolled out of view.
        """
        span = self.highlights.span_of(annotation_id)
        view = self._view
        if span is None or self._stack.currentIndex() != 1 or not view.isVisible():
            return None
        if self._offsets.off_screen(span[0], span[1]):
            return None  # cheaply known to be off screen: no layout walk needed
        box = self._offsets.box(span[0], span[1])
        scroll = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        visible = box.toAlignedRect().translated(-scroll) & view.viewport().rect()
        if visible.isEmpty():
            return None
        return visible.translated(view.viewport().mapTo(self, QPoint(0, 0)))

    def passage_side(self, annotation_id: int) -> int | None:
        """Which way an annotation's passage lies from what is on screen: -1 above, 1 below,
        0 on screen; None when this pane does not show it."""
        span = self.highlights.span_of(annotation_id)
        if span is None or self._stack.currentIndex() != 1 or not self._view.isVisible():
            return None
        if self.passage_rect(annotation_id) is not None:
            return 0
        side = self._offsets.side(span[0], span[1])
        if side == 0:  # on a line cut by the edge: whichever edge is nearer its middle
            middle = self._offsets.box(span[0], span[1]).center().y()
            side = -1 if middle < self._view.verticalScrollBar().value() else 1
        return side

    def highlight_counterparts(self, annotation_ids: Sequence[int]) -> None:
        """Emphasise these passages (the other ends of a selected link) until given []."""
        self._emphasis.set_counterparts(annotation_ids)

    def flashing(self) -> bool:
        """Whether a passage is being flashed right now (counterpart emphasis is not a flash)."""
        return self._emphasis.flashing()

    # -- selection -----------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points ``(start, end)``, or None when nothing is selected."""
        return self._input.selected_range()

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` and make them visible."""
        self._view.complete_layout()
        self._view.setTextCursor(self._offsets.cursor(start, end))
        self._view.ensureCursorVisible()

    def context_menu(self, viewport_pos: QPoint) -> QMenu:
        """The text view's context menu for a click at ``viewport_pos``."""
        return self._input.context_menu(viewport_pos)

    # -- zoom ----------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._set_point_size(self._point_size + 1)

    def zoom_out(self) -> None:
        self._set_point_size(self._point_size - 1)

    def reset_zoom(self) -> None:
        self._set_point_size(DEFAULT_POINT_SIZE)

    def set_point_size(self, size: int) -> None:
        """Restore a saved zoom level (clamped to the allowed range)."""
        self._set_point_size(size)

    def _set_point_size(self, size: int) -> None:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        if size == self._point_size:
            return
        self._point_size = size
        self._view.set_point_size(size)
        self.setMinimumWidth(self._view.readable_width())  # a larger text needs a wider pane
        self._input.hide_tag_bar()
        self.zoomChanged.emit(size)

    # -- find ----------------------------------------------------------------------

    def show_find_bar(self) -> None:
        if self._article is not None:
            self.find_bar.open_bar()

    def find_text(self, text: str, backward: bool = False) -> bool:
        """Select the next (or previous) case-insensitive match, wrapping around."""
        return self._article is not None and self._find.find(text, backward)

    # -- scroll position -----------------------------------------------------------

    def scroll_fraction(self) -> float:
        self._view.complete_layout()
        bar = self._view.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        """Scroll to ``fraction`` (0..1) of the text, or as soon as it is laid out."""
        fraction = max(0.0, min(1.0, fraction))
        self._view.complete_layout()
        bar = self._view.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(round(fraction * bar.maximum()))
            self._pending_fraction = None
        else:
            self._pending_fraction = fraction  # not laid out yet (hidden pane)

    def _apply_pending_fraction(self, _minimum: int, maximum: int) -> None:
        if self._pending_fraction is not None and maximum > 0:
            self.set_scroll_fraction(self._pending_fraction)

    def _stop_transients(self) -> None:
        self._emphasis.stop()
        self._input.hide_tag_bar()
        self._pending_fraction = None
