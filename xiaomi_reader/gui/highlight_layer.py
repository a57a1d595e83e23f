"""The article pane's highlights: annotations drawn as character formats in the text.

Highlights are drawn lazily: what is on screen at once, the rest when the pane is idle
or the text is scrolled to.  Opening a heavily annotated article then costs about what
opening a bare one does.  No one sees an undrawn highlight: scrolling, painting and
every query draw their range before looking at it.  Offsets are code points; the
document is reached only through :class:`TextOffsets`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.contrast import readable_wash
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
from xiaomi_reader.gui.pane_bars import tag_colour
from xiaomi_reader.gui.pane_offsets import TextOffsets
from xiaomi_reader.gui.text_view import ArticleTextView
from xiaomi_reader.gui.theme import page_colours, rgb

__all__ = ["HIGHLIGHT_ALPHA", "HighlightLayer"]

# ~0.4 opacity: tag colours stay readable over light and dark backgrounds.
HIGHLIGHT_ALPHA = 102
NOTE_PREVIEW_CHARS = 120
# Highlights off screen are drawn when the pane is idle, in slices of this many code
# points, for at most this long per turn of the event loop, so input stays responsive.
IDLE_SLICE_CHARS = 4000
IDLE_BUDGET_S = 0.012


def _note_preview(note: str) -> str:
    flat = " ".join(note.split())
    if len(flat) <= NOTE_PREVIEW_CHARS:
        return flat
    return flat[:NOTE_PREVIEW_CHARS].rstrip() + "…"


def _make_format(colours: tuple[Rgb, ...], page: Rgb, text: Rgb) -> QTextCharFormat:
    fmt = QTextCharFormat()
    mixed = blend(colours)
    # Any tag colour on any palette: the text on the wash keeps 4.5:1 (WCAG AA).
    wash = readable_wash(mixed, HIGHLIGHT_ALPHA, page, text)
    fmt.setBackground(QBrush(QColor(*mixed, wash.alpha)))
    if wash.text != text:  # otherwise the text keeps following the palette
        fmt.setForeground(QBrush(QColor(*wash.text)))
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


class HighlightLayer(QObject):
    """The annotations of the article shown, their interval index and their drawing."""

    def __init__(self, view: ArticleTextView, offsets: TextOffsets, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = view
        self._offsets = offsets
        self._article: records.Article | None = None
        self._annotations: dict[int, records.Annotation] = {}
        self._tags: dict[int, records.Tag] = {}
        self._formats: dict[tuple[Rgb, ...], QTextCharFormat] = {}
        # The page and text colours the formats' washes were chosen for (None: not read yet).
        self._page: tuple[Rgb, Rgb] | None = None
        self._rgb_by_tags: dict[tuple[int, ...], Rgb] = {}
        self._index = SpanIndex()
        # Highlights not drawn yet: the visible part is drawn at once, the rest lazily.
        self._pending = PendingRanges()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._draw_pending_while_idle)
        self._idle_after_paint = False
        self._link_lines: Callable[[int], list[str]] = lambda _annotation_id: []
        view.viewport().installEventFilter(self)

    # -- what is shown -----------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self._article.id if self._article is not None else None

    @property
    def drawing(self) -> bool:
        """Whether highlights off screen are still waiting to be drawn while idle."""
        return bool(self._pending)

    def set_article(
        self, article: records.Article, annotations: Sequence[records.Annotation]
    ) -> None:
        """Take ``article``'s annotations; nothing is drawn until its text is loaded."""
        self._pending.clear()  # ranges of the previous article mean nothing here
        self._article = article
        ours = (None, article.id)
        self._annotations = {a.id: a for a in annotations if a.article_id in ours}
        self._index = SpanIndex(self._spans())

    def clear(self) -> None:
        self._article = None
        self._annotations = {}
        self._index = SpanIndex()
        self._pending.clear()
        self._idle.stop()

    def set_tags(self, tags: Mapping[int, records.Tag]) -> None:
        self._tags = dict(tags)
        self._formats.clear()
        self._rgb_by_tags.clear()

    def draw_first_screens(self, cursor: QTextCursor, pane_size: QSize) -> None:
        """In the edit block that loads the text: mark all pending, draw the top now."""
        self._pending.reset(0, len(self._text()))
        first = self._view.chars_on_two_screens(pane_size)
        self._draw_windows(cursor, self._pending.take(0, first))

    # -- changes -----------------------------------------------------------------------

    def update_annotation(self, annotation: records.Annotation) -> None:
        """Add or replace one annotation, redrawing only its old and new ranges."""
        if self._article is None or annotation.article_id not in (None, self.article_id):
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

    # -- queries -----------------------------------------------------------------------

    def ids_at(self, cp: int) -> list[int]:
        """Ids of the drawn annotations covering the character at code point ``cp``."""
        hits = [(span[0], span[2]) for span in self._index.overlapping(cp, cp + 1)]
        return [ident for _start, ident in sorted(hits)]

    def span_of(self, annotation_id: int) -> Span | None:
        """``(start, end, id)`` in code points if the annotation is drawn at all."""
        return self._span(self._annotations.get(annotation_id))

    def colour_of(self, annotation_id: int) -> Rgb:
        """The blended colour of a known annotation's tags."""
        return self._annotation_rgb(self._annotations[annotation_id])

    def describe_links_with(self, link_lines: Callable[[int], list[str]]) -> None:
        """Where the tooltip gets an annotation's links, one line each."""
        self._link_lines = link_lines

    def tooltip_text(self, cp: int) -> str:
        """Plain text describing the annotations at ``cp``: tags, the note's start, links."""
        blocks = []
        for ident in self.ids_at(cp):
            annotation = self._annotations[ident]
            names = [self._tags[t].name for t in annotation.tag_ids if t in self._tags]
            lines = [", ".join(names) or "Untagged"]
            if annotation.note.strip():
                lines.append(_note_preview(annotation.note))
            lines += self._link_lines(ident)
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def char_format_at(self, cp: int) -> QTextCharFormat:
        """The character format drawn for the character at code point ``cp``."""
        # As drawn once scrolled to; at a line's end Qt reports the next line's first char.
        self._draw_range(cp, cp + 2)
        return self._offsets.format_cursor_at(cp).charFormat()

    # -- drawing -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and watched is self._view.viewport():
            # Light to dark or back: the washes are chosen for the page they lie on.
            self._formats.clear()
            self._page = None
            if self._article is not None:
                self.render_all()
        elif event.type() == QEvent.Type.Paint and watched is self._view.viewport():
            # Whatever brought text into view (resize, zoom, layout), it is drawn complete.
            self.draw_visible()
            if self._idle_after_paint:
                self._idle_after_paint = False
                self._idle.start()  # runs once this paint pass is over
        return super().eventFilter(watched, event)

    def render_all(self) -> None:
        """Redraw every highlight: what is on screen now, the rest when idle or scrolled to."""
        self._pending.reset(0, len(self._text()))
        self.draw_visible()
        self.draw_rest_after_paint()

    def draw_rest_after_paint(self) -> None:
        # Not before: the first paint of a window (its start-up) should not wait for text
        # no one sees yet. The text view's next paint starts the idle drawing.
        self._idle_after_paint = True
        self._view.viewport().update()

    def draw_visible(self, *_args: object) -> None:
        """Draw the pending highlights on screen."""
        if not self._pending or self._article is None:
            return
        self._draw_range(*self._offsets.visible())

    def _draw_range(self, lo: int, hi: int) -> None:
        """Draw whatever is still pending in code points ``[lo, hi)``."""
        windows = self._pending.take(lo, hi)
        if windows:
            cursor = self._view.edit_cursor()
            self._draw_windows(cursor, windows)
            cursor.endEditBlock()

    def _draw_windows(self, cursor: QTextCursor, windows: Sequence[tuple[int, int]]) -> None:
        """Redraw each code point window from the current annotations and tags."""
        for start, end in windows:
            self._reset_range(cursor, start, end)
            near = self._index.overlapping(start, end)
            self._apply_segments(cursor, segments_in_window(near, start, end))

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
        cursor = self._view.edit_cursor()
        self._draw_windows(cursor, windows)
        cursor.endEditBlock()
        for lo, hi in windows:
            self._pending.take(lo, hi)  # drawn from the current state: nothing left to do

    def _reset_range(self, cursor: QTextCursor, lo: int, hi: int) -> None:
        if lo < hi:
            self._offsets.select(cursor, lo, hi)
            cursor.setCharFormat(QTextCharFormat())

    def _apply_segments(self, cursor: QTextCursor, found: Sequence[Segment]) -> None:
        for start, end, ids in found:
            self._offsets.select(cursor, start, end)
            cursor.setCharFormat(self._segment_format(ids))

    def _segment_format(self, ids: frozenset[int]) -> QTextCharFormat:
        # Outer/earlier annotation first, so "the second one" is stable for underlines.
        ordered = sorted(ids, key=lambda i: (self._annotations[i].start or 0, i))
        colours = tuple(self._annotation_rgb(self._annotations[i]) for i in ordered)
        fmt = self._formats.get(colours)
        if fmt is None:
            if self._page is None:
                self._page = page_colours(self._view.palette())
            fmt = self._formats[colours] = _make_format(colours, *self._page)
        return fmt

    def _annotation_rgb(self, annotation: records.Annotation) -> Rgb:
        # Thousands of annotations share a few tag combinations: blend each once.
        blended = self._rgb_by_tags.get(annotation.tag_ids)
        if blended is None:
            known = [self._tags[t] for t in annotation.tag_ids if t in self._tags]
            blended = blend([rgb(tag_colour(tag)) for tag in known])
            self._rgb_by_tags[annotation.tag_ids] = blended
        return blended

    # -- spans ---------------------------------------------------------------------------

    def _text(self) -> str:
        return self._article.text if self._article is not None else ""

    def _span(self, annotation: records.Annotation | None) -> Span | None:
        if annotation is None or annotation.state not in records.PLACED_STATES:
            return None
        start, end = annotation.start, annotation.end
        if start is None or end is None or not 0 <= start < end <= len(self._text()):
            return None
        return (start, end, annotation.id)

    def _spans(self) -> list[Span]:
        """:meth:`_span` of every annotation, unrolled: it runs for thousands on opening."""
        length = len(self._text())
        placed = records.PLACED_STATES
        return [
            (a.start, a.end, a.id)
            for a in self._annotations.values()
            if a.state in placed
            and a.start is not None
            and a.end is not None
            and 0 <= a.start < a.end <= length
        ]
