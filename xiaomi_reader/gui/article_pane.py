"""One article in a read-only view: highlights, tagging the selection, find and zoom.

:class:`ArticlePane` is a pure view.  It never touches the library; the main window
feeds it plain records and reacts to its signals.  All offsets that enter or leave
the pane count Unicode code points (the stored truth); Qt counts UTF-16 code units.
The two meet only in :meth:`ArticlePane._to_u16` / :meth:`ArticlePane._to_cp`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractAnimation,
    QEvent,
    QKeyCombination,
    QObject,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedLayout,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.gui.highlights import (
    PendingRanges,
    Rgb,
    Segment,
    Span,
    SpanIndex,
    blend,
    merge_windows,
    segments_in_window,
)
from xiaomi_reader.gui.pane_bars import FindBar, TagBar, chip_icon, tag_colour
from xiaomi_reader.gui.text_geometry import lines_between, passage_box
from xiaomi_reader.gui.text_view import ArticleTextView

__all__ = ["EMPTY_HINT", "MAX_POINT_SIZE", "MIN_POINT_SIZE", "ArticlePane"]

EMPTY_HINT = "Drop an article here or double-click one in the Library"
DEFAULT_POINT_SIZE = 12
MIN_POINT_SIZE = 6
MAX_POINT_SIZE = 48
DOCUMENT_MARGIN = 24
LINE_HEIGHT_PERCENT = 140
# ~0.4 opacity: tag colours stay readable over light and dark backgrounds.
HIGHLIGHT_ALPHA = 102
COUNTERPART_ALPHA = 190  # a linked passage of the selected annotation: clearly stronger
FLASH_MS = 600
FLASH_RGB: Rgb = (255, 196, 0)
NOTE_PREVIEW_CHARS = 120
# First installed family wins.  Asking Qt for a generic alias such as "serif" would
# log a font-alias warning on systems without it.
SERIF_FAMILIES = (
    "Noto Serif",
    "Source Serif 4",
    "Source Serif Pro",
    "Georgia",
    "Charter",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
)
# Characters QTextDocument would turn into structure (block or frame markers), which
# would change the text's length; shown as look-alikes so offsets stay 1:1.
_DISPLAY_SAFE = str.maketrans({"\r": "\n", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd"})
# Highlights off screen are drawn when the pane is idle, in slices of this many code
# points, for at most this long per turn of the event loop, so input stays responsive.
IDLE_SLICE_CHARS = 4000
IDLE_BUDGET_S = 0.012


def _display_text(text: str) -> str:
    # translate() walks the whole text even when there is nothing to change (~10 ms
    # for 200 kB); a search for each character is a hundred times cheaper.
    if any(c in text for c in ("\r", "\ufdd0", "\ufdd1")):
        return text.translate(_DISPLAY_SAFE)
    return text


def _reading_font(point_size: int) -> QFont:
    font = QFont()
    families = set(QFontDatabase.families())
    for family in SERIF_FAMILIES:
        if family in families:
            font.setFamily(family)
            break
    font.setPointSize(point_size)
    return font


def _counterpart_format(rgb: Rgb, palette: QPalette) -> QTextCharFormat:
    """A linked passage: its own colour, stronger, underlined in the selection colour."""
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(QColor(*rgb, COUNTERPART_ALPHA)))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(palette.color(QPalette.ColorRole.Highlight))
    return fmt


def _note_preview(note: str) -> str:
    flat = " ".join(note.split())
    if len(flat) <= NOTE_PREVIEW_CHARS:
        return flat
    return flat[:NOTE_PREVIEW_CHARS].rstrip() + "…"


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
        self._offsets = OffsetMap("")
        self._annotations: dict[int, records.Annotation] = {}
        self._tags: dict[int, records.Tag] = {}
        self._shortcuts: list[tuple[QKeySequence, int]] = []
        self._formats: dict[tuple[Rgb, ...], QTextCharFormat] = {}
        self._rgb_by_tags: dict[tuple[int, ...], Rgb] = {}
        self._visible_key: tuple[int, ...] = ()
        self._visible = (0, 0)
        self._visible_block = 0  # where the last search for the visible lines started
        self._index = SpanIndex()
        # Highlights not drawn yet: the visible part is drawn at once, the rest lazily.
        self._pending = PendingRanges()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._draw_pending_while_idle)
        self._idle_after_paint = False
        self._point_size = DEFAULT_POINT_SIZE
        self._pending_fraction: float | None = None
        self._build()
        self._flash = QVariantAnimation(self)
        self._flash.setDuration(FLASH_MS)
        self._flash.setStartValue(180)
        self._flash.setEndValue(0)
        self._flash_cursor = QTextCursor()
        self._flash.valueChanged.connect(self._paint_flash)
        self._flash.finished.connect(lambda: self._view.setExtraSelections([]))
        # Linked passages stay emphasised through a flash: redrawn after each of its steps.
        self._counterpart_ids: list[int] = []
        self._flash.valueChanged.connect(self._show_counterparts)
        self._flash.finished.connect(self._show_counterparts)

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
        column.addWidget(self._build_header(page))
        self._view = ArticleTextView(page)
        self._view.setFont(_reading_font(self._point_size))
        column.addWidget(self._view, 1)
        self.find_bar = FindBar(page)
        column.addWidget(self.find_bar)
        self._stack.addWidget(page)

        self.tag_bar = TagBar(self)  # a child, not a popup: works offscreen and in tiling WMs
        self._connect()

    def _build_header(self, parent: QWidget) -> QWidget:
        self._header = QWidget(parent)
        layout = QVBoxLayout(self._header)
        layout.setContentsMargins(DOCUMENT_MARGIN, 10, DOCUMENT_MARGIN, 6)
        layout.setSpacing(2)
        self._title = QLabel(self._header)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setWordWrap(True)
        title_font = self._title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self._title.setFont(title_font)
        self._meta = QLabel(self._header)
        self._meta.setTextFormat(Qt.TextFormat.PlainText)
        self._meta.setWordWrap(True)
        self._meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self._title, self._meta):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Preferred, not Maximum: a wrapped title may need more than its size hint
            # says (the hint is worked out at a wider width), and the stretch below
            # takes any extra height anyway.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        layout.addStretch(1)  # extra height (when aligned with a neighbour) goes below
        return self._header

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.widthChanged.emit()

    def natural_header_height(self) -> int:
        """The height the header needs at its current width."""
        layout = self._header.layout()
        return layout.totalHeightForWidth(self._header.width())

    def set_header_height(self, height: int) -> None:
        """Panes side by side give their headers one height, so their texts start level."""
        self._header.setFixedHeight(height)

    def _connect(self) -> None:
        view = self._view
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.clicked.connect(self._on_click)
        view.selectionReleased.connect(self._show_tag_bar)
        view.contextMenuAt.connect(self._exec_context_menu)
        view.zoomStep.connect(lambda step: self._set_point_size(self._point_size + step))
        view.selectionChanged.connect(self._on_selection_changed)
        view.verticalScrollBar().valueChanged.connect(self.tag_bar.hide)
        view.horizontalScrollBar().valueChanged.connect(self.tag_bar.hide)
        view.verticalScrollBar().rangeChanged.connect(self._apply_pending_fraction)
        view.verticalScrollBar().valueChanged.connect(self._draw_visible)
        self.tag_bar.tagClicked.connect(self._tag_selection)
        self.find_bar.findRequested.connect(self._on_find_requested)
        self.find_bar.closed.connect(lambda: view.setFocus(Qt.FocusReason.OtherFocusReason))

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
        return bool(self._pending)

    def show_article(
        self,
        article: records.Article,
        annotations: Sequence[records.Annotation],
        tags: Mapping[int, records.Tag],
    ) -> None:
        """Show ``article`` with its highlights; replaces whatever was shown."""
        self._stop_transients()
        self._pending.clear()  # ranges of the previous article mean nothing here
        self._visible_key = ()
        self._article = article
        self._offsets = OffsetMap(article.text)  # the one map for this article
        ours = (None, article.id)
        self._annotations = {a.id: a for a in annotations if a.article_id in ours}
        self._index = SpanIndex(self._spans())
        self._set_header(article)
        self._apply_tags(tags)
        self._load_text(article.text)
        self._stack.setCurrentIndex(1)
        self._draw_visible()  # in case the first screens were more than estimated
        self._draw_rest_after_paint()

    def clear(self) -> None:
        """Forget the article and show the empty hint."""
        self._stop_transients()
        self.find_bar.close_bar()
        self._article = None
        self._offsets = OffsetMap("")
        self._annotations = {}
        self._index = SpanIndex()
        self._pending.clear()
        self._idle.stop()
        self._view.clear()
        self._title.clear()
        self._meta.clear()
        self._view.setAccessibleName("Article text")
        self._header.setAccessibleName("")
        self._stack.setCurrentIndex(0)

    def set_tags(self, tags: Mapping[int, records.Tag]) -> None:
        """Tags changed (colour, name, shortcut): redraw every highlight."""
        self._apply_tags(tags)
        if self._article is not None:
            self._render_all()

    # -- annotations ---------------------------------------------------------------

    def add_annotation(self, annotation: records.Annotation) -> None:
        self.update_annotation(annotation)

    def update_annotation(self, annotation: records.Annotation) -> None:
        """Add or replace one annotation, redrawing only its old and new ranges."""
        if self._article is None or not self._belongs(annotation):
            return
        old = self._annotations.get(annotation.id)
        self._annotations[annotation.id] = annotation
        old_span, new_span = self._span(old), self._span(annotation)
        if old_span is not None:
            self._index.remove(old_span)
        if new_span is not None:
            self._index.add(new_span)
        self._render_windows([old_span, new_span])

    def remove_annotation(self, annotation_id: int) -> None:
        old = self._annotations.pop(annotation_id, None)
        if old is not None:
            span = self._span(old)
            if span is not None:
                self._index.remove(span)
            self._render_windows([span])

    def annotation_ids_at(self, cp: int) -> list[int]:
        """Ids of the drawn annotations covering the character at code point ``cp``."""
        hits = [(span[0], span[2]) for span in self._index.overlapping(cp, cp + 1)]
        return [ident for _start, ident in sorted(hits)]

    def scroll_to_annotation(self, annotation_id: int, flash: bool = True) -> bool:
        """Centre an annotation's passage; False if it is unknown or not drawn."""
        span = self._span(self._annotations.get(annotation_id))
        if span is None:
            return False
        cursor = self._cursor(span[0], span[1])
        caret = QTextCursor(cursor)
        caret.clearSelection()
        self._view.setTextCursor(caret)
        self._centre_on(caret)
        if flash:
            self._flash.stop()
            self._flash_cursor = cursor
            self._flash.start()
            self._paint_flash(self._flash.startValue())  # visible at once, not a tick later
        return True

    def passage_rect(self, annotation_id: int) -> QRect | None:
        """Where an annotation's text is on screen, in this pane's coordinates.

        The bounding box of the lines it covers as laid out now, clipped to the visible
        text; None when it is not drawn, or scrolled out of view.
        """
        span = self._span(self._annotations.get(annotation_id))
        view = self._view
        if span is None or self._stack.currentIndex() != 1 or not view.isVisible():
            return None
        first_visible, last_visible = self._visible_u16()
        if self._to_u16(span[1]) < first_visible or self._to_u16(span[0]) > last_visible:
            return None  # cheaply known to be off screen: no layout walk needed
        box = passage_box(view.document(), self._to_u16(span[0]), self._to_u16(span[1]))
        scroll = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        visible = box.toAlignedRect().translated(-scroll) & view.viewport().rect()
        if visible.isEmpty():
            return None
        return visible.translated(view.viewport().mapTo(self, QPoint(0, 0)))

    def _visible_u16(self) -> tuple[int, int]:
        """The UTF-16 range of the lines on screen, remembered until scroll, size or zoom move."""
        view = self._view
        viewport = view.viewport()
        key = (
            view.verticalScrollBar().value(),
            viewport.width(),
            viewport.height(),
            self._point_size,
            view.document().revision(),
        )
        if key != self._visible_key:
            doc, top, near = view.document(), key[0], self._visible_block
            first, end, self._visible_block = lines_between(doc, top, top + key[2], near)
            self._visible = (first, end)
            self._visible_key = key
        return self._visible

    def highlight_counterparts(self, annotation_ids: Sequence[int]) -> None:
        """Emphasise these passages (the other ends of a selected link) until given []."""
        self._counterpart_ids = list(annotation_ids)
        self._show_counterparts()

    def _show_counterparts(self, *_args: object) -> None:
        selections = []
        for annotation_id in self._counterpart_ids:
            span = self._span(self._annotations.get(annotation_id))
            if span is not None:
                rgb = self._annotation_rgb(self._annotations[annotation_id])
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self._cursor(span[0], span[1])
                selection.format = _counterpart_format(rgb, self.palette())
                selections.append(selection)
        if self._flash.state() == QAbstractAnimation.State.Running:
            self._paint_flash(self._flash.currentValue())
            selections.extend(self._view.extraSelections())
        self._view.setExtraSelections(selections)

    def flashing(self) -> bool:
        """Whether a passage is being flashed right now (counterpart emphasis is not a flash)."""
        return self._flash.state() == QAbstractAnimation.State.Running

    def tooltip_text(self, cp: int) -> str:
        """Plain text describing the annotations at ``cp``: tags, then the note's start."""
        blocks = []
        for ident in self.annotation_ids_at(cp):
            annotation = self._annotations[ident]
            names = [self._tags[t].name for t in annotation.tag_ids if t in self._tags]
            lines = [", ".join(names) or "Untagged"]
            if annotation.note.strip():
                lines.append(_note_preview(annotation.note))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def char_format_at(self, cp: int) -> QTextCharFormat:
        """The character format drawn for the character at code point ``cp``."""
        # As drawn once scrolled to; at a line's end Qt reports the next line's first char.
        self._draw_range(cp, cp + 2)
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(self._to_u16(cp + 1))  # charFormat() is the char before
        return cursor.charFormat()

    # -- selection -----------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points ``(start, end)``, or None when nothing is selected."""
        cursor = self._view.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        start, end = self._to_cp(cursor.selectionStart()), self._to_cp(cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` and make them visible."""
        self._complete_layout()
        self._view.setTextCursor(self._cursor(start, end))
        self._view.ensureCursorVisible()

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
        font = self._view.font()
        font.setPointSize(size)
        self._view.setFont(font)  # char formats carry no font, so the text follows
        self.tag_bar.hide()
        self.zoomChanged.emit(size)

    # -- find ----------------------------------------------------------------------

    def show_find_bar(self) -> None:
        if self._article is not None:
            self.find_bar.open_bar()

    def find_text(self, text: str, backward: bool = False) -> bool:
        """Select the next (or previous) case-insensitive match, wrapping around."""
        if not text or self._article is None:
            return False
        doc = self._view.document()
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = doc.find(text, self._view.textCursor(), flags)
        if found.isNull():
            wrap = QTextCursor(doc)
            if backward:
                wrap.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(text, wrap, flags)
        if found.isNull():
            return False
        self._view.setTextCursor(found)
        self._centre_on(found)
        return True

    def _on_find_requested(self, text: str, backward: bool) -> None:
        self.find_bar.set_not_found(not self.find_text(text, backward))

    # -- scroll position -----------------------------------------------------------

    def scroll_fraction(self) -> float:
        self._complete_layout()
        bar = self._view.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        """Scroll to ``fraction`` (0..1) of the text, or as soon as it is laid out."""
        fraction = max(0.0, min(1.0, fraction))
        self._complete_layout()
        bar = self._view.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(round(fraction * bar.maximum()))
            self._pending_fraction = None
        else:
            self._pending_fraction = fraction  # not laid out yet (hidden pane)

    def _apply_pending_fraction(self, _minimum: int, maximum: int) -> None:
        if self._pending_fraction is not None and maximum > 0:
            self.set_scroll_fraction(self._pending_fraction)

    # -- offsets: the only place code points and UTF-16 meet ----------------------

    def _to_u16(self, cp: int) -> int:
        return self._offsets.to_utf16(cp)

    def _to_cp(self, u16: int) -> int:
        return self._offsets.to_codepoint(u16)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting code points ``[start, end)``."""
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(self._to_u16(start))
        cursor.setPosition(self._to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _cp_at(self, viewport_pos: QPoint) -> int | None:
        """Code point of the character under a viewport point; None off the text."""
        layout = self._view.document().documentLayout()
        offset = QPoint(
            self._view.horizontalScrollBar().value(), self._view.verticalScrollBar().value()
        )
        if layout.hitTest(viewport_pos + offset, Qt.HitTestAccuracy.ExactHit) < 0:
            return None
        cursor = self._view.cursorForPosition(viewport_pos)
        u16 = cursor.position()
        # cursorForPosition rounds to the nearest gap: left of it means the char before.
        if viewport_pos.x() < self._view.cursorRect(cursor).x() and not cursor.atBlockStart():
            u16 -= 1
        if u16 >= self._offsets.utf16_length:
            return None
        return self._to_cp(u16)

    # -- highlights ----------------------------------------------------------------

    def _belongs(self, annotation: records.Annotation) -> bool:
        return annotation.article_id in (None, self.article_id)

    def _span(self, annotation: records.Annotation | None) -> Span | None:
        """``(start, end, id)`` in code points if the annotation is drawn at all."""
        if annotation is None or annotation.state == records.AnnotationState.ORPHANED:
            return None
        start, end = annotation.start, annotation.end
        if start is None or end is None or not 0 <= start < end <= len(self._text()):
            return None
        return (start, end, annotation.id)

    def _text(self) -> str:
        return self._article.text if self._article is not None else ""

    def _spans(self) -> list[Span]:
        """:meth:`_span` of every annotation, unrolled: it runs for thousands on opening."""
        length = len(self._text())
        orphaned = records.AnnotationState.ORPHANED
        return [
            (a.start, a.end, a.id)
            for a in self._annotations.values()
            if a.state != orphaned
            and a.start is not None
            and a.end is not None
            and 0 <= a.start < a.end <= length
        ]

    # Highlights are drawn lazily: what is on screen at once, the rest when the pane is
    # idle or the text is scrolled to.  Opening a heavily annotated article then costs
    # about what opening a bare one does.  No one sees an undrawn highlight: scrolling,
    # painting and every query draw their range before looking at it.

    def _render_all(self) -> None:
        """Redraw every highlight: what is on screen now, the rest when idle or scrolled to."""
        self._pending.reset(0, len(self._text()))
        self._draw_visible()
        self._draw_rest_after_paint()

    def _draw_rest_after_paint(self) -> None:
        # Not before: the first paint of a window (its start-up) should not wait for text
        # no one sees yet. The text view's next paint starts the idle drawing.
        self._idle_after_paint = True
        self._view.viewport().update()

    def _draw_visible(self, *_args: object) -> None:
        """Draw the pending highlights on screen."""
        if not self._pending or self._article is None:
            return
        end = self._offsets.utf16_length  # a block's end counts its separator too
        first, last = self._visible_u16()
        self._draw_range(self._to_cp(min(first, end)), self._to_cp(min(last, end)))

    def _draw_range(self, lo: int, hi: int) -> None:
        """Draw whatever is still pending in code points ``[lo, hi)``."""
        windows = self._pending.take(lo, hi)
        if windows:
            cursor = self._edit_cursor()
            self._draw_windows(cursor, windows)
            cursor.endEditBlock()

    def _draw_windows(self, cursor: QTextCursor, windows: Sequence[tuple[int, int]]) -> None:
        """Redraw each code point window from the current annotations and tags."""
        for start, end in windows:
            self._reset_range(cursor, start, end)
            near = self._index.overlapping(start, end)
            self._apply_segments(cursor, segments_in_window(near, start, end))

    def _edit_cursor(self) -> QTextCursor:
        """A cursor in an open edit block, on a document laid out to its end.

        Qt lays a new text out lazily, in steps on a timer; a format change before the
        last step ends that run early and the rest of the text is never laid out (blank
        when scrolled to).  So every change after loading first completes the layout.
        """
        doc = self._view.document()
        doc.documentLayout().documentSize()  # completes a pending lazy layout
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        return cursor

    def _complete_layout(self) -> None:
        """Finish Qt's lazy layout now, scroll bar range included, for exact positions."""
        layout = self._view.document().documentLayout()
        size = layout.documentSize()  # lays out whatever text is still pending
        # Qt announces the final size on a zero timer; a position computed before then
        # (centring a passage, a scroll fraction) would use an estimated range.
        layout.documentSizeChanged.emit(size)

    def _first_screens(self) -> int:
        """A generous count of the code points shown at the top of the text: two screens."""
        # A text view never shown yet has a placeholder size: the pane's bounds it.
        viewport = self._view.viewport().size().expandedTo(self.size())
        metrics = QFontMetricsF(self._view.font())
        per_line = viewport.width() / max(1.0, metrics.averageCharWidth())
        lines = viewport.height() / (metrics.lineSpacing() * LINE_HEIGHT_PERCENT / 100)
        return 2 * int((per_line + 1) * (lines + 1))

    def _draw_pending_while_idle(self) -> None:
        deadline = time.perf_counter() + IDLE_BUDGET_S
        while self._pending and time.perf_counter() < deadline:
            first = self._pending.first()
            assert first is not None
            self._draw_range(first[0], min(first[1], first[0] + IDLE_SLICE_CHARS))
        if self._pending:
            self._idle.start()

    def _render_windows(self, spans: Sequence[Span | None]) -> None:
        """Redraw only the code point windows covered by ``spans``."""
        windows = merge_windows((s[0], s[1]) for s in spans if s is not None)
        if not windows:
            return
        cursor = self._edit_cursor()
        self._draw_windows(cursor, windows)
        cursor.endEditBlock()
        for lo, hi in windows:
            self._pending.take(lo, hi)  # drawn from the current state: nothing left to do

    def _reset_range(self, cursor: QTextCursor, lo: int, hi: int) -> None:
        if lo < hi:
            cursor.setPosition(self._to_u16(lo))
            cursor.setPosition(self._to_u16(hi), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(QTextCharFormat())

    def _apply_segments(self, cursor: QTextCursor, found: Sequence[Segment]) -> None:
        keep = QTextCursor.MoveMode.KeepAnchor
        for start, end, ids in found:
            cursor.setPosition(self._to_u16(start))
            cursor.setPosition(self._to_u16(end), keep)
            cursor.setCharFormat(self._segment_format(ids))

    def _segment_format(self, ids: frozenset[int]) -> QTextCharFormat:
        # Outer/earlier annotation first, so "the second one" is stable for underlines.
        ordered = sorted(ids, key=lambda i: (self._annotations[i].start or 0, i))
        colours = tuple(self._annotation_rgb(self._annotations[i]) for i in ordered)
        fmt = self._formats.get(colours)
        if fmt is None:
            fmt = self._formats[colours] = self._make_format(colours)
        return fmt

    def _annotation_rgb(self, annotation: records.Annotation) -> Rgb:
        # Thousands of annotations share a few tag combinations: blend each once.
        rgb = self._rgb_by_tags.get(annotation.tag_ids)
        if rgb is None:
            known = [self._tags[t] for t in annotation.tag_ids if t in self._tags]
            rgb = blend([tag_colour(tag).getRgb()[:3] for tag in known])
            self._rgb_by_tags[annotation.tag_ids] = rgb
        return rgb

    @staticmethod
    def _make_format(colours: tuple[Rgb, ...]) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(*blend(colours), HIGHLIGHT_ALPHA)))
        if len(colours) >= 2:
            # Overlaps also get a line in the second colour so neither disappears;
            # a wave for three or more says "several".
            style = (
                QTextCharFormat.UnderlineStyle.SingleUnderline
                if len(colours) == 2
                else QTextCharFormat.UnderlineStyle.WaveUnderline
            )
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(QColor(*colours[1]))
        return fmt

    # -- text and header -----------------------------------------------------------

    def _set_header(self, article: records.Article) -> None:
        title = article.title or "Untitled"
        self._title.setText(title)
        meta = " · ".join(part for part in (article.date, article.source) if part)
        self._meta.setText(meta)
        self._meta.setVisible(bool(meta))
        self._header.setAccessibleName(f"Article: {title}")
        self._header.setAccessibleDescription(meta)
        self._view.setAccessibleName(f"Article text: {title}")
        self._view.setDocumentTitle(title)

    def _load_text(self, text: str) -> None:
        """Show ``text`` at the top, with the highlights of its first screens drawn."""
        view = self._view
        view.verticalScrollBar().setValue(0)  # the old text's position means nothing now
        doc = view.document()
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(DOCUMENT_MARGIN)
        block = QTextBlockFormat()
        block.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        # One edit block around the text, its line height and the highlights at the top:
        # Qt then lays the document out once, lazily, instead of all at once for each.
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        view.setPlainText(_display_text(text))
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        self._pending.reset(0, len(text))
        self._draw_windows(cursor, self._pending.take(0, self._first_screens()))
        cursor.endEditBlock()
        view.moveCursor(QTextCursor.MoveOperation.Start)
        view.verticalScrollBar().setValue(0)

    def _apply_tags(self, tags: Mapping[int, records.Tag]) -> None:
        self._tags = dict(tags)
        self._formats.clear()
        self._rgb_by_tags.clear()
        self._shortcuts = [
            (QKeySequence(tag.shortcut), tag.id) for tag in self._tags.values() if tag.shortcut
        ]
        self.tag_bar.set_tags(list(self._tags.values()))

    # -- interaction ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._view:
            if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
                assert isinstance(event, QKeyEvent)
                return self._handle_key(event, act=kind == QEvent.Type.KeyPress)
            if kind == QEvent.Type.FocusIn:
                assert isinstance(event, QFocusEvent)
                self.focused.emit()
        elif watched is self._view.viewport() and kind == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._show_tooltip(event)
            return True
        elif watched is self._view.viewport() and kind == QEvent.Type.Paint:
            # Whatever brought text into view (resize, zoom, layout), it is drawn complete.
            self._draw_visible()
            if self._idle_after_paint:
                self._idle_after_paint = False
                self._idle.start()  # runs once this paint pass is over
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent, *, act: bool) -> bool:
        """Tag shortcuts, Delete and Esc; ``act`` False only claims the key (override)."""
        selection = self.selected_range()
        tag_id = self._tag_for_key(event)
        if tag_id is not None and selection is not None:
            if act:
                self._tag_selection(tag_id)
            else:
                event.accept()
            return True
        passage = self._innermost_at_caret() if tag_id is not None else None
        if tag_id is not None and passage is not None and self._article is not None:
            # No selection but the caret is in a highlight: the tag goes to that passage.
            if act:
                self.tagRequested.emit(self._article.id, passage[0], passage[1], tag_id)
            else:
                event.accept()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selection is None:
            ids = self._ids_at_caret()
            if ids:
                if act:
                    self.deleteRequested.emit(ids)
                else:
                    event.accept()
                return True
        if event.key() == Qt.Key.Key_Escape and self.tag_bar.isVisible():
            if act:
                self.tag_bar.hide()
            else:
                event.accept()
            return True
        return False

    def _tag_for_key(self, event: QKeyEvent) -> int | None:
        # A keypad "1" is still "1".
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        for sequence, tag_id in self._shortcuts:
            if sequence == pressed:
                return tag_id
        return None

    def _ids_at_caret(self) -> list[int]:
        if self._article is None:
            return []
        cp = self._to_cp(self._view.textCursor().position())
        # The character after the caret, else the one before (caret at a highlight's end).
        return self.annotation_ids_at(cp) or (self.annotation_ids_at(cp - 1) if cp else [])

    def _innermost_at_caret(self) -> tuple[int, int] | None:
        spans = [self._span(self._annotations.get(i)) for i in self._ids_at_caret()]
        drawn = [span for span in spans if span is not None]
        if not drawn:
            return None
        start, end = min(drawn, key=lambda span: span[1] - span[0])[:2]
        return start, end

    def _tag_selection(self, tag_id: int) -> None:
        selection = self.selected_range()
        self.tag_bar.hide()
        if selection is not None and self._article is not None:
            self.tagRequested.emit(self._article.id, selection[0], selection[1], tag_id)
            # Drop the selection so the new highlight shows; the caret stays at its start,
            # so another tag key adds that tag to the same passage.
            caret = self._view.textCursor()
            caret.setPosition(caret.selectionStart())
            self._view.setTextCursor(caret)

    def _on_click(self, pos: QPoint) -> None:
        cp = self._cp_at(pos)
        ids = self.annotation_ids_at(cp) if cp is not None else []
        if ids:
            self.annotationsActivated.emit(ids)

    def _on_selection_changed(self) -> None:
        if not self._view.textCursor().hasSelection():
            self.tag_bar.hide()

    def _show_tag_bar(self) -> None:
        if not self._tags or self.selected_range() is None:
            return
        bar, view = self.tag_bar, self._view
        bar.adjustSize()
        end = QTextCursor(view.textCursor())
        end.setPosition(view.textCursor().selectionEnd())
        rect = view.cursorRect(end)
        below = view.viewport().mapTo(self, rect.bottomLeft()) + QPoint(0, 6)
        above = view.viewport().mapTo(self, rect.topLeft()) - QPoint(0, bar.height() + 6)
        spot = below if below.y() + bar.height() <= self.height() else above
        x = max(0, min(spot.x() - bar.width() // 2, self.width() - bar.width()))
        bar.move(x, max(0, spot.y()))
        bar.raise_()
        bar.show()

    def _show_tooltip(self, event: QHelpEvent) -> None:
        cp = self._cp_at(event.pos())
        text = self.tooltip_text(cp) if cp is not None else ""
        if not text:
            QToolTip.hideText()
            event.ignore()
            return
        import html  # here: the first paint of the window need not wait for it

        rich = "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
        QToolTip.showText(event.globalPos(), rich, self._view.viewport())

    def context_menu(self, viewport_pos: QPoint) -> QMenu:
        """The text view's context menu for a click at ``viewport_pos``."""
        menu = self._view.createStandardContextMenu()
        menu.setParent(self, menu.windowFlags())
        has_selection = self.selected_range() is not None
        menu.addSection("Tag selection as")
        for tag in self._tags.values():
            label = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
            action = menu.addAction(chip_icon(tag_colour(tag)), label)
            action.setEnabled(has_selection)
            action.triggered.connect(lambda _c=False, tid=tag.id: self._tag_selection(tid))
        cp = self._cp_at(viewport_pos)
        ids = self.annotation_ids_at(cp) if cp is not None else []
        if ids:
            menu.addSeparator()
            text = "Delete annotation" if len(ids) == 1 else f"Delete {len(ids)} annotations"
            delete = menu.addAction(text)
            delete.triggered.connect(lambda _c=False: self.deleteRequested.emit(ids))
        return menu

    def _exec_context_menu(self, viewport_pos: QPoint, global_pos: QPoint) -> None:
        menu = self.context_menu(viewport_pos)
        menu.exec(global_pos)
        menu.deleteLater()

    # -- scrolling and flashing ----------------------------------------------------

    def _centre_on(self, cursor: QTextCursor) -> None:
        self._complete_layout()
        bar = self._view.verticalScrollBar()
        rect = self._view.cursorRect(cursor)
        target = bar.value() + rect.center().y() - self._view.viewport().height() // 2
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))

    def _paint_flash(self, alpha: int) -> None:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._flash_cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(*FLASH_RGB, int(alpha))))
        selection.format = fmt
        self._view.setExtraSelections([selection])

    def _stop_transients(self) -> None:
        self._flash.stop()
        self._view.setExtraSelections([])
        self.tag_bar.hide()
        self._pending_fraction = None
