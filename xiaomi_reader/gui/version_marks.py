"""Deletions and insertions marked on two versions' texts, and connectors between the places
of each annotation on them.

The marks are extra selections of the text views (drawn over the annotation highlights,
which live in the document's character formats, so neither undoes the other): struck
through on a red wash where words went, underlined on a green wash where words came.
The washes are made to read on the palette (light or dark) with :mod:`contrast`.

:class:`PlaceConnectors` is an overlay over the two panes that draws, for each annotation
shown in both, a curve from its passage on the old version to its passage on the new one,
in the annotation's highlight colour made to stand out from the page. Positions come from
the panes' own ``passage_rect`` (code points → UTF-16 through :mod:`pane_offsets`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QTextEdit, QWidget

from xiaomi_reader.core.text_diff import Change, Op
from xiaomi_reader.gui import contrast
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connector_shapes import arrow_head
from xiaomi_reader.gui.pane_offsets import TextOffsets
from xiaomi_reader.gui.text_view import ArticleTextView
from xiaomi_reader.gui.theme import rgb

__all__ = ["DELETED", "INSERTED", "PlaceConnectors", "mark_edits", "mark_format"]

DELETED = "#d93025"  # the wash of removed words
INSERTED = "#1e8e3e"  # the wash of added words
_WASH_ALPHA = 90
LINE_WIDTH = 2.5


def mark_format(op: Op, palette: QPalette) -> tuple[QColor, QColor]:
    """The (background, text) of a deletion or insertion, reading 4.5:1 on ``palette``."""
    page = rgb(palette.color(QPalette.ColorRole.Base))
    text = rgb(palette.color(QPalette.ColorRole.Text))
    colour = rgb(QColor(DELETED if op is Op.DELETE else INSERTED))
    wash = contrast.readable_wash(colour, _WASH_ALPHA, page, text)
    return QColor(*wash.shown), QColor(*wash.text)


def mark_edits(view: QTextEdit, text: str, found: Sequence[Change], op: Op) -> int:
    """Mark what ``found`` removed (``op`` DELETE: ranges of the old ``text``) or added
    (INSERT: of the new), shown in a pane's ``view``; returns how many were marked."""
    assert isinstance(view, ArticleTextView)
    offsets = TextOffsets(view)
    offsets.reset(text)
    background, ink = mark_format(op, view.palette())
    selections = []
    for change in found:
        start, end = (
            (change.old_start, change.old_end)
            if op is Op.DELETE
            else (change.new_start, change.new_end)
        )
        if start == end:
            continue
        selection = QTextEdit.ExtraSelection()
        selection.cursor = offsets.cursor(start, end)
        fmt = selection.format
        fmt.setBackground(background)
        fmt.setForeground(ink)
        if op is Op.DELETE:
            fmt.setFontStrikeOut(True)
        else:
            fmt.setFontUnderline(True)
        selection.format = fmt
        selections.append(selection)
    view.setExtraSelections(selections)
    return len(selections)


class PlaceConnectors(QWidget):
    """Curves from each annotation's place on the old version to its place on the new one."""

    def __init__(self, old: ArticlePane, new: ArticlePane, parent: QWidget) -> None:
        super().__init__(parent)
        self._holder = parent
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._old, self._new = old, new
        self._pairs: dict[int, QColor] = {}  # annotation id → its highlight colour
        for pane in (old, new):
            view = pane.text_view
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.viewport().installEventFilter(self)
        parent.installEventFilter(self)

    def set_annotations(self, annotation_ids: Sequence[int]) -> None:
        page = rgb(self.palette().color(QPalette.ColorRole.Base))
        self._pairs = {}
        for annotation_id in annotation_ids:
            colour = self._new.highlights.colour_of(annotation_id)
            self._pairs[annotation_id] = QColor(*contrast.toward_contrast(colour, page))
        self.update()

    def endpoints(self, annotation_id: int) -> tuple[QPointF, QPointF] | None:
        """Where the connector of an annotation starts and ends (overlay coordinates); None
        when either passage is off screen."""
        old = self._rect(self._old, annotation_id)
        new = self._rect(self._new, annotation_id)
        if old is None or new is None:
            return None
        return QPointF(old.right(), old.center().y()), QPointF(new.left(), new.center().y())

    def drawn(self) -> list[int]:
        return [i for i in self._pairs if self.endpoints(i) is not None]

    def colour(self, annotation_id: int) -> QColor:
        return self._pairs[annotation_id]

    def _rect(self, pane: ArticlePane, annotation_id: int) -> QRect | None:
        rect = pane.passage_rect(annotation_id)
        if rect is None:
            return None
        return QRect(pane.mapTo(self._holder, rect.topLeft()), rect.size()).translated(-self.pos())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._holder and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._holder.rect())
            self.raise_()
        elif event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for annotation_id, colour in self._pairs.items():
            ends = self.endpoints(annotation_id)
            if ends is None:
                continue
            start, end = ends
            middle = (start.x() + end.x()) / 2
            path = QPainterPath(start)
            path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
            painter.setPen(QPen(colour, LINE_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(start, 3.5, 3.5)
            painter.drawPolygon(arrow_head(end, QPointF(1.0, 0.0)))
        painter.end()
