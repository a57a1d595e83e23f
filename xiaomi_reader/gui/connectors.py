"""Connector lines between linked passages, drawn over the reading area.

:class:`ConnectorOverlay` is a transparent sibling laid over the splitter that holds the
article panes (a child of the splitter itself would become one of its panes).  For each
link whose two passages are on screen it draws, like a diff tool joining changed blocks,
a smooth curve from passage A to passage B in different panes, or a bracket in the right
margin when both passages are in the same pane, coloured by link type with an arrow
head at B.

Mouse handling: the overlay is transparent for mouse events, so the text underneath
keeps working everywhere.  Instead it filters left-button presses on the watched panes'
text viewports and takes only those that land within a few pixels of a solid line or
an arrow head (:meth:`link_at`), announcing them with :attr:`linkClicked`; every other
press (including one on a dotted leader) reaches the text as usual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSplitter, QWidget
from shiboken6 import isValid

from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.theme import connector_colour

__all__ = ["LINK_COLOURS", "ConnectorOverlay", "link_colour", "reveal_counterparts"]

LINK_COLOURS: dict[records.LinkType, str] = colours().link_types
LINE_WIDTH = 2.0
HIGHLIGHT_WIDTH = 3.5
LINE_ALPHA = 210
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5
HIT_WIDTH = 7.0  # how close a click must be to a line to count as on it
MARGIN_INSET = 9  # the same-pane bracket's distance from the text's right edge
MARGIN_STEP = 5  # brackets in one pane step outward so they do not sit on each other
MARGIN_SLOTS = 3
CORNER = 7.0


def link_colour(link_type: records.LinkType | str) -> QColor:
    try:
        return QColor(LINK_COLOURS[records.LinkType(link_type)])
    except ValueError:
        return QColor(128, 128, 128)


@dataclass(frozen=True)
class _Connector:
    link: records.Link
    start: QPointF
    end: QPointF
    line: QPainterPath  # the part drawn solid
    leaders: QPainterPath  # dotted leaders from passages to a margin bracket (same pane)
    arrow: QPolygonF


class ConnectorOverlay(QWidget):
    """Lines between linked passages; see the module docstring for how clicks work."""

    linkClicked = Signal(int)  # link id

    def __init__(self, splitter: QSplitter) -> None:
        parent = splitter.parentWidget()
        if parent is None:
            raise ValueError("The splitter needs a parent for the overlay to sit in.")
        super().__init__(parent)
        self.setObjectName("ConnectorOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._splitter = splitter
        self._panes: list[ArticlePane] = []
        self._wired: set[int] = set()
        self._links: dict[int, records.Link] = {}
        self._highlighted: set[int] = set()
        self._connectors: dict[int, _Connector] = {}
        self._slots: dict[int, list[tuple[float, float, int]]] = {}  # pane → brackets drawn
        self._painted = QRect()  # where connectors were drawn: repainted when they move
        self._placement: tuple[object, ...] = ()  # what the connectors were computed from
        # Layout changes come in bursts (loading, zooming, a long text laid out piece by
        # piece): look again once they settle, and recompute only if text on screen moved.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._update_if_moved)
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(self.update_geometry)
        self.update_geometry()

    # -- feeding ---------------------------------------------------------------------

    def watch(self, panes: Sequence[ArticlePane]) -> None:
        """Draw for these panes and follow their scrolling, resizing and layout."""
        self._panes = list(panes)
        for pane in self._panes:
            if id(pane) not in self._wired:
                self._wire(pane)
        self.update_geometry()

    def _wire(self, pane: ArticlePane) -> None:
        key = id(pane)
        self._wired.add(key)
        view = pane.text_view
        view.verticalScrollBar().valueChanged.connect(self.update_geometry)
        view.horizontalScrollBar().valueChanged.connect(self.update_geometry)
        view.document().documentLayout().documentSizeChanged.connect(self.schedule_update)
        pane.installEventFilter(self)
        view.viewport().installEventFilter(self)
        # Ids are reused once an object is gone.
        pane.destroyed.connect(lambda *_args: self._wired.discard(key))

    def set_links(self, links: Iterable[records.Link]) -> None:
        self._links = {link.id: link for link in links}
        self.update_geometry()

    def set_highlighted(self, link_ids: Iterable[int]) -> None:
        """Draw these links thicker and on top (the selected annotation's or link's)."""
        self._highlighted = set(link_ids)
        self._repaint()

    def highlighted(self) -> set[int]:
        return set(self._highlighted)

    # -- geometry --------------------------------------------------------------------

    def schedule_update(self, *_args: object) -> None:
        self._later.start()

    def update_geometry(self, *_args: object) -> None:
        """Follow the splitter's place and recompute every connector from the panes."""
        if self.geometry() != self._splitter.geometry():
            self.setGeometry(self._splitter.geometry())
            self.raise_()  # above the panes; floating choosers raised later stay above it
        self._connectors = {}
        self._slots = {}
        panes = self._showing()
        self._placement = self._placement_of(panes)
        rects = self._passage_rects(panes)
        for link in self._links.values():
            connector = self._connect(link, panes, rects)
            if connector is not None:
                self._connectors[link.id] = connector
        self._repaint()

    def _update_if_moved(self) -> None:
        """Recompute unless the text on screen sits exactly where it did last time.

        A long article is laid out piece by piece after it opens, and every highlight
        added re-lays its paragraph out; each time the document reports a new size,
        though what is on screen has not moved. Walking every link then cost ~20 ms.
        """
        if (
            self.geometry() != self._splitter.geometry()
            or self._placement_of(self._showing()) != self._placement
        ):
            self.update_geometry()

    def _showing(self) -> list[ArticlePane]:
        """The watched panes that show an article now."""
        return [p for p in self._panes if isValid(p) and p.isVisible() and p.article_id is not None]

    def _placement_of(self, panes: Sequence[ArticlePane]) -> tuple[object, ...]:
        """What decides where passages are drawn: each pane's place, scroll, size and layout.

        The first and last blocks on screen stand for the layout: a zoom or a re-wrap
        moves them; highlights, which change no character's size, do not.
        """
        placement: list[object] = []
        for pane in panes:
            view = pane.text_view
            viewport = view.viewport()
            layout = view.document().documentLayout()
            top = view.cursorForPosition(QPoint(0, 0)).block()
            bottom = view.cursorForPosition(QPoint(viewport.width(), viewport.height())).block()
            placement += [
                id(pane),
                pane.article_id,
                view.isVisible(),
                self._local(viewport, viewport.rect()),
                view.horizontalScrollBar().value(),
                view.verticalScrollBar().value(),
                top.position(),
                layout.blockBoundingRect(top),
                bottom.position(),
                layout.blockBoundingRect(bottom),
            ]
        return tuple(placement)

    def _passage_rects(self, panes: Sequence[ArticlePane]) -> list[dict[int, QRect]]:
        """For each pane, where the linked passages it shows on screen are (pane coordinates)."""
        ends = {end for link in self._links.values() for end in (link.source_id, link.target_id)}
        rects = []
        for pane in panes:
            found = {}
            for annotation_id in ends:
                rect = pane.passage_rect(annotation_id)
                if rect is not None:
                    found[annotation_id] = rect
            rects.append(found)
        return rects

    def _repaint(self) -> None:
        """Repaint only where lines were and are: the panes below need not redraw it all."""
        now = QRect()
        for connector in self._connectors.values():
            shapes = connector.line.boundingRect().united(connector.leaders.boundingRect())
            now = now.united(shapes.united(connector.arrow.boundingRect()).toAlignedRect())
        now = now.adjusted(-6, -6, 6, 6) if now.isValid() else now
        dirty = self._painted.united(now)
        self._painted = now
        if dirty.isValid():
            self.update(dirty)

    def endpoints(self, link_id: int) -> tuple[QPointF, QPointF] | None:
        """A drawn link's start (at A) and end (at B), in overlay coordinates."""
        connector = self._connectors.get(link_id)
        return (connector.start, connector.end) if connector else None

    def drawn_links(self) -> list[int]:
        return list(self._connectors)

    def link_at(self, point: QPoint | QPointF) -> int | None:
        """The link whose line passes within a few pixels of ``point`` (overlay coords)."""
        at = QPointF(point)
        stroker = QPainterPathStroker()
        stroker.setWidth(HIT_WIDTH)
        # Highlighted lines are drawn on top, so they win a tie.
        for connector in reversed(self._in_paint_order()):
            # The dotted leaders run along lines of text: clicks there stay the text's.
            shape = stroker.createStroke(connector.line)
            if shape.contains(at) or connector.arrow.containsPoint(at, Qt.FillRule.OddEvenFill):
                return connector.link.id
        return None

    def _connect(
        self,
        link: records.Link,
        panes: Sequence[ArticlePane],
        rects: Sequence[dict[int, QRect]],
    ) -> _Connector | None:
        ends = [
            (pane, found.get(link.source_id), found.get(link.target_id))
            for pane, found in zip(panes, rects, strict=True)
        ]
        for pane, a, b in ends:
            if a is not None and b is not None:  # both in one pane: a margin bracket
                return self._bracket(link, pane, self._local(pane, a), self._local(pane, b))
        a_side = next(((p, r) for p, r, _b in ends if r is not None), None)
        b_side = next(((p, r) for p, _a, r in ends if r is not None), None)
        if a_side is None or b_side is None:
            return None
        a_rect, b_rect = self._local(*a_side), self._local(*b_side)
        return self._curve(link, a_rect, b_rect)

    def _local(self, pane: QWidget, rect: QRect) -> QRect:
        window = self.window()
        return QRect(self.mapFrom(window, pane.mapTo(window, rect.topLeft())), rect.size())

    def _curve(self, link: records.Link, a: QRect, b: QRect) -> _Connector:
        """An S-curve from the side of A facing B to the side of B facing A."""
        rightward = a.center().x() <= b.center().x()
        start = QPointF(a.right() if rightward else a.left(), a.center().y())
        end = QPointF(b.left() if rightward else b.right(), b.center().y())
        middle = (start.x() + end.x()) / 2
        path = QPainterPath(start)
        path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
        arrow = _arrow(end, QPointF(1.0 if rightward else -1.0, 0.0))
        return _Connector(link, start, end, path, QPainterPath(), arrow)

    def _bracket(self, link: records.Link, pane: ArticlePane, a: QRect, b: QRect) -> _Connector:
        """A bracket in the pane's right margin, with dotted leaders to both passages."""
        viewport = pane.text_view.viewport()
        right = self._local(viewport, viewport.rect()).right()
        start = QPointF(a.right(), a.center().y())
        end = QPointF(b.right(), b.center().y())
        slot = self._free_slot(id(pane), min(start.y(), end.y()), max(start.y(), end.y()))
        x = right - MARGIN_INSET + (slot - 1) * MARGIN_STEP
        top, bottom = start.y(), end.y()
        if abs(bottom - top) < 2 * CORNER:  # on one line: open the bracket up around it
            sign = 1 if bottom >= top else -1
            middle = (top + bottom) / 2
            top, bottom = middle - sign * CORNER, middle + sign * CORNER
        turn = CORNER if bottom > top else -CORNER
        line = QPainterPath(QPointF(x - CORNER, top))
        line.quadTo(QPointF(x, top), QPointF(x, top + turn))
        line.lineTo(QPointF(x, bottom - turn))
        line.quadTo(QPointF(x, bottom), QPointF(x - CORNER, bottom))
        leaders = QPainterPath(start)
        leaders.lineTo(QPointF(x - CORNER, top))
        leaders.moveTo(QPointF(x - CORNER, bottom))
        leaders.lineTo(end)
        arrow = _arrow(end, QPointF(-1.0, 0.0))
        return _Connector(link, start, end, line, leaders, arrow)

    def _free_slot(self, pane_key: int, top: float, bottom: float) -> int:
        """The first margin column where no other bracket in this pane overlaps [top, bottom]."""
        taken = self._slots.setdefault(pane_key, [])
        busy = {slot for t, b, slot in taken if t <= bottom + CORNER and b >= top - CORNER}
        slot = next((n for n in range(MARGIN_SLOTS) if n not in busy), len(taken) % MARGIN_SLOTS)
        taken.append((top, bottom, slot))
        return slot

    def _in_paint_order(self) -> list[_Connector]:
        return sorted(self._connectors.values(), key=lambda c: c.link.id in self._highlighted)

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._connectors:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for connector in self._in_paint_order():
            self._paint(painter, connector)
        painter.end()

    def _paint(self, painter: QPainter, connector: _Connector) -> None:
        strong = connector.link.id in self._highlighted
        alpha = 255 if strong else LINE_ALPHA
        colour = connector_colour(connector.link.type, self.palette(), alpha)
        width = HIGHLIGHT_WIDTH if strong else LINE_WIDTH
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(pen)
        painter.drawPath(connector.line)
        if connector.leaders.elementCount():
            painter.setPen(QPen(colour, max(1.0, width - 1), Qt.PenStyle.DotLine))
            painter.drawPath(connector.leaders)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(connector.start, width + 1, width + 1)
        painter.drawPolygon(connector.arrow)

    # -- events ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _GEOMETRY_EVENTS:
            self.schedule_update()
        elif kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton and not event.modifiers():
                window = self.window()
                point = self.mapFrom(window, watched.mapTo(window, event.position().toPoint()))
                link_id = self.link_at(point)
                if link_id is not None:
                    self.linkClicked.emit(link_id)
                    return True
        return super().eventFilter(watched, event)


_GEOMETRY_EVENTS = frozenset(
    {QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide}
)


def _arrow(tip: QPointF, direction: QPointF) -> QPolygonF:
    """A filled arrow head whose point is at ``tip``, pointing along ``direction``."""
    length = math.hypot(direction.x(), direction.y()) or 1.0
    dx, dy = direction.x() / length, direction.y() / length
    base = QPointF(tip.x() - dx * ARROW_LENGTH, tip.y() - dy * ARROW_LENGTH)
    side = QPointF(-dy * ARROW_HALF_WIDTH, dx * ARROW_HALF_WIDTH)
    return QPolygonF([tip, base + side, base - side])


def reveal_counterparts(
    annotation_id: int | None,
    links: Sequence[records.Link],
    panes: Sequence[ArticlePane],
    overlay: ConnectorOverlay | None = None,
    *,
    scroll: bool = True,
) -> list[int]:
    """Show what an annotation is linked to; ``None`` clears it.

    Emphasises the other ends in every pane, thickens the annotation's connectors and
    (``scroll``) brings each other end that is off screen into view in a pane that is
    not showing the annotation itself (which stays where the reader is looking).
    Returns the other ends' ids.
    """
    mine = [
        link
        for link in links
        if annotation_id is not None and annotation_id in (link.source_id, link.target_id)
    ]
    others = list(
        dict.fromkeys(
            link.target_id if link.source_id == annotation_id else link.source_id for link in mine
        )
    )
    for pane in panes:
        pane.highlight_counterparts(others)
    if scroll and annotation_id is not None:
        away = [p for p in panes if p.passage_rect(annotation_id) is None]
        for other in others:
            if any(p.passage_rect(other) is not None for p in panes):
                continue
            for pane in away:
                if pane.scroll_to_annotation(other, flash=False):
                    break
    if overlay is not None:
        overlay.set_highlighted(link.id for link in mine)
        overlay.update_geometry()
    return others
