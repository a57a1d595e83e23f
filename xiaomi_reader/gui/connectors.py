"""Connector lines between linked passages, drawn over the reading area.

:class:`ConnectorOverlay` is a transparent sibling laid over the splitter that holds the
article panes (a child of the splitter itself would become one of its panes).  For each
link with at least one passage on screen it draws, in the link type's colour, a curve
between panes, a bracket in a pane's right margin for two passages in one pane, or a
stub toward a passage scrolled out of view (the shapes are in :mod:`connector_shapes`).
Every position is taken from the panes' text viewports, mapped through the window into
the overlay, so lines follow the panes wherever they are scrolled or moved.

Mouse handling: the overlay is transparent for mouse events, so the text underneath
keeps working everywhere.  Instead it filters left-button presses on the watched panes'
text viewports and takes only those that land within a few pixels of a solid line or
an arrow head (:meth:`link_at`), announcing them with :attr:`linkClicked`; every other
press (including one on a dotted leader) reaches the text as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPathStroker, QPaintEvent, QPen
from PySide6.QtWidgets import QSplitter, QWidget
from shiboken6 import isValid

from xiaomi_reader.core import records
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.connector_shapes import LINK_COLOURS, Connector, MarginSlots, Shapes
from xiaomi_reader.gui.theme import connector_colour

__all__ = ["LINK_COLOURS", "ConnectorOverlay"]

LINE_WIDTH = 2.5  # never a hairline: a connector must be seen at a glance
HIGHLIGHT_WIDTH = 4.0
HIT_WIDTH = 8.0  # how close a click must be to a line to count as on it
End = tuple[ArticlePane, QRect]  # a passage on screen: its pane, where (pane coordinates)


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
        self._connectors: dict[int, Connector] = {}
        self._slots = MarginSlots()  # which margin column each bracket in a pane takes
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
        self._slots = MarginSlots()
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
            now = now.united(connector.bounds().toAlignedRect())
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
            on_arrow = any(a.containsPoint(at, Qt.FillRule.OddEvenFill) for a in connector.arrows)
            if shape.contains(at) or on_arrow:
                return connector.link.id
        return None

    def _connect(
        self,
        link: records.Link,
        panes: Sequence[ArticlePane],
        rects: Sequence[dict[int, QRect]],
    ) -> Connector | None:
        """The connector for one link: both ends on screen, or one and a stub toward the
        other; None when neither end is on screen (or the other is in no pane)."""
        shapes = Shapes(link)
        found = list(zip(panes, rects, strict=True))
        for pane, seen in found:
            a, b = seen.get(link.source_id), seen.get(link.target_id)
            if a is not None and b is not None:  # both in one pane: a margin bracket
                a, b = self._local(pane, a), self._local(pane, b)
                x = self._slots.x(id(pane), self._text_rect(pane).right(), *_span(a, b))
                return shapes.bracket(x, a, b)
        a_end = next(((p, r[link.source_id]) for p, r in found if link.source_id in r), None)
        b_end = next(((p, r[link.target_id]) for p, r in found if link.target_id in r), None)
        if a_end is not None and b_end is not None:
            return shapes.curve(self._local(*a_end), self._local(*b_end))
        if a_end is not None:
            return self._stub(shapes, a_end, link.target_id, seen_is_a=True, panes=panes)
        if b_end is not None:
            return self._stub(shapes, b_end, link.source_id, seen_is_a=False, panes=panes)
        return None

    def _stub(
        self,
        shapes: Shapes,
        seen: End,
        other_id: int,
        *,
        seen_is_a: bool,
        panes: Sequence[ArticlePane],
    ) -> Connector | None:
        """Toward the other end, scrolled away in its own pane (this one first)."""
        pane, rect = seen
        for other_pane in sorted(panes, key=lambda p: p is not pane):
            side = other_pane.passage_side(other_id)
            if not side:
                continue  # not in this pane's article (or, oddly, on screen after all)
            near = self._local(pane, rect)
            viewport = self._text_rect(other_pane)
            if other_pane is pane:
                edge = viewport.top() if side < 0 else viewport.bottom()
                x = self._slots.x(id(pane), viewport.right(), *_span(near, QRect(0, edge, 1, 1)))
                return shapes.margin_stub(x, near, seen_is_a, viewport, side)
            return shapes.stub(near, seen_is_a, viewport, side)
        return None

    def _text_rect(self, pane: ArticlePane) -> QRect:
        """The pane's text viewport, in overlay coordinates."""
        viewport = pane.text_view.viewport()
        return self._local(viewport, viewport.rect())

    def _local(self, pane: QWidget, rect: QRect) -> QRect:
        window = self.window()
        return QRect(self.mapFrom(window, pane.mapTo(window, rect.topLeft())), rect.size())

    def _in_paint_order(self) -> list[Connector]:
        return sorted(self._connectors.values(), key=lambda c: c.link.id in self._highlighted)

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._connectors:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        colours: dict[records.LinkType, QColor] = {}  # a few link types among many connectors
        for connector in self._in_paint_order():
            kind = connector.link.type
            if kind not in colours:
                # Opaque, in the link type's colour, lightened on a dark page just enough
                # to stand out.
                colours[kind] = connector_colour(kind, palette)
            self._paint(painter, connector, colours[kind])
        painter.end()

    def _paint(self, painter: QPainter, connector: Connector, colour: QColor) -> None:
        width = HIGHLIGHT_WIDTH if connector.link.id in self._highlighted else LINE_WIDTH
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(pen)
        painter.drawPath(connector.line)
        if connector.leaders.elementCount():
            painter.setPen(QPen(colour, max(1.5, width - 1), Qt.PenStyle.DotLine))
            painter.drawPath(connector.leaders)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        if connector.dot is not None:
            painter.drawEllipse(connector.dot, width + 1.5, width + 1.5)
        for arrow in connector.arrows:
            painter.drawPolygon(arrow)

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


def _span(a: QRect, b: QRect) -> tuple[float, float]:
    """The vertical extent between two passages' middles, top first."""
    top, bottom = sorted((float(a.center().y()), float(b.center().y())))
    return top, bottom
